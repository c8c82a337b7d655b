import { chown, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { startTrashFailingProxy } from '../../helpers/trash-failing-proxy.js';
import { appliedTree, deleteInUi, recentlyDeletedLines, trashed, type Sandbox } from './trash-unseen-tree.js';
import { workspaceAt } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });


const HELD = /conflict: dashboards\/team\/cpu\.json "CPU" \(uid cpu\) may have been deleted in Grafana, whose "Recently deleted" could not be listed/;

/** `git clone --depth 1` of the workspace, as actions/checkout fetches by default. */
async function shallowClone(sandbox: Sandbox, dir: string) {
  const clone = await mkdtemp(join(tmpdir(), 'dashsync-shallow-'));
  onTestFinished(() => rm(clone, { recursive: true, force: true }));
  await git(tmpdir(), 'clone', '-q', '--depth', '1', `file://${dir}`, clone);
  expect((await git(clone, 'rev-parse', '--is-shallow-repository')).trim()).toBe('true');
  return workspaceAt(clone, sandbox);
}

// review-70a: the put-back / unread-trash hold failed open in a shallow clone (H1), for a file renamed or put back under another
// name (M1), where every dashboard of the plan was a create (M2), and where git refused the repository (M3): the unattended
// apply made the create over the person's copy in "Recently deleted", exit 0.
describe('Grafana 13, "Recently deleted" unread: the hold of a dashboard a person deleted fails closed', () => {
  it('in a shallow clone (actions/checkout\'s default), the plain case and a revert are held, the note saying why and to fetch the history', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await appliedTree(sandbox);
    await deleteInUi(sandbox, 'cpu');
    const plain = await shallowClone(sandbox, ws.dir);
    // The revert: the file removed by a commit, the dashboard deleted in the UI, the removal reverted.
    await rm(join(ws.dir, 'dashboards/team/cpu.json'));
    await commitAll(ws.dir, 'cpu removed');
    await git(ws.dir, 'revert', '--no-edit', 'HEAD');
    const reverted = await shallowClone(sandbox, ws.dir);
    const proxy = await startTrashFailingProxy(sandbox.url);
    const through = { GRAFANA_URL: proxy.url };

    for (const clone of [plain, reverted]) {
      const plan = await clone.cli(['plan'], through);
      expect(plan.code, plan.stderr).toBe(0);
      expect(recentlyDeletedLines(plan.stdout)).toEqual([
        expect.stringMatching(
          /recently deleted: dashboards\/team\/cpu\.json "CPU" \(uid cpu\) is planned as a create, but git cannot show whether the tree held its file before this commit \(the checkout is shallow, its older commits are not there; to let git tell, fetch the full history \(git fetch --unshallow; in the GitHub Action, actions\/checkout with fetch-depth: 0\)\): it may have been deleted in Grafana, whose "Recently deleted" could not be listed \(.*HTTP 500.*\); once it can be, dashsync restore cpu brings/,
        ),
      ]);
      const json = JSON.parse((await clone.cli(['plan', '--format', 'json'], through)).stdout);
      expect(json.warnings.find((warning: { code?: string }) => warning.code === 'trash-unseen').actionMessage).toContain("set fetch-depth: 0 on this job's actions/checkout step");
      const applied = await clone.cli(['apply', '--auto-approve'], through);
      expect(applied.code, applied.stdout + applied.stderr).toBe(1);
      expect(applied.stderr).toMatch(HELD);
      expect(await trashed(sandbox)).toContain('cpu');
    }
    // The full history: the same hold, on git's evidence.
    const deep = await ws.cli(['plan'], through);
    expect(recentlyDeletedLines(deep.stdout)).toEqual([expect.stringContaining('but the tree held its file before this commit')]);
  });

  it('a file renamed in the commit the dashboard was deleted in the UI, and one put back under another name, are held by their uid', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await appliedTree(sandbox);
    await git(ws.dir, 'mv', 'dashboards/team/cpu.json', 'dashboards/team/cpu-renamed.json');
    await commitAll(ws.dir, 'cpu file renamed');
    await deleteInUi(sandbox, 'cpu');
    const proxy = await startTrashFailingProxy(sandbox.url);
    const through = { GRAFANA_URL: proxy.url };

    const plan = await ws.cli(['plan'], through);
    expect(recentlyDeletedLines(plan.stdout)).toEqual([expect.stringMatching(/recently deleted: dashboards\/team\/cpu-renamed\.json "CPU" \(uid cpu\) is planned as a create, but the tree held its file before this commit: it may have been deleted/)]);
    const renamed = await ws.cli(['apply', '--auto-approve'], through);
    expect(renamed.code, renamed.stdout + renamed.stderr).toBe(1);
    expect(renamed.stderr).toMatch(/conflict: dashboards\/team\/cpu-renamed\.json "CPU" \(uid cpu\) may have been deleted in Grafana/);
    expect(await trashed(sandbox)).toContain('cpu');

    // Removed by a commit, then put back under another name by a later one.
    await rm(join(ws.dir, 'dashboards/team/cpu-renamed.json'));
    await commitAll(ws.dir, 'cpu removed');
    await writeFile(join(ws.dir, 'dashboards/team/cpu-back.json'), await git(ws.dir, 'show', 'HEAD~:dashboards/team/cpu-renamed.json'));
    await commitAll(ws.dir, 'cpu back under another name');
    const back = await ws.cli(['apply', '--auto-approve'], through);
    expect(back.code, back.stdout + back.stderr).toBe(1);
    expect(back.stderr).toMatch(/conflict: dashboards\/team\/cpu-back\.json "CPU" \(uid cpu\) may have been deleted in Grafana/);
    expect(await trashed(sandbox)).toContain('cpu');
  });

  it('where every dashboard of the plan is a create (the only one deleted in the UI), the note is given and the create held', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await appliedTree(sandbox, {
      'dashsync.config.json': { root: 'dashboards' },
      'dashboards/team/_folder.json': { uid: 'team', title: 'Team' },
      'dashboards/team/cpu.json': { uid: 'cpu', title: 'CPU', panels: [] },
    });
    await deleteInUi(sandbox, 'cpu');
    const proxy = await startTrashFailingProxy(sandbox.url);
    const through = { GRAFANA_URL: proxy.url };

    const plan = await ws.cli(['plan'], through);
    expect(recentlyDeletedLines(plan.stdout)).toEqual([expect.stringMatching(/recently deleted: dashboards\/team\/cpu\.json "CPU" \(uid cpu\) is planned as a create, but the tree held its file before this commit: it may have been deleted in Grafana, whose "Recently deleted" could not be listed/)]);
    const applied = await ws.cli(['apply', '--auto-approve'], through);
    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    expect(applied.stderr).toMatch(HELD);
    expect(await trashed(sandbox)).toContain('cpu');
  });

  it.runIf(process.getuid?.() === 0)('a repository git refuses (dubious ownership: another user\'s) holds the create, the note naming the refusal', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await appliedTree(sandbox);
    await deleteInUi(sandbox, 'cpu');
    await chownTree(ws.dir, 65534);
    // No global safe.directory trusts it: an empty HOME, no global config.
    const home = await mkdtemp(join(tmpdir(), 'dashsync-home-'));
    onTestFinished(() => rm(home, { recursive: true, force: true }));
    const proxy = await startTrashFailingProxy(sandbox.url);
    const through = { GRAFANA_URL: proxy.url, HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_GLOBAL: join(home, 'gitconfig') };
    await writeFile(join(home, 'gitconfig'), '');

    const plan = await ws.spawnCli(['plan'], through);
    expect(recentlyDeletedLines(plan.stdout)).toEqual([
      expect.stringMatching(/recently deleted: dashboards\/team\/cpu\.json "CPU" \(uid cpu\) is planned as a create, but git cannot show whether the tree held its file before this commit \(git refused the repository: dubious ownership, it belongs to another user \(git config --global --add safe\.directory .+\)\): it may have been deleted/),
    ]);
    const applied = await ws.spawnCli(['apply', '--auto-approve'], through);
    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    expect(applied.stderr).toMatch(HELD);
    expect(await trashed(sandbox)).toContain('cpu');
  });
});

async function chownTree(path: string, uid: number): Promise<void> {
  await chown(path, uid, uid);
  if (!(await stat(path)).isDirectory()) return;
  for (const entry of await readdir(path)) await chownTree(join(path, entry), uid);
}
