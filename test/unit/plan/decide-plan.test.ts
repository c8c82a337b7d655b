import { describe, expect, it } from 'vitest';
import type { Capabilities, LastSave } from '../../../src/grafana/port.js';
import { decidePlan, type PlanInput } from '../../../src/plan/decide-plan.js';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { contentDigest } from '../../../src/normalize/content-digest.js';
import { decideDashboard } from '../../../src/plan/decide-dashboard.js';
import { decide, desired, entry, folderEntry, hit, lastSave, live, liveFolder, liveState, plan, PROVISIONED, tree } from './builders.js';

const MODERN: Capabilities = { uniqueTitlesPerFolder: false, sharedUidSpace: false, trash: false, softDeleteTrash: false, trashHoldsLibraryPanels: false, trashHangsOnStorage: false, trashListsOwnEntries: true, searchMayLag: true, saveRefusesUnknownId: true, v2LibraryPanelUsesUncounted: false, connectionCountTrusted: true, apisSchemaVersion: 42, apisSchemaVersionAtLeast: false, apisKeepsLabels: true };
const OLD: Capabilities = { uniqueTitlesPerFolder: true, sharedUidSpace: true, trash: true, softDeleteTrash: true, trashHoldsLibraryPanels: true, trashHangsOnStorage: false, trashListsOwnEntries: false, searchMayLag: false, saveRefusesUnknownId: true, v2LibraryPanelUsesUncounted: false, connectionCountTrusted: true, apisSchemaVersion: null, apisSchemaVersionAtLeast: false, apisKeepsLabels: false };

const board = (uid: string, title = uid, extra: Record<string, unknown> = {}) => ({ uid, title, panels: [], ...extra });

/** decidePlan's input: the builders' plan header, nothing live, nothing in the tree; overrides win. */
function input(overrides: Partial<PlanInput>): PlanInput {
  const { formatVersion: _version, actions: _actions, warnings: _warnings, summary: _summary, ...header } = plan({ settingsHash: 'sha256:s' });
  return {
    header,
    capabilities: MODERN,
    tree: tree(),
    liveFolders: new Map(),
    liveDashboards: [],
    dashboards: [],
    pruneCandidates: [],
    lastSaves: new Map(),
    ...overrides,
  };
}

const labels = (decided: ReturnType<typeof decidePlan>) => decided.actions.map((a) => `${a.kind} ${a.action} ${a.uid}`);

describe('decidePlan: the whole plan from plain data', () => {
  it('orders folder writes, dashboards in tree order, then dashboard and folder deletes; counts them', () => {
    const team = folderEntry({ uid: 'team', dir: 'team', title: 'Team' });
    const gone = deriveFolderUid('old');
    const plan = decidePlan(
      input({
        header: { ...input({}).header, prune: 'folders' },
        tree: tree({ folders: [team], dashboards: [entry({ uid: 'a', folderUid: 'team', dir: 'team' }), entry({ uid: 'b' })] }),
        liveFolders: new Map([[gone, liveFolder({ uid: gone, title: 'old' })]]),
        liveDashboards: [hit({ uid: 'b' }), hit({ uid: 'stray', folderUid: gone })],
        dashboards: [
          decide(entry({ uid: 'a', folderUid: 'team', dir: 'team' }), board('a'), null, 'h'),
          decide(entry({ uid: 'b' }), board('b'), live(board('b')), 'h'),
        ],
        pruneCandidates: [{ uid: 'stray', live: liveState({ title: 'Stray', folderUid: gone }) }],
      }),
    );
    expect(labels(plan)).toEqual(['folder create team', 'dashboard create a', 'dashboard noop b', 'dashboard delete stray', `folder delete ${gone}`]);
    expect(plan.actions.map((a) => a.dependsOn)).toEqual([[], ['folder:team'], [], [], ['dashboard:stray']]);
    expect(plan.summary).toEqual({ create: 1, update: 0, move: 0, delete: 1, unchanged: 1, folderCreate: 1, folderUpdate: 0, folderMove: 0, folderDelete: 1, libraryPanelCreate: 0, libraryPanelUpdate: 0, libraryPanelMove: 0, libraryPanelDelete: 0 });
    expect(plan).toMatchObject({ formatVersion: 2, prune: 'folders', settingsHash: 'sha256:s', warnings: [] });
  });

  it('prune off: no deletes, whatever is live', () => {
    const plan = decidePlan(input({ liveDashboards: [hit({ uid: 'stray' })], pruneCandidates: [{ uid: 'stray', live: liveState() }] }));
    expect(plan.actions).toEqual([]);
  });

  it('prune keeps what someone else owns, and what vanished since it was listed', () => {
    const plan = decidePlan(
      input({
        header: { ...input({}).header, prune: 'all' },
        liveDashboards: [hit({ uid: 'mine' }), hit({ uid: 'provisioned' }), hit({ uid: 'terraform' }), hit({ uid: 'vanished' })],
        pruneCandidates: [
          { uid: 'terraform', live: liveState({ title: 'TF', owner: { manager: 'terraform', id: '', allowsUpdates: true } }) },
          { uid: 'mine', live: liveState({ title: 'Mine' }) },
          { uid: 'provisioned', live: liveState({ title: 'Prov', owner: { ...PROVISIONED, allowsUpdates: true } }) },
          { uid: 'vanished', live: null },
        ],
      }),
    );
    expect(labels(plan)).toEqual(['dashboard delete mine']);
    expect(plan.warnings).toEqual([{ kind: 'owned-no-file', uid: null, uids: ['provisioned', 'terraform'], owners: { 'file provisioning': 1, Terraform: 1 } }]);
  });

  it('prune all leaves the dashboards and library panels in the folders externalFolders lists (and below them), in one note', () => {
    const folders = new Map([
      ['payments', liveFolder({ uid: 'payments', title: 'Payments' })],
      ['pay-sub', liveFolder({ uid: 'pay-sub', title: 'Sub', parentUid: 'payments' })],
      ['other', liveFolder({ uid: 'other', title: 'Other' })],
    ]);
    const panel = (uid: string, folderUid: string) => ({ uid, name: `Panel ${uid}`, kind: 1, model: { type: 'stat' }, folderUid, folderTitle: folderUid, revision: '1', version: 1, connectedDashboards: 0, lastSave: lastSave({ by: 'admin', byDashsync: false, version: 1 }) });
    const plan = decidePlan(
      input({
        header: { ...input({}).header, prune: 'all' },
        liveFolders: folders,
        externalFolderUids: new Set(['payments', 'pay-sub']),
        liveDashboards: [hit({ uid: 'pay-api', title: 'Payments API', folderUid: 'payments' }), hit({ uid: 'pay-deep', title: 'Deep', folderUid: 'pay-sub' }), hit({ uid: 'stray', folderUid: 'other' })],
        pruneCandidates: [{ uid: 'stray', live: liveState({ title: 'Stray', folderUid: 'other' }) }],
        libraryPanels: { writes: [], live: [panel('lp-pay', 'pay-sub'), panel('lp-other', 'other')], connections: new Map(), external: new Set() },
      }),
    );
    expect(labels(plan)).toEqual(['dashboard delete stray', 'library-panel delete lp-other']);
    expect(plan.summary.externalFolders).toBe(3);
    expect(plan.warnings).toEqual([
      {
        kind: 'note',
        uid: null,
        code: 'external-folders',
        message:
          'not pruned: 2 dashboards and 1 library panel without a file in folder "Sub" (pay-sub), folder "Payments" (payments), which "externalFolders" in dashsync.config.json lists (or a folder above them) as another tree\'s: ' +
          'pay-api "Payments API", pay-deep "Deep", library panel lp-pay "Panel lp-pay". Prune never takes what is in those folders, in any scope',
      },
    ]);
  });

  it('a run over part of the tree: the folder of an excluded directory stays, and the dashboards files outside the selection hold are counted, not deleted', () => {
    const experiments = folderEntry({ uid: deriveFolderUid('experiments'), dir: 'experiments', title: 'experiments' });
    const scratch = folderEntry({ uid: deriveFolderUid('scratch'), dir: 'scratch', title: 'scratch' });
    const outsideSelection = { dashboardUids: new Set(['exp-1', 'root-1']), libraryPanelUids: new Set<string>() };
    const decideWith = (prune: 'folders' | 'all') =>
      decidePlan(
        input({
          header: { ...input({}).header, prune },
          // As readTree gives it: the excluded directories are idle folders of the tree.
          tree: tree({ dashboards: [entry({ uid: 'a' })], idleFolders: [experiments, scratch], outsideSelection }),
          liveFolders: new Map([experiments, scratch].map((f) => [f.uid, liveFolder({ uid: f.uid, title: f.title })])),
          liveDashboards: [hit({ uid: 'a' }), hit({ uid: 'exp-1', folderUid: experiments.uid }), hit({ uid: 'exp-stray', folderUid: experiments.uid }), hit({ uid: 'root-1' })],
          dashboards: [decide(entry({ uid: 'a' }), board('a'), live(board('a')), 'h')],
          pruneCandidates: [{ uid: 'exp-stray', live: liveState({ title: 'Stray', folderUid: experiments.uid }) }],
        }),
      );
    const folders = decideWith('folders');
    // The empty live folder "scratch" is not deleted: its directory is still in the tree, only outside this run.
    expect(labels(folders)).toEqual(['dashboard noop a', 'dashboard delete exp-stray']);
    expect(folders.managedFolders).toEqual([experiments.uid, scratch.uid].sort());
    expect(folders.summary).toMatchObject({ delete: 1, unchanged: 1, outsideSelection: 1 });
    // "all" reaches the General level too.
    expect(decideWith('all').summary.outsideSelection).toBe(2);
    // Nothing outside the selection: no count at all.
    const whole = decidePlan(input({ header: { ...input({}).header, prune: 'all' }, liveDashboards: [hit({ uid: 'x' })] }));
    expect(whole.summary).not.toHaveProperty('outsideSelection');
  });

  it('drift: a change over a save not made by dashsync warns with who, when and which version; unknown or ours does not', () => {
    const changed = (uid: string) => decide(entry({ uid }), board(uid, uid, { description: 'new' }), live(board(uid)), 'h');
    const plan = decidePlan(
      input({
        dashboards: [changed('theirs'), changed('ours'), changed('unknown'), changed('viewer')],
        lastSaves: new Map<string, LastSave | 'unreadable'>([
          ['theirs', lastSave({ by: 'jane', at: '2026-03-04T05:06:07Z', message: 'fix axis', byDashsync: false, version: 9 })],
          ['ours', lastSave({ byDashsync: true })],
          ['unknown', lastSave({ byDashsync: null })],
          ['viewer', 'unreadable'],
        ]),
      }),
    );
    expect(plan.warnings).toEqual([
      { kind: 'drift', uid: 'theirs', title: 'theirs', version: 9, updatedBy: 'jane', updated: '2026-03-04T05:06:07Z', message: 'fix axis' },
      { kind: 'drift-not-checked', uid: null, uids: ['viewer'], reason: 'forbidden' },
    ]);
  });

  it('drift git already holds (findHeldInGit) is a note naming the commit, no warning; in a shallow clone, or where git skipped rename detection, the rest get one note on why they may be noise', () => {
    const changed = (uid: string) => decide(entry({ uid }), board(uid, uid, { description: 'new' }), live(board(uid)), 'h');
    const theirs = lastSave({ by: 'jane', byDashsync: false, version: 9 });
    const dashboards = [changed('held'), changed('edited')];
    const lastSaves = new Map<string, LastSave | 'unreadable'>([['held', theirs], ['edited', theirs]]);
    const pulled = { commit: '0123456789abcdef0123456789abcdef01234567', subject: 'pull held' };
    const held = (...uids: string[]) => new Map(uids.map((uid) => [uid, pulled]));
    const heldNote = (uid: string) => ({
      kind: 'note',
      code: 'edit-in-git',
      uid,
      message: `edit in git: ${uid} "${uid}": the live edit (version 9 by jane) is in commit 0123456789ab "pull held" of this branch, and the changes listed are made on top of it (a later commit that dropped part of that edit drops it in Grafana too)`,
    });

    const full = decidePlan(input({ dashboards, lastSaves, heldInGit: { held: held('held'), libraryPanels: new Set(), shallow: false } }));
    expect(full.warnings).toEqual([expect.objectContaining({ kind: 'drift', uid: 'edited' }), heldNote('held')]);
    expect(full.warnings[0]).not.toHaveProperty('shallowHistory');
    // The version just before a move into the tree: its commit's subject was not read.
    const moved = decidePlan(input({ dashboards, lastSaves, heldInGit: { held: new Map([['held', { commit: pulled.commit }]]), libraryPanels: new Set(), shallow: false } }));
    expect(moved.warnings[1]).toMatchObject({ message: expect.stringContaining('is in commit 0123456789ab of this branch,') });

    const shallow = decidePlan(input({ dashboards, lastSaves, heldInGit: { held: held('held'), libraryPanels: new Set(), shallow: true } }));
    expect(shallow.warnings).toEqual([
      // The drift itself says so, for the one-step apply's conflict line (review-54 F1); a full clone's does not.
      expect.objectContaining({ kind: 'drift', uid: 'edited', shallowHistory: true }),
      expect.objectContaining({ kind: 'shallow-history', uid: null, message: expect.stringMatching(/^drift compared with the commits present only: this git checkout is shallow/) }),
      heldNote('held'),
    ]);
    const allHeld = decidePlan(input({ dashboards, lastSaves, heldInGit: { held: held('held', 'edited'), libraryPanels: new Set(), shallow: true } }));
    expect(allHeld.warnings).toEqual([heldNote('edited'), heldNote('held')]);

    const renamesSkipped = decidePlan(input({ dashboards, lastSaves, heldInGit: { held: held('held'), libraryPanels: new Set(), shallow: false, renamesSkipped: true } }));
    expect(renamesSkipped.warnings).toEqual([
      expect.objectContaining({ kind: 'drift', uid: 'edited' }),
      expect.objectContaining({ kind: 'other', uid: null, message: expect.stringMatching(/^drift compared with part of the history only: git skipped rename detection/) }),
      heldNote('held'),
    ]);
    expect(renamesSkipped.warnings[1]).toMatchObject({ message: expect.stringContaining('more than 5000 moved files') });
    // The limit git was given: the user's larger diff.renameLimit.
    const userLimit = decidePlan(input({ dashboards, lastSaves, heldInGit: { held: held('held'), libraryPanels: new Set(), shallow: false, renamesSkipped: true, renameLimit: 20480 } }));
    expect(userLimit.warnings[1]).toMatchObject({ message: expect.stringMatching(/ in a change of more than 20480 moved files, .*set git's diff\.renameLimit above 20480/) });
    const noneLeft = decidePlan(input({ dashboards, lastSaves, heldInGit: { held: held('held', 'edited'), libraryPanels: new Set(), shallow: false, renamesSkipped: true } }));
    expect(noneLeft.warnings).toEqual([heldNote('edited'), heldNote('held')]);
  });

  // review-57b F1: a delete's edit is compared with the removed file's last commits (findDeletesHeldInGit), which a shallow clone
  // cuts short as it cuts an update's: its drift says so, and the history-cut note counts it (main: a bare drift, no note).
  it("a prune delete's drift looked up in a shallow clone's history says so and gets the history-cut note; a full clone's does not", () => {
    const gone = deriveFolderUid('old');
    const stray = {
      header: { ...input({}).header, prune: 'folders' as const },
      liveFolders: new Map([[gone, liveFolder({ uid: gone, title: 'old' })]]),
      liveDashboards: [hit({ uid: 'stray', folderUid: gone })],
      pruneCandidates: [{ uid: 'stray', live: liveState({ title: 'Stray', folderUid: gone }) }],
      lastSaves: new Map<string, LastSave | 'unreadable'>([['stray', lastSave({ by: 'jane', byDashsync: false, version: 9 })]]),
    };
    const shallow = decidePlan(input({ ...stray, deletesInGit: { shallow: true } }));
    expect(shallow.warnings).toEqual([
      expect.objectContaining({ kind: 'drift', uid: 'stray', pruned: true, shallowHistory: true }),
      expect.objectContaining({ kind: 'shallow-history', uid: null, message: expect.stringMatching(/^drift compared with the commits present only: this git checkout is shallow/) }),
    ]);
    const full = decidePlan(input({ ...stray, deletesInGit: { shallow: false } }));
    expect(full.warnings).toEqual([expect.objectContaining({ kind: 'drift', uid: 'stray', pruned: true })]);
    expect(full.warnings[0]).not.toHaveProperty('shallowHistory');
  });

  it('the owner rule keeps a provisioned dashboard as it is, with its warning', () => {
    const plan = decidePlan(input({ dashboards: [decide(entry({ uid: 'p' }), board('p', 'p', { tags: ['x'] }), live(board('p'), { owner: PROVISIONED }), 'h')] }));
    expect(labels(plan)).toEqual(['dashboard noop p']);
    expect(plan.warnings).toMatchObject([{ kind: 'provisioned', uid: 'p' }]);
  });

  it('title clashes on every release (a dashboard file with a live folder\'s uid is refused before, by createPlan: uid-of-folder)', () => {
    const clash = {
      tree: tree({ dashboards: [entry({ uid: 'ops', title: 'CPU' })] }),
      liveFolders: new Map([['ops', liveFolder({ uid: 'ops', title: 'Operations' })]]),
      liveDashboards: [hit({ uid: 'other', title: 'cpu' })],
      dashboards: [decide(entry({ uid: 'ops', title: 'CPU' }), board('ops', 'CPU'), null, 'h')],
    };
    expect(decidePlan(input({ ...clash, capabilities: MODERN })).warnings.map((w) => w.kind)).toEqual(['title-clash']);
    expect(decidePlan(input({ ...clash, capabilities: OLD })).warnings.map((w) => w.kind)).toEqual(['title-clash']);
  });

  it('a folder changed in the tree records the live revision apply will expect', () => {
    const plan = decidePlan(
      input({
        tree: tree({ folders: [folderEntry({ uid: 'team', title: 'Team A' })] }),
        liveFolders: new Map([['team', liveFolder({ uid: 'team', title: 'Team', revision: '4' })]]),
      }),
    );
    expect(plan.actions).toMatchObject([{ kind: 'folder', action: 'update', live: { title: 'Team', revision: '4' }, changes: [{ path: 'title' }] }]);
  });

  it("settles Grafana's rewrite of dashsync's last push as no change, and a later edit as an update with drift", () => {
    const file = desired(board('m', 'M', { schemaVersion: 30 }));
    const migrated = board('m', 'M', { schemaVersion: 42, refresh: '' });
    const pushed = { sha256: contentDigest(file), generation: 5, from: null, bound: true, metadata: null, message: null };
    const write = { api: 'k8s' as const, apiVersion: 'dashboard.grafana.app/v1' };
    // A save after the push makes a new version: the record (generation 5) is then behind the live one.
    const decided = (save: LastSave, model = migrated) =>
      decidePlan(
        input({
          dashboards: [decideDashboard(entry({ uid: 'm' }), file, live(model, { version: save.version, pushed }), write)],
          lastSaves: new Map([['m', save]]),
        }),
      );
    const untouched = decided(lastSave({ byDashsync: true, version: 5 }));
    expect(labels(untouched)).toEqual(['dashboard noop m']);
    expect(untouched.actions[0]).toMatchObject({ changes: [] });
    expect(untouched.actions[0]).not.toHaveProperty('write');
    expect(untouched.warnings).toEqual([]);

    // The editor's save renamed it; the migration's own rewrite (refresh "", schemaVersion 42) is still no change.
    const edited = decided(lastSave({ byDashsync: false, by: 'user:editor', version: 6 }), board('m', 'M (edited)', { schemaVersion: 42, refresh: '' }));
    expect(labels(edited)).toEqual(['dashboard update m']);
    expect(edited.actions[0]!.changes.map((change) => change.path)).toEqual(['title']);
    // The update goes through /apis at schemaVersion 30, but Grafana holds it migrated to 42 already: the migration was noted at
    // the first write and is not noted again (walk-69 L6).
    expect(edited.warnings).toMatchObject([{ kind: 'drift', uid: 'm', updatedBy: 'user:editor', version: 6 }]);
    expect(edited.warnings.map((warning) => warning.kind)).not.toContain('schema-migration');
  });

  it('a hidden Grafana version gets the cautious answer on labels: a labelled file\'s /api update is marked removesMetadata and warned', async () => {
    const { capabilitiesOf } = await import('../../../src/grafana/legacy/capabilities.js');
    const hidden = capabilitiesOf(null);
    expect(hidden.apisSchemaVersion).toBeNull();
    const labelled = { ...decide(entry({ uid: 'l' }), board('l', 'Labelled', { version: 3 }), live(board('l', 'Old title')), 'sha256:new'), metadataDropped: { labels: { team: 'platform' }, annotations: {} } };
    const decided = decidePlan(input({ capabilities: hidden, dashboards: [labelled] }));
    expect(decided.actions[0]).toMatchObject({ uid: 'l', action: 'update', removesMetadata: true });
    expect(decided.warnings.map((warning) => warning.kind === 'other' && warning.message.startsWith('labels removed: l '))).toContain(true);
    // 11.2 holds no labels: no mark.
    const old = decidePlan(input({ capabilities: capabilitiesOf('11.2.10'), dashboards: [labelled] }));
    expect(old.actions[0]).not.toHaveProperty('removesMetadata');
  });

  it('a release above the newest known major (13): the schema-migration note says "at least 42", a later release may migrate further', async () => {
    const { capabilitiesOf } = await import('../../../src/grafana/legacy/capabilities.js');
    const { describeWarning } = await import('../../../src/report/describe-warning.js');
    expect(capabilitiesOf('13.0.2')).toMatchObject({ apisSchemaVersion: 42, apisSchemaVersionAtLeast: false });
    const newer = capabilitiesOf('14.1.0');
    expect(newer).toMatchObject({ apisSchemaVersion: 42, apisSchemaVersionAtLeast: true });
    const write = { api: 'k8s' as const, apiVersion: 'dashboard.grafana.app/v1' };
    const file = desired(board('m', 'M', { schemaVersion: 30 }));
    const decided = decidePlan(input({ capabilities: newer, dashboards: [decideDashboard(entry({ uid: 'm' }), file, null, write)] }));
    expect(decided.warnings).toEqual([expect.objectContaining({ kind: 'schema-migration', uid: 'm', from: 30, to: 42, atLeast: true })]);
    expect(describeWarning(decided.warnings[0]!)).toContain('(schemaVersion 30 → at least 42: ');
    // A file at 42 may be raised further by that release: noted as maybe, to at least 43 (review-7 #6).
    const at42 = decidePlan(input({ capabilities: newer, dashboards: [decideDashboard(entry({ uid: 'm' }), desired(board('m', 'M', { schemaVersion: 42 })), null, write)] }));
    expect(at42.warnings).toEqual([expect.objectContaining({ kind: 'schema-migration', uid: 'm', from: 42, to: 43, atLeast: true, maybe: true })]);
    // A known release's target is no floor: a file at it is not noted.
    const known = decidePlan(input({ capabilities: capabilitiesOf('13.0.2'), dashboards: [decideDashboard(entry({ uid: 'm' }), desired(board('m', 'M', { schemaVersion: 42 })), null, write)] }));
    expect(known.warnings).toEqual([]);
  });
});
