import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { dashboardActions, type Plan } from '../../src/plan/types.js';
import { renderPlan } from '../../src/report/render-plan.js';
import type { InstanceDatasource } from '../../src/sandbox/migration/instance-datasources.js';
import { startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 60_000 });

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'v2 variable type', actor: 'tester' };
const PROM: InstanceDatasource = { uid: 'prom-main', name: 'Prometheus', type: 'prometheus', isDefault: true };

/**
 * A classic file whose variables name no data source (a query variable without `datasource`, a datasource variable
 * without `query`), applied to 13, then saved in the dynamic-dashboards editor with a new description: the editor writes
 * the default data source's type as the query's `group` and the plugin, which Grafana's classic form gives back as
 * `datasource: {type}` and `query` (mig-64, src/sandbox/README.md "v2 and conversion").
 */
async function planAfterV2Save(datasources: InstanceDatasource[], variables: object[]): Promise<Plan> {
  const sandbox = await startTestSandbox({ grafanaVersion: '13', datasources });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-v2-variable-type-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'), { recursive: true });
  const model = {
    uid: 'vars-001',
    title: 'Variables 001',
    description: 'from git',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: variables },
    panels: [{ id: 1, type: 'timeseries', title: 'Up', gridPos: { x: 0, y: 0, w: 12, h: 8 }, datasource: { type: 'prometheus', uid: 'prom-main' }, targets: [{ refId: 'A', expr: 'up{job="$job"}' }] }],
    schemaVersion: 42,
  };
  await writeFile(join(dir, 'dashboards', 'vars-001.json'), `${JSON.stringify(model, null, 2)}\n`);
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards' }));
  const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  const plan = () => createPlan({ settings, grafana, git: GIT });
  expect(await applyPlan({ plan: await plan(), settings, grafana, message: 'dashsync: test', force: false })).toMatchObject({ conflicts: [], failures: [] });
  const saved = await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'vars-001', spec: { description: 'Edited in the new editor' } }) });
  expect(saved.status).toBe(200);
  return plan();
}

const apiVersion = { path: 'apiVersion', kind: 'changed', before: 'dashboard.grafana.app/v2', after: 'classic dashboard model' };
const description = { path: 'description', kind: 'changed', before: 'Edited in the new editor', after: 'from git' };
const changesOf = (plan: Plan) => dashboardActions(plan).find((action) => action.uid === 'vars-001')!.changes;

describe('a classic variable naming no data source, after a save in the dynamic-dashboards editor (mig-64)', () => {
  const unnamed = [
    { name: 'job', type: 'query', query: 'label_values(job)' },
    { name: 'source', type: 'datasource' },
  ];

  it('the data source type v2 gave it (the default one\'s) is no change: only the edit shows', async () => {
    const plan = await planAfterV2Save([PROM, { uid: 'loki-logs', name: 'Loki', type: 'loki' }], unnamed);
    expect(changesOf(plan)).toEqual([apiVersion, description]);
    expect(renderPlan(plan, 'text', { color: false })).not.toContain('templating');
  });

  it('without a default data source the type is "grafana", and that is no change either', async () => {
    const plan = await planAfterV2Save([], unnamed);
    expect(changesOf(plan)).toEqual([apiVersion, description]);
  });
});
