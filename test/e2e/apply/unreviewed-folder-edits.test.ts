import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { folderOfDirectory } from '../../../src/files/folder-uid.js';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { editJson, libraryWorkspace } from '../../integration/library-panels/library-tree.js';
import { emptyWorkspace, workspaceAt } from './workspace.js';

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

/** A Grafana 12 sandbox with TREE applied from its first commit, and its workspace. */
async function appliedTree() {
  const sandbox = await startTestSandbox({ grafanaVersion: '12' });
  const ws = await libraryWorkspace(sandbox, TREE);
  await commitAll(ws.dir, 'tree');
  expect((await ws.cli(['apply', '--auto-approve'])).code).toBe(0);
  return { sandbox, ws };
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

  // left-65 (M4's gaps): a folder without a _folder.json, and a folder whose directory was moved in git before, were never judged.
  it('Grafana 13: a folder without a _folder.json renamed, and a folder moved in git before then moved in Grafana, are drift too', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await libraryWorkspace(sandbox, {
      'dashsync.config.json': { root: 'dashboards' },
      'dashboards/teams/_folder.json': { uid: 'teams', title: 'Teams' },
      'dashboards/platform/_folder.json': { uid: 'platform', title: 'Platform' },
      'dashboards/ops/_folder.json': { uid: 'ops', title: 'Ops' },
      'dashboards/ops/o.json': { uid: 'o', title: 'O', panels: [] },
      'dashboards/teams/t2.json': { uid: 't2', title: 'T2', panels: [] },
      'dashboards/teams/search/_folder.json': { uid: 'search', title: 'Search' },
      'dashboards/teams/search/s.json': { uid: 's', title: 'S', panels: [] },
      'dashboards/tf/t.json': { uid: 't', title: 'T', panels: [] },
    });
    await commitAll(ws.dir, 'tree');
    expect((await ws.cli(['apply', '--auto-approve'])).code).toBe(0);
    await promisify(execFile)('git', ['mv', 'dashboards/teams/search', 'dashboards/platform/search'], { cwd: ws.dir });
    await commitAll(ws.dir, 'search under platform');
    expect((await ws.cli(['apply', '--auto-approve'])).code).toBe(0);
    expect((await folder(sandbox, 'search')).parentUid).toBe('platform');
    const tf = folderOfDirectory('tf', null).uid;
    const live = await folder(sandbox, tf);
    expect((await apiRequest(sandbox, 'PUT', `/api/folders/${tf}`, { title: 'Terraform (hands off)', version: live.version })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/folders/search/move', { parentUid: 'ops' })).status).toBe(200);

    const plan = await ws.cli(['plan']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout.split('\n').filter((line) => line.includes('drift: folder')).sort()).toEqual([
      `  ! drift: folder ${tf} "tf" was renamed in Grafana to "Terraform (hands off)", which its directory dashboards/tf (no _folder.json: the folder takes its name and place) never said; this plan renames it back to "tf" (an apply no one reviewed leaves it, a conflict, unless run with --force); to keep it, give it dashboards/tf/_folder.json holding {"uid":"${tf}","title":"Terraform (hands off)"}`,
      '  ! drift: folder search "Search" was moved in Grafana into "Ops" (ops), which dashboards/platform/search/_folder.json never said in git; this plan moves it back into "Platform" (platform) (an apply no one reviewed leaves it, a conflict, unless run with --force); to keep it, move its directory where Grafana has it',
    ]);

    const applied = await ws.cli(['apply', '--auto-approve']);

    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(
      `conflict: folder ${tf} "tf" was renamed in Grafana to "Terraform (hands off)", which its directory (no _folder.json) never said, and no one reviewed a plan that undoes that (--auto-approve without a plan file); left as Grafana has it. ` +
        `To keep it, give it dashboards/tf/_folder.json holding {"uid":"${tf}","title":"Terraform (hands off)"}; to undo it:`,
    );
    expect(applied.stderr).toContain('conflict: folder search "Search" was moved in Grafana into folder ops, which dashboards/platform/search/_folder.json never said in git');
    expect((await folder(sandbox, tf)).title).toBe('Terraform (hands off)');
    expect((await folder(sandbox, 'search')).parentUid).toBe('ops');

    // Back where git had it before: the tree's own move, not applied (or undone) — not judged an edit made in Grafana.
    expect((await apiRequest(sandbox, 'POST', '/api/folders/search/move', { parentUid: 'teams' })).status).toBe(200);
    expect((await ws.cli(['plan'])).stdout).not.toContain('drift: folder search');
  });
});

// review-65b M1: a held folder rename stopped every write into that folder ("not attempted: its folder ops could not be made", retry advice).
describe('an unreviewed apply into a folder whose rename made in Grafana it holds', () => {
  it('writes what goes into it (an edit, a create, a folder moved under it): one conflict, exit 1', async () => {
    const { sandbox, ws } = await appliedTree();
    const ops = await folder(sandbox, 'ops');
    expect((await apiRequest(sandbox, 'PUT', '/api/folders/ops', { title: 'Ops (UI)', version: ops.version })).status).toBe(200);
    await git(ws.dir, 'mv', 'dashboards/odd', 'dashboards/ops/odd');
    await writeFile(join(ws.dir, 'dashboards/ops/o.json'), JSON.stringify({ uid: 'o', title: 'O edited in git', panels: [] }, null, 2) + '\n');
    await writeFile(join(ws.dir, 'dashboards/ops/new.json'), JSON.stringify({ uid: 'n', title: 'New in ops', panels: [] }, null, 2) + '\n');
    await commitAll(ws.dir, 'odd under ops, o edited, n added');

    const applied = await ws.cli(['apply', '--auto-approve']);

    expect(applied.code, applied.stderr).toBe(1);
    expect(applied.stderr).toContain('conflict: folder ops "Ops" was renamed in Grafana to "Ops (UI)", which dashboards/ops/_folder.json never said in git');
    expect(applied.stderr).not.toContain('not attempted');
    expect(applied.stdout).toContain('moved: folder odd "Odd" into "Ops (UI)" (ops)');
    expect(applied.stdout).toContain('created: n "New in ops" (dashboards/ops/new.json)');
    expect(applied.stdout).toContain('updated: o "O edited in git" (dashboards/ops/o.json), now version 2');
    expect(applied.stdout).toContain('Applied: 1 created, 1 updated, 0 moved, 0 deleted; 1 conflict. Folders: 1 moved');
    expect((await folder(sandbox, 'ops')).title).toBe('Ops (UI)');
    expect((await folder(sandbox, 'odd')).parentUid).toBe('ops');
    const created = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/n');
    expect(created.body.meta.folderUid).toBe('ops');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/o')).body.dashboard.title).toBe('O edited in git');
  });
});

// review-65b M2: a `_folder.json` history git does not fully hold read the tree's own rename or move as one made in Grafana.
describe("folder drift judged from all of a _folder.json's history git holds", () => {
  it('shallow clone (actions/checkout by default): a rename and a move made in the tree are not checked, not called drift; the apply makes them (exit 0)', async () => {
    const { sandbox, ws } = await appliedTree();
    await editJson(join(ws.dir, 'dashboards/ops/_folder.json'), (file) => {
      file.title = 'Operations';
    });
    await git(ws.dir, 'mv', 'dashboards/odd', 'dashboards/ops/odd');
    await commitAll(ws.dir, 'ops renamed, odd moved under ops');
    const clone = await emptyWorkspace();
    await git(clone, 'clone', '-q', '--depth', '1', `file://${ws.dir}`, 'repo');
    const shallow = workspaceAt(join(clone, 'repo'), sandbox);

    const plan = await shallow.cli(['plan']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).not.toContain('drift: folder');
    expect(plan.stdout).toContain(
      '! folder drift not checked: folder ops "Operations" has the title "Ops" in Grafana, which dashboards/ops/_folder.json never said in this shallow clone\'s history (a commit it lacks may have said so, or it was changed in Grafana); ' +
        'this plan renames it to "Operations" (so does an apply no one reviewed); to check, fetch the full history (git fetch --unshallow; in the GitHub Action, actions/checkout with fetch-depth: 0) and plan again',
    );
    expect(plan.stdout).toContain(
      '! folder drift not checked: folder odd "Odd" is at the top level in Grafana, which dashboards/ops/odd/_folder.json never said in this shallow clone\'s history (a commit it lacks may have said so, or it was changed in Grafana); ' +
        'this plan moves it into "Operations" (ops) (so does an apply no one reviewed)',
    );
    const applied = await shallow.cli(['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await folder(sandbox, 'ops')).title).toBe('Operations');
    expect((await folder(sandbox, 'odd')).parentUid).toBe('ops');
  });

  it('full clone: one commit that moves a directory and retitles its _folder.json (which git --follow does not pair) is the tree\'s own', async () => {
    const { sandbox, ws } = await appliedTree();
    await git(ws.dir, 'mv', 'dashboards/odd', 'dashboards/ops/odd');
    await editJson(join(ws.dir, 'dashboards/ops/odd/_folder.json'), (file) => {
      file.title = 'Odd jobs and other things';
    });
    await commitAll(ws.dir, 'odd moved under ops and retitled');

    const applied = await ws.cli(['apply', '--auto-approve']);

    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).not.toContain('drift');
    expect(await folder(sandbox, 'odd')).toMatchObject({ title: 'Odd jobs and other things', parentUid: 'ops' });
  });

  it('full clone: a title the tree gave more than 5 commits of its _folder.json ago, which Grafana still has, is the tree\'s own', async () => {
    const { sandbox, ws } = await appliedTree();
    for (const title of ['Ops 1', 'Ops 2', 'Ops 3', 'Ops 4', 'Ops 5', 'Operations']) {
      await editJson(join(ws.dir, 'dashboards/ops/_folder.json'), (file) => {
        file.title = title;
      });
      await commitAll(ws.dir, `ops: ${title}`);
    }

    const applied = await ws.cli(['apply', '--auto-approve']);

    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).not.toContain('drift');
    expect((await folder(sandbox, 'ops')).title).toBe('Operations');
  });

  it('full clone: a folder once committed under a directory the tree no longer has, moved in Grafana, is drift (review-66a M3)', async () => {
    const { sandbox, ws } = await appliedTree();
    await mkdir(join(ws.dir, 'dashboards/teams'));
    await writeFile(join(ws.dir, 'dashboards/teams/_folder.json'), '{"uid": "teams", "title": "Teams"}\n');
    await git(ws.dir, 'mv', 'dashboards/odd', 'dashboards/teams/odd');
    await commitAll(ws.dir, 'odd under teams');
    expect((await ws.cli(['apply', '--auto-approve'])).code).toBe(0);
    // Restructured: odd back to the top, teams gone from the tree.
    await git(ws.dir, 'mv', 'dashboards/teams/odd', 'dashboards/odd');
    await git(ws.dir, 'rm', '-q', 'dashboards/teams/_folder.json');
    await commitAll(ws.dir, 'odd to the top, no teams');
    expect((await ws.cli(['apply', '--auto-approve'])).code).toBe(0);
    const moved = await apiRequest(sandbox, 'POST', '/api/folders/odd/move', { parentUid: 'prov' });
    expect(moved.status, moved.text).toBe(200);

    const applied = await ws.cli(['apply', '--auto-approve']);

    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('! drift: folder odd "Odd" was moved in Grafana into "Provisioned" (prov), which dashboards/odd/_folder.json never said in git');
    expect((await folder(sandbox, 'odd')).parentUid).toBe('prov');
  });

  it("full clone: a title a merge's conflict resolution gave (neither side's), which Grafana still has, is the tree's own (review-66a L1)", async () => {
    const { sandbox, ws } = await appliedTree();
    // Written whole: the merge leaves conflict markers in the file.
    const retitle = async (title: string, message: string) => {
      await writeFile(join(ws.dir, 'dashboards/ops/_folder.json'), `${JSON.stringify({ uid: 'ops', title })}\n`);
      await commitAll(ws.dir, message);
    };
    const main = (await git(ws.dir, 'rev-parse', '--abbrev-ref', 'HEAD')).trim();
    await git(ws.dir, 'checkout', '-q', '-b', 'side');
    await retitle('Operations (side)', 'side title');
    await git(ws.dir, 'checkout', '-q', main);
    await retitle('Operations (main)', 'main title');
    await git(ws.dir, 'merge', '-q', '--no-commit', 'side').catch(() => undefined);
    await retitle('Operations', 'merge side: resolve the title');
    expect((await ws.cli(['apply', '--auto-approve'])).code).toBe(0);
    await retitle('Operations Team', 'retitle');

    const applied = await ws.cli(['apply', '--auto-approve']);

    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout + applied.stderr).not.toContain('drift');
    expect((await folder(sandbox, 'ops')).title).toBe('Operations Team');
  });
});

// walk-65 M1: a folder moved in one environment's Grafana was said under "Warnings about the tree and the config", after the other plan.
describe('plan --all-envs and show DIR over a folder moved in one environment\'s Grafana', () => {
  it('say its drift in that environment\'s own section (text and markdown)', async () => {
    const [staging, prod] = await Promise.all([startTestSandbox({ grafanaVersion: '12' }), startTestSandbox({ grafanaVersion: '12' })]);
    const ws = await libraryWorkspace(staging, { ...TREE, 'dashsync.config.json': { root: 'dashboards', environments: { staging: { url: staging.url }, prod: { url: prod.url } } } });
    await commitAll(ws.dir, 'tree');
    // Each environment's own url: GRAFANA_URL (the workspace's) would send both to one Grafana.
    const cli = (args: string[]) => runCliInProcess(args, { cwd: ws.dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    for (const env of ['staging', 'prod']) expect((await cli(['apply', '--env', env, '--auto-approve'])).code).toBe(0);
    expect((await apiRequest(staging, 'POST', '/api/folders/odd/move', { parentUid: 'ops' })).status).toBe(200);

    const text = await cli(['plan', '--all-envs', '--out', 'plans']);
    const markdown = await cli(['show', 'plans', '--format', 'markdown']);
    expect([text.code, markdown.code], text.stderr + markdown.stderr).toEqual([0, 0]);
    for (const [out, header] of [
      [text.stdout, (env: string) => `dashsync plan for environment ${env}:`],
      [markdown.stdout, (env: string) => `## dashsync plan · ${env}`],
    ] as const) {
      const lines = out.split('\n');
      const at = (start: string) => lines.findIndex((line) => line.startsWith(start));
      const drift = lines.findIndex((line) => line.includes('drift: folder odd "Odd" was moved in Grafana into "Ops" (ops)'));
      expect([at(header('staging')) < drift, drift < at(header('prod'))], out).toEqual([true, true]);
      expect(out).not.toContain('the tree and the config');
    }
  });
});
