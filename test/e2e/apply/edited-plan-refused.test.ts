import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { DASHBOARD_DIGESTS, digestActions } from '../../../src/plan/action-digests.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { copyExampleTree, workspaceAt, type Workspace } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

type PlanJson = { target: { url: string }; actions: Record<string, any>[] };

const AGAIN = 'nothing was applied. Run dashsync plan --out plan.json again and review it, then dashsync apply plan.json\n';

// walk-72 M2: saved plans edited by hand that apply took at their word. Each is refused in one line naming what
// disagrees, before a single request reaches Grafana.
describe('a saved plan edited by hand', () => {
  let sandbox: SandboxHandle;
  let workspace: Workspace;
  let good: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-edited-plan-'));
    await copyExampleTree(dir);
    workspace = workspaceAt(dir, sandbox);
    const planned = await workspace.cli(['plan', '--out', 'good.json']);
    expect(planned.code, planned.stderr).toBe(0);
    good = await readFile(join(workspace.dir, 'good.json'), 'utf8');
  });

  afterAll(() => rm(workspace.dir, { recursive: true, force: true }));

  /** Applies good.json as `edit` changes it (saved as plan.json): the run's result, and how many requests Grafana saw. */
  async function applyEdited(edit: (plan: PlanJson) => void) {
    const plan = JSON.parse(good) as PlanJson;
    edit(plan);
    await writeFile(join(workspace.dir, 'plan.json'), JSON.stringify(plan, null, 2));
    const before = sandbox.requests().length;
    const applied = await workspace.cli(['apply', 'plan.json']);
    return { ...applied, requests: sandbox.requests().length - before };
  }

  const action = (plan: PlanJson, kind: string, uid: string) => plan.actions.find((entry) => entry.kind === kind && entry.uid === uid)!;

  it('a target.url that is not the Grafana its digest records: show and apply refuse it', async () => {
    const applied = await applyEdited((plan) => (plan.target.url = 'https://grafana.prod.example.com'));
    expect(applied.code).toBe(1);
    expect(applied.stderr).toBe(
      'error: plan.json contradicts itself: its target.url https://grafana.prod.example.com is not the Grafana its target.urlSha256 records (edited by hand?); ' +
        'nothing was applied. Make the plan again with dashsync plan --out plan.json\n',
    );
    expect(applied.requests).toBe(0);
    const shown = await workspace.cli(['show', 'plan.json']);
    expect(shown.code).toBe(1);
    expect(shown.stdout).not.toContain('grafana.prod.example.com');
  });

  it("an action naming another file of the tree (file and digest swapped): named with the uid that file holds", async () => {
    const swap = (plan: PlanJson) => {
      const target = action(plan, 'dashboard', 'platform-overview');
      const other = action(plan, 'dashboard', 'postgresql-overview');
      target.file = other.file;
      target.contentHash = other.contentHash;
    };
    // The plan's record of its dashboard actions tells the swap first; a plan whose record was made again over it is
    // still held to the files it names.
    const swapped = await applyEdited(swap);
    expect(swapped.stderr).toMatch(/^error: plan\.json contradicts itself: its create of dashboard platform-overview "Platform Overview" is not the one its dashboardActionsSha256 records/);
    expect(swapped.requests).toBe(0);
    const applied = await applyEdited((plan) => {
      swap(plan);
      (plan as Record<string, unknown>).dashboardActionsSha256 = digestActions(DASHBOARD_DIGESTS, plan.actions);
    });
    expect(applied.code).toBe(1);
    expect(applied.stderr).toBe(
      'error: the plan contradicts itself: its create of dashboard platform-overview names dashboards/platform/databases/postgresql.json, which holds uid "postgresql-overview" (edited by hand?); ' +
        AGAIN,
    );
    expect(applied.requests).toBe(0);
  });

  it('a uid that breaks the uid rules: refused, its characters escaped', async () => {
    const applied = await applyEdited((plan) => {
      const target = action(plan, 'dashboard', 'platform-overview');
      target.uid = '../../x\u001b[31m';
      for (const entry of plan.actions) entry.dependsOn = entry.dependsOn.map((id: string) => (id === 'dashboard:platform-overview' ? `dashboard:${target.uid}` : id));
    });
    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(
      /^error: plan\.json is not a valid dashsync plan: actions\[\d+\] \(dashboard "\.\.\/\.\.\/x\\u001b\[31m"\) has a uid Grafana refuses \(only letters, digits, "-" and "_"\), which no file of a tree holds; /,
    );
    expect(applied.stderr).not.toContain('\u001b');
    expect(applied.requests).toBe(0);
  });

  // fixa-73: a folder's uid, title and parent are written as the plan says (no file is read again), so the plan file records a
  // digest of its folder actions; one edited since is refused in apply and show alike.
  it("a folder's title with terminal sequences, or a folder under another uid: the plan contradicts its own record of them", async () => {
    const retitled = await applyEdited((plan) => (action(plan, 'folder', 'platform-team').title = '\u001b[31mX\n::error::inj'));
    expect(retitled.code).toBe(1);
    expect(retitled.stderr).toBe(
      'error: plan.json contradicts itself: its folder-create platform-team "\\x1b[31mX\\n::error::inj" is not the one its folderActionsSha256 records (edited by hand?); ' +
        'nothing was applied. Make the plan again with dashsync plan --out plan.json\n',
    );
    expect(retitled.requests).toBe(0);
    const shown = await workspace.cli(['show', 'plan.json']);
    expect([shown.code, shown.stdout]).toEqual([1, '']);
    // The plan as saved agrees with its record.
    expect((await workspace.cli(['show', 'good.json'])).code).toBe(0);

    const otherUid = await applyEdited((plan) => {
      const folder = plan.actions.find((entry) => entry.kind === 'folder' && entry.dir === 'applications')!;
      const id = `folder:${folder.uid}`;
      folder.uid = 'other-uid';
      for (const entry of plan.actions) entry.dependsOn = entry.dependsOn.map((dependency: string) => (dependency === id ? 'folder:other-uid' : dependency));
    });
    expect(otherUid.code).toBe(1);
    expect(otherUid.stderr).toMatch(/^error: plan\.json contradicts itself: its folder-create other-uid "applications" is not the one its folderActionsSha256 records \(edited by hand\?\); nothing was applied\. /);
    expect(otherUid.requests).toBe(0);
  });

  // A plan saved before the digests (or with them taken out) is held to the tree instead: its folders must be what their
  // directories stand for now.
  it('a plan without the digests: a folder title edited is refused against the tree; one as planned applies', async () => {
    // Neither digest, as an earlier dashsync saved it: a folder and the folder each dashboard goes to are held to the tree.
    const withoutDigests = (plan: Record<string, unknown>) => delete plan.folderActionsSha256 && delete plan.dashboardActionsSha256;
    const retitled = await applyEdited((plan) => {
      withoutDigests(plan);
      action(plan, 'folder', 'platform-team').title = '\u001b[31mX';
    });
    expect(retitled.code).toBe(1);
    expect(retitled.stderr).toBe(
      'error: the plan\'s folder-create platform-team "\\x1b[31mX" is not what dashboards/platform/_folder.json stands for: folder platform-team "Platform Team", ' +
        'and the plan records no digest of its folder actions (folderActionsSha256: saved by an earlier dashsync, or removed), so an edit by hand cannot be told from a change of the tree since; ' +
        AGAIN,
    );
    expect(retitled.requests).toBe(0);

    const applied = await applyEdited(withoutDigests);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Platform Team');
  });

  // fixp-74: a dashboard's folder, verb and live state come from the plan alone (its file is held to contentHash, not these):
  // the plan file records a digest of each dashboard action, and one edited since is refused in apply and show alike.
  it("a dashboard's folderUid edited (another folder of the plan): refused, nothing applied or shown", async () => {
    const moved = await applyEdited((plan) => {
      const folder = plan.actions.find((entry) => entry.kind === 'folder' && entry.dir === 'applications')!;
      action(plan, 'dashboard', 'platform-overview').folderUid = folder.uid;
    });
    expect(moved.code).toBe(1);
    expect(moved.stderr).toBe(
      'error: plan.json contradicts itself: its create of dashboard platform-overview "Platform Overview" is not the one its dashboardActionsSha256 records (edited by hand?); ' +
        'nothing was applied. Make the plan again with dashsync plan --out plan.json\n',
    );
    expect(moved.requests).toBe(0);
    expect((await workspace.cli(['show', 'plan.json'])).code).toBe(1);
  });

  // A plan saved before the digest: the folder each dashboard is written to is held to the tree (its file's directory).
  it('a plan without the digests of its dashboard actions: a folderUid edited is refused against the tree', async () => {
    const withoutDigest = (plan: Record<string, unknown>) => delete plan.dashboardActionsSha256;
    const moved = await applyEdited((plan) => {
      withoutDigest(plan);
      action(plan, 'dashboard', 'postgresql-overview').folderUid = 'platform-team';
    });
    expect(moved.code).toBe(1);
    expect(moved.stderr).toMatch(
      /^error: the plan's create of dashboard postgresql-overview "PostgreSQL" writes it to folder platform-team, where its file dashboards\/platform\/databases\/postgresql\.json stands in folder ds-databases-[0-9a-f]+ \(dashboards\/platform\/databases\), and the plan records no digest of its dashboard actions \(dashboardActionsSha256: saved by an earlier dashsync, or removed\), so an edit by hand cannot be told from a change of the tree since; nothing was applied\. Run dashsync plan --out plan\.json again/,
    );
    expect(moved.requests).toBe(0);
    const general = await applyEdited((plan) => {
      withoutDigest(plan);
      action(plan, 'dashboard', 'platform-overview').folderUid = 'platform-team';
    });
    expect(general.stderr).toMatch(/^error: the plan's create of dashboard platform-overview "Platform Overview" writes it to folder platform-team, where its file dashboards\/platform-overview\.json stands in the General level \(the root\), /);
    expect(general.requests).toBe(0);
  });

  // fixp-74: the old-plan folder check holds the parent to the tree too (a folder put under another parent by hand).
  it('a plan without the folder digests: a folder moved to the General level by hand is refused against the tree', async () => {
    const reparented = await applyEdited((plan) => {
      delete (plan as Record<string, unknown>).folderActionsSha256;
      const databases = plan.actions.find((entry) => entry.kind === 'folder' && entry.dir === 'platform/databases')!;
      databases.parentUid = null;
      databases.dependsOn = [];
    });
    expect(reparented.code).toBe(1);
    expect(reparented.stderr).toMatch(
      /^error: the plan's folder-create ds-databases-[0-9a-f]+ "databases" has parent none \(the General level\), where dashboards\/platform\/databases stands below folder platform-team \(dashboards\/platform\/_folder\.json\), and the plan records no digest of its folder actions/,
    );
    expect(reparented.requests).toBe(0);
  });
});

// fixp-74: a saved plan's update, edited where no file digest reaches it: the folder it writes to, the live revision and id its
// conflict check is held to, its verb, a skip. Each is refused before any request; the plan as saved applies.
describe("a saved plan's dashboard update edited by hand", () => {
  let sandbox: SandboxHandle;
  let workspace: Workspace;
  let saved: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-edited-update-'));
    await copyExampleTree(dir);
    workspace = workspaceAt(dir, sandbox);
    expect((await workspace.cli(['apply', '--auto-approve'])).code).toBe(0);
    const file = join(dir, 'dashboards/platform-overview.json');
    const model = JSON.parse(await readFile(file, 'utf8')) as { title: string };
    await writeFile(file, `${JSON.stringify({ ...model, title: 'Platform Overview v2' }, null, 2)}\n`);
    expect((await workspace.cli(['plan', '--out', 'saved.json'])).code).toBe(0);
    saved = await readFile(join(dir, 'saved.json'), 'utf8');
  });

  afterAll(() => rm(workspace.dir, { recursive: true, force: true }));

  const update = (plan: PlanJson) => plan.actions.find((entry) => entry.kind === 'dashboard' && entry.uid === 'platform-overview')!;

  it.each<[string, (action: Record<string, any>, plan: PlanJson) => void]>([
    ['its folderUid', (action, plan) => (action.folderUid = plan.actions.find((entry) => entry.kind === 'folder' && entry.dir === 'applications')!.uid)],
    ['its live revision', (action) => (action.live.revision = '999')],
    ['its live id', (action) => (action.live.internalId = 99_999)],
    ['its live folder', (action) => (action.live.folderUid = 'elsewhere')],
    ['its verb', (action) => (action.action = 'move')],
    ['its write', (action) => (action.write = { api: 'apis', apiVersion: 'v1beta1' })],
    ['a skip added', (action) => (action.removesMetadata = true)],
  ])('%s: refused naming the dashboard, nothing sent', async (_what, edit) => {
    const plan = JSON.parse(saved) as PlanJson;
    edit(update(plan), plan);
    await writeFile(join(workspace.dir, 'plan.json'), JSON.stringify(plan, null, 2));
    const before = sandbox.requests().length;
    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(/^error: plan\.json contradicts itself: its (update|move) of dashboard platform-overview "Platform Overview v2" is not the one its dashboardActionsSha256 records \(edited by hand\?\); nothing was applied\. Make the plan again/);
    expect(sandbox.requests().length - before).toBe(0);
  });

  it("a plan without the digest: a library panel's folderUid is held to the directory above its _library/; untouched, it applies", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-edited-library-'));
    const files: Record<string, unknown> = {
      'dashsync.config.json': { root: 'dashboards' },
      'dashboards/team/_library/cpu.json': { uid: 'lp-cpu', name: 'CPU usage', kind: 1, model: { type: 'timeseries', title: 'CPU' } },
      'dashboards/team/svc.json': { uid: 'svc', title: 'Service', schemaVersion: 42, panels: [{ gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-cpu', name: 'CPU usage' } }] },
    };
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), `${JSON.stringify(content, null, 2)}\n`);
    }
    const tree = workspaceAt(dir, sandbox);
    try {
      expect((await tree.cli(['plan', '--out', 'saved.json'])).code).toBe(0);
      const plan = JSON.parse(await readFile(join(dir, 'saved.json'), 'utf8')) as Record<string, any>;
      delete plan.dashboardActionsSha256;
      await writeFile(join(dir, 'untouched.json'), JSON.stringify(plan));
      plan.actions.find((entry: { kind: string }) => entry.kind === 'library-panel').folderUid = null;
      await writeFile(join(dir, 'edited.json'), JSON.stringify(plan));
      const before = sandbox.requests().length;
      const edited = await tree.cli(['apply', 'edited.json']);
      expect(edited.stderr).toMatch(
        /^error: the plan's create of library panel lp-cpu "CPU usage" writes it to the General level, where its file dashboards\/team\/_library\/cpu\.json stands in folder ds-team-[0-9a-f]+ \(dashboards\/team\), and the plan records no digest of its dashboard actions/,
      );
      expect(sandbox.requests().length - before).toBe(0);
      const applied = await tree.cli(['apply', 'untouched.json']);
      expect(applied.code, applied.stderr).toBe(0);
      expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu')).body.result.meta.folderName).toBe('team');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the plan as saved applies, in the folder it was planned in', async () => {
    const applied = await workspace.cli(['apply', 'saved.json']);
    expect(applied.code, applied.stderr).toBe(0);
    const live = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/platform-overview');
    expect([live.body.dashboard.title, live.body.meta.folderUid ?? '']).toEqual(['Platform Overview v2', '']);
  });
});

