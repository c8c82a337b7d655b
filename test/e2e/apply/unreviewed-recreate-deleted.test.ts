import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { adminHeaders, apiRequest, bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { startTrashFailingProxy } from '../../helpers/trash-failing-proxy.js';
import { TREE, type Sandbox } from './trash-unseen-tree.js';
import { editJson, libraryWorkspace } from '../../integration/library-panels/library-tree.js';

vi.setConfig({ testTimeout: 120_000 });


async function serviceAccountToken(sandbox: Sandbox, role: 'Viewer' | 'Editor'): Promise<string> {
  const account = await apiRequest(sandbox, 'POST', '/api/serviceaccounts', { name: `ci ${role}`, role }, adminHeaders());
  return (await apiRequest(sandbox, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'ci' }, adminHeaders())).body.key;
}

const withToken = (token: string) => ({ GRAFANA_TOKEN: token, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined });

/** The tree applied, then a commit that changes only mem: HEAD~ holds cpu.json as it is. */
async function appliedTree(sandbox: Sandbox) {
  const ws = await libraryWorkspace(sandbox, TREE);
  await commitAll(ws.dir, 'tree');
  expect((await ws.cli(['apply', '--auto-approve'])).code).toBe(0);
  await editJson(join(ws.dir, 'dashboards/team/mem.json'), (file) => {
    file.title = 'Memory 2';
  });
  await commitAll(ws.dir, 'mem renamed');
  return ws;
}

const recentlyDeletedLines = (stdout: string) => stdout.split('\n').filter((line) => line.includes('recently deleted:'));

// walk-64 L5: on 13 a dashboard a person deleted in the UI was planned (Viewer, Editor) and applied (one step) as a plain
// create: "Recently deleted" never named, and the apply replaced Grafana's copy (its id and history) without a word.
describe('Grafana 13: a dashboard a person deleted in the UI, which the tree still holds', () => {
  it('an Editor\'s plan says it may have been deleted there and names the restore (text, JSON, markdown); an Admin\'s plan says who deleted it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await appliedTree(sandbox);
    const editor = withToken(await serviceAccountToken(sandbox, 'Editor'));
    const viewer = withToken(await serviceAccountToken(sandbox, 'Viewer'));
    expect(recentlyDeletedLines((await ws.cli(['plan'], editor)).stdout)).toEqual([]);
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/cpu', undefined, adminHeaders())).status).toBe(200);

    const note =
      'recently deleted: dashboards/team/cpu.json "CPU" (uid cpu) is planned as a create, but the tree held its file before this commit: it may have been deleted in Grafana, ' +
      'whose "Recently deleted" shows these credentials only the entries they deleted themselves (an org Admin\'s see every one); ' +
      'dashsync restore cpu with an org Admin\'s credentials brings Grafana\'s copy back, with its id and history, where apply would make a new one from the file';
    for (const env of [editor, viewer]) {
      const plan = await ws.cli(['plan'], env);
      expect(plan.code, plan.stderr).toBe(0);
      expect(recentlyDeletedLines(plan.stdout)).toEqual([expect.stringContaining(note)]);
    }
    const json = JSON.parse((await ws.cli(['plan', '--format', 'json'], editor)).stdout);
    expect(json.warnings).toContainEqual(expect.objectContaining({ kind: 'note', code: 'trash-unseen', uid: 'cpu', message: note }));
    expect((await ws.cli(['plan', '--format', 'markdown'], editor)).stdout).toContain('it may have been deleted in Grafana');

    const admin = await ws.cli(['plan']);
    expect(recentlyDeletedLines(admin.stdout)).toEqual([
      expect.stringMatching(
        /recently deleted: dashboards\/team\/cpu\.json "CPU" \(uid cpu\) is planned as a create, but it was deleted in Grafana at \S+ by "admin"; it is in "Recently deleted": dashsync restore cpu brings it back as it was deleted, with its id; apply makes a new one from the file, and Grafana then lists the deleted one no more \(an apply no one reviewed leaves it deleted, a conflict, unless run with --force\)$/,
      ),
    ]);
    const adminJson = JSON.parse((await ws.cli(['plan', '--format', 'json'])).stdout);
    expect(adminJson.warnings).toContainEqual(expect.objectContaining({ kind: 'in-recently-deleted', uid: 'cpu', deletedBy: 'admin', byUser: true }));
  });

  // review-68a H2: a trash list that could not be read was taken for an empty one: an Admin's plan said nothing of the create.
  it('where "Recently deleted" cannot be listed, any plan says the create may be such a delete, and names the failure', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await appliedTree(sandbox);
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/cpu', undefined, adminHeaders())).status).toBe(200);
    const proxy = await startTrashFailingProxy(sandbox.url);

    const plan = await ws.cli(['plan'], { GRAFANA_URL: proxy.url });
    expect(plan.code, plan.stderr).toBe(0);
    expect(recentlyDeletedLines(plan.stdout)).toEqual([
      expect.stringMatching(
        /recently deleted: dashboards\/team\/cpu\.json "CPU" \(uid cpu\) is planned as a create, but the tree held its file before this commit: it may have been deleted in Grafana, whose "Recently deleted" could not be listed \(.*HTTP 500.*\); once it can be, dashsync restore cpu brings Grafana's copy back if it waits there, with its id and history, where apply would make a new one from the file$/,
      ),
    ]);
    const json = JSON.parse((await ws.cli(['plan', '--format', 'json'], { GRAFANA_URL: proxy.url })).stdout);
    expect(json.warnings).toContainEqual(expect.objectContaining({ kind: 'note', code: 'trash-unseen', uid: 'cpu', message: expect.stringContaining('could not be listed') }));
    expect(proxy.failed()).toBeGreaterThan(0);
  });

  it('an unreviewed apply leaves it deleted (a conflict, exit 1) and applies the rest; restore brings it back; --force makes it anew', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await appliedTree(sandbox);
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/cpu', undefined, adminHeaders())).status).toBe(200);

    const applied = await ws.cli(['apply', '--auto-approve']);

    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(
      /conflict: dashboards\/team\/cpu\.json "CPU" \(uid cpu\) was deleted in Grafana at \S+ by "admin" and waits in its "Recently deleted", and no one reviewed a plan that makes it anew from the file \(--auto-approve without a plan file\); not created\. To bring Grafana's copy back \(with its id and history\): dashsync restore cpu; to keep it deleted, remove the file; to make it anew from the file \(Grafana then lists the deleted one no more\): dashsync plan --out plan\.json, review it \(it shows the delete\), then dashsync apply plan\.json; or dashsync apply --auto-approve --force/,
    );
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/cpu')).status).toBe(404);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/mem')).body.dashboard.title).toBe('Memory 2');
    const events = (await ws.cli(['apply', '--auto-approve', '--format', 'json'])).stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events.find((event) => event.type === 'result').conflicts).toEqual([expect.objectContaining({ uid: 'cpu', action: 'create', unreviewedDrift: true, deletedInGrafana: { deletedAt: expect.any(String), deletedBy: 'admin' } })]);

    const restored = await ws.cli(['restore', 'cpu']);
    expect(restored.code, restored.stderr).toBe(0);
    expect((await ws.cli(['apply', '--auto-approve'])).code).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/cpu')).status).toBe(200);

    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/cpu', undefined, adminHeaders())).status).toBe(200);
    const forced = await ws.cli(['apply', '--auto-approve', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/cpu')).status).toBe(200);
  });

  // rev-68c H1: where the list could not be read, the unreviewed apply created over the copy in "Recently deleted" (gone for good), exit 0.
  it('where "Recently deleted" cannot be listed, an unreviewed apply leaves the create (a conflict, exit 1); a reviewed plan and --force make it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13', port: 19763 });
    const ws = await appliedTree(sandbox);
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/cpu', undefined, adminHeaders())).status).toBe(200);
    const proxy = await startTrashFailingProxy(sandbox.url);
    const through = { GRAFANA_URL: proxy.url };
    const trashed = async () => ((await apiRequest(sandbox, 'GET', '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards?labelSelector=grafana.app%2Fget-trash%3Dtrue', undefined, adminHeaders())).body.items ?? []).map((item: { metadata: { name: string } }) => item.metadata.name);

    const applied = await ws.cli(['apply', '--auto-approve'], through);
    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    expect(applied.stderr).toMatch(
      /conflict: dashboards\/team\/cpu\.json "CPU" \(uid cpu\) may have been deleted in Grafana, whose "Recently deleted" could not be listed \(.*HTTP 500.*\), and no one reviewed a plan that makes it anew from the file \(--auto-approve without a plan file\); not created \(a create would replace Grafana's copy there for good\)\. Once it can be listed, run dashsync plan again; to make it from the file anyway: dashsync plan --out plan\.json, review it \(it shows the create\), then dashsync apply plan\.json; or dashsync apply --auto-approve --force/,
    );
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/mem')).body.dashboard.title).toBe('Memory 2');
    expect(await trashed()).toContain('cpu');
    const events = (await ws.cli(['apply', '--auto-approve', '--format', 'json'], through)).stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events.find((event) => event.type === 'result').conflicts).toEqual([expect.objectContaining({ uid: 'cpu', action: 'create', unreviewedDrift: true, trashUnread: expect.stringContaining('HTTP 500') })]);
    expect(await trashed()).toContain('cpu');

    // A reviewed plan makes it.
    expect((await ws.cli(['plan', '--out', 'plan.json'], through)).code).toBe(0);
    const reviewed = await ws.cli(['apply', 'plan.json'], through);
    expect(reviewed.code, reviewed.stdout + reviewed.stderr).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/cpu')).status).toBe(200);

    // --force makes it too.
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/cpu', undefined, adminHeaders())).status).toBe(200);
    const forced = await ws.cli(['apply', '--auto-approve', '--force'], through);
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/cpu')).status).toBe(200);
  });

  // fixk-68 left this open: where git's previous commit does not hold the file (one commit, or no git), an unread list gave no
  // note and no hold. A uid dashsync's backups show was live is held; a file nothing shows in Grafana before is said, and made.
  it('where "Recently deleted" cannot be listed and HEAD~ holds nothing: a uid dashsync backed up is held unreviewed, a new file is named and made', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await libraryWorkspace(sandbox, TREE);
    await commitAll(ws.dir, 'tree');
    expect((await ws.cli(['apply', '--auto-approve'])).code).toBe(0);
    // Pruned by dashsync (its backup written), then the file back as it was, and a new one: HEAD is the only commit.
    await rm(join(ws.dir, 'dashboards/team/cpu.json'));
    expect((await ws.cli(['apply', '--auto-approve', '--prune'])).code).toBe(0);
    await writeFile(join(ws.dir, 'dashboards/team/cpu.json'), `${JSON.stringify(TREE['dashboards/team/cpu.json'], null, 2)}\n`);
    await writeFile(join(ws.dir, 'dashboards/team/disk.json'), `${JSON.stringify({ uid: 'disk', title: 'Disk', panels: [] }, null, 2)}\n`);
    const proxy = await startTrashFailingProxy(sandbox.url);
    const through = { GRAFANA_URL: proxy.url };

    const plan = await ws.cli(['plan'], through);
    expect(plan.code, plan.stderr).toBe(0);
    expect(recentlyDeletedLines(plan.stdout)).toEqual([
      expect.stringMatching(
        /recently deleted: dashboards\/team\/cpu\.json "CPU" \(uid cpu\) is planned as a create, but dashsync backed it up from Grafana before \(a backup of its uid in the backup directory\): it may have been deleted in Grafana, whose "Recently deleted" could not be listed \(.*HTTP 500.*\); once it can be, dashsync restore cpu brings/,
      ),
      expect.stringMatching(
        /recently deleted: dashboards\/team\/disk\.json "Disk" \(uid disk\) is planned as a create, and Grafana's "Recently deleted" could not be listed \(.*HTTP 500.*\), so whether a dashboard deleted in Grafana waits there under its uid is not known; nothing here shows Grafana ever held it \(git's previous commit did not hold its file, and no backup of dashsync's names it\), so apply makes it from the file\. Once the list can be read, dashsync plan names any copy waiting there, which an apply made before then replaces for good$/,
      ),
    ]);
    const json = JSON.parse((await ws.cli(['plan', '--format', 'json'], through)).stdout);
    expect(json.warnings.filter((warning: { code?: string }) => warning.code === 'trash-unseen')).toEqual([
      expect.objectContaining({ uid: 'cpu', uids: ['cpu'], trashUnread: expect.stringContaining('HTTP 500') }),
      expect.not.objectContaining({ uids: expect.anything() }),
    ]);

    const applied = await ws.cli(['apply', '--auto-approve'], through);
    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    expect(applied.stderr).toMatch(/conflict: dashboards\/team\/cpu\.json "CPU" \(uid cpu\) may have been deleted in Grafana, whose "Recently deleted" could not be listed/);
    expect(applied.stdout).toContain('created: disk "Disk"');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/cpu')).status).toBe(404);
    // A reviewed plan makes it.
    expect((await ws.cli(['plan', '--out', 'plan.json'], through)).code).toBe(0);
    const reviewed = await ws.cli(['apply', 'plan.json'], through);
    expect(reviewed.code, reviewed.stdout + reviewed.stderr).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/cpu')).status).toBe(200);
  });

  // review-69a H1: a file put back by a commit (git revert of its removal) is no new file, though HEAD~ lacks it and dashsync
  // never backed it up (a person deleted it in the UI, not a prune): any commit of HEAD's history that deleted it counts.
  it('where "Recently deleted" cannot be listed, a file a revert put back is held unreviewed like one HEAD~ held', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await appliedTree(sandbox);
    await rm(join(ws.dir, 'dashboards/team/cpu.json'));
    await commitAll(ws.dir, 'cpu removed');
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/cpu', undefined, adminHeaders())).status).toBe(200);
    await git(ws.dir, 'revert', '--no-edit', 'HEAD');
    const proxy = await startTrashFailingProxy(sandbox.url);
    const through = { GRAFANA_URL: proxy.url };

    const plan = await ws.cli(['plan'], through);
    expect(recentlyDeletedLines(plan.stdout)).toEqual([
      expect.stringMatching(/recently deleted: dashboards\/team\/cpu\.json "CPU" \(uid cpu\) is planned as a create, but the tree held its file before this commit: it may have been deleted in Grafana, whose "Recently deleted" could not be listed/),
    ]);
    const applied = await ws.cli(['apply', '--auto-approve'], through);
    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    expect(applied.stderr).toMatch(/conflict: dashboards\/team\/cpu\.json "CPU" \(uid cpu\) may have been deleted in Grafana, whose "Recently deleted" could not be listed/);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/cpu')).status).toBe(404);
  });

  // rev-69c M1: the put-back rule matches the uid the path held, not the path alone: a new dashboard at a path another one left
  // (renamed away) is new, made by the unattended apply.
  it('where "Recently deleted" cannot be listed, a new dashboard at a path another one was renamed away from is made, not held', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await appliedTree(sandbox);
    await git(ws.dir, 'mv', 'dashboards/team/cpu.json', 'dashboards/team/cpu-old.json');
    await commitAll(ws.dir, 'cpu renamed');
    await writeFile(join(ws.dir, 'dashboards/team/cpu.json'), `${JSON.stringify({ uid: 'cpu-new', title: 'CPU new', panels: [] }, null, 2)}\n`);
    await commitAll(ws.dir, 'a new dashboard where cpu was');
    const proxy = await startTrashFailingProxy(sandbox.url);
    const through = { GRAFANA_URL: proxy.url };

    const plan = await ws.cli(['plan'], through);
    expect(recentlyDeletedLines(plan.stdout)).toEqual([expect.stringMatching(/recently deleted: dashboards\/team\/cpu\.json "CPU new" \(uid cpu-new\) is planned as a create, and Grafana's "Recently deleted" could not be listed/)]);
    const applied = await ws.cli(['apply', '--auto-approve'], through);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/cpu-new')).status).toBe(200);
  });

  it('a delete by a service account (a tool\'s, dashsync\'s prune) is not held: the unreviewed apply makes it anew', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await appliedTree(sandbox);
    const token = await serviceAccountToken(sandbox, 'Editor');
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/cpu', undefined, bearerHeaders(token))).status).toBe(200);

    const plan = await ws.cli(['plan']);
    expect(recentlyDeletedLines(plan.stdout)).toEqual([expect.not.stringContaining('an apply no one reviewed')]);
    const applied = await ws.cli(['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/cpu')).status).toBe(200);
  });

  // rev-65c: dashsync's own prune, run with a user's credentials (GRAFANA_USER), is recorded as that user's delete: the file
  // brought back in git (a revert) was held as "deleted in Grafana", a conflict, by every unreviewed apply after.
  it('a dashboard dashsync pruned (a user\'s credentials) whose file git brings back is made anew, not held', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await appliedTree(sandbox);
    await rm(join(ws.dir, 'dashboards/team/cpu.json'));
    await commitAll(ws.dir, 'cpu retired');
    const pruned = await ws.cli(['apply', '--auto-approve', '--prune']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/cpu')).status).toBe(404);
    await writeFile(join(ws.dir, 'dashboards/team/cpu.json'), `${JSON.stringify(TREE['dashboards/team/cpu.json'], null, 2)}\n`);
    await commitAll(ws.dir, 'cpu back');

    const applied = await ws.cli(['apply', '--auto-approve']);

    expect(applied.code, applied.stderr).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/cpu')).status).toBe(200);
  });

  // trash-69 (stop 69 §10.4): the note covered only creates into folders Grafana still has: a whole directory pruned (its folder
  // deleted with it), then put back by a revert, was made anew over the copies waiting in "Recently deleted", unnamed.
  it('a whole directory pruned and put back by a revert: the Editor\'s plan names its creates; a new directory never applied is not named; an unread list holds them unreviewed', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await libraryWorkspace(sandbox, { ...TREE, 'dashboards/ops/_folder.json': { uid: 'ops', title: 'Ops' }, 'dashboards/ops/disk.json': { uid: 'disk', title: 'Disk', panels: [] } });
    await commitAll(ws.dir, 'tree');
    expect((await ws.cli(['apply', '--auto-approve'])).code).toBe(0);
    await rm(join(ws.dir, 'dashboards/team'), { recursive: true });
    await commitAll(ws.dir, 'team retired');
    const pruned = await ws.cli(['apply', '--auto-approve', '--prune']);
    expect([pruned.code, pruned.stderr]).toEqual([0, '']);
    expect((await apiRequest(sandbox, 'GET', '/api/folders/team')).status).toBe(404);
    const retired = (await git(ws.dir, 'rev-parse', 'HEAD')).trim();
    // A directory committed before HEAD and never applied: HEAD~ holds its file, no commit deleted it.
    await mkdir(join(ws.dir, 'dashboards/fresh'));
    await writeFile(join(ws.dir, 'dashboards/fresh/_folder.json'), `${JSON.stringify({ uid: 'fresh', title: 'Fresh' }, null, 2)}\n`);
    await writeFile(join(ws.dir, 'dashboards/fresh/new.json'), `${JSON.stringify({ uid: 'new', title: 'New', panels: [] }, null, 2)}\n`);
    await commitAll(ws.dir, 'fresh added');
    await git(ws.dir, 'revert', '--no-edit', retired);

    const editor = withToken(await serviceAccountToken(sandbox, 'Editor'));
    const plan = await ws.cli(['plan'], editor);
    expect(plan.code, plan.stderr).toBe(0);
    expect(recentlyDeletedLines(plan.stdout)).toEqual([
      expect.stringContaining(
        'recently deleted: dashboards/team/cpu.json "CPU" (uid cpu), dashboards/team/mem.json "Memory" (uid mem) are planned as creates, but the tree held their files before this commit: ' +
          'they may have been deleted in Grafana, whose "Recently deleted" shows these credentials only the entries they deleted themselves (an org Admin\'s see every one); ' +
          'dashsync restore cpu mem with an org Admin\'s credentials brings Grafana\'s copy back',
      ),
    ]);
    expect(plan.stdout).not.toMatch(/recently deleted:.*uid new\)/);

    // The list unread: the put-backs are held by an unreviewed apply (their folder is not made for them alone), the rest made.
    const proxy = await startTrashFailingProxy(sandbox.url);
    const applied = await ws.cli(['apply', '--auto-approve'], { GRAFANA_URL: proxy.url });
    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    expect(applied.stderr).toMatch(/conflict: dashboards\/team\/cpu\.json "CPU" \(uid cpu\) may have been deleted in Grafana, whose "Recently deleted" could not be listed/);
    expect(applied.stderr).toMatch(/conflict: dashboards\/team\/mem\.json "Memory" \(uid mem\) may have been deleted in Grafana/);
    for (const [uid, status] of [['cpu', 404], ['mem', 404], ['new', 200]] as const) expect((await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${uid}`)).status).toBe(status);
    expect((await apiRequest(sandbox, 'GET', '/api/folders/team')).status).toBe(404);
  });

  it('a first deploy (no dashboard of the tree in this Grafana yet) gets no such note, though git held the files before', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const ws = await libraryWorkspace(sandbox, TREE);
    await commitAll(ws.dir, 'tree');
    await editJson(join(ws.dir, 'dashboards/team/mem.json'), (file) => {
      file.title = 'Memory 2';
    });
    await commitAll(ws.dir, 'mem renamed');

    const plan = await ws.cli(['plan'], withToken(await serviceAccountToken(sandbox, 'Editor')));

    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('Plan: 2 to create');
    expect(recentlyDeletedLines(plan.stdout)).toEqual([]);
  });
});
