import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { canonicalJson, generateDashboards } from '../../scripts/lib/generate-dashboards.mjs';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { readTree } from '../../src/files/read-tree.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { observedReads as observed } from '../helpers/observed-reads.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
type Json = Record<string, any>;

/**
 * A generated dashboard as Grafana 10+ writes a Prometheus query (`"legendFormat": "__auto"`), with `DS_` in
 * ordinary text (a description, a datasource uid): neither is an input, so the file's content is its text.
 */
function realDashboard(uid: string): Json {
  const { dashboard } = generateDashboards({ count: 1, seed: 11 })[0]!;
  const panels = (dashboard.panels as Json[]).map((panel) =>
    panel.targets ? { ...panel, targets: (panel.targets as Json[]).map((target) => ({ ...target, legendFormat: '__auto' })) } : panel,
  );
  return { ...dashboard, uid, title: 'Real', description: 'Migrated from the DS_PROMETHEUS export; see the runbook', panels: [...panels, { id: 99, type: 'timeseries', title: 'Main', datasource: { type: 'prometheus', uid: 'DS_main_prom' } }] };
}

describe('plan through /api of real dashboards: known from the answer\'s bytes when the file\'s content is its text', () => {
  it('describes a file with "__auto" legends and DS_ in ordinary text, and a no-change plan takes it from the answer\'s bytes; files whose inputs resolve or whose export keys drop are read in full and still plan right', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-model-text-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards'));
    const inputs = { uid: 'inputs', title: 'Inputs', panels: [{ id: 1, type: 'timeseries', title: 'CPU', datasource: { type: 'prometheus', uid: '${DS_PROM}' } }] };
    const exported = { __inputs: [{ name: 'DS_OTHER', type: 'datasource', pluginId: 'prometheus' }], __requires: [{ id: 'grafana', type: 'grafana', version: '11.0.0' }], title: 'Exported', uid: 'exported' };
    const files: Record<string, Json> = { real: realDashboard('real'), inputs, exported };
    for (const [name, model] of Object.entries(files)) await writeFile(join(dir, 'dashboards', `${name}.json`), canonicalJson(model));
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', inputs: { DS_PROM: 'prom-uid' } }));
    const settings = await loadSettings({ flags: { api: 'legacy' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });

    const { tree } = await readTree({ ...settings, describeModels: true });
    expect(tree.dashboards.map((entry) => [entry.uid, entry.modelText !== null])).toEqual([['exported', false], ['inputs', false], ['real', true]]);

    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    const applied = await applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false });
    expect(applied).toMatchObject({ conflicts: [], failures: [] });
    expect(applied.created).toHaveLength(3);

    const reads = observed(grafana);
    const again = await createPlan({ settings, grafana: reads.port, git: GIT });
    expect(again.summary).toMatchObject({ create: 0, update: 0, move: 0, delete: 0, unchanged: 3 });
    expect(reads.heads).toEqual(['real']);
    expect(reads.models.sort()).toEqual(['exported', 'inputs']);

    // Grafana holding the file's text as it stands (its placeholder not resolved) is a change: the text's digest must not decide it.
    const live = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/inputs')).body;
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...inputs, id: live.dashboard.id, version: live.dashboard.version } })).status).toBe(200);
    const drifted = await createPlan({ settings, grafana, git: GIT });
    expect(drifted.actions.filter((action) => action.action !== 'noop').map((action) => `${action.action} ${action.uid}`)).toEqual(['update inputs']);
  });
});
