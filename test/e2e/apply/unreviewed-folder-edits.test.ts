import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { editJson, libraryWorkspace } from '../../integration/library-panels/library-tree.js';

vi.setConfig({ testTimeout: 120_000 });

const TREE: Record<string, unknown> = {
  'dashsync.config.json': { root: 'dashboards' },
  'dashboards/ops/_folder.json': { uid: 'ops', title: 'Ops' },
  'dashboards/prov/_folder.json': { uid: 'prov', title: 'Provisioned' },
  'dashboards/odd/_folder.json': { uid: 'odd', title: 'Odd' },
  'dashboards/ops/o.json': { uid: 'o', title: 'O', panels: [] },
  'dashboards/prov/p.json': { uid: 'p', title: 'P', panels: [] },
  'dashboards/odd/d.json': { uid: 'd', title: 'D', panels: [] },
};

async function folder(sandbox: { url: string }, uid: string): Promise<{ title: string; parentUid?: string; version: number }> {
  return (await apiRequest(sandbox as never, 'GET', `/api/folders/${uid}`)).body;
}

// walk-64 M4: an apply no one reviewed undid a folder rename and a folder move made in Grafana's UI without a word, exit 0.
describe('an unreviewed apply over a folder renamed and a folder moved in Grafana', () => {
  it.each(['12', '13'] as const)('Grafana %s: the plan says drift, the apply keeps both as conflicts (exit 1); a rename made in the tree is applied; --force undoes them', async (grafanaVersion) => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox, TREE);
    await commitAll(ws.dir, 'tree');
    expect((await ws.cli(['apply', '--auto-approve'])).code).toBe(0);
    const prov = await folder(sandbox, 'prov');
    expect((await apiRequest(sandbox, 'PUT', '/api/folders/prov', { title: 'Provisioned (do not edit)', version: prov.version })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/folders/odd/move', { parentUid: 'ops' })).status).toBe(200);
    // The tree renames another folder itself: that is no drift.
    await editJson(join(ws.dir, 'dashboards/ops/_folder.json'), (file) => {
      file.title = 'Operations';
    });
    await commitAll(ws.dir, 'ops renamed');

    const plan = await ws.cli(['plan']);

    expect(plan.code, plan.stderr).toBe(0);
    const drift = plan.stdout.split('\n').filter((line) => line.includes('drift: folder'));
    expect(drift).toEqual([
      '  ! drift: folder odd "Odd" was moved in Grafana into "Ops" (ops), which dashboards/odd/_folder.json never said in git; this plan moves it back to the top level (an apply no one reviewed leaves it, a conflict, unless run with --force); to keep it, move its directory where Grafana has it',
      '  ! drift: folder prov "Provisioned" was renamed in Grafana to "Provisioned (do not edit)", which dashboards/prov/_folder.json never said in git; this plan renames it back to "Provisioned" (an apply no one reviewed leaves it, a conflict, unless run with --force); to keep it, put that title in dashboards/prov/_folder.json',
    ]);

    const applied = await ws.cli(['apply', '--auto-approve']);

    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(
      'conflict: folder prov "Provisioned" was renamed in Grafana to "Provisioned (do not edit)", which dashboards/prov/_folder.json never said in git, and no one reviewed a plan that undoes that (--auto-approve without a plan file); left as Grafana has it. ' +
        'To keep it, put that title in dashboards/prov/_folder.json; to undo it: dashsync plan --out plan.json, review it (it shows it as drift), then dashsync apply plan.json; or dashsync apply --auto-approve --force',
    );
    expect(applied.stderr).toContain('conflict: folder odd "Odd" was moved in Grafana into folder ops, which dashboards/odd/_folder.json never said in git');
    expect((await folder(sandbox, 'prov')).title).toBe('Provisioned (do not edit)');
    expect((await folder(sandbox, 'odd')).parentUid).toBe('ops');
    expect((await folder(sandbox, 'ops')).title).toBe('Operations');

    const forced = await ws.cli(['apply', '--auto-approve', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect((await folder(sandbox, 'prov')).title).toBe('Provisioned');
    expect((await folder(sandbox, 'odd')).parentUid ?? '').toBe('');
  });
});
