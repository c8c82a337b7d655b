import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { dashboardActions, type Plan } from '../../src/plan/types.js';
import { observedReads } from '../helpers/observed-reads.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
type Json = Record<string, any>;

/** A workspace whose `dashboards/` holds these files (name → text), and the settings of a run against the sandbox. */
async function workspace(url: string, files: Record<string, string>, api: 'legacy' | 'k8s' = 'legacy') {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-shortcut-audit-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'dashboards', name), text);
  const settings = await loadSettings({ flags: { api }, env: { GRAFANA_URL: url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  return { dir, settings, grafana };
}

describe('plan against a Grafana that differs from the file in ways shortcuts could miss', () => {
  it('plans an update where Grafana holds `[]` and the file `{}` (a variable\'s current value), naming the field', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const model = (current: unknown): Json => ({ uid: 'vars', title: 'Vars', templating: { list: [{ name: 'env', type: 'custom', query: 'a,b', current }] } });
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: model([]), overwrite: true })).status).toBe(200);
    const { settings, grafana } = await workspace(sandbox.url, { 'vars.json': `${JSON.stringify(model({}), null, 2)}\n` });

    const plan = await createPlan({ settings, grafana, git: GIT });
    const action = plan.actions.find((candidate) => candidate.uid === 'vars')!;
    expect(action.action).toBe('update');
    expect(action.kind === 'dashboard' && action.changes).toEqual([{ path: 'templating.list[name="env"].current', kind: 'changed', before: [], after: {} }]);
  });

  it('plans no change for hostile texts Grafana holds as written, and every one-character change in Grafana as an update of that field, whichever way the plan decides (/api, 11.2, 12 and 13)', { timeout: 60_000 }, async () => {
    for (const grafanaVersion of ['11.2', '12', '13'] as const) {
      const sandbox = await startTestSandbox({ grafanaVersion });
      // Each file as written (raw text): what Go writes back may or may not be these bytes.
      const files: Record<string, string> = {
        // Keys Go sorts by bytes and JavaScript by UTF-16 units (U+E000 against an astral character), HTML characters and U+2028.
        'keys.json': '{"title":"A<b>&c\u2028d","uid":"keys","z\uE000":1,"z\u{1F600}":2,"zé":3}\n',
        // The very members Grafana adds, inside strings and nested objects.
        // (in Go's form, so that the answer's bytes decide it).
        'members.json': '{"description":"\\"id\\":5,\\"version\\":3,","panels":[{"id":1,"options":{"id":2,"version":4},"title":"P","type":"stat"}],"title":"Members","uid":"members"}\n',
        // HTML characters and U+2028, which Go escapes and JavaScript does not, in Go's key order.
        'html.json': '{"description":"<\u2029>","title":"H<b>&c\u2028d","uid":"html"}',
        // Numbers Go may write otherwise, and escapes it never writes. (A big integer as its float's
        // shortest form: one a float cannot hold is refused before any request, number-inexact.)
        'numbers.json': '{"a":1.0,"b":1e2,"c":-0,"d":12345678901234567000,"e":0.30000000000000004,"path":"a\\/b","title":"Numbers","uid":"numbers"}',
        // Nested keys out of order, empty containers, CRLF line ends.
        'nested.json': '{\r\n"links": [],\r\n"templating": {"list": []},\r\n"time": {"to": "now", "from": "now-6h"},\r\n"title": "Nested",\r\n"uid": "nested",\r\n"x": {}\r\n}\r\n',
        // Already in Go's form: the answer's bytes can be the file's.
        'plain.json': '{"panels":[{"gridPos":{"h":8,"w":12,"x":0,"y":0},"id":1,"targets":[{"expr":"up","refId":"A"}],"title":"CPU","type":"timeseries"}],"tags":["a","a"],"title":"Plain","uid":"plain"}\n',
      };
      const { settings, grafana } = await workspace(sandbox.url, files);
      const observedPort = observedReads(grafana);
      const applied = await applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false });
      expect(applied).toMatchObject({ conflicts: [], failures: [] });
      expect(applied.created).toHaveLength(6);

      const again = await createPlan({ settings, grafana: observedPort.port, git: GIT });
      expect(changes(again), grafanaVersion).toEqual({});
      // The plain file is known from the answer's bytes (the shortcut is exercised, not bypassed).
      expect(observedPort.heads.sort(), grafanaVersion).toEqual(['html', 'members', 'plain']);

      // One change at a time in Grafana, saved as /api saves: each must show as exactly that field.
      const edits: [string, (model: Json) => void, string][] = [
        ['keys', (m) => (m.title = 'A<b>&c\u2028e'), 'title'],
        ['keys', (m) => (m['z\u{1F600}'] = 3), '["z\u{1F600}"]'],
        ['members', (m) => (m.description = '"id":6,"version":3,'), 'description'],
        ['html', (m) => (m.description = '<\u2029)'), 'description'],
        ['html', (m) => (m.title = 'H<b>&c\u2029d'), 'title'],
        ['members', (m) => (m.panels[0].options.version = 5), 'panels[id=1 "P"].options.version'],
        ['numbers', (m) => (m.e = 0.3), 'e'],
        ['numbers', (m) => (m.path = 'a/c'), 'path'],
        ['nested', (m) => (m.x = []), 'x'],
        ['nested', (m) => (m.links = {}), 'links'],
        ['plain', (m) => (m.tags = ['a']), 'tags[1]'],
        ['plain', (m) => (m.panels[0].targets[0].refId = 'B'), 'panels[id=1 "CPU"].targets[0].refId'],
      ];
      for (const [uid, edit, path] of edits) {
        const live = (await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${uid}`)).body;
        const original = structuredClone(live.dashboard);
        edit(live.dashboard);
        expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: live.dashboard, overwrite: true })).status).toBe(200);
        const plan = await createPlan({ settings, grafana, git: GIT });
        expect(changes(plan), `${grafanaVersion} ${uid} ${path}`).toEqual({ [uid]: [path] });
        const current = (await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${uid}`)).body;
        expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...original, id: current.dashboard.id, version: current.dashboard.version } })).status).toBe(200);
      }
      expect(changes(await createPlan({ settings, grafana, git: GIT })), grafanaVersion).toEqual({});
    }
  });
});

/** uid → changed paths, for the dashboards a plan would write. */
function changes(plan: Plan): Record<string, string[]> {
  return Object.fromEntries(dashboardActions(plan).filter((a) => a.action !== 'noop').map((a) => [a.uid, a.changes.map((c) => c.path)]));
}

describe('/apis: a dashboard dashsync pushed, then edited in the UI, deleted and taken back from "Recently deleted" (unified storage)', () => {
  // Unified storage writes every create at generation 1 (apistore prepare.go), and the UI restores by creating the
  // deleted object again with its annotations (public/app/features/dashboard/api/utils.ts buildRestorePayload),
  // dashsync's record included: only the record's metadata.uid (dashsync/pushed-uid) tells the restored object apart.
  it('plans the UI edit the restored dashboard holds as an update, not as no change', { timeout: 30_000 }, async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13', storage: 'unified' });
    const model = { panels: [{ id: 1, title: 'CPU', type: 'stat' }], title: 'Restored', uid: 'restored' };
    const { settings, grafana } = await workspace(sandbox.url, { 'restored.json': `${JSON.stringify(model, null, 2)}\n` }, 'k8s');
    const applied = await applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false });
    expect(applied).toMatchObject({ conflicts: [], failures: [], created: ['restored'] });

    const ui = await fetch(`${sandbox.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: 'restored', spec: { description: 'edited in the UI' } }) });
    expect(ui.status).toBe(200);
    const base = '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards';
    expect((await apiRequest(sandbox, 'DELETE', `${base}/restored`)).status).toBe(200);
    const trash = (await apiRequest(sandbox, 'GET', `${base}?labelSelector=grafana.app/get-trash=true`)).body;
    const deleted = trash.items.find((item: Json) => item.metadata.name === 'restored');
    // What the UI's "Restore" sends: the deleted object, its metadata as listed, without a resourceVersion.
    const restored = await apiRequest(sandbox, 'POST', base, { ...deleted, metadata: { ...deleted.metadata, resourceVersion: '' } });
    expect(restored.status).toBe(201);
    expect(restored.body.metadata.generation).toBe(1);
    expect(restored.body.spec.description).toBe('edited in the UI');

    const plan = await createPlan({ settings, grafana, git: GIT });
    // Read and compared in full: the UI edit, with the fields Grafana's migration rewrote on dashsync's v1 create
    // (the restored object is not the one the record was made on, so the record vouches for none of them).
    expect(changes(plan).restored).toContain('description');
  });
});
