import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MAX_DELETED_READ } from '../../../src/git/read-paths-held-before.js';
import { countGitCalls } from '../../helpers/count-git-calls.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { startTrashFailingProxy } from '../../helpers/trash-failing-proxy.js';
import { editJson, writeFiles } from '../../integration/library-panels/library-tree.js';
import { commitAll, git, makeWorkDir } from '../../pull/pull-fixture.js';
import { appliedTree, deleteInUi, heldAs, recentlyDeletedLines, trashed, TREE, type Sandbox } from './trash-unseen-tree.js';
import { saveInGrafana, workspaceAt } from './workspace.js';

vi.setConfig({ testTimeout: 180_000 });

const NEW = { uid: 'new', title: 'New', panels: [] };

/**
 * Commits appended to the repository's branch by one `git fast-import` (each commit a list of its file commands: `D <path>`,
 * `M 644 <blob> <path>`, or `M 644 inline <path>` followed by `data …`), then the working tree reset to the last.
 */
async function appendCommits(dir: string, commits: readonly string[][]): Promise<void> {
  const branch = (await git(dir, 'symbolic-ref', 'HEAD')).trim();
  const head = (await git(dir, 'rev-parse', 'HEAD')).trim();
  const at = Number((await git(dir, 'log', '-1', '--format=%ct')).trim());
  const stream = commits
    .map((lines, index) => [`commit ${branch}`, `committer test <test@dashsync.invalid> ${at + index + 1} +0000`, 'data 7', 'history', ...(index === 0 ? [`from ${head}`] : []), ...lines, ''].join('\n'))
    .join('\n');
  await new Promise<void>((done, fail) => {
    const child = spawn('git', ['fast-import', '--quiet'], { cwd: dir, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`git fast-import failed: ${stderr}`))));
    child.stdin.end(`${stream}\n`);
  });
  await git(dir, 'reset', '-q', '--hard', branch);
}

/** `M 644 inline <path>` with its text, as appendCommits takes it. */
const inline = (path: string, text: string) => `M 644 inline ${path}\ndata ${Buffer.byteLength(text)}\n${text}`;

type Workspace = ReturnType<typeof workspaceAt>;

/** cpu deleted in Grafana's UI, then a plan through a proxy that fails "Recently deleted": its "recently deleted" lines, and the proxy. */
async function planWithCpuDeletedUnread(sandbox: Sandbox, ws: Workspace): Promise<{ lines: string[]; through: Record<string, string> }> {
  await deleteInUi(sandbox, 'cpu');
  const through = { GRAFANA_URL: (await startTrashFailingProxy(sandbox.url)).url };
  const plan = await ws.cli(['plan'], through);
  expect(plan.code, plan.stderr).toBe(0);
  return { lines: recentlyDeletedLines(plan.stdout), through };
}

/** The apply no one reviewed through that proxy holds `file`'s create (exit 1), and cpu still waits in "Recently deleted". */
async function expectApplyHolds(sandbox: Sandbox, ws: Workspace, through: Record<string, string>, file: string): Promise<string> {
  const applied = await ws.cli(['apply', '--auto-approve'], through);
  expect(applied.code, applied.stdout + applied.stderr).toBe(1);
  expect(applied.stderr).toMatch(heldAs(file));
  expect(await trashed(sandbox)).toContain('cpu');
  return applied.stderr;
}

describe('Grafana 13, "Recently deleted" unread: which creates the tree held before, as git shows it', () => {
  // rev-70c L4: the history was walked in the tree's repository, but HEAD~ and the deleted files were read in the one the
  // command ran in: with the tree a submodule, nothing counted as held, and the unattended apply made the put-back, exit 0.
  it('where the tree is a submodule of the repository the command runs in, its own history holds the create', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const source = await makeWorkDir();
    const { 'dashsync.config.json': config, ...dashboards } = TREE;
    await writeFiles(source, Object.fromEntries(Object.entries(dashboards).map(([path, value]) => [path.replace(/^dashboards\//, ''), value])));
    await commitAll(source, 'dashboards');
    const dir = await makeWorkDir();
    await writeFiles(dir, { 'dashsync.config.json': config });
    await commitAll(dir, 'config');
    await git(dir, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', `file://${source}`, 'dashboards');
    await commitAll(dir, 'dashboards as a submodule');
    const ws = workspaceAt(dir, sandbox);
    expect((await ws.cli(['apply', '--auto-approve'])).code).toBe(0);
    await editJson(join(dir, 'dashboards/team/mem.json'), (file) => {
      file.tags = ['changed'];
    });
    await commitAll(join(dir, 'dashboards'), 'mem tagged');
    await commitAll(dir, 'dashboards moved on');
    const { lines, through } = await planWithCpuDeletedUnread(sandbox, ws);
    expect(lines).toEqual([expect.stringMatching(/recently deleted: dashboards\/team\/cpu\.json "CPU" \(uid cpu\) is planned as a create, but the tree held its file before this commit: it may have been deleted/)]);
    await expectApplyHolds(sandbox, ws, through, 'dashboards/team/cpu.json');
  });

  // fixh-70 left: a uid the commit before HEAD held at another path, which is still there holding another dashboard, was not
  // counted held (no file was deleted): a file moved aside in the commit a new dashboard took its path.
  it('a file moved aside in the commit a new dashboard took its path is held by its uid; the new one is not', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await appliedTree(sandbox);
    await git(ws.dir, 'mv', 'dashboards/team/cpu.json', 'dashboards/team/cpu-old.json');
    await writeFiles(ws.dir, { 'dashboards/team/cpu.json': { uid: 'gpu', title: 'GPU', panels: [] } });
    await commitAll(ws.dir, 'cpu moved aside, gpu in its place');
    const { lines, through } = await planWithCpuDeletedUnread(sandbox, ws);
    expect(lines).toEqual([
      expect.stringMatching(/recently deleted: dashboards\/team\/cpu-old\.json "CPU" \(uid cpu\) is planned as a create, but the tree held its file before this commit: it may have been deleted/),
      expect.stringMatching(/recently deleted: dashboards\/team\/cpu\.json "GPU" \(uid gpu\) is planned as a create, and Grafana's "Recently deleted" could not be listed .*nothing here shows Grafana ever held it/),
    ]);
    await expectApplyHolds(sandbox, ws, through, 'dashboards/team/cpu-old.json');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/gpu')).status).toBe(200);
  });

  // rev-70c L6: the cap past which every create counted as held counted each deletion, so a file deleted and put back many
  // times (a churning history) passed it for good: every create held where the list was unread, a new dashboard too.
  it('a file deleted and put back more times than dashsync reads deletions counts once: a new dashboard is made, the put-back held', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await appliedTree(sandbox);
    const mem = (await git(ws.dir, 'rev-parse', 'HEAD:dashboards/team/mem.json')).trim();
    const churn = Array.from({ length: 5_001 }, () => [['D dashboards/team/mem.json'], [`M 644 ${mem} dashboards/team/mem.json`]]).flat();
    await appendCommits(ws.dir, churn);
    await writeFiles(ws.dir, { 'dashboards/team/new.json': NEW });
    await commitAll(ws.dir, 'a new dashboard');
    const { lines, through } = await planWithCpuDeletedUnread(sandbox, ws);
    expect(lines).toEqual([
      expect.stringMatching(/recently deleted: dashboards\/team\/cpu\.json "CPU" \(uid cpu\) is planned as a create, but the tree held its file before this commit/),
      expect.stringMatching(/recently deleted: dashboards\/team\/new\.json "New" \(uid new\) is planned as a create, and .*nothing here shows Grafana ever held it/),
    ]);
    expect(await expectApplyHolds(sandbox, ws, through, 'dashboards/team/cpu.json')).not.toMatch(heldAs('dashboards/team/new.json'));
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/new')).status).toBe(200);
  });

  it('past the distinct deleted files dashsync reads, every create is held, the note saying so and which plan names only those waiting', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await appliedTree(sandbox);
    const count = MAX_DELETED_READ + 1;
    const added = Array.from({ length: count }, (_, index) => inline(`dashboards/old/d${index}.json`, `${JSON.stringify({ uid: `old-${index}`, title: `Old ${index}`, panels: [] })}\n`));
    await appendCommits(ws.dir, [added, ['D dashboards/old']]);
    await writeFiles(ws.dir, { 'dashboards/team/new.json': NEW });
    await commitAll(ws.dir, 'a new dashboard');
    const { lines, through } = await planWithCpuDeletedUnread(sandbox, ws);
    const why = `git's history deleted ${count.toLocaleString('en')} distinct dashboard files under the tree, more than the ${MAX_DELETED_READ.toLocaleString('en')} dashsync reads; once "Recently deleted" can be listed, dashsync plan names only the creates waiting there`;
    expect(lines).toEqual([expect.stringContaining(`recently deleted: dashboards/team/cpu.json "CPU" (uid cpu), dashboards/team/new.json "New" (uid new) are planned as creates, but git cannot show whether the tree held their files before this commit (${why}): they may have been deleted`)]);
    await expectApplyHolds(sandbox, ws, through, 'dashboards/team/new.json');
  });

  // rev-70c L5: a plan whose prune deletes a dashboard edited in Grafana since dashsync pushed it looked for its removed file
  // with a history walk of its own, beside the walk the put-back check shares: two full `git log`s of the deleted files.
  it('a plan with a prune delete edited in Grafana and a put-back walks the deleted files once', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await appliedTree(sandbox);
    await saveInGrafana(sandbox, 'mem', { description: 'edited in Grafana' });
    await rm(join(ws.dir, 'dashboards/team/mem.json'));
    await commitAll(ws.dir, 'mem removed');
    await deleteInUi(sandbox, 'cpu');
    const through = { GRAFANA_URL: (await startTrashFailingProxy(sandbox.url)).url };

    const { result: plan, calls } = await countGitCalls(() => ws.cli(['plan', '--prune'], through));
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/^  ! drift: mem "Memory" .*the plan deletes it/m);
    expect(recentlyDeletedLines(plan.stdout)).toEqual([expect.stringContaining('dashboards/team/cpu.json "CPU" (uid cpu) is planned as a create, but the tree held its file before this commit')]);
    expect(calls.filter((call) => /^log --no-renames --relative --diff-filter=D .*-c -z/.test(call))).toHaveLength(1);
  });
});
