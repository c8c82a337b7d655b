import { describe, expect, it } from 'vitest';
import { countUidChangesHeld, summarizePlan, hasChanges } from '../../../src/plan/summarize-plan.js';
import { outputsFromPlan } from '../../../src/action/action-outputs.js';
import { setsDashboardsApart } from '../../../src/report/describe-unreadable.js';
import { decideDashboard } from '../../../src/plan/decide-dashboard.js';
import { describeWarningsIn } from '../../../src/report/describe-warning.js';
import { contentDigest } from '../../../src/normalize/content-digest.js';
import { action, decide, desired, entry, folderAction, LEGACY_WRITE, live, PROVISIONED } from './builders.js';

const cpu = (expr: string) => ({ uid: 'cpu', title: 'CPU', panels: [{ id: 4, title: 'CPU', targets: [{ refId: 'A', expr }] }] });

describe('decideDashboard', () => {
  it('creates when nothing is live, recording file, target folder, content hash and the folder it needs', () => {
    const { action: result, warning } = decide(entry({ uid: 'cpu', title: 'CPU', folderUid: 'infra' }), cpu('a'), null, 'sha256:abc');
    expect(result).toEqual({
      kind: 'dashboard',
      action: 'create',
      uid: 'cpu',
      title: 'CPU',
      file: 'dashboards/cpu.json',
      folderUid: 'infra',
      live: null,
      changes: [],
      contentHash: 'sha256:abc',
      write: { api: 'legacy', apiVersion: null },
      dependsOn: ['folder:infra'],
    });
    expect(warning).toBeNull();
  });

  it('writes an action with the keys in the plan file\'s order, and `write` only where apply writes', () => {
    const update = decide(entry({ uid: 'cpu' }), cpu('b'), live(cpu('a')), 'sha256:abc').action;
    expect(Object.keys(update)).toEqual(['kind', 'uid', 'title', 'file', 'folderUid', 'contentHash', 'write', 'action', 'live', 'changes', 'dependsOn']);
    const noop = decide(entry({ uid: 'cpu' }), cpu('a'), live(cpu('a')), 'sha256:abc').action;
    expect(Object.keys(noop)).toEqual(['kind', 'uid', 'title', 'file', 'folderUid', 'contentHash', 'action', 'live', 'changes', 'dependsOn']);
    const kept = decide(entry({ uid: 'cpu' }), cpu('b'), live(cpu('a'), { owner: PROVISIONED }), 'sha256:abc').action;
    expect(Object.keys(kept)).toEqual(Object.keys(noop));
  });

  it('is a noop when the canonical forms are equal, recording the live version and revision', () => {
    const { action: result } = decide(entry({ uid: 'cpu' }), cpu('a'), live(cpu('a'), { version: 7 }), 'sha256:abc');
    expect(result.action).toBe('noop');
    expect(result.live?.version).toBe(7);
    expect(result.live?.revision).toBe('7');
    expect(result.changes).toEqual([]);
    expect(result.dependsOn).toEqual([]);
  });

  it('is a noop when the normalized live dashboard equals the file, and records the file digest', () => {
    const model = cpu('a');
    const { action: result } = decide(entry({ uid: 'cpu' }), model, live(structuredClone(model)), 'sha256:file');
    expect(result).toMatchObject({ action: 'noop', changes: [], contentHash: 'sha256:file' });
  });

  it('updates with the field changes live → desired', () => {
    const { action: result } = decide(entry({ uid: 'cpu' }), cpu('rate(x[1m])'), live(cpu('rate(x[5m])')), 'sha256:abc');
    expect(result.action).toBe('update');
    expect(result.changes).toEqual([{ path: 'panels[id=4 "CPU"].targets[0].expr', kind: 'changed', before: 'rate(x[5m])', after: 'rate(x[1m])' }]);
  });

  it('moves when the live folder differs, with or without content changes; General is null', () => {
    const old = live(cpu('a'), { folderUid: 'old', folderTitle: 'Old' });
    const moved = decide(entry({ uid: 'cpu', folderUid: null }), cpu('a'), old, 'sha256:abc').action;
    expect(moved).toMatchObject({ action: 'move', folderUid: null, live: { folderUid: 'old', folderTitle: 'Old' }, changes: [], dependsOn: [] });
    const movedAndChanged = decide(entry({ uid: 'cpu', folderUid: 'new' }), cpu('b'), old, 'sha256:abc').action;
    expect(movedAndChanged.action).toBe('move');
    expect(movedAndChanged.changes).toHaveLength(1);
    expect(movedAndChanged.dependsOn).toEqual(['folder:new']);
    const stays = decide(entry({ uid: 'cpu', folderUid: null }), cpu('a'), live(cpu('a'), { folderUid: null }), 'h').action;
    expect(stays.action).toBe('noop');
  });

  it('leaves a provisioned dashboard that does not allow UI updates as it is, saying how many differences were not applied', () => {
    const provisioned = live(cpu('old'), { owner: PROVISIONED });
    const { action: result, warning } = decide(entry({ uid: 'cpu', title: 'CPU', folderUid: null }), cpu('new'), provisioned, 'sha256:abc');
    expect(result).toMatchObject({ action: 'noop', changes: [], live: { owner: PROVISIONED } });
    expect(warning).toEqual({
      kind: 'provisioned',
      uid: 'cpu',
      title: 'CPU',
      message:
        'cpu "CPU" (dashboards/cpu.json) is provisioned in Grafana from a file that does not allow UI updates; dashsync leaves it untouched (1 difference not applied)',
      manager: 'provisioning',
    });
    // Equal: nothing to say.
    expect(decide(entry({ uid: 'cpu' }), cpu('old'), provisioned, 'h').warning).toBeNull();
  });

  it('names a move among the differences the owner rule leaves unapplied, by its folders (walk-62 L5)', () => {
    const elsewhere = live(cpu('old'), { owner: PROVISIONED, folderUid: 'ops', folderTitle: 'Ops "legacy"' });
    const titles = new Map([['infra', 'Infrastructure']]);
    const said = (file: ReturnType<typeof entry>, model: Record<string, unknown>, current = elsewhere) => decideDashboard(file, desired(model, { hash: 'h' }), current, LEGACY_WRITE, { folderTitles: titles });
    const moveOnly = said(entry({ uid: 'cpu', title: 'CPU', folderUid: 'infra' }), cpu('old'));
    expect(moveOnly.action).toMatchObject({ action: 'noop', changes: [] });
    expect(moveOnly.warning).toEqual({
      kind: 'provisioned',
      uid: 'cpu',
      title: 'CPU',
      message:
        'cpu "CPU" (dashboards/cpu.json) is provisioned in Grafana from a file that does not allow UI updates; dashsync leaves it untouched (its move from "Ops \\"legacy\\"" to "Infrastructure" not applied)',
      manager: 'provisioning',
      moveNotApplied: { fromFolderUid: 'ops', toFolderUid: 'infra' },
    });
    const moveAndEdit = said(entry({ uid: 'cpu', title: 'CPU', folderUid: null }), cpu('new'));
    expect(moveAndEdit.warning && 'message' in moveAndEdit.warning ? moveAndEdit.warning.message : '').toMatch(/\(its move from "Ops \\"legacy\\"" to General and 1 difference not applied\)$/);
    // A folder the tree does not title (none of its own): by its uid.
    const fromGeneral = said(entry({ uid: 'cpu', title: 'CPU', folderUid: 'team' }), cpu('old'), live(cpu('old'), { owner: PROVISIONED }));
    expect(fromGeneral.warning).toMatchObject({ moveNotApplied: { fromFolderUid: null, toFolderUid: 'team' } });
    expect(fromGeneral.warning && 'message' in fromGeneral.warning ? fromGeneral.warning.message : '').toMatch(/\(its move from General to folder team not applied\)$/);
  });

  it('updates a provisioned dashboard whose provider allows UI updates', () => {
    const editable = live(cpu('old'), { owner: { ...PROVISIONED, allowsUpdates: true } });
    expect(decide(entry({ uid: 'cpu' }), cpu('new'), editable, 'h')).toMatchObject({ action: { action: 'update' }, warning: null });
  });

  it('never writes a dashboard another tool manages, and names it', () => {
    const managed = live(cpu('old'), { owner: { manager: 'terraform', id: 'grafana_dashboard.cpu', allowsUpdates: false } });
    const { action: result, warning } = decide(entry({ uid: 'cpu', title: 'CPU' }), cpu('new'), managed, 'h');
    expect(result.action).toBe('noop');
    expect(warning).toMatchObject({ kind: 'provisioned' });
    expect(warning && 'message' in warning ? warning.message : '').toBe(
      'cpu "CPU" (dashboards/cpu.json) is managed by Terraform (grafana_dashboard.cpu), which dashsync never writes over; dashsync leaves it untouched (1 difference not applied)',
    );
  });

  it('names a dashboard another tool manages by the title Grafana shows, and the file\'s when it differs', () => {
    const managed = live(cpu('old'), { owner: { manager: 'terraform', id: 'ws', allowsUpdates: false } });
    const { warning } = decide(entry({ uid: 'cpu', title: 'TF hijack' }), { ...cpu('old'), title: 'TF hijack' }, managed, 'h');
    expect(warning).toMatchObject({ kind: 'provisioned', title: 'CPU', manager: 'terraform' });
    expect(warning && 'message' in warning ? warning.message : '').toBe(
      'cpu "CPU" (dashboards/cpu.json, titled "TF hijack" there) is managed by Terraform (ws), which dashsync never writes over; dashsync leaves it untouched (1 difference not applied)',
    );
  });
});

describe('decideDashboard on /apis', () => {
  const K8S_WRITE = { api: 'k8s' as const, apiVersion: 'dashboard.grafana.app/v2beta1' };
  const v2spec = (title: string) => ({ title, elements: {}, layout: { kind: 'GridLayout', spec: { items: [] } } });

  it('compares a v2 file with a v2 live dashboard field by field, and records where it writes', () => {
    const file = desired(v2spec('New'), { uid: 'v2', schema: 'v2', apiVersion: 'dashboard.grafana.app/v2beta1' });
    const current = live(v2spec('Old'), { uid: 'v2', schema: 'v2', apiVersion: 'dashboard.grafana.app/v2beta1' });
    const { action: result, warning } = decideDashboard(entry({ uid: 'v2', schema: 'v2' }), file, current, K8S_WRITE);
    expect(result).toMatchObject({ action: 'update', write: K8S_WRITE, changes: [{ path: 'title', kind: 'changed', before: 'Old', after: 'New' }] });
    expect(warning).toBeNull();
  });

  it('says when Grafana stores the dashboard in the other schema, instead of diffing two schemas', () => {
    const file = desired(cpu('a'), { uid: 'cpu' });
    const current = live(v2spec('CPU'), { uid: 'cpu', schema: 'v2', apiVersion: 'dashboard.grafana.app/v2beta1' });
    const { action: result, warning } = decideDashboard(entry({ uid: 'cpu', title: 'CPU' }), file, current, K8S_WRITE);
    expect(result).toMatchObject({ action: 'update', changes: [{ path: 'apiVersion', kind: 'changed', before: 'dashboard.grafana.app/v2beta1', after: 'classic dashboard model' }] });
    expect(warning).toEqual({ kind: 'format', uid: 'cpu', title: 'CPU', stored: 'dashboard.grafana.app/v2beta1', file: 'a classic dashboard model' });
  });

  it('a format warning for a file another environment cannot take in Grafana\'s v2 form advises no pull into it (walk-63 M3)', () => {
    const file = desired(cpu('a'), { uid: 'cpu' });
    const current = live(v2spec('CPU'), { uid: 'cpu', schema: 'v2', apiVersion: 'dashboard.grafana.app/v2' });
    const unserved = 'Grafana\'s form of it is a dashboard.grafana.app/v2 file, and environment staging uses the legacy /api, which takes no v2 dashboard: its plan would stop on this file';
    const { warning } = decideDashboard(entry({ uid: 'cpu', title: 'CPU' }), file, current, K8S_WRITE, { sharedWith: ['staging'], sharedUnserved: unserved });
    expect(warning).toMatchObject({ kind: 'format', sharedWith: ['staging'], unserved });
    expect(describeWarningsIn(undefined)(warning!)).toBe(
      'format: cpu "CPU" is stored in Grafana as dashboard.grafana.app/v2 and its file, which environment staging deploys too, holds a classic dashboard model: ' +
        `applying takes the file's here, which keeps it deployable there; pulling Grafana's form would not: ${unserved}`,
    );
    expect(describeWarningsIn(undefined)({ ...warning!, unserved: undefined } as typeof warning & object)).toContain('to keep Grafana\'s instead, dashsync pull cpu rewrites that shared file');
  });

  it("diffs a classic file with Grafana's conversion of its v2-stored dashboard, without what the conversion makes up, and notes where the changes come from", () => {
    const file = desired({ ...cpu('a'), schemaVersion: 39, weekStart: '' }, { uid: 'cpu' });
    const current = live(v2spec('CPU'), { uid: 'cpu', schema: 'v2', apiVersion: 'dashboard.grafana.app/v2' });
    const converted = { ...cpu('b'), schemaVersion: 42, panels: [{ ...cpu('b').panels[0]!, description: '', links: [] }] };
    const decision = decideDashboard(entry({ uid: 'cpu', title: 'CPU' }), file, current, K8S_WRITE, { conversion: { model: converted } });
    expect(decision.action.changes).toEqual([
      { path: 'apiVersion', kind: 'changed', before: 'dashboard.grafana.app/v2', after: 'classic dashboard model' },
      { path: 'panels[id=4 "CPU"].targets[0].expr', kind: 'changed', before: 'b', after: 'a' },
    ]);
    expect(decision.conversionNote).toMatchObject({ kind: 'note', code: 'v2-content-converted', uid: 'cpu' });
    expect(decision.conversionNote).toMatchObject({ message: expect.not.stringContaining('timezone') });
    const withDefaults = decideDashboard(entry({ uid: 'cpu', title: 'CPU' }), file, current, K8S_WRITE, { conversion: { model: { ...converted, editable: true, timezone: 'browser' } } });
    expect(withDefaults.action.changes.map((change) => change.path)).toEqual(['apiVersion', 'panels[id=4 "CPU"].targets[0].expr']);
    expect(withDefaults.conversionNote).toMatchObject({
      message: expect.stringMatching(/the defaults it writes where the file has none are not shown\); .*; timezone "browser", one of those defaults, may also be someone's choice in Grafana's UI: to keep it, add "timezone": "browser" to the file$/),
    });
    const failed = decideDashboard(entry({ uid: 'cpu', title: 'CPU' }), file, current, K8S_WRITE, { conversion: { failed: 'backend conversion not yet implemented' } });
    expect(failed.action.changes.map((change) => change.path)).toEqual(['apiVersion']);
    expect(failed.conversionNote).toMatchObject({ code: 'v2-content-not-shown', message: expect.stringContaining('content differences not shown: Grafana stores this dashboard in another schema (v2)') });
  });

  it("compares the author's labels and annotations", () => {
    const file = desired(cpu('a'), { metadata: { labels: { team: 'infra' }, annotations: { note: 'new' } } });
    const current = live(cpu('a'), { apiVersion: 'dashboard.grafana.app/v1', metadata: { labels: { old: 'x' }, annotations: { note: 'old' } } });
    expect(decideDashboard(entry({ uid: 'cpu' }), file, current, K8S_WRITE).action.changes).toEqual([
      { path: 'metadata.annotations.note', kind: 'changed', before: 'old', after: 'new' },
      { path: 'metadata.labels.old', kind: 'removed', before: 'x' },
      { path: 'metadata.labels.team', kind: 'added', after: 'infra' },
    ]);
  });

  it('read through /api (Grafana 11: no labels there), a resource file\'s labels are no difference', () => {
    const file = desired(cpu('a'), { metadata: { labels: { team: 'infra' }, annotations: {} } });
    expect(decideDashboard(entry({ uid: 'cpu' }), file, live(cpu('a')), LEGACY_WRITE).action).toMatchObject({ action: 'noop', changes: [] });
  });

  it('marks a difference as a rewrite candidate only when dashsync recorded pushing exactly this content', () => {
    const file = desired(cpu('a'));
    const rewritten = { ...cpu('a'), schemaVersion: 42, refresh: '' };
    const pushed = { sha256: contentDigest(file), generation: 4, from: null, bound: true, metadata: null, message: null };
    expect(decideDashboard(entry({ uid: 'cpu' }), file, live(rewritten, { pushed }), K8S_WRITE).rewriteCandidate).toBe(true);
    const otherPush = { sha256: 'sha256:another-file', generation: 4, from: null, bound: true, metadata: null, message: null };
    expect(decideDashboard(entry({ uid: 'cpu' }), file, live(rewritten, { pushed: otherPush }), K8S_WRITE).rewriteCandidate).toBe(false);
    expect(decideDashboard(entry({ uid: 'cpu' }), file, live(rewritten), K8S_WRITE).rewriteCandidate).toBe(false);
    expect(decideDashboard(entry({ uid: 'cpu' }), file, live(cpu('a'), { pushed }), K8S_WRITE).rewriteCandidate).toBe(false);
  });
});

describe('summarizePlan / hasChanges', () => {
  it('counts each action kind; noops and folder noops are not changes', () => {
    const summary = summarizePlan([
      action({ uid: 'a', action: 'create' }),
      action({ uid: 'b', action: 'noop' }),
      action({ uid: 'c', action: 'delete' }),
      action({ uid: 'd', action: 'move' }),
      folderAction({ uid: 'f', action: 'noop' }),
    ]);
    expect(summary).toEqual({ create: 1, update: 0, move: 1, delete: 1, unchanged: 1, folderCreate: 0, folderUpdate: 0, folderMove: 0, folderDelete: 0, libraryPanelCreate: 0, libraryPanelUpdate: 0, libraryPanelMove: 0, libraryPanelDelete: 0 });
    expect(hasChanges(summary)).toBe(true);
    expect(hasChanges(summarizePlan([action({ uid: 'b', action: 'noop' })]))).toBe(false);
    expect(hasChanges({ ...summary, create: 0, move: 0, delete: 0, folderDelete: 1, libraryPanelCreate: 0, libraryPanelUpdate: 0, libraryPanelMove: 0, libraryPanelDelete: 0 })).toBe(true);
  });

  it('counts a create the apply does not make (replacesHeld) apart, as uidChangesHeld: no change, no Action creates, the plan exits 1 (review-66b M2)', () => {
    const actions = [action({ uid: 'node-cpu-2', action: 'create', replacesHeld: 'node-cpu' }), action({ uid: 'b', action: 'noop' })];
    const summary = summarizePlan(actions);
    expect([summary.create, summary.uidChangesHeld, hasChanges(summary), setsDashboardsApart(summary), outputsFromPlan(summary, 'plan.json').creates]).toEqual([0, 1, false, true, 0]);
    // Marked after the count (createPlan): the same summary.
    expect(countUidChangesHeld(summarizePlan([action({ uid: 'node-cpu-2', action: 'create' }), action({ uid: 'b', action: 'noop' })]), actions)).toEqual(summary);
    expect(countUidChangesHeld(summary, actions)).toBe(summary);
  });

  it('counts a noop another tool owns as untouched (even when its labels are not kept either), one whose labels alone differ apart, the rest as unchanged', () => {
    const summary = summarizePlan(
      [
        action({ uid: 'owned', action: 'noop' }),
        action({ uid: 'owned-unkept', action: 'noop' }),
        action({ uid: 'unkept', action: 'noop' }),
        action({ uid: 'same', action: 'noop' }),
        action({ uid: 'written', action: 'update' }),
        folderAction({ uid: 'f1', action: 'create' }),
        folderAction({ uid: 'f2', action: 'update' }),
        folderAction({ uid: 'f3', action: 'delete' }),
      ],
      { untouched: new Set(['owned', 'owned-unkept']), labelsNotKept: new Set(['owned-unkept', 'unkept', 'written']) },
      { outsideSelection: 2 },
    );
    expect(summary).toEqual({
      create: 0, update: 1, move: 0, delete: 0, unchanged: 1, untouched: 2, labelsNotKept: 1, outsideSelection: 2,
      folderCreate: 1, folderUpdate: 1, folderMove: 0, folderDelete: 1, libraryPanelCreate: 0, libraryPanelUpdate: 0, libraryPanelMove: 0, libraryPanelDelete: 0,
    });
  });
});
