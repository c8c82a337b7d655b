import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { RELEASES } from '../../helpers/releases.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { exampleWorkspace, getDashboard, writes, type Workspace } from './workspace.js';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';

vi.setConfig({ testTimeout: 120_000 });

const EXAMPLE_UIDS = ['checkout-api-red', 'checkout-logs', 'k8s-cluster-overview', 'k8s-node-resources', 'platform-overview', 'postgresql-overview', 'redis-exporter'];
const REDIS = 'dashboards/platform/databases/redis.json';

/** The dashboard uids a run's log names after `<outcome>: `. */
function logged(stdout: string, outcome: string): string[] {
  return [...stdout.matchAll(new RegExp(`^${outcome}: (?!folder )(\\S+) "`, 'gm'))].map((match) => match[1]!).sort();
}

async function editTitle(workspace: Workspace, file: string, title: string): Promise<void> {
  const path = join(workspace.dir, file);
  await writeFile(path, `${JSON.stringify({ ...JSON.parse(await readFile(path, 'utf8')), title }, null, 2)}\n`);
}

describe.each(RELEASES)('what apply reports is what happened (Grafana $grafanaVersion)', ({ grafanaVersion }) => {
  it('re-applying an applied plan changes nothing and says so: unchanged, not created or updated; no new version', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['plan', '--out', 'create.json'])).code).toBe(0);
    expect((await workspace.cli(['apply', 'create.json'])).code).toBe(0);
    const again = await workspace.cli(['apply', 'create.json']);
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(logged(again.stdout, 'unchanged')).toEqual(EXAMPLE_UIDS);
    expect(again.stdout).toContain('unchanged: redis-exporter "Redis" (dashboards/platform/databases/redis.json): Grafana already holds exactly this');
    expect(again.stdout).toMatch(/\nApplied: 0 created, 0 updated, 0 moved, 0 deleted, 7 unchanged\. Folders: 5 unchanged\n$/);

    await editTitle(workspace, REDIS, 'Redis (edited)');
    expect((await workspace.cli(['plan', '--out', 'update.json'])).code).toBe(0);
    const first = await workspace.cli(['apply', 'update.json']);
    expect(first.stdout).toContain('updated: redis-exporter "Redis (edited)" (dashboards/platform/databases/redis.json), now version 2\n');
    const second = await workspace.cli(['apply', 'update.json']);
    expect([second.code, second.stderr]).toEqual([0, '']);
    expect(logged(second.stdout, 'unchanged')).toEqual(['redis-exporter']);
    expect(second.stdout).toMatch(/\nApplied: 0 created, 0 updated, 0 moved, 0 deleted, 1 unchanged\n$/);
    expect((await getDashboard(sandbox, 'redis-exporter')).meta.version).toBe(2);
  });

  it('a save whose answer was lost and whose resends failed is read back: it landed, so it is reported done, not failed', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await editTitle(workspace, REDIS, 'Redis (edited)');
    sandbox.clearRequests();
    // The first send is saved and its answer cut off; every resend gets a 503 until the client gives up.
    // Retry-After: 0 keeps the seven waits of the eight sends out of the test's time.
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'drop' }, ...Array(7).fill({ kind: 'status', status: 503, retryAfterSeconds: 0 })] });
    const applied = await workspace.cli(['apply']);
    expect(sandbox.requests().filter((entry) => entry.path === '/api/dashboards/db').map((entry) => entry.fault)).toEqual(['drop', ...Array(7).fill('status')]);
    expect([applied.code, applied.stderr]).toEqual([0, 'note: 1 request retried 7 times (connection lost: 1, 503: 6)\n']);
    expect(applied.stdout).toMatch(/\nupdated: redis-exporter "Redis \(edited\)" \(dashboards\/platform\/databases\/redis\.json\)\n/);
    expect(applied.stdout).toMatch(/\nApplied: 0 created, 1 updated, 0 moved, 0 deleted\n$/);
    const live = await getDashboard(sandbox, 'redis-exporter');
    expect([live.dashboard.title, live.meta.version]).toEqual(['Redis (edited)', 2]);
  });

  it('a create refused as existing after a 429 is not this run\'s create: Grafana did not process the 429ed send, so it is unchanged', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['plan', '--out', 'create.json'])).code).toBe(0);
    expect((await workspace.cli(['apply', 'create.json'])).code).toBe(0);
    sandbox.clearRequests();
    // The first folder create and the first dashboard create are answered 429: their resends meet what the first apply made.
    const folderPath = grafanaVersion === '11.2' ? '/api/folders' : '/apis/folder.grafana.app/';
    sandbox.setFaults({ methods: ['POST'], pathPrefix: folderPath, script: [{ kind: 'status', status: 429, retryAfterSeconds: 0 }] });
    const folders = await workspace.cli(['apply', 'create.json', '--concurrency', '1']);
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'status', status: 503 }] });
    const dashboards = await workspace.cli(['apply', 'create.json', '--concurrency', '1']);
    const refused = sandbox.requests().filter((entry) => entry.fault === 'status');
    expect([refused.length, refused[0]!.path.startsWith(folderPath), refused[1]!.path]).toEqual([2, true, '/api/dashboards/db']);
    for (const run of [folders, dashboards]) {
      expect(run.code).toBe(0);
      expect(run.stdout).not.toMatch(/^created: /m);
      expect(logged(run.stdout, 'unchanged')).toEqual(EXAMPLE_UIDS);
      expect(run.stdout).toMatch(/\nApplied: 0 created, 0 updated, 0 moved, 0 deleted, 7 unchanged\. Folders: 5 unchanged\n$/);
    }
  });

  it('two applies of the same plan at once: each dashboard is reported created by exactly one of them, unchanged by the other', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['plan', '--out', 'a.json'])).code).toBe(0);
    expect((await workspace.cli(['plan', '--out', 'b.json'])).code).toBe(0);
    sandbox.setFaults({ latencyMs: 30, methods: ['POST'] });
    const [a, b] = await Promise.all([workspace.cli(['apply', 'a.json', '--concurrency', '2']), workspace.cli(['apply', 'b.json', '--concurrency', '2'])]);
    sandbox.setFaults(undefined);

    for (const run of [a, b]) expect([run.code, run.stderr]).toEqual([0, '']);
    const createdA = logged(a.stdout, 'created');
    const createdB = logged(b.stdout, 'created');
    expect([...createdA, ...createdB].sort()).toEqual(EXAMPLE_UIDS);
    expect(logged(a.stdout, 'unchanged')).toEqual(createdB);
    expect(logged(b.stdout, 'unchanged')).toEqual(createdA);
    expect(a.stdout).toContain(`Applied: ${createdA.length} created, 0 updated, 0 moved, 0 deleted${createdB.length ? `, ${createdB.length} unchanged` : ''}`);
    for (const uid of EXAMPLE_UIDS) expect((await getDashboard(sandbox, uid)).meta.version).toBe(1);
  });
});

describe.each(RELEASES)('a folder already as the plan wants it is unchanged, also with --force (Grafana $grafanaVersion)', ({ grafanaVersion }) => {
  it('re-applying a folder rename with --force sends no folder write and reports it unchanged, not updated', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await writeFile(join(workspace.dir, 'dashboards/platform/_folder.json'), `${JSON.stringify({ title: 'Platform', uid: 'platform-team' }, null, 2)}\n`);
    expect((await workspace.cli(['plan', '--out', 'rename.json'])).code).toBe(0);
    const first = await workspace.cli(['apply', 'rename.json']);
    expect(first.stdout).toContain('renamed: folder platform-team "Platform Team" to "Platform"\n');

    sandbox.clearRequests();
    const again = await workspace.cli(['apply', 'rename.json', '--force']);
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(again.stdout).toContain('unchanged: folder platform-team "Platform": Grafana already has this folder as wanted (changed since the plan, by another run or someone else)\n');
    expect(again.stdout).toMatch(/\nApplied: 0 created, 0 updated, 0 moved, 0 deleted\. Folders: 1 unchanged\n$/);
    expect(writes(sandbox).filter((entry) => entry.path.includes('folder'))).toEqual([]);
  });

  // nl-58b: the line said "(made by another run, or this plan applied before)", untrue of a folder someone made or renamed
  // in Grafana since the plan, as fix-57c found for dashboards.
  it('a folder someone renamed or made in Grafana as the plan wants it since the plan: unchanged, and the line names that way too', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await writeFile(join(workspace.dir, 'dashboards/platform/_folder.json'), `${JSON.stringify({ title: 'Platform', uid: 'platform-team' }, null, 2)}\n`);
    await mkdir(join(workspace.dir, 'dashboards/new-team'));
    await writeFile(join(workspace.dir, 'dashboards/new-team/_folder.json'), `${JSON.stringify({ title: 'New team', uid: 'new-team' }, null, 2)}\n`);
    const moved = join(workspace.dir, 'dashboards/new-team/redis.json');
    await rename(join(workspace.dir, REDIS), moved);
    expect((await workspace.cli(['plan', '--out', 'p.json'])).code).toBe(0);
    // Someone renames the one and makes the other in Grafana's UI, as the plan wants them, before it is applied.
    const renamed = await apiRequest(sandbox, 'PUT', '/api/folders/platform-team', { title: 'Platform', overwrite: true });
    expect(renamed.status, renamed.text).toBe(200);
    const made = await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'new-team', title: 'New team' });
    expect(made.status, made.text).toBe(200);

    const applied = await workspace.cli(['apply', 'p.json']);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(applied.stdout).toContain('unchanged: folder platform-team "Platform": Grafana already has this folder as wanted (changed since the plan, by another run or someone else)\n');
    expect(applied.stdout).toContain('unchanged: folder new-team "New team": Grafana already has this folder as wanted (made since the plan, by another run or someone else)\n');
    expect(applied.stdout).not.toContain('this plan applied before');
    expect((await getDashboard(sandbox, 'redis-exporter')).meta.folderUid).toBe('new-team');
  });
});

// walkthrough-17 L-2: a folder move was applied as `updated: folder legacy "Legacy"` and counted as an update, while the
// plan said `parentUid: "apps" → "platform"`.
describe('a folder moved in the tree is applied as a move, and said so (Grafana 12)', () => {
  it.each([
    ['Databases', `moved: folder databases "Databases" into "applications" (${deriveFolderUid('applications')})`],
    ['Data stores', `moved and renamed: folder databases "Databases" to "Data stores", into "applications" (${deriveFolderUid('applications')})`],
  ])('titled %j after the move: the line names where it went; the summary and the JSON count a move', async (title, line) => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    // Moved as `git mv` moves it: the folder keeps its uid (its _folder.json says it), its parent changes.
    await writeFile(join(workspace.dir, 'dashboards/platform/databases/_folder.json'), `${JSON.stringify({ title: 'Databases', uid: 'databases' })}\n`);
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await rename(join(workspace.dir, 'dashboards/platform/databases'), join(workspace.dir, 'dashboards/applications/databases'));
    await writeFile(join(workspace.dir, 'dashboards/applications/databases/_folder.json'), `${JSON.stringify({ title, uid: 'databases' })}\n`);
    expect((await workspace.cli(['plan', '--out', 'move.json'])).code).toBe(0);

    const applied = await workspace.cli(['apply', 'move.json', '--format', 'json']);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    const events = applied.stdout.trim().split('\n').map((text) => JSON.parse(text));
    const moved = events.find((event) => event.kind === 'folder');
    expect(moved).toMatchObject({ type: 'moved', uid: 'databases', parentUid: deriveFolderUid('applications'), parentUidBefore: 'platform-team', text: line });
    expect(moved.titleBefore).toBe(title === 'Databases' ? undefined : 'Databases');
    expect(events.at(-1).counts.folders).toMatchObject({ updated: 0, moved: 1 });
    expect(events.at(-1).text).toMatch(/Folders: 1 moved/);

    // The text log of the same apply: the line, and the summary's count.
    await rename(join(workspace.dir, 'dashboards/applications/databases'), join(workspace.dir, 'dashboards/platform/databases'));
    await writeFile(join(workspace.dir, 'dashboards/platform/databases/_folder.json'), `${JSON.stringify({ title: 'Databases', uid: 'databases' })}\n`);
    const back = await workspace.cli(['apply']);
    expect([back.code, back.stderr]).toEqual([0, '']);
    expect(back.stdout).toContain(`${title === 'Databases' ? 'moved' : 'moved and renamed'}: folder databases ${JSON.stringify(title)}${title === 'Databases' ? '' : ' to "Databases",'} into "Platform Team" (platform-team)\n`);
    expect(back.stdout).toMatch(/\. Folders: 1 moved\n$/);
  });
});

// plan-folder-move-50: the plan of that move said `~ folder-update folder "Databases" (uid databases)`, then
// `~ parentUid: "platform-team" → …` and `Folders: 1 to update`, and apply then said `moved: …`, `Folders: 1 moved`.
describe('a folder moved in the tree is planned as the move apply makes (Grafana 12)', () => {
  it('plan (text, saved plan shown as JSON) says folder-move and counts it; apply of that plan says moved', async () => {
    const applications = deriveFolderUid('applications');
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    await writeFile(join(workspace.dir, 'dashboards/platform/databases/_folder.json'), `${JSON.stringify({ title: 'Databases', uid: 'databases' })}\n`);
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await mkdir(join(workspace.dir, 'dashboards/applications'), { recursive: true });
    await rename(join(workspace.dir, 'dashboards/platform/databases'), join(workspace.dir, 'dashboards/applications/databases'));

    const planned = await workspace.cli(['plan', '--out', 'move.json']);
    expect(planned.code).toBe(0);
    const move = `> folder-move   folder "Databases" (uid databases) from "Platform Team" (platform-team) into "applications" (${applications})`;
    expect(planned.stdout.split('\n').filter((line) => /folder/i.test(line))).toEqual([move, expect.stringMatching(/ Folders: 1 to move\.$/)]);
    const shown = JSON.parse((await workspace.cli(['show', 'move.json', '--format', 'json'])).stdout);
    expect(shown.folders.filter((folder: { action: string }) => folder.action !== 'folder-noop')).toMatchObject([{ action: 'folder-move', uid: 'databases', parentUid: applications }]);
    expect(shown.summary).toMatchObject({ folderUpdate: 0, folderMove: 1 });

    const applied = await workspace.cli(['apply', 'move.json']);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(applied.stdout).toContain(`moved: folder databases "Databases" into "applications" (${applications})\n`);
    expect(applied.stdout).toMatch(/\. Folders: 1 moved\n$/);
    expect((await workspace.cli(['plan'])).stdout).toMatch(/\nPlan: 0 to create, 0 to update, 0 to move, 0 to delete, \d+ unchanged\.\n$/);
  });
});
