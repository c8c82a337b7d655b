import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { dashboardActions, type Plan } from '../../src/plan/types.js';
import { describeWarning } from '../../src/report/describe-warning.js';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { adminHeaders, apiRequest, requestHeld, startTestSandbox } from '../helpers/sandbox.js';

// The record each /apis push leaves (dashsync/pushed-*) names the object's metadata.uid (dashsync/pushed-uid): a
// create learns it from the answer and binds it with an annotation-only merge patch. Every case on both storages:
// legacy SQL (12's default; a restore carries the generation on, every write bumps it) and unified (13's default; a
// create starts at generation 1 with a new metadata.uid, an annotation-only write keeps the generation).

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
const V1: Record<'12' | '13', string> = { '12': 'v1beta1', '13': 'v1' };
type Json = Record<string, any>;
const cases = (['12', '13'] as const).flatMap((grafanaVersion) => (['legacy', 'unified'] as const).map((storage) => ({ grafanaVersion, storage })));

/** A file already in the form Grafana stores (schemaVersion 42, refresh set): nothing for the server to rewrite. */
function model(uid: string, extra: Json = {}): Json {
  return { panels: [{ gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, title: 'CPU', type: 'stat' }], refresh: '', schemaVersion: 42, title: uid.toUpperCase(), uid, ...extra };
}

async function workspace(sandbox: SandboxHandle, files: Record<string, Json>, flags: { prune?: 'all' } = {}, credentials: Record<string, string> = { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }) {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-push-record-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'));
  const write = async (name: string, content: Json) => writeFile(join(dir, 'dashboards', `${name}.json`), `${JSON.stringify(content, null, 2)}\n`);
  for (const [name, content] of Object.entries(files)) await write(name, content);
  const settings = await loadSettings({ flags: { api: 'k8s', ...flags }, env: { GRAFANA_URL: sandbox.url, ...credentials }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  const remove = async (name: string) => rm(join(dir, 'dashboards', `${name}.json`));
  const plan = () => createPlan({ settings, grafana, git: GIT });
  const applySaved = async (saved: Plan, message = 'dashsync: test') => {
    const result = await applyPlan({ plan: saved, settings, grafana, message, force: false });
    return { ...result, created: [...result.created].sort() };
  };
  const apply = async (message?: string) => applySaved(await plan(), message);
  return { write, remove, plan, apply, applySaved };
}

/** uid → changed paths, for the dashboards a plan would write. */
function changes(plan: Plan): Record<string, string[]> {
  return Object.fromEntries(dashboardActions(plan).filter((a) => a.action !== 'noop').map((a) => [a.uid, a.changes.map((c) => c.path)]));
}

/** The dashboards the last requests read in full (one GET each), as against the metadata list page. */
function fullReads(sandbox: SandboxHandle): string[] {
  return sandbox
    .requests()
    .filter((r) => r.method === 'GET' && /\/dashboards\/[^/?]+$/.test(r.path))
    .map((r) => r.path.split('/').pop()!)
    .sort();
}

const object = (grafanaVersion: '12' | '13', uid: string) => `/apis/dashboard.grafana.app/${V1[grafanaVersion]}/namespaces/default/dashboards/${uid}`;
const MERGE = { ...adminHeaders(), 'content-type': 'application/merge-patch+json' };

describe.each(cases)('the /apis push record on Grafana $grafanaVersion, $storage storage', ({ grafanaVersion, storage }) => {
  const start = () => startTestSandbox({ grafanaVersion, storage, features: { restoreDashboards: true } });

  // Legacy SQL storage keeps no record (see the next describe).
  it.skipIf(storage === 'legacy')('a created tree is bound to its objects: the no-change plan reads metadata only, and so after a labels-only push', async () => {
    const sandbox = await start();
    const tree = await workspace(sandbox, { a: model('a'), b: model('b'), c: model('c') });
    expect(await tree.apply()).toMatchObject({ created: ['a', 'b', 'c'], conflicts: [], failures: [] });
    const a = (await apiRequest(sandbox, 'GET', object(grafanaVersion, 'a'))).body.metadata;
    expect(a.annotations['dashsync/pushed-uid']).toBe(a.uid);
    expect(a.annotations['dashsync/pushed-generation']).toBe(String(a.generation));
    // Unified storage keeps the create's generation 1 through the annotation-only patch.
    if (storage === 'unified') expect(a.generation).toBe(1);

    sandbox.clearRequests();
    expect(changes(await tree.plan())).toEqual({});
    expect(fullReads(sandbox)).toEqual([]);

    // Only the labels change: unified storage keeps the generation where dashsync predicted the next one; the
    // record is put right, so the next plan still needs no full read.
    await tree.write('b', { apiVersion: `dashboard.grafana.app/${V1[grafanaVersion]}`, kind: 'Dashboard', metadata: { name: 'b', labels: { team: 'ops' } }, spec: model('b') });
    expect(await tree.apply()).toMatchObject({ updated: ['b'], conflicts: [], failures: [] });
    sandbox.clearRequests();
    expect(changes(await tree.plan())).toEqual({});
    expect(fullReads(sandbox)).toEqual([]);
  });

  it('a dashboard edited in the UI, deleted and restored from "Recently deleted" shows the UI edit', async () => {
    const sandbox = await start();
    const tree = await workspace(sandbox, { restored: model('restored') });
    expect(await tree.apply()).toMatchObject({ created: ['restored'], conflicts: [], failures: [] });
    const ui = await fetch(`${sandbox.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: 'restored', spec: { description: 'edited in the UI' } }) });
    expect(ui.status).toBe(200);
    expect((await apiRequest(sandbox, 'DELETE', object(grafanaVersion, 'restored'))).status).toBe(200);
    const trash = (await apiRequest(sandbox, 'GET', `${object(grafanaVersion, '').slice(0, -1)}?labelSelector=grafana.app/get-trash=true`)).body;
    const deleted = trash.items.find((item: Json) => item.metadata.name === 'restored');
    if (storage === 'legacy') {
      // Legacy SQL storage deletes the row for good (src/sandbox/README.md, "List, history, trash"): nothing to restore.
      expect(deleted).toBeUndefined();
      return;
    }
    // What the UI's "Restore" sends (buildRestorePayload): the deleted object with its metadata, dashsync's record included.
    const restored = await apiRequest(sandbox, 'POST', object(grafanaVersion, '').slice(0, -1), { ...deleted, metadata: { ...deleted.metadata, resourceVersion: '' } });
    expect(restored.status).toBe(201);
    expect(restored.body.metadata.annotations['dashsync/pushed-from']).toBe(deleted.metadata.annotations['dashsync/pushed-from']);
    expect(restored.body.metadata.generation).toBe(1);

    sandbox.clearRequests();
    expect(changes(await tree.plan())).toEqual({ restored: ['description'] });
    expect(fullReads(sandbox)).toEqual(['restored']);
  });

  // Legacy SQL storage keeps no record (see the next describe).
  it.skipIf(storage === 'legacy')('a save between the create and its record patch leaves the record unbound, without an error: the next plan compares in full', async () => {
    const sandbox = await start();
    const tree = await workspace(sandbox, { raced: model('raced') });
    sandbox.setFaults({ pathPrefix: object(grafanaVersion, 'raced'), methods: ['PATCH'], script: [{ kind: 'hold' }] });
    const applying = tree.apply();
    await requestHeld(sandbox);
    const ui = await fetch(`${sandbox.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: 'raced', spec: { description: 'saved in between' } }) });
    expect(ui.status).toBe(200);
    sandbox.releaseHeld();
    expect(await applying).toMatchObject({ created: ['raced'], conflicts: [], failures: [] });
    const patches = sandbox.requests().filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.status)).toEqual([409]);
    const live = (await apiRequest(sandbox, 'GET', object(grafanaVersion, 'raced'))).body.metadata;
    expect(live.annotations['dashsync/pushed-uid']).toBeUndefined();

    sandbox.clearRequests();
    expect(changes(await tree.plan())).toEqual({ raced: ['description'] });
    expect(fullReads(sandbox)).toEqual(['raced']);
  });

  it('a saved plan of an earlier release (revisions generation/resourceVersion, no uid) still updates and prunes', async () => {
    const sandbox = await start();
    const tree = await workspace(sandbox, { a: model('a'), b: model('b') }, { prune: 'all' });
    expect(await tree.apply()).toMatchObject({ created: ['a', 'b'], conflicts: [], failures: [] });
    await tree.write('a', model('a', { description: 'changed in git' }));
    await tree.remove('b');
    const saved = await tree.plan();
    for (const action of dashboardActions(saved)) if (action.live) action.live.revision = action.live.revision.replace(/^(\d+)\/[^/]*\//, '$1/');
    expect(dashboardActions(saved).map((a) => [a.uid, a.action, a.live?.revision.split('/').length])).toEqual([['a', 'update', 2], ['b', 'delete', 2]]);
    expect(await tree.applySaved(saved)).toMatchObject({ updated: ['a'], deleted: ['b'], conflicts: [], failures: [] });
  });

  // Legacy SQL storage keeps no record (see the next describe).
  it.skipIf(storage === 'legacy')('an update of a plan of an earlier release whose answer was lost is read back as done', async () => {
    const sandbox = await start();
    // A model the server rewrites (an old schemaVersion), so that only the push record can tell the read-back it landed.
    const tree = await workspace(sandbox, { a: model('a', { schemaVersion: 36 }) });
    expect(await tree.apply()).toMatchObject({ created: ['a'], conflicts: [], failures: [] });
    await tree.write('a', model('a', { schemaVersion: 36, description: 'changed in git' }));
    const saved = await tree.plan();
    for (const action of dashboardActions(saved)) if (action.live) action.live.revision = action.live.revision.replace(/^(\d+)\/[^/]*\//, '$1/');
    // The first send is saved and its answer cut off; every resend is refused until the client gives up.
    sandbox.setFaults({ pathPrefix: object(grafanaVersion, 'a'), methods: ['PUT'], script: [{ kind: 'drop' }, ...Array(7).fill({ kind: 'status', status: 503, retryAfterSeconds: 0 })] });
    expect(await tree.applySaved(saved)).toMatchObject({ updated: ['a'], conflicts: [], failures: [], unknown: [] });
  });

  // Legacy SQL storage keeps no record (see the next describe).
  it.skipIf(storage === 'legacy')('a record without a uid (written before dashsync recorded it) allows no shortcut: the dashboard is read in full', async () => {
    const sandbox = await start();
    const tree = await workspace(sandbox, { old: model('old'), kept: model('kept') });
    expect(await tree.apply()).toMatchObject({ created: ['kept', 'old'], conflicts: [], failures: [] });
    const current = (await apiRequest(sandbox, 'GET', object(grafanaVersion, 'old'))).body.metadata;
    // As an earlier release left it: no dashsync/pushed-uid, the generation named is the live one.
    const patched = await apiRequest(sandbox, 'PATCH', object(grafanaVersion, 'old'), { metadata: { annotations: { 'dashsync/pushed-uid': null } } }, MERGE);
    expect(patched.status).toBe(200);
    const generation = patched.body.metadata.generation;
    expect(generation).toBe(storage === 'unified' ? current.generation : current.generation + 1);
    await apiRequest(sandbox, 'PATCH', object(grafanaVersion, 'old'), { metadata: { annotations: { 'dashsync/pushed-generation': String(generation + (storage === 'unified' ? 0 : 1)) } } }, MERGE);

    sandbox.clearRequests();
    expect(changes(await tree.plan())).toEqual({});
    expect(fullReads(sandbox)).toEqual(['old']);
  });
});

// Legacy SQL storage (12's default; 13 with `storage: 'legacy'`) keeps none of a write's annotations or labels
// (legacy/sql_dashboards.go): the record never comes back. Its history keeps the version message, where each /apis
// push names the content it pushed (content-note.ts).
describe.each(['12', '13'] as const)('no /apis push record on Grafana %s, legacy storage', (grafanaVersion) => {
  it('apply sends no record patch; the no-change plan reads one metadata page, then the full listing, and plans nothing, however Grafana migrated the spec; unkept labels are counted', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion, storage: 'legacy' });
    const resource = { apiVersion: `dashboard.grafana.app/${V1[grafanaVersion]}`, kind: 'Dashboard', metadata: { name: 'labelled', labels: { team: 'ops' } }, spec: model('labelled') };
    const tree = await workspace(sandbox, { old: model('old', { schemaVersion: 36 }), kept: model('kept'), labelled: resource });
    expect(await tree.apply()).toMatchObject({ created: ['kept', 'labelled', 'old'], conflicts: [], failures: [] });
    expect(sandbox.requests().filter((r) => r.method === 'PATCH')).toEqual([]);
    const old = (await apiRequest(sandbox, 'GET', object(grafanaVersion, 'old'))).body;
    expect(Object.keys(old.metadata.annotations).filter((key) => key.startsWith('dashsync/'))).toEqual([]);
    expect(old.spec.schemaVersion).toBe(42);

    sandbox.clearRequests();
    const plan = await tree.plan();
    expect(changes(plan)).toEqual({});
    // Nothing to write for it: only the summary counts the file whose labels Grafana does not keep.
    expect(plan.warnings.map(describeWarning)).toEqual([]);
    expect(plan.summary.labelsNotKept).toBe(1);
    // (Beside the access check's probe, `limit=1`.)
    const lists = sandbox.requests().filter((r) => r.method === 'GET' && /\/dashboards\?limit=500/.test(r.path));
    expect(lists.map((r) => (r.accept === undefined ? 'full' : 'metadata'))).toEqual(['metadata', 'full']);
    expect(fullReads(sandbox)).toEqual([]);

    // A real change still shows, and so does a UI edit, as drift.
    await tree.write('kept', model('kept', { description: 'changed in git' }));
    const ui = await fetch(`${sandbox.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: 'old', spec: { description: 'edited in the UI' } }) });
    expect(ui.status).toBe(200);
    const edited = await tree.plan();
    expect(changes(edited)).toMatchObject({ kept: ['description'], old: expect.arrayContaining(['description']) });
    expect(edited.warnings.filter((w) => w.kind === 'drift').map((w) => w.uid)).toEqual(['old']);
  });
  it('a create whose answer was lost is read back as done from its version message, however Grafana migrated it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion, storage: 'legacy' });
    const tree = await workspace(sandbox, { old: model('old', { schemaVersion: 36 }) });
    // The first send is saved and its answer cut off; every resend is refused until the client gives up.
    const collection = object(grafanaVersion, '').slice(0, -1);
    sandbox.setFaults({ pathPrefix: collection, methods: ['POST'], script: [{ kind: 'drop' }, ...Array(7).fill({ kind: 'status', status: 503, retryAfterSeconds: 0 })] });
    expect(await tree.apply()).toMatchObject({ created: ['old'], conflicts: [], failures: [], unknown: [] });
  });
  it("a UI edit whose message copies dashsync's newest one (content note and all) still shows as a change", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion, storage: 'legacy' });
    const tree = await workspace(sandbox, { old: model('old', { schemaVersion: 36 }) });
    expect(await tree.apply()).toMatchObject({ created: ['old'], conflicts: [], failures: [] });
    const history = `${object(grafanaVersion, '').slice(0, -1)}?limit=1&labelSelector=grafana.app/get-history=true&fieldSelector=metadata.name=old`;
    const message = (await apiRequest(sandbox, 'GET', history)).body.items[0].metadata.annotations['grafana.app/message'];
    expect(message).toMatch(/^dashsync: test \[content sha256:[0-9a-f]{16} by \S+\]$/);

    const ui = await fetch(`${sandbox.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: 'old', spec: { description: 'edited in the UI' }, message }) });
    expect(ui.status).toBe(200);
    const plan = await tree.plan();
    expect(changes(plan)).toMatchObject({ old: expect.arrayContaining(['description']) });
  });
  it("a service account's push is read back from its note as well: the no-change plan plans nothing", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion, storage: 'legacy' });
    const account = await apiRequest(sandbox, 'POST', '/api/serviceaccounts', { name: 'ci-bot', role: 'Editor' });
    const token = await apiRequest(sandbox, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'ci' });
    const tree = await workspace(sandbox, { old: model('old', { schemaVersion: 36 }) }, {}, { GRAFANA_TOKEN: token.body.key });
    expect(await tree.apply()).toMatchObject({ created: ['old'], conflicts: [], failures: [] });
    expect(changes(await tree.plan())).toEqual({});
  });
  it('a long version message whose marker comes last keeps it beside the note: the next plan plans nothing', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion, storage: 'legacy' });
    const tree = await workspace(sandbox, { old: model('old', { schemaVersion: 36 }) });
    expect(await tree.apply(`${'deploy '.repeat(69)}dashsync:`)).toMatchObject({ created: ['old'], conflicts: [], failures: [] });
    expect(changes(await tree.plan())).toEqual({});
  });
  it('a create or update whose answer was lost and whose resend is refused (409) is read back as done from its version message, not as a conflict', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion, storage: 'legacy' });
    const tree = await workspace(sandbox, { c: model('c', { schemaVersion: 30 }) });
    // The first send is saved and its answer cut off; the resend finds the name taken (AlreadyExists).
    sandbox.setFaults({ pathPrefix: object(grafanaVersion, '').slice(0, -1), methods: ['POST'], script: [{ kind: 'drop' }] });
    expect(await tree.apply()).toMatchObject({ created: ['c'], conflicts: [], failures: [], unknown: [] });
    sandbox.setFaults({});
    expect(changes(await tree.plan())).toEqual({});

    // An update: the resend's resourceVersion is stale (Conflict).
    await tree.write('c', model('c', { schemaVersion: 30, description: 'changed in git' }));
    sandbox.setFaults({ pathPrefix: object(grafanaVersion, 'c'), methods: ['PUT'], script: [{ kind: 'drop' }] });
    expect(await tree.apply()).toMatchObject({ updated: ['c'], conflicts: [], failures: [], unknown: [] });
    sandbox.setFaults({});
    expect(changes(await tree.plan())).toEqual({});
  });
});

// Grafana's migration of a file below schemaVersion 42 is not idempotent from 12.3 on: the cleanup runs before the steps,
// so what a step writes that the cleanup does not keep goes at the next write, dashsync's own record patch included, and
// moves the generation. The record must name the generation Grafana keeps after that patch, at one patch.
describe('the push record of a file Grafana migrates from below schemaVersion 42', () => {
  const prometheus = { uid: 'prom', type: 'prometheus' };
  /** At schemaVersion 26, every datasource named (no step writes a null), with a hidden constant: V27 gives it options. */
  const withConstant = (uid: string, extra: Json = {}): Json => ({
    ...model(uid),
    schemaVersion: 26,
    panels: [{ datasource: prometheus, gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, targets: [{ datasource: prometheus, expr: 'up', refId: 'A' }], title: 'CPU', type: 'stat' }],
    templating: { list: [{ hide: 2, name: 'region', query: 'eu', type: 'constant' }] },
    ...extra,
  });
  const patches = (sandbox: SandboxHandle) => sandbox.requests().filter((r) => r.method === 'PATCH').length;
  const bound = async (sandbox: SandboxHandle, grafanaVersion: '12' | '13', uid: string) => {
    const { metadata } = (await apiRequest(sandbox, 'GET', object(grafanaVersion, uid))).body;
    return { generation: metadata.generation, recorded: Number(metadata.annotations['dashsync/pushed-generation']) };
  };

  /** Pushes `content` over the applied `uid` on 13: `expected` record patches bind it, and the next plan reads nothing in full. */
  const updatedAtPatches = async (sandbox: SandboxHandle, tree: Awaited<ReturnType<typeof workspace>>, uid: string, content: Json, expected: number) => {
    await tree.write(uid, content);
    sandbox.clearRequests();
    expect(await tree.apply()).toMatchObject({ updated: [uid], conflicts: [], failures: [] });
    expect(patches(sandbox)).toBe(expected);
    const pushed = await bound(sandbox, '13', uid);
    expect(pushed.recorded).toBe(pushed.generation);
    sandbox.clearRequests();
    expect(changes(await tree.plan())).toEqual({});
    expect(fullReads(sandbox)).toEqual([]);
    return pushed;
  };

  /** Saves `uid` as another client would after `edit` of its spec: a PUT of the object read at the release's v1 version. */
  const savedElsewhere = async (sandbox: SandboxHandle, grafanaVersion: '12' | '13', uid: string, edit: (spec: Json) => void) => {
    const current = (await apiRequest(sandbox, 'GET', object(grafanaVersion, uid))).body;
    edit(current.spec);
    expect((await apiRequest(sandbox, 'PUT', object(grafanaVersion, uid), current)).status).toBe(200);
  };

  // The record patch after a v1-family write is needed only where Grafana's cleanup runs before the steps (commit 6c4e990f,
  // which no release read ships; SandboxOptions.cleanupBeforeSteps): its answer holds step output the next write removes.
  it.each([
    { form: 'the cleanup before the steps (opted into)', cleanupBeforeSteps: true, created: { generation: 2, recorded: 2 }, updatePatches: 1 },
    { form: 'the cleanup after the steps (13 as shipped)', cleanupBeforeSteps: false, created: { generation: 1, recorded: 1 }, updatePatches: 0 },
  ])("on 13 with $form, a hidden constant (V27's options): a create bound by its one record patch, an update by $updatePatches; a label written after keeps the generation and reads as a labels edit", async ({ cleanupBeforeSteps, created, updatePatches }) => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13', cleanupBeforeSteps });
    const tree = await workspace(sandbox, { c: withConstant('c') });
    expect(await tree.apply()).toMatchObject({ created: ['c'], conflicts: [], failures: [] });
    expect(patches(sandbox)).toBe(1);
    expect(await bound(sandbox, '13', 'c')).toEqual(created);

    const pushed = await updatedAtPatches(sandbox, tree, 'c', withConstant('c', { description: 'changed in git' }), updatePatches);

    // kubectl label: Grafana's spec is settled, so the generation stays the recorded one.
    const labelled = await apiRequest(sandbox, 'PATCH', object('13', 'c'), { metadata: { labels: { team: 'web' } } }, MERGE);
    expect(labelled.body.metadata.generation).toBe(pushed.generation);
    const plan = await tree.plan();
    expect(changes(plan)).toEqual({ c: ['metadata.labels.team'] });
    // Grafana holds it migrated already (the push was): no schema migration note again (walk-69 L6).
    expect(plan.warnings.map(describeWarning)).toEqual([expect.stringMatching(/^drift: c "C": its labels or annotations were changed in Grafana/)]);
  });

  it("on 13, a file below schemaVersion 27 whose collapsed row holds a repeated copy, with a top-level repeatByRow copy (V27 drops both): a UI edit after the push plans as that edit, not as the copies too", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const stat = (id: number, title: string, extra: Json = {}) => ({ id, title, type: 'stat', gridPos: { h: 8, w: 12, x: 0, y: id }, ...extra });
    const row = { ...stat(1, 'Row', { type: 'row', collapsed: true }), panels: [stat(2, 'Source', { repeat: 'host' }), stat(3, 'Copy', { repeatPanelId: 2 })] };
    const tree = await workspace(sandbox, { r: { uid: 'r', title: 'R', schemaVersion: 26, panels: [row, stat(4, 'By row', { repeatByRow: true })] } });
    expect(await tree.apply()).toMatchObject({ created: ['r'], conflicts: [], failures: [] });
    const stored = (await apiRequest(sandbox, 'GET', object('13', 'r'))).body;
    expect(stored.spec.panels.map((panel: Json) => [panel.title, (panel.panels ?? []).map((inner: Json) => inner.title)])).toEqual([['Row', ['Source']]]);
    // Someone edits the description in the UI: the plan shows that edit, not the copies Grafana dropped beside it.
    const edited = await apiRequest(sandbox, 'PUT', object('13', 'r'), { ...stored, spec: { ...stored.spec, description: 'from the UI' } });
    expect(edited.status).toBe(200);
    // Nor what the later steps wrote where the file says nothing (V28's stat options, V36's query on the row).
    expect(changes(await tree.plan())).toEqual({ r: ['description'] });
  });

  it("on 13 with a default datasource, a file at schemaVersion 30 whose panels name none: a UI edit after the push plans as that edit alone, not the datasources V36 gave them; one chosen in the UI still shows", async () => {
    const prom = { uid: 'prom', type: 'prometheus' };
    const loki = { uid: 'loki', type: 'loki' };
    const sandbox = await startTestSandbox({ grafanaVersion: '13', datasources: [{ ...prom, name: 'Prometheus', isDefault: true }, { ...loki, name: 'Loki' }] });
    const panel = (id: number, title: string, extra: Json) => ({ id, title, type: 'timeseries', gridPos: { h: 8, w: 12, x: 0, y: id * 8 }, ...extra });
    const file = {
      uid: 'd',
      title: 'D',
      schemaVersion: 30,
      panels: [
        panel(1, 'CPU', { targets: [{ expr: 'up', refId: 'A' }] }),
        panel(2, 'Logs', { targets: [{ expr: '{job="x"}', refId: 'A', datasource: loki }] }),
        panel(3, 'Notes', { type: 'text', options: { content: 'hello' } }),
      ],
    };
    const tree = await workspace(sandbox, { d: file });
    expect(await tree.apply()).toMatchObject({ created: ['d'], conflicts: [], failures: [] });
    expect(changes(await tree.plan())).toEqual({});
    const stored = (await apiRequest(sandbox, 'GET', object('13', 'd'))).body;
    // V36 gave each panel the instance's default, or its query's own.
    expect(stored.spec.panels.map((inner: Json) => inner.datasource)).toEqual([prom, loki, prom]);

    await savedElsewhere(sandbox, '13', 'd', (spec) => (spec.description = 'from the UI'));
    expect(changes(await tree.plan())).toEqual({ d: ['description'] });

    // Loki chosen in the UI for the CPU panel: a push would put the default back, so it shows.
    await savedElsewhere(sandbox, '13', 'd', (spec) => {
      spec.panels[0].datasource = loki;
      spec.panels[0].targets[0].datasource = loki;
    });
    expect(changes(await tree.plan())).toEqual({ d: ['description', 'panels[id=1 "CPU"].datasource', 'panels[id=1 "CPU"].targets[0].datasource'] });
  });

  it.each([
    { known: 'a default datasource', isDefault: true },
    { known: 'no default datasource it can name', isDefault: false },
  ])("on 13 with $known, a file at schemaVersion 30 whose collapsed row holds a panel without datasource or queries (V36 leaves it so): a datasource and query chosen for it in the UI show, a push would remove them", async ({ isDefault }) => {
    const prom = { uid: 'prom', type: 'prometheus' };
    const sandbox = await startTestSandbox({ grafanaVersion: '13', datasources: [{ ...prom, name: 'Prometheus', isDefault }] });
    const notes = { id: 2, title: 'T', type: 'text', gridPos: { h: 8, w: 12, x: 0, y: 1 }, options: { content: 'hello' } };
    const row = { id: 1, title: 'R', type: 'row', collapsed: true, gridPos: { h: 1, w: 24, x: 0, y: 0 }, panels: [notes] };
    const tree = await workspace(sandbox, { d: { uid: 'd', title: 'D', schemaVersion: 30, panels: [row] } });
    expect(await tree.apply()).toMatchObject({ created: ['d'], conflicts: [], failures: [] });
    expect(changes(await tree.plan())).toEqual({});
    const stored = (await apiRequest(sandbox, 'GET', object('13', 'd'))).body;
    expect([stored.spec.panels[0].panels[0].datasource ?? null, stored.spec.panels[0].panels[0].targets ?? null]).toEqual([null, null]);

    // "Pin the data source" in the UI: the panel and its one query name Prometheus.
    await savedElsewhere(sandbox, '13', 'd', (spec) => {
      spec.panels[0].panels[0].datasource = prom;
      spec.panels[0].panels[0].targets = [{ refId: 'A', datasource: prom }];
    });
    expect(changes(await tree.plan())).toEqual({ d: ['panels[id=1 "R"].panels[id=2 "T"].datasource', 'panels[id=1 "R"].panels[id=2 "T"].targets'] });
  });

  // The panel is found from the change's path: also by a title holding `]`, and by place for a panel the file numbers none.
  it.each([
    { named: 'an id', panel: { id: 1, title: 'P' }, path: 'panels[id=1 "P"]' },
    { named: 'a title holding a bracket', panel: { id: 1, title: 'CPU [%]' }, path: 'panels[id=1 "CPU [%]"]' },
    { named: 'no id of its own', panel: { title: 'P' }, path: 'panels[0]' },
  ])("on 13, a file at schemaVersion 30 whose panel (with $named) names no datasource, saved in the UI (which keeps V36's default), after the default changed: the plan shows the panel moving to the new default, not losing its datasource", async ({ panel, path }) => {
    const prom = { uid: 'prom', type: 'prometheus' };
    const loki = { uid: 'loki', type: 'loki' };
    const dataFile = join(await mkdtemp(join(tmpdir(), 'dashsync-default-moved-')), 'grafana.json');
    onTestFinished(() => rm(dirname(dataFile), { recursive: true, force: true }));
    const datasources = (isDefault: 'prom' | 'loki') => [{ ...prom, name: 'Prometheus', isDefault: isDefault === 'prom' }, { ...loki, name: 'Loki', isDefault: isDefault === 'loki' }];
    const file = { uid: 'd', title: 'D', schemaVersion: 30, panels: [{ ...panel, type: 'timeseries', gridPos: { h: 8, w: 12, x: 0, y: 0 }, targets: [{ expr: 'up', refId: 'A' }] }] };
    const before = await startTestSandbox({ grafanaVersion: '13', dataFile, datasources: datasources('prom') });
    expect(await (await workspace(before, { d: file })).apply()).toMatchObject({ created: ['d'], conflicts: [], failures: [] });
    await savedElsewhere(before, '13', 'd', (spec) => (spec.description = 'from the UI'));
    await before.close();

    const after = await startTestSandbox({ grafanaVersion: '13', dataFile, datasources: datasources('loki') });
    const [action] = dashboardActions(await (await workspace(after, { d: file })).plan());
    expect(action!.changes.filter((change) => change.path !== 'description')).toEqual([
      { path: `${path}.datasource`, kind: 'changed', before: prom, after: loki },
      { path: `${path}.targets[0].datasource`, kind: 'changed', before: prom, after: loki },
    ]);
  });

  it("on 13 with a default datasource a proxy keeps from the plan (401 on /api/frontend/settings), a file at schemaVersion 30 whose panel names none: the plan goes on, shows the datasource V36 gave it as before, and says why", async () => {
    const prom = { uid: 'prom', type: 'prometheus' };
    const sandbox = await startTestSandbox({ grafanaVersion: '13', datasources: [{ ...prom, name: 'Prometheus', isDefault: true }] });
    const file = { uid: 'd', title: 'D', schemaVersion: 30, panels: [{ id: 1, title: 'CPU', type: 'timeseries', gridPos: { h: 8, w: 12, x: 0, y: 0 }, targets: [{ expr: 'up', refId: 'A' }] }] };
    expect(await (await workspace(sandbox, { d: file })).apply()).toMatchObject({ created: ['d'], conflicts: [], failures: [] });
    await savedElsewhere(sandbox, '13', 'd', (spec) => (spec.description = 'from the UI'));

    const tree = await workspace(sandbox, { d: file });
    sandbox.setFaults({ errorRate: 1, errorStatus: 401, pathPrefix: '/api/frontend/settings' });
    const plan = await tree.plan();
    expect(changes(plan)).toEqual({ d: ['description', 'panels[id=1 "CPU"].datasource'] });
    expect(plan.warnings.map(describeWarning).filter((line) => line.includes('data sources not read'))).toEqual([
      "data sources not read (GET /api/frontend/settings: HTTP 401): the data source change shown for a panel, annotation or variable of d whose file names none, or names one by its name, may be only what Grafana gives it (its default, or the data source of that name: its migration, or a save in the v2 editor); a push gives it that again",
    ]);
    expect(sandbox.requests().filter((r) => r.path === '/api/frontend/settings')).toHaveLength(1);
  });

  // Dashboards exported before Grafana 8.3 name their data sources by name: V33 (panels, queries) and V36 (annotations)
  // resolve the names against the org's data sources, which dashsync reads from the same settings as the default.
  it("on 13 with data sources, a file at schemaVersion 30 whose panel, query and annotation name theirs by name: what V33 and V36 resolve them to is no change after a UI edit elsewhere; with the settings refused (401) it shows, and a note says why", async () => {
    const prom = { uid: 'prom', type: 'prometheus' };
    const loki = { uid: 'loki', type: 'loki' };
    const sandbox = await startTestSandbox({ grafanaVersion: '13', datasources: [{ ...prom, name: 'Prometheus', isDefault: true }, { ...loki, name: 'Loki' }] });
    const panel = { id: 1, title: 'CPU', type: 'timeseries', gridPos: { h: 8, w: 24, x: 0, y: 0 }, datasource: 'Prometheus', targets: [{ expr: 'up', refId: 'A' }, { expr: '{job="x"}', refId: 'B', datasource: 'Loki' }] };
    const file = { ...model('d'), schemaVersion: 30, panels: [panel], annotations: { list: [{ datasource: 'Loki', enable: true, expr: '{job="deploy"}', name: 'Deploys' }] } };
    expect(await (await workspace(sandbox, { d: file })).apply()).toMatchObject({ created: ['d'], conflicts: [], failures: [] });
    const stored = (await apiRequest(sandbox, 'GET', object('13', 'd'))).body.spec;
    expect([stored.panels[0].datasource, ...stored.panels[0].targets.map((target: Json) => target.datasource), stored.annotations.list[1].datasource]).toEqual([prom, prom, loki, loki]);
    await savedElsewhere(sandbox, '13', 'd', (spec) => (spec.description = 'from the UI'));
    expect(changes(await (await workspace(sandbox, { d: file })).plan())).toEqual({ d: ['description'] });

    const tree = await workspace(sandbox, { d: file });
    sandbox.setFaults({ errorRate: 1, errorStatus: 401, pathPrefix: '/api/frontend/settings' });
    const plan = await tree.plan();
    expect(changes(plan)).toEqual({
      d: ['annotations.list[name="Deploys"].datasource', 'description', 'panels[id=1 "CPU"].datasource', 'panels[id=1 "CPU"].targets[0].datasource', 'panels[id=1 "CPU"].targets[1].datasource'],
    });
    expect(plan.warnings.map(describeWarning).filter((line) => line.includes('data sources not read'))).toEqual([
      "data sources not read (GET /api/frontend/settings: HTTP 401): the data source change shown for a panel, annotation or variable of d whose file names none, or names one by its name, may be only what Grafana gives it (its default, or the data source of that name: its migration, or a save in the v2 editor); a push gives it that again",
    ]);
  });

  // 12.0–12.2 resolve a name and find the default among every org's data sources (before PR #110447): what V33/V36 took
  // from another org is no data source these credentials see, so it shows after a UI edit elsewhere, and a note says a
  // push gives it that again; 12.3 resolves among the org's own, which the plan reads.
  it.each([
    { release: '12.1.0', everyOrg: true },
    { release: '12.3.2', everyOrg: false },
  ])("on $release with two orgs, a file at schemaVersion 30 whose panel names no data source and whose other names one only the second org has: after a UI edit elsewhere, the data sources Grafana's migration took from the second org (12.0-12.2) show with a note that a push gives them that again; from the org's own, no change", async ({ release, everyOrg }) => {
    const sandbox = await startTestSandbox({
      grafanaVersion: '12',
      release,
      datasources: [
        { uid: 'graphite-2', name: 'Graphite', type: 'graphite', isDefault: true, orgId: 2 },
        { uid: 'prom-1', name: 'Prometheus', type: 'prometheus', isDefault: true },
        { uid: 'loki-2', name: 'Loki', type: 'loki', orgId: 2 },
      ],
    });
    expect((await apiRequest(sandbox, 'POST', '/api/orgs', { name: 'Second' })).status).toBe(200);
    const panel = (id: number, title: string, extra: Json) => ({ id, title, type: 'timeseries', gridPos: { h: 8, w: 12, x: (id - 1) * 12, y: 0 }, targets: [{ expr: 'up', refId: 'A' }], ...extra });
    const file = { ...model('d'), schemaVersion: 30, panels: [panel(1, 'CPU', {}), panel(2, 'Logs', { datasource: 'Loki' })] };
    const tree = await workspace(sandbox, { d: file });
    expect(await tree.apply()).toMatchObject({ created: ['d'], conflicts: [], failures: [] });
    const stored = (await apiRequest(sandbox, 'GET', object('12', 'd'))).body.spec;
    expect(stored.panels.map((inner: Json) => inner.datasource)).toEqual(everyOrg ? [{ uid: 'graphite-2', type: 'graphite' }, { uid: 'loki-2', type: 'loki' }] : [{ uid: 'prom-1', type: 'prometheus' }, { uid: 'Loki' }]);
    expect(changes(await tree.plan())).toEqual({});

    await savedElsewhere(sandbox, '12', 'd', (spec) => (spec.description = 'from the UI'));
    const plan = await tree.plan();
    const notes = plan.warnings.map(describeWarning).filter((line) => line.includes('data sources of every org'));
    if (!everyOrg) {
      expect(changes(plan)).toEqual({ d: ['description'] });
      expect(notes).toEqual([]);
      return;
    }
    expect(changes(plan)).toEqual({
      d: ['description', 'panels[id=1 "CPU"].datasource', 'panels[id=1 "CPU"].targets[0].datasource', 'panels[id=2 "Logs"].datasource', 'panels[id=2 "Logs"].targets[0].datasource'],
    });
    expect(notes).toEqual([
      "data sources of every org: Grafana 12.1.0 resolves a data source a file names by its name, and the default it gives a panel or annotation naming none, among the data sources of every org on this instance, not only this one's (fixed in Grafana 12.3): the data source change shown for a panel or annotation of d whose file names none, or names one by its name, may be only another org's data source Grafana's migration gave it; a push gives it that again. Name each data source by its uid in the file ({\"uid\": …, \"type\": …}), or upgrade Grafana to 12.3 or later",
    ]);
  });

  // V33 leaves a query's "default" as it is and V36 then gives it the instance's default, whatever its panel holds; V36
  // walks the annotations by position; a collapsed row's panel without queries keeps V33's null for "default" (cleaned).
  it.each([
    {
      case: 'a panel naming none whose queries name Loki, then "default"',
      panels: [{ id: 1, title: 'P', type: 'timeseries', gridPos: { h: 8, w: 12, x: 0, y: 0 }, targets: [{ refId: 'A', datasource: 'Loki' }, { refId: 'B', datasource: 'default' }] }],
      held: (spec: Json) => [spec.panels[0].datasource, ...spec.panels[0].targets.map((target: Json) => target.datasource)],
      stored: [{ uid: 'prom', type: 'prometheus' }, { uid: 'loki', type: 'loki' }, { uid: 'prom', type: 'prometheus' }],
    },
    {
      case: 'a panel naming Loki whose query names "default"',
      panels: [{ id: 1, title: 'P', type: 'timeseries', datasource: 'Loki', gridPos: { h: 8, w: 12, x: 0, y: 0 }, targets: [{ refId: 'A', datasource: 'default' }] }],
      held: (spec: Json) => [spec.panels[0].datasource, ...spec.panels[0].targets.map((target: Json) => target.datasource)],
      stored: [{ uid: 'loki', type: 'loki' }, { uid: 'prom', type: 'prometheus' }],
    },
    {
      case: 'two annotations of the same name, the first naming Loki, the second none',
      panels: [],
      annotations: { list: [{ name: 'X', enable: true, datasource: 'Loki', expr: 'a' }, { name: 'X', enable: true, expr: 'b' }] },
      held: (spec: Json) => spec.annotations.list.slice(1).map((annotation: Json) => annotation.datasource),
      stored: [{ uid: 'loki', type: 'loki' }, { uid: 'prom', type: 'prometheus' }],
    },
    {
      case: 'a collapsed row\'s text panel without queries naming "default"',
      panels: [{ id: 1, title: 'R', type: 'row', collapsed: true, gridPos: { h: 1, w: 24, x: 0, y: 0 }, panels: [{ id: 2, title: 'T', type: 'text', datasource: 'default', gridPos: { h: 8, w: 12, x: 0, y: 1 }, options: { content: 'x' } }] }],
      held: (spec: Json) => [spec.panels[0].panels[0].datasource ?? 'none'],
      stored: ['none'],
    },
  ])('on 13 with data sources, a file at schemaVersion 30 with $case: what V33 and V36 make of "default" is no change after a UI edit elsewhere', async ({ panels, annotations, held, stored }) => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13', datasources: [{ uid: 'prom', type: 'prometheus', name: 'Prometheus', isDefault: true }, { uid: 'loki', type: 'loki', name: 'Loki' }] });
    const file = { uid: 'd', title: 'D', schemaVersion: 30, panels, ...(annotations === undefined ? {} : { annotations }) };
    const tree = await workspace(sandbox, { d: file });
    expect(await tree.apply()).toMatchObject({ created: ['d'], conflicts: [], failures: [] });
    expect(held((await apiRequest(sandbox, 'GET', object('13', 'd'))).body.spec)).toEqual(stored);
    await savedElsewhere(sandbox, '13', 'd', (spec) => (spec.description = 'from the UI'));
    expect(changes(await tree.plan())).toEqual({ d: ['description'] });
  });

  // Where no data source is the default, V36 resolves "default" as any other string: a data source of that name or uid,
  // else {uid: "default"}. The plan knows there is none when the settings it read list none as the default; where it
  // could not read them (401) the reference still shows.
  it.each([
    {
      case: 'a panel naming Loki whose query names "default"',
      datasources: [{ uid: 'loki', type: 'loki', name: 'Loki' }],
      file: { schemaVersion: 30, panels: [{ id: 1, title: 'P', type: 'timeseries', datasource: 'Loki', gridPos: { h: 8, w: 12, x: 0, y: 0 }, targets: [{ refId: 'A', expr: 'up', datasource: 'default' }] }] },
      held: (spec: Json) => spec.panels[0].targets.map((target: Json) => target.datasource),
      stored: [{ uid: 'default' }],
      // Unread, the panel's "Loki" cannot be resolved either.
      shown: ['panels[id=1 "P"].datasource', 'panels[id=1 "P"].targets[0].datasource'],
    },
    {
      case: 'an annotation naming "default"',
      datasources: [],
      file: { schemaVersion: 30, panels: [], annotations: { list: [{ name: 'Deploys', enable: true, datasource: 'default', expr: 'x' }] } },
      held: (spec: Json) => spec.annotations.list.slice(1).map((annotation: Json) => annotation.datasource),
      stored: [{ uid: 'default' }],
      shown: ['annotations.list[name="Deploys"].datasource'],
    },
    {
      case: 'a panel naming "default" whose query names none',
      datasources: [{ uid: 'loki', type: 'loki', name: 'Loki' }],
      file: { schemaVersion: 35, panels: [{ id: 1, title: 'P', type: 'timeseries', datasource: 'default', gridPos: { h: 8, w: 12, x: 0, y: 0 }, targets: [{ refId: 'A', expr: 'up' }] }] },
      held: (spec: Json) => [spec.panels[0].datasource, spec.panels[0].targets[0].datasource],
      stored: [{ uid: 'default' }, { uid: 'default' }],
      shown: ['panels[id=1 "P"].datasource', 'panels[id=1 "P"].targets[0].datasource'],
    },
  ])('on 13 without a default data source, $case: the {uid: "default"} V36 holds is no change after a UI edit elsewhere; with the settings refused (401) it shows', async ({ datasources, file, held, stored, shown }) => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13', datasources });
    const content = { uid: 'd', title: 'D', ...file };
    expect(await (await workspace(sandbox, { d: content })).apply()).toMatchObject({ created: ['d'], conflicts: [], failures: [] });
    expect(held((await apiRequest(sandbox, 'GET', object('13', 'd'))).body.spec)).toEqual(stored);
    await savedElsewhere(sandbox, '13', 'd', (spec) => (spec.description = 'from the UI'));
    expect(changes(await (await workspace(sandbox, { d: content })).plan())).toEqual({ d: ['description'] });

    const tree = await workspace(sandbox, { d: content });
    sandbox.setFaults({ errorRate: 1, errorStatus: 401, pathPrefix: '/api/frontend/settings' });
    expect(changes(await tree.plan())).toEqual({ d: [...shown, 'description'].sort() });
  });

  it("on 12.3 (its cleanup after the steps), a file at schemaVersion 26 with a singlestat at the top and one in a collapsed row: V28's conversion of each is no change after the push nor after a UI edit; an option set in the UI still shows", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12', release: '12.3.2' });
    const panel = (id: number, title: string, extra: Json) => ({ id, title, gridPos: { h: 8, w: 12, x: 0, y: id }, targets: [{ expr: 'up', refId: 'A' }], ...extra });
    const old = panel(2, 'Old', { type: 'singlestat', valueName: 'current', format: 'percent', thresholds: '50,80', colors: ['green', 'orange', 'red'], sparkline: { show: true } });
    const row = { collapsed: true, gridPos: { h: 1, w: 24, x: 0, y: 0 }, id: 1, title: 'Row', type: 'row', panels: [old] };
    const file = { uid: 's', title: 'S', schemaVersion: 26, panels: [row, panel(10, 'Top', { type: 'singlestat', valueName: 'max' })] };
    const tree = await workspace(sandbox, { s: file });
    expect(await tree.apply()).toMatchObject({ created: ['s'], conflicts: [], failures: [] });
    expect(changes(await tree.plan())).toEqual({});

    // 12.3 stored both singlestats as V28 converts them: its cleanup, which would rename the top-level one, runs after.
    const stored = (await apiRequest(sandbox, 'GET', object('12', 's'))).body;
    const inner = stored.spec.panels[0].panels[0];
    expect(inner).toMatchObject({ type: 'stat', pluginVersion: '1.0.0', options: { graphMode: 'area', reduceOptions: { calcs: ['lastNotNull'] } }, fieldConfig: { defaults: { unit: 'percent' } } });
    expect(inner.autoMigrateFrom).toBeUndefined();
    expect(stored.spec.panels[1]).toMatchObject({ type: 'stat', pluginVersion: '1.0.0', options: { reduceOptions: { calcs: ['max'] } } });
    expect(stored.spec.panels[1].autoMigrateFrom).toBeUndefined();

    await savedElsewhere(sandbox, '12', 's', (spec) => (spec.description = 'from the UI'));
    expect(changes(await tree.plan())).toEqual({ s: ['description'] });
    // An option of the converted panel set in the UI: a push would convert the singlestat again, so it shows.
    await savedElsewhere(sandbox, '12', 's', (spec) => (spec.panels[0].panels[0].options.colorMode = 'background'));
    expect(changes(await tree.plan())).toEqual({ s: ['description', 'panels[id=1 "Row"].panels[id=2 "Old"].options'] });
  });

  it("on 13, a file at schemaVersion 16 (grafonnet's) whose multi-value variable has a single current and whose query variable never refreshes: V23's list and V29's refresh are no change after a UI edit", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const variable = { name: 'namespace', type: 'custom', query: 'a,b', multi: true, includeAll: true, current: { text: 'All', value: '$__all' } };
    const job = { name: 'job', type: 'query', query: 'label_values(up, job)', refresh: 0, multi: false, current: { text: 'node', value: 'node' }, options: [{ selected: true, text: 'node', value: 'node' }] };
    const file = { ...model('v'), schemaVersion: 16, templating: { list: [variable, job] } };
    const tree = await workspace(sandbox, { v: file });
    expect(await tree.apply()).toMatchObject({ created: ['v'], conflicts: [], failures: [] });
    const stored = (await apiRequest(sandbox, 'GET', object('13', 'v'))).body;
    expect(stored.spec.templating.list[0].current).toEqual({ text: ['All'], value: ['$__all'] });
    expect(stored.spec.templating.list[1]).toMatchObject({ refresh: 1, options: [] });
    await savedElsewhere(sandbox, '13', 'v', (spec) => (spec.description = 'from the UI'));
    expect(changes(await tree.plan())).toEqual({ v: ['description'] });
  });

  // grafonnet-era panels: V17 (minSpan), V19 (panel links), V20 (data-link variables) and V26 (text2) rewrite them on every
  // v1-family save of the file; a collapsed row's panels too from 13.2 (PR #128476).
  it.each([
    { grafanaVersion: '12', release: '12.3.2', nested: false },
    { grafanaVersion: '13', release: '13.0.2', nested: false },
    { grafanaVersion: '13', release: '13.2.0', nested: true },
  ] as const)("on $release, a file at schemaVersion 16 with legacy panel links, minSpan, old data-link variables and a text2 panel: what V17–V26 make of them is no change after a UI edit; a link edited in the UI still shows", async ({ grafanaVersion, release, nested }) => {
    const sandbox = await startTestSandbox({ grafanaVersion, release });
    const legacy = (id: number, y: number) => ({
      id,
      title: `CPU ${id}`,
      type: 'graph',
      gridPos: { h: 8, w: 12, x: 0, y },
      minSpan: 8,
      links: [{ dashboard: 'Node Exporter / Nodes', keepTime: true, includeVars: true, targetBlank: false, title: 'Nodes', type: 'dashboard' }],
      options: { dataLinks: [{ title: 'Series', url: 'https://example.com/?s=$__series_name' }] },
      targets: [{ expr: 'up', refId: 'A' }],
    });
    const text2 = { id: 3, title: 'Notes', type: 'text2', gridPos: { h: 4, w: 12, x: 12, y: 0 }, options: { angular: false, content: '# Hi', mode: 'markdown' } };
    const row = { id: 4, title: 'More', type: 'row', collapsed: true, gridPos: { h: 1, w: 24, x: 0, y: 16 }, panels: [legacy(5, 17)] };
    const file = { uid: 'g', title: 'G', schemaVersion: 16, panels: [legacy(1, 0), text2, row] };
    const tree = await workspace(sandbox, { g: file });
    expect(await tree.apply()).toMatchObject({ created: ['g'], conflicts: [], failures: [] });

    const stored = (await apiRequest(sandbox, 'GET', object(grafanaVersion, 'g'))).body.spec;
    const migrated = { maxPerRow: 3, links: [{ title: 'Nodes', url: 'dashboard/db/node-exporter-nodes?$__url_time_range&$__all_variables' }] };
    expect(stored.panels[0]).toMatchObject({ ...migrated, options: { dataLinks: [{ title: 'Series', url: 'https://example.com/?s=${__series.name}' }] } });
    expect(stored.panels[0]).not.toHaveProperty('minSpan');
    expect(stored.panels[1]).toMatchObject({ id: 3, type: 'text', options: { content: '# Hi', mode: 'markdown' } });
    expect(stored.panels[1].options).not.toHaveProperty('angular');
    expect(stored.panels[2].panels[0]).toMatchObject(nested ? migrated : { minSpan: 8, links: legacy(5, 17).links });
    expect(changes(await tree.plan())).toEqual({});

    await savedElsewhere(sandbox, grafanaVersion, 'g', (spec) => (spec.description = 'from the UI'));
    expect(changes(await tree.plan())).toEqual({ g: ['description'] });
    await savedElsewhere(sandbox, grafanaVersion, 'g', (spec) => (spec.panels[0].links[0].title = 'All nodes'));
    // Shown as the file's link with another title, which is what pushing the file would change.
    expect(changes(await tree.plan())).toEqual({ g: ['description', 'panels[id=1 "CPU 1"].links[0].title'] });
  });

  // grafonnet's tablePanel: an Angular table (styles, transform, columns) that V24 converts on every v1-family save (the
  // cleanup then drops the base threshold step's `value: null`).
  it('on 13, a file at schemaVersion 16 with a grafonnet-style table: what V24 makes of it is no change after a UI edit elsewhere; an edit of the table still shows', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const table = {
      id: 1,
      title: 'Pods',
      type: 'table',
      gridPos: { h: 8, w: 24, x: 0, y: 0 },
      columns: [{ text: 'Current', value: 'current' }],
      transform: 'timeseries_aggregations',
      styles: [
        { alias: 'Time', dateFormat: 'YYYY-MM-DD HH:mm:ss', pattern: 'Time', type: 'hidden' },
        { alias: 'CPU', colorMode: null, colors: [], decimals: 2, pattern: 'Value', thresholds: [], type: 'number', unit: 'short', link: true, linkUrl: '/d/pod?var-pod=$__cell', linkTooltip: 'Drill down' },
        { alias: '', colorMode: 'value', colors: ['green', 'orange', 'red'], decimals: 2, pattern: '/.*/', thresholds: ['80', '90'], type: 'number', unit: 'short' },
      ],
      targets: [{ expr: 'sum by (pod) (rate(cpu[5m]))', format: 'table', instant: true, refId: 'A' }],
    };
    const file = { uid: 't', title: 'T', schemaVersion: 16, panels: [table] };
    const tree = await workspace(sandbox, { t: file });
    expect(await tree.apply()).toMatchObject({ created: ['t'], conflicts: [], failures: [] });
    const stored = (await apiRequest(sandbox, 'GET', object('13', 't'))).body.spec;
    expect(stored.panels[0]).toMatchObject({ type: 'table', pluginVersion: '13.0.2', transformations: [{ id: 'reduce', options: { reducers: ['lastNotNull'] } }] });
    expect(stored.panels[0]).not.toHaveProperty('styles');
    expect(changes(await tree.plan())).toEqual({});

    await savedElsewhere(sandbox, '13', 't', (spec) => (spec.description = 'from the UI'));
    expect(changes(await tree.plan())).toEqual({ t: ['description'] });
    await savedElsewhere(sandbox, '13', 't', (spec) => (spec.panels[0].fieldConfig.defaults.unit = 'percent'));
    expect(changes(await tree.plan())).toEqual({ t: ['description', 'panels[id=1 "Pods"].fieldConfig'] });
  });

  // grafonnet's `datasource: "$datasource"` (a variable's name as a string): V33 looks it up by name, finds no data source and
  // writes `{uid: "$datasource"}`; V36 copies that into each query without one. A push of the file writes the same again.
  it('on 13, a file at schemaVersion 16 (grafonnet\'s) whose timeseries, table and collapsed row\'s panel name "$datasource": what V33 and V36 make of the name is no change after a UI edit elsewhere; a data source chosen in the UI still shows', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const targets = [{ expr: 'up', refId: 'A' }, { expr: 'up', refId: 'B', datasource: '$datasource' }];
    const series = { id: 1, title: 'Pods', type: 'timeseries', gridPos: { h: 8, w: 24, x: 0, y: 0 }, datasource: '$datasource', targets };
    const table = {
      id: 2,
      title: 'Table',
      type: 'table',
      gridPos: { h: 8, w: 24, x: 0, y: 8 },
      datasource: '$datasource',
      columns: [],
      transform: 'table',
      styles: [{ alias: 'Time', pattern: 'Time', type: 'date' }],
      targets: [{ expr: 'sum by (pod) (up)', format: 'table', instant: true, refId: 'A' }],
    };
    const inner = { ...series, id: 4, title: 'Inner', gridPos: { h: 8, w: 24, x: 0, y: 17 } };
    const row = { id: 3, title: 'More', type: 'row', collapsed: true, gridPos: { h: 1, w: 24, x: 0, y: 16 }, panels: [inner] };
    const file = { uid: 't', title: 'T', schemaVersion: 16, panels: [series, table, row] };
    const tree = await workspace(sandbox, { t: file });
    expect(await tree.apply()).toMatchObject({ created: ['t'], conflicts: [], failures: [] });
    const stored = (await apiRequest(sandbox, 'GET', object('13', 't'))).body.spec;
    const variable = { uid: '$datasource' };
    for (const panel of [stored.panels[0], stored.panels[1], stored.panels[2].panels[0]]) {
      expect([panel.datasource, ...panel.targets.map((target: Json) => target.datasource)]).toEqual(panel.type === 'table' ? [variable, variable] : [variable, variable, variable]);
    }
    expect(changes(await tree.plan())).toEqual({});

    await savedElsewhere(sandbox, '13', 't', (spec) => (spec.description = 'from the UI'));
    expect(changes(await tree.plan())).toEqual({ t: ['description'] });
    // Prometheus chosen in the UI for the timeseries: a push would put the variable back, so it shows.
    await savedElsewhere(sandbox, '13', 't', (spec) => (spec.panels[0].datasource = { uid: 'prom', type: 'prometheus' }));
    expect(changes(await tree.plan())).toEqual({ t: ['description', 'panels[id=1 "Pods"].datasource'] });
  });

  // V36 gives every annotation a datasource: grafonnet's annotation.datasource ("$datasource") and grafonnet-lib's built-in
  // one ("-- Grafana --") are strings no data source answers to, held as `{uid: s}`; one the file names none for gets the
  // instance's default, or null where there is none.
  it.each([
    { known: 'no data source', datasources: [], given: null },
    { known: 'a default data source', datasources: [{ uid: 'prom', type: 'prometheus', name: 'Prometheus', isDefault: true }], given: { uid: 'prom', type: 'prometheus' } },
  ])('on 13 with $known, a file at schemaVersion 16 whose annotations name their data source by a string, or name none: what V36 makes of them is no change after a UI edit elsewhere; an annotation edited in the UI still shows', async ({ datasources, given }) => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13', datasources });
    const builtIn = { builtIn: 1, datasource: '-- Grafana --', enable: true, hide: true, iconColor: 'rgba(0, 211, 255, 1)', name: 'Annotations & Alerts', type: 'dashboard' };
    const deploys = { datasource: '$datasource', enable: true, expr: 'changes(deploy_time[5m]) > 0', iconColor: 'red', name: 'Deploys' };
    const alerts = { enable: true, expr: 'ALERTS', iconColor: 'orange', name: 'Alerts' };
    const file = { ...model('a'), schemaVersion: 16, annotations: { list: [builtIn, deploys, alerts] } };
    const tree = await workspace(sandbox, { a: file });
    expect(await tree.apply()).toMatchObject({ created: ['a'], conflicts: [], failures: [] });
    const stored = (await apiRequest(sandbox, 'GET', object('13', 'a'))).body.spec;
    expect(stored.annotations.list.map((annotation: Json) => annotation.datasource)).toEqual([{ uid: '-- Grafana --' }, { uid: '$datasource' }, given]);
    expect(changes(await tree.plan())).toEqual({});

    await savedElsewhere(sandbox, '13', 'a', (spec) => (spec.description = 'from the UI'));
    expect(changes(await tree.plan())).toEqual({ a: ['description'] });
    await savedElsewhere(sandbox, '13', 'a', (spec) => {
      spec.annotations.list[1].iconColor = 'blue';
      spec.annotations.list[2].datasource = { uid: 'loki', type: 'loki' };
    });
    expect(changes(await tree.plan())).toEqual({ a: ['annotations.list[name="Deploys"].iconColor', 'annotations.list[name="Alerts"].datasource', 'description'] });
  });

  // PR #128476 (13.2 on, by date): V17–V26 and V35 reach a collapsed row's panels too; the sandbox has V35's content.
  it.each([
    { release: '13.0.2', nestedOverride: false },
    { release: '13.2.0', nestedOverride: true },
  ])("on $release, a file at schemaVersion 26 whose collapsed row holds a singlestat, a stat and a timeseries with hidden axes: no change after the push, and a UI edit after it plans as that edit alone", async ({ release, nestedOverride }) => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13', release });
    const panel = (id: number, title: string, extra: Json) => ({ id, title, gridPos: { h: 8, w: 12, x: 0, y: id }, targets: [{ expr: 'up', refId: 'A' }], ...extra });
    const hiddenAxes = { defaults: { custom: { axisPlacement: 'hidden' } }, overrides: [] };
    const row = {
      collapsed: true,
      gridPos: { h: 1, w: 24, x: 0, y: 0 },
      id: 1,
      title: 'Row',
      type: 'row',
      panels: [panel(2, 'Old', { type: 'singlestat', valueName: 'avg', format: 'percent' }), panel(3, 'Stat', { type: 'stat' }), panel(4, 'Axes', { type: 'timeseries', fieldConfig: hiddenAxes })],
    };
    const file = { uid: 'r', title: 'R', schemaVersion: 26, panels: [row, panel(10, 'Top', { type: 'timeseries', fieldConfig: hiddenAxes })] };
    const tree = await workspace(sandbox, { r: file });
    expect(await tree.apply()).toMatchObject({ created: ['r'], conflicts: [], failures: [] });
    expect(changes(await tree.plan())).toEqual({});

    // What the release stored: V35's override on the top-level timeseries, and on the row's only with PR #128476.
    const stored = (await apiRequest(sandbox, 'GET', object('13', 'r'))).body;
    const timeAxis = [{ matcher: { id: 'byType', options: 'time' }, properties: [{ id: 'custom.axisPlacement', value: 'auto' }] }];
    expect(stored.spec.panels.map((inner: Json) => inner.title)).toEqual(['Row', 'Top']);
    expect(stored.spec.panels[1].fieldConfig.overrides).toEqual(timeAxis);
    expect(stored.spec.panels[0].panels[2].fieldConfig.overrides).toEqual(nestedOverride ? timeAxis : []);
    expect(stored.spec.panels[0].panels[1].options).toMatchObject({ textMode: 'auto', wideLayout: true });
    expect(stored.spec.panels[0].targets).toEqual([{ datasource: {}, refId: 'A' }]);

    await savedElsewhere(sandbox, '13', 'r', (spec) => (spec.description = 'from the UI'));
    expect(changes(await tree.plan())).toEqual({ r: ['description'] });
    // A real edit of a step's key still shows: the stat's text mode set in the UI.
    await savedElsewhere(sandbox, '13', 'r', (spec) => (spec.panels[0].panels[1].options.textMode = 'value'));
    expect(changes(await tree.plan())).toEqual({ r: ['description', 'panels[id=1 "Row"].panels[id=3 "Stat"].options'] });
  });

  // fidelity-55's leftover: V40 writes `refresh: ""` where the file has none, and the plan showed it as removed once edited.
  it.each([42, 39])('on 13, a file at schemaVersion %i without a refresh key, edited in the UI after the push, plans as that edit alone', async (schemaVersion) => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const { refresh: _refresh, ...file } = model('n', { schemaVersion });
    const tree = await workspace(sandbox, { n: file });
    expect(await tree.apply()).toMatchObject({ created: ['n'], conflicts: [], failures: [] });
    const stored = (await apiRequest(sandbox, 'GET', object('13', 'n'))).body;
    const edited = await apiRequest(sandbox, 'PUT', object('13', 'n'), { ...stored, spec: { ...stored.spec, description: 'from the UI' } });
    expect(edited.status).toBe(200);
    expect(changes(await tree.plan())).toEqual({ n: ['description'] });
    // An auto-refresh set in the UI is a change still.
    const current = (await apiRequest(sandbox, 'GET', object('13', 'n'))).body;
    expect((await apiRequest(sandbox, 'PUT', object('13', 'n'), { ...current, spec: { ...current.spec, refresh: '1m' } })).status).toBe(200);
    expect(changes(await tree.plan())).toEqual({ n: ['description', 'refresh'] });
  });

  it('on 12.2 (unified storage; its migration runs no cleanup, its answer says so), a step\'s null costs no patch: a create is bound by one, an update by none', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12', release: '12.2.0', storage: 'unified' });
    // Its panel names no datasource: V33 writes `datasource: null`, which 12.2 keeps.
    const tree = await workspace(sandbox, { n: model('n', { schemaVersion: 30 }) });
    expect(await tree.apply()).toMatchObject({ created: ['n'], conflicts: [], failures: [] });
    expect(patches(sandbox)).toBe(1);
    expect(await bound(sandbox, '12', 'n')).toEqual({ generation: 1, recorded: 1 });

    await tree.write('n', model('n', { schemaVersion: 30, description: 'changed in git' }));
    sandbox.clearRequests();
    expect(await tree.apply()).toMatchObject({ updated: ['n'], conflicts: [], failures: [] });
    expect(patches(sandbox)).toBe(0);
    expect(await bound(sandbox, '12', 'n')).toEqual({ generation: 2, recorded: 2 });
    sandbox.clearRequests();
    expect(changes(await tree.plan())).toEqual({});
    expect(fullReads(sandbox)).toEqual([]);
  });

  it.each([
    { form: 'the cleanup before the steps (opted into)', cleanupBeforeSteps: true, updatePatches: 1 },
    { form: 'the cleanup after the steps (13 as shipped)', cleanupBeforeSteps: false, updatePatches: 0 },
  ])("on 13 with a default datasource and $form, a library panel (V33/V36's datasource and targets, which the cleanup cuts away; no null left): an update bound by $updatePatches record patch(es)", async ({ cleanupBeforeSteps, updatePatches }) => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13', cleanupBeforeSteps, datasources: [{ uid: 'prom', name: 'Prometheus', type: 'prometheus', isDefault: true }] });
    expect((await apiRequest(sandbox, 'POST', '/api/library-elements', { uid: 'shared', name: 'Shared', kind: 1, model: { type: 'stat', title: 'Shared' } })).status).toBe(200);
    const withLibraryPanel = (extra: Json = {}): Json => ({
      ...model('l'),
      schemaVersion: 30,
      panels: [{ gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, libraryPanel: { name: 'Shared', uid: 'shared' }, title: 'Shared' }],
      ...extra,
    });
    const tree = await workspace(sandbox, { l: withLibraryPanel() });
    expect(await tree.apply()).toMatchObject({ created: ['l'], conflicts: [], failures: [] });
    const stored = (await apiRequest(sandbox, 'GET', object('13', 'l'))).body.spec;
    expect(JSON.stringify(stored)).not.toContain('null');
    await updatedAtPatches(sandbox, tree, 'l', withLibraryPanel({ description: 'changed in git' }), updatePatches);
  });

  it('on 13, a file written at v0alpha1 (not migrated) with a null is bound by the one patch its create needs', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const spec = { ...model('z'), panels: [{ datasource: null, gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, title: 'CPU', type: 'stat' }] };
    const tree = await workspace(sandbox, { z: { apiVersion: 'dashboard.grafana.app/v0alpha1', kind: 'Dashboard', metadata: { name: 'z' }, spec } });
    expect(await tree.apply()).toMatchObject({ created: ['z'], conflicts: [], failures: [] });
    expect(patches(sandbox)).toBe(1);
    const { metadata } = (await apiRequest(sandbox, 'GET', `/apis/dashboard.grafana.app/v0alpha1/namespaces/default/dashboards/z`)).body;
    expect(metadata.annotations['dashsync/pushed-generation']).toBe(String(metadata.generation));
  });
});
