import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, deleteInGrafana, lines, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

// `pull --force` (the command every refusal names) replaces or deletes files git does not hold as they are. It
// copies each one under .dashsync/pull-backups/ first and says so on its line: no work it cannot account for is lost.

const model = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 41 });
const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function appliedTree() {
  const handle = await startTestSandbox({ grafanaVersion: '13' });
  const work = await makeWorkDir();
  await mkdir(join(work, 'dashboards'));
  await writeFile(join(work, 'dashboards/logs.json'), text(model('logs', 'Logs')));
  await writeFile(join(work, 'dashboards/gone.json'), text(model('gone', 'Gone')));
  await writeFile(join(work, '.gitignore'), '.dashsync/\n');
  await commitAll(work);
  const applied = await dashsync(handle, work, ['apply']);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  return { handle, work };
}

const backups = async (work: string) => (await walkFiles(join(work, '.dashsync'))).filter((file) => file.path.startsWith('pull-backups/'));

describe('pull --force keeps a copy of work git does not hold', () => {
  it('an uncommitted edit replaced by Grafana\'s version is copied first, and its line says where', async () => {
    const { handle, work } = await appliedTree();
    const edited = await fetch(`${handle.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: 'logs' }) });
    expect(edited.status).toBe(200);
    const mine = text(model('logs', 'Logs (my edit)'));
    await writeFile(join(work, 'dashboards/logs.json'), mine);

    const pulled = await dashsync(handle, work, ['pull', '--force', 'logs']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    const [copy] = await backups(work);
    expect(copy?.path).toMatch(/^pull-backups\/[0-9T-]+Z\/logs\.json$/);
    expect(copy?.bytes).toBe(mine);
    expect(lines(pulled.stdout)).toContain(`updated  dashboards/logs.json (your uncommitted edit saved to .dashsync/${copy!.path})`);
    expect(await readFile(join(work, 'dashboards/logs.json'), 'utf8')).not.toBe(mine);
  });

  it('--prune --force copies a never-committed file before deleting it, and says "not in Grafana"', async () => {
    const { handle, work } = await appliedTree();
    const wip = text(model('brand-new-wip', 'Brand new WIP'));
    await writeFile(join(work, 'dashboards/wip.json'), wip);

    const pulled = await dashsync(handle, work, ['pull', '--prune', '--force']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).not.toContain('no longer');
    expect(lines(pulled.stdout)).toContain('Deleting 1 file whose dashboard is not in Grafana:');
    const [copy] = await backups(work);
    expect(copy?.path).toMatch(/^pull-backups\/[0-9T-]+Z\/wip\.json$/);
    expect(copy?.bytes).toBe(wip);
    expect(lines(pulled.stdout)).toContain(`deleted  dashboards/wip.json (uid brand-new-wip is not in Grafana) (never committed; copy at .dashsync/${copy!.path})`);
  });

  it('a committed file deleted without --force leaves no copy; one with changes is kept and called what it is', async () => {
    const { handle, work } = await appliedTree();
    await deleteInGrafana(handle, '/api/dashboards/uid/gone');
    await deleteInGrafana(handle, '/api/dashboards/uid/logs');
    await writeFile(join(work, 'dashboards/logs.json'), `${text(model('logs', 'Logs'))}\n`);
    // Grafana still holds a dashboard: one that holds none at all is refused as the wrong Grafana (pull-prune-guards.test.ts).
    await saveDashboard(handle, model('elsewhere', 'Elsewhere'));

    const pulled = await dashsync(handle, work, ['pull', '--prune']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toContain('kept     dashboards/logs.json: uid logs is not in Grafana, but it has changes not committed in git: not deleted');
    expect(lines(pulled.stdout)).toContain('deleted  dashboards/gone.json (uid gone is not in Grafana)');
    expect(await backups(work).catch(() => [])).toEqual([]);
  });
});
