import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { dashboardActions, type Plan } from '../../src/plan/types.js';
import { renderPlan } from '../../src/report/render-plan.js';
import type { InstanceDatasource } from '../../src/sandbox/migration/instance-datasources.js';
import type { SandboxOptions } from '../../src/sandbox/types.js';
import { startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 60_000 });

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'v2 resave', actor: 'tester' };

/** The example tree applied, then redis-exporter (a classic file) saved in the dynamic-dashboards editor with a new description. */
async function planAfterV2Save(options: SandboxOptions, uid = 'redis-exporter'): Promise<Plan> {
  const sandbox = await startTestSandbox(options);
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-v2-resave-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await cp(join(REPO, 'dashboards'), join(dir, 'dashboards'), { recursive: true });
  await cp(join(REPO, 'dashsync.config.json'), join(dir, 'dashsync.config.json'));
  const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  const plan = () => createPlan({ settings, grafana, git: GIT });
  const applied = await applyPlan({ plan: await plan(), settings, grafana, message: 'dashsync: test', force: false });
  expect(applied).toMatchObject({ conflicts: [], failures: [] });
  const edit = await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid, spec: { description: 'Saved in the new editor' } }) });
  expect(edit.status).toBe(200);
  return plan();
}

const redis = (plan: Plan) => dashboardActions(plan).find((action) => action.uid === 'redis-exporter')!;

describe('a classic file whose dashboard was re-saved in the dynamic-dashboards (v2) editor', () => {
  it('on 13 the plan shows the content edit apply throws away, from Grafana\'s conversion, in text, markdown and JSON', async () => {
    const plan = await planAfterV2Save({ grafanaVersion: '13' });
    expect(redis(plan).action).toBe('update');
    const description = { path: 'description', kind: 'changed', before: 'Saved in the new editor', after: expect.stringMatching(/^redis_exporter dashboard/) };
    expect(redis(plan).changes).toEqual([{ path: 'apiVersion', kind: 'changed', before: 'dashboard.grafana.app/v2', after: 'classic dashboard model' }, description]);
    expect(plan.warnings).toContainEqual(expect.objectContaining({ kind: 'note', code: 'v2-content-converted', uid: 'redis-exporter' }));

    const text = renderPlan(plan, 'text', { color: false });
    expect(text).toMatch(/~ description: "Saved in the new editor" → "redis_exporter dashboard/);
    expect(text).toMatch(/redis-exporter "Redis" .*: Grafana stores this dashboard in another schema \(v2\); its field changes compare the file with Grafana's conversion/);
    expect(renderPlan(plan, 'markdown', { color: false })).toContain('- description: "Saved in the new editor"\n+ description: "redis_exporter dashboard');
    const json = JSON.parse(renderPlan(plan, 'json', { color: false })) as { warnings: { code?: string }[]; dashboards: { uid: string; changes: { path: string }[] }[] };
    expect(json.dashboards.find((action) => action.uid === 'redis-exporter')!.changes.map((change) => change.path)).toEqual(['apiVersion', 'description']);
    expect(json.warnings.map((warning) => warning.code)).toContain('v2-content-converted');
  });

  // No conversion form found to differ between 13.x releases in a way the classic model shows (src/sandbox/README.md,
  // "Which 13.x release carries which form"): the plan is the same against each.
  it.each(['13.0.0', '13.1.0'])("sandbox-v2-52: on %s the example tree's cluster overview (an auto interval variable, query variables) shows only the edit", async (release) => {
    const plan = await planAfterV2Save({ grafanaVersion: '13', release }, 'k8s-cluster-overview');
    const overview = dashboardActions(plan).find((action) => action.uid === 'k8s-cluster-overview')!;
    expect(overview.changes).toEqual([
      { path: 'apiVersion', kind: 'changed', before: 'dashboard.grafana.app/v2', after: 'classic dashboard model' },
      { path: 'description', kind: 'changed', before: 'Saved in the new editor', after: 'Capacity, workload health and network of one cluster.' },
    ]);
  });

  it('on 12, whose conversion to the classic model fails, one note says the content differences are not shown and how to see them', async () => {
    const plan = await planAfterV2Save({ grafanaVersion: '12' });
    expect(redis(plan).changes.map((change) => change.path)).toEqual(['apiVersion']);
    const note = plan.warnings.find((warning) => warning.kind === 'note' && warning.uid === 'redis-exporter');
    expect(note).toMatchObject({ code: 'v2-content-not-shown' });
    const text = renderPlan(plan, 'text', { color: false });
    expect(text).toContain(
      'content differences not shown: Grafana stores this dashboard in another schema (v2beta1) (Grafana\'s conversion to the classic model failed: backend conversion not yet implemented); dashsync pull redis-exporter && git diff shows them',
    );
  });
});

/**
 * Walk-through 16's repro (L-4): a classic file that leaves out what Grafana assumes (no editable, graphTooltip,
 * fiscalYearStartMonth, timepicker, timezone; queries without a datasource of their own), applied to 13, then saved in
 * the dynamic-dashboards editor with `edit`.
 */
async function planBareFileAfterV2Save(edit: Record<string, unknown>, file: { time?: false; templating?: unknown; panels?: object[] } = {}, datasources?: InstanceDatasource[], settingsRefused?: number): Promise<Plan> {
  const sandbox = await startTestSandbox({ grafanaVersion: '13', ...(datasources ? { datasources } : {}) });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-v2-defaults-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards', 'team'), { recursive: true });
  const panel = (id: number) => ({
    id,
    type: 'timeseries',
    title: `Panel ${id}`,
    gridPos: { x: 0, y: 8 * id, w: 12, h: 8 },
    datasource: { type: 'prometheus', uid: 'prometheus' },
    targets: [{ refId: 'A', expr: `up{panel="${id}"}` }],
  });
  const model = {
    uid: 'svc-001',
    title: 'Service 001',
    description: 'from git',
    tags: ['svc'],
    ...(file.time === false ? {} : { time: { from: 'now-6h', to: 'now' } }),
    ...(file.templating === undefined ? {} : { templating: file.templating }),
    panels: [panel(1), panel(2), ...(file.panels ?? [])],
    schemaVersion: 39,
  };
  await writeFile(join(dir, 'dashboards', 'team', 'svc-001.json'), `${JSON.stringify(model, null, 2)}\n`);
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards' }));
  const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  const plan = () => createPlan({ settings, grafana, git: GIT });
  expect(await applyPlan({ plan: await plan(), settings, grafana, message: 'dashsync: test', force: false })).toMatchObject({ conflicts: [], failures: [] });
  const saved = await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'svc-001', spec: edit }) });
  expect(saved.status).toBe(200);
  if (settingsRefused !== undefined) sandbox.setFaults({ pathPrefix: '/api/frontend/settings', errorRate: 1, errorStatus: settingsRefused });
  return plan();
}

describe("the defaults Grafana's v2 → classic conversion writes where the file has none (walk-through 16 L-4)", () => {
  const service = (plan: Plan) => dashboardActions(plan).find((action) => action.uid === 'svc-001')!;
  const apiVersion = { path: 'apiVersion', kind: 'changed', before: 'dashboard.grafana.app/v2', after: 'classic dashboard model' };

  it('a v2 save that changes only the description shows the description change only, and the note names timezone "browser"', async () => {
    const plan = await planBareFileAfterV2Save({ description: 'Edited in the new editor' });
    expect(service(plan).changes).toEqual([apiVersion, { path: 'description', kind: 'changed', before: 'Edited in the new editor', after: 'from git' }]);
    const text = renderPlan(plan, 'text', { color: false });
    expect(text).toContain('~ description: "Edited in the new editor" → "from git"');
    expect(text).not.toMatch(/- (editable|fiscalYearStartMonth|graphTooltip|timepicker|timezone|panels\[)/);
    expect(text).toContain(
      "the row ids it numbers anew, the schemaVersion it sets and the defaults it writes where the file has none are not shown); dashsync pull svc-001 && git diff shows Grafana's own form; " +
        'timezone "browser", one of those defaults, may also be someone\'s choice in Grafana\'s UI: to keep it, add "timezone": "browser" to the file',
    );
  });

  it("sandbox-50: a variable's keys the conversion fills with their defaults, and the UI's built-in annotation, are not shown; nor is a default the file sets itself", async () => {
    // A classic file's variable with only what a hand-written one needs, and no annotations at all.
    const job = { name: 'job', type: 'query', datasource: { type: 'prometheus', uid: 'prometheus' }, query: 'label_values(job)', refresh: 1, hide: 0, sort: 0 };
    const description = { path: 'description', kind: 'changed', before: 'Edited in the new editor', after: 'from git' };
    const plan = await planBareFileAfterV2Save({ description: 'Edited in the new editor' }, { templating: { list: [job] } });
    expect(service(plan).changes).toEqual([apiVersion, description]);

    const edited = await planBareFileAfterV2Save({ description: 'Edited in the new editor' }, { templating: { list: [{ ...job, includeAll: false }] } });
    expect(service(edited).changes).toEqual([apiVersion, description]);
  });

  it("sandbox-v2-51: a variable's hide, refresh, sort and current, and a panel datasource given only to its queries, are not shown after a v2 save", async () => {
    const prometheus = { type: 'prometheus', uid: 'prometheus' };
    // Hand-written variables without hide, refresh, sort or current, and a panel whose queries alone name a data source.
    const variables = [
      { name: 'job', type: 'query', datasource: prometheus, query: 'label_values(job)' },
      { name: 'source', type: 'datasource', query: 'prometheus' },
      { name: 'filter', type: 'textbox', query: 'api' },
      { name: 'region', type: 'constant', query: 'eu' },
      // review-mend-51c: the UI writes this one's valuesFormat "csv" (not written back) and the query variable's regexApplyTo "value".
      // Its options, as Grafana exports them: the UI's save writes [] (Grafana lists them anew from the query).
      { name: 'env', type: 'custom', query: 'a,b', options: [{ selected: false, text: 'a', value: 'a' }, { selected: false, text: 'b', value: 'b' }] },
    ];
    const byQueries = { id: 3, type: 'timeseries', title: 'Panel 3', gridPos: { x: 12, y: 0, w: 12, h: 8 }, targets: [{ refId: 'A', expr: 'up', datasource: prometheus }, { refId: 'B', expr: 'down', datasource: prometheus }] };
    const description = { path: 'description', kind: 'changed', before: 'Edited in the new editor', after: 'from git' };
    const plan = await planBareFileAfterV2Save({ description: 'Edited in the new editor' }, { templating: { list: variables }, panels: [byQueries] });
    expect(service(plan).changes).toEqual([apiVersion, description]);
  });

  it("sandbox-v2-52: an interval variable and a query variable's options, as Grafana exports them, are not shown after a v2 save; an interval chosen in the UI is", async () => {
    const prometheus = { type: 'prometheus', uid: 'prometheus' };
    const steps = ['1m', '5m', '1h'].map((step) => ({ selected: step === '5m', text: step, value: step }));
    const step = { name: 'step', type: 'interval', query: '1m,5m,1h', auto: false, auto_count: 30, auto_min: '10s', refresh: 2, hide: 0, skipUrlSync: false, current: { selected: false, text: '5m', value: '5m' }, options: steps };
    const job = { name: 'job', type: 'query', datasource: prometheus, query: 'label_values(job)', refresh: 0, current: { text: 'api', value: 'api' }, options: [{ selected: true, text: 'api', value: 'api' }] };
    const description = { path: 'description', kind: 'changed', before: 'Edited in the new editor', after: 'from git' };
    const plan = await planBareFileAfterV2Save({ description: 'Edited in the new editor' }, { templating: { list: [step, job] } });
    expect(service(plan).changes).toEqual([apiVersion, description]);

    // The default interval changed in the UI and saved with "update default variable values".
    const chosen = {
      kind: 'IntervalVariable',
      spec: {
        name: 'step',
        query: '1m,5m,1h',
        current: { text: '1h', value: '1h' },
        options: ['1m', '5m', '1h'].map((value) => ({ text: value, value, selected: value === '1h' })),
        auto: false,
        auto_min: '10s',
        auto_count: 30,
        refresh: 'never',
        hide: 'dontHide',
        skipUrlSync: false,
      },
    };
    const edited = await planBareFileAfterV2Save({ variables: [chosen] }, { templating: { list: [step] } });
    expect(service(edited).changes).toEqual([
      apiVersion,
      { path: 'templating.list[name="step"].current.text', kind: 'changed', before: '1h', after: '5m' },
      { path: 'templating.list[name="step"].current.value', kind: 'changed', before: '1h', after: '5m' },
    ]);
  });

  // mig-64: the v2 editor names the data source type of a variable naming none as the default one's (the query's group,
  // the plugin), which 13's classic form gives back as `datasource: {type}` and `query` (src/sandbox/README.md "v2 and conversion").
  it.each([
    ['the default data source\'s type', [{ uid: 'prom-main', name: 'Prometheus', type: 'prometheus', isDefault: true }, { uid: 'loki-logs', name: 'Loki', type: 'loki' }]],
    ['"grafana" where none is the default', []],
  ] as [string, InstanceDatasource[]][])("mig-64: the data source type v2 gave a variable naming none, %s, is no change", async (_, datasources) => {
    const unnamed = [{ name: 'job', type: 'query', query: 'label_values(job)' }, { name: 'source', type: 'datasource' }, { name: 'filters', type: 'adhoc' }];
    const plan = await planBareFileAfterV2Save({ description: 'Edited in the new editor' }, { templating: { list: unnamed } }, datasources);
    expect(service(plan).changes).toEqual([apiVersion, { path: 'description', kind: 'changed', before: 'Edited in the new editor', after: 'from git' }]);
    expect(renderPlan(plan, 'text', { color: false })).not.toContain('templating');
  });

  // review-65b L2: with the settings unread, the three lines showed with no word that they may be only what v2 gave them.
  it.each([403, 500])('mig-64: where GET /api/frontend/settings answers %s, the variables\' data sources show with the note that says why', async (status) => {
    const unnamed = [{ name: 'job', type: 'query', query: 'label_values(job)' }, { name: 'source', type: 'datasource' }, { name: 'filters', type: 'adhoc' }];
    const plan = await planBareFileAfterV2Save({ description: 'Edited in the new editor' }, { templating: { list: unnamed } }, [{ uid: 'prom-main', name: 'Prometheus', type: 'prometheus', isDefault: true }], status);
    expect(service(plan).changes.map((change) => change.path)).toEqual(['apiVersion', 'description', 'templating.list[name="job"].datasource', 'templating.list[name="source"].query', 'templating.list[name="filters"].datasource']);
    expect(renderPlan(plan, 'text', { color: false })).toContain(
      'data sources not read (GET /api/frontend/settings: refused, failed or not readable): the data source change shown for a panel, annotation or variable of svc-001 whose file names none, ' +
        "or names one by its name, may be only what Grafana gives it (its default, or the data source of that name: its migration, or a save in the v2 editor); a push gives it that again",
    );
  });

  it('a time zone, a shared crosshair or a read-only switch set in the UI is still shown', async () => {
    const plan = await planBareFileAfterV2Save({ timeSettings: { timezone: 'utc', from: 'now-6h', to: 'now', autoRefresh: '', autoRefreshIntervals: ['1m', '5m'], hideTimepicker: false, fiscalYearStartMonth: 0 }, cursorSync: 'Crosshair', editable: false });
    expect(service(plan).changes).toEqual([
      apiVersion,
      { path: 'editable', kind: 'removed', before: false },
      { path: 'graphTooltip', kind: 'removed', before: 1 },
      { path: 'timepicker', kind: 'removed', before: { refresh_intervals: ['1m', '5m'] } },
      { path: 'timezone', kind: 'removed', before: 'utc' },
    ]);
    expect(renderPlan(plan, 'text', { color: false })).not.toContain('may also be someone\'s choice');
  });

  it('review 15 L-1: a time range set in the UI with one end at its default is shown whole for a file without "time"', async () => {
    const timeSettings = { timezone: 'browser', from: 'now-6h', to: 'now-1h', autoRefresh: '', autoRefreshIntervals: ['5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h', '2h', '1d'], hideTimepicker: false, fiscalYearStartMonth: 0 };
    const plan = await planBareFileAfterV2Save({ timeSettings }, { time: false });
    expect(service(plan).changes).toEqual([apiVersion, { path: 'time', kind: 'removed', before: { from: 'now-6h', to: 'now-1h' } }]);
    expect(renderPlan(plan, 'text', { color: false })).toContain('- time: {"from":"now-6h","to":"now-1h"}');
  });
});

