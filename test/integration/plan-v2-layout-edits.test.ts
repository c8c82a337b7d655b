import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { commitAll, createLibraryPanel, dashsync, makeWorkDir } from '../pull/pull-fixture.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';

vi.setConfig({ testTimeout: 60_000 });

// diff-62: three dashboards as Grafana 13's dynamic-dashboards editor saves them (v2beta1: TabsLayout with rows in its
// tabs, an AutoGridLayout with a show/hide rule, rows holding an auto grid with a library panel and tabs), edited in
// the file as a reviewer would see it done in the editor.

type Json = Record<string, unknown>;

const query = (expr: string): Json => ({ kind: 'PanelQuery', spec: { refId: 'A', hidden: false, query: { kind: 'DataQuery', group: 'prometheus', version: 'v0', datasource: { name: 'prometheus' }, spec: { expr } } } });
const panel = (id: number, title: string, expr: string, viz = 'timeseries'): Json => ({
  kind: 'Panel',
  spec: { id, title, description: '', links: [], data: { kind: 'QueryGroup', spec: { queries: [query(expr)], transformations: [], queryOptions: {} } }, vizConfig: { kind: 'VizConfig', group: viz, version: '13.0.0', spec: { options: {}, fieldConfig: { defaults: {}, overrides: [] } } } },
});
const reference = (n: number) => ({ kind: 'ElementReference', name: `panel-${n}` });
const gridItem = (n: number, x: number, y: number, width = 12, height = 8): Json => ({ kind: 'GridLayoutItem', spec: { x, y, width, height, element: reference(n) } });
const grid = (...items: Json[]): Json => ({ kind: 'GridLayout', spec: { items } });
const autoItem = (n: number, extra: Json = {}): Json => ({ kind: 'AutoGridLayoutItem', spec: { element: reference(n), ...extra } });
const autoGrid = (...items: Json[]): Json => ({ kind: 'AutoGridLayout', spec: { maxColumnCount: 3, columnWidthMode: 'standard', rowHeightMode: 'standard', fillScreen: false, items } });
const showWhen = (variable: string, value: string): Json => ({ kind: 'ConditionalRenderingGroup', spec: { visibility: 'show', condition: 'and', items: [{ kind: 'ConditionalRenderingVariable', spec: { variable, operator: 'equals', value } }] } });
const row = (title: string, layout: Json, extra: Json = {}): Json => ({ kind: 'RowsLayoutRow', spec: { title, collapse: false, layout, ...extra } });
const rows = (...list: Json[]): Json => ({ kind: 'RowsLayout', spec: { rows: list } });
const tab = (title: string, layout: Json): Json => ({ kind: 'TabsLayoutTab', spec: { title, layout } });
const tabs = (...list: Json[]): Json => ({ kind: 'TabsLayout', spec: { tabs: list } });

function dashboard(uid: string, title: string, elements: Json, layout: Json): Json {
  const environment = { kind: 'CustomVariable', spec: { name: 'env', query: 'prod,staging', current: { text: 'prod', value: 'prod' }, options: [], multi: false, includeAll: false, hide: 'dontHide', skipUrlSync: false, allowCustomValue: true } };
  const timeSettings = { timezone: 'browser', from: 'now-6h', to: 'now', autoRefresh: '30s', autoRefreshIntervals: ['5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h', '2h', '1d'], hideTimepicker: false, fiscalYearStartMonth: 0 };
  const spec = { annotations: [], cursorSync: 'Crosshair', editable: true, elements, layout, links: [], preload: false, tags: ['platform'], timeSettings, title, variables: [environment] };
  return { apiVersion: 'dashboard.grafana.app/v2beta1', kind: 'Dashboard', metadata: { name: uid }, spec };
}

/** Tabs Overview (rows Traffic, Saturation), Infrastructure (row Nodes) and Logs; edited: Latency p99 taken to Nodes, Logs renamed Events, one query changed. */
function platform(edited: boolean): Json {
  const requests = edited ? 'sum(rate(http_requests_total{env="$env"}[5m]))' : 'sum(rate(http_requests_total[5m]))';
  const elements = {
    'panel-1': panel(1, 'Requests', requests),
    'panel-2': panel(2, 'Errors', 'sum(rate(http_errors_total[5m]))'),
    'panel-3': panel(3, 'Latency p99', 'histogram_quantile(0.99, sum by (le) (rate(http_duration_seconds_bucket[5m])))'),
    'panel-4': panel(4, 'CPU', 'sum(rate(container_cpu_usage_seconds_total[5m]))'),
    'panel-5': panel(5, 'Memory', 'sum(container_memory_working_set_bytes)'),
    'panel-6': panel(6, 'Disk', 'sum(node_filesystem_avail_bytes)'),
    'panel-7': panel(7, 'Network', 'sum(rate(node_network_receive_bytes_total[5m]))'),
    'panel-8': panel(8, 'Log volume', 'sum(count_over_time({app="api"}[1m]))', 'logs'),
  };
  const latency = gridItem(3, 0, 8, 24, 8);
  return dashboard('platform', 'Platform overview', elements, tabs(
    tab('Overview', rows(row('Traffic', grid(gridItem(1, 0, 0), gridItem(2, 12, 0), ...(edited ? [] : [latency]))), row('Saturation', grid(gridItem(4, 0, 0), gridItem(5, 12, 0))))),
    tab('Infrastructure', rows(row('Nodes', grid(gridItem(6, 0, 0), gridItem(7, 12, 0), ...(edited ? [latency] : []))))),
    tab(edited ? 'Events' : 'Logs', grid(gridItem(8, 0, 0, 24, 10))),
  ));
}

/** Six stats in an auto grid, the last shown for one environment; edited: Queue depth dragged to the front, the rule's value changed. */
function health(edited: boolean): Json {
  const titles = ['Uptime', 'Error budget', 'Apdex', 'Saturation', 'Queue depth', 'Canary'];
  const elements = Object.fromEntries(titles.map((title, i) => [`panel-${i + 1}`, panel(i + 1, title, `slo:${title.toLowerCase().replace(' ', '_')}`, 'stat')]));
  const items = [1, 2, 3, 4, 5].map((n) => autoItem(n));
  const canary = autoItem(6, { conditionalRendering: showWhen('env', edited ? 'staging' : 'prod') });
  return dashboard('health', 'Service health', elements, autoGrid(...(edited ? [items[4]!, ...items.slice(0, 4)] : items), canary));
}

/** Rows Summary (an auto grid with a library panel) and Details (tabs API, DB); edited: Summary collapsed, API errors taken to DB, DB renamed Database. */
function checkout(edited: boolean): Json {
  const elements = {
    'panel-1': panel(1, 'Orders', 'sum(rate(orders_total[5m]))', 'stat'),
    'panel-2': panel(2, 'Revenue', 'sum(rate(revenue_total[5m]))', 'stat'),
    'panel-3': { kind: 'LibraryPanel', spec: { id: 3, title: 'Shared SLO', libraryPanel: { uid: 'lib-slo', name: 'Panel lib-slo' } } },
    'panel-4': panel(4, 'API latency', 'histogram_quantile(0.95, sum by (le) (rate(api_duration_seconds_bucket[5m])))'),
    'panel-5': panel(5, 'API errors', 'sum(rate(api_errors_total[5m]))'),
    'panel-6': panel(6, 'DB connections', 'sum(db_connections)'),
    'panel-7': panel(7, 'Slow queries', 'sum(rate(db_slow_queries_total[5m]))'),
  };
  const errors = gridItem(5, edited ? 0 : 12, edited ? 8 : 0);
  return dashboard('checkout', 'Checkout', elements, rows(
    row('Summary', autoGrid(autoItem(1), autoItem(2), autoItem(3)), { collapse: edited }),
    row('Details', tabs(
      tab('API', grid(gridItem(4, 0, 0), ...(edited ? [] : [errors]))),
      tab(edited ? 'Database' : 'DB', grid(gridItem(6, 0, 0), gridItem(7, 12, 0), ...(edited ? [errors] : []))),
    ), { conditionalRendering: showWhen('env', 'prod') }),
  ));
}

const BOARDS = { platform, health, checkout };

async function writeTree(dir: string, edited: boolean): Promise<void> {
  for (const [name, make] of Object.entries(BOARDS)) await writeFile(join(dir, 'dashboards', `${name}.json`), `${JSON.stringify(make(edited), null, 2)}\n`);
}

/** A Grafana 13 sandbox and a tree (`dashboards/`, which `write` fills) committed and applied by dashsync; `setUp` runs on the sandbox first. */
async function appliedTree(write: (dir: string) => Promise<void>, setUp?: (sandbox: SandboxHandle) => Promise<unknown>): Promise<{ sandbox: SandboxHandle; dir: string }> {
  const sandbox = await startTestSandbox({ grafanaVersion: '13' });
  await setUp?.(sandbox);
  const dir = await makeWorkDir();
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards' }));
  await mkdir(join(dir, 'dashboards'));
  await write(dir);
  await commitAll(dir, 'as saved in the editor');
  const applied = await dashsync(sandbox, dir, ['apply', '--auto-approve']);
  expect(applied.code, applied.stderr).toBe(0);
  return { sandbox, dir };
}

/** The plan's lines for dashboard `uid`: its header, then its changes. */
function linesOf(text: string, uid: string): string[] {
  const lines = text.split('\n');
  const head = lines.findIndex((line) => line.includes(`(uid ${uid}`));
  const end = lines.findIndex((line, at) => at > head && !line.startsWith('      '));
  return lines.slice(head, end === -1 ? undefined : end).map((line) => line.trim());
}

describe("v2 dashboards of the dynamic-dashboards editor, edited in the file: the plan says each edit in the editor's words (Grafana 13)", () => {
  it('an element taken to another tab, a tab renamed, an auto grid reordered, a rule and a query changed, a row collapsed', async () => {
    const { sandbox, dir } = await appliedTree((dir) => writeTree(dir, false), (sandbox) => createLibraryPanel(sandbox, 'lib-slo', ''));
    expect((await dashsync(sandbox, dir, ['plan'])).stdout).toMatch(/0 to create, 0 to update, 0 to move, 0 to delete, 3 unchanged/);

    await writeTree(dir, true);
    await commitAll(dir, 'edited');
    const plan = await dashsync(sandbox, dir, ['plan']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(linesOf(plan.stdout, 'platform')).toEqual([
      '~ update        dashboards/platform.json "Platform overview" (uid platform, live version 1) in General: 1 tab renamed, 1 panel moved, 1 field',
      '~ elements["panel-1" "Requests"].spec.data.spec.queries[refId="A"].spec.query.spec.expr: "sum(rate(http_requests_total[5m]))" → "sum(rate(http_requests_total{env=\\"$env\\"}[5m]))"',
      '~ layout[tab "Logs"].title: "Logs" → "Events"',
      '> layout["panel-3" "Latency p99"]: moved from tab "Overview" › row "Traffic" to tab "Infrastructure" › row "Nodes"',
    ]);
    // One item dragged to the front of the auto grid: its position alone, not the four it passed.
    expect(linesOf(plan.stdout, 'health')).toEqual([
      '~ update        dashboards/health.json "Service health" (uid health, live version 1) in General: 1 panel moved, 1 field',
      '~ layout["panel-5" "Queue depth"].position: 5 → 1',
      '~ layout["panel-6" "Canary"].conditionalRendering.spec.items[0].spec.value: "prod" → "staging"',
    ]);
    // Taken into a tab renamed in the same edit: named by its new title; its place in that tab's grid is the move's.
    expect(linesOf(plan.stdout, 'checkout')).toEqual([
      '~ update        dashboards/checkout.json "Checkout" (uid checkout, live version 1) in General: 1 row collapsed, 1 tab renamed, 1 panel moved',
      '~ layout[row "Details" › tab "DB"].title: "DB" → "Database"',
      '~ layout[row "Summary"].collapse: false → true',
      '> layout["panel-5" "API errors"]: moved from tab "API" to tab "Database"',
    ]);

    const markdown = (await dashsync(sandbox, dir, ['plan', '--format', 'markdown'])).stdout;
    expect(markdown).toContain('| 🟡 update | Service health | `health` | General | `dashboards/health.json` | 1 panel moved, 1 field |');
    expect(markdown).toContain('- layout[row "Details" › tab "DB"].title: "DB"\n+ layout[row "Details" › tab "DB"].title: "Database"\n- layout[row "Summary"].collapse: false\n+ layout[row "Summary"].collapse: true\n> layout["panel-5" "API errors"]: moved from tab "API" to tab "Database"\n```');
    // The JSON plan keeps each change of the move, the tab by the title the file gives it.
    const json = JSON.parse((await dashsync(sandbox, dir, ['plan', '--format', 'json'])).stdout) as { dashboards: { uid: string; changes: { path: string }[] }[] };
    expect(json.dashboards.find((action) => action.uid === 'checkout')!.changes.filter((change) => change.path.startsWith('layout["panel-5"'))).toEqual([
      { path: 'layout["panel-5" "API errors"].tab', kind: 'changed', before: 'API', after: 'Database', sectionsBefore: [{ kind: 'tab', name: 'API' }], sectionsAfter: [{ kind: 'tab', name: 'Database' }] },
      { path: 'layout["panel-5" "API errors"].x', kind: 'changed', before: 12, after: 0 },
      { path: 'layout["panel-5" "API errors"].y', kind: 'changed', before: 0, after: 8 },
    ]);
    expect(json.dashboards.find((action) => action.uid === 'health')!.changes.map((change) => change.path)).toEqual(['layout["panel-5" "Queue depth"].position', 'layout["panel-6" "Canary"].conditionalRendering.spec.items[0].spec.value']);
  });

  it("an edit saved in Grafana's v2 editor: the path of rows and tabs outer → inner, a tab rename counted as one, a swap's sides by each side's tab title (diff-63)", async () => {
    const { sandbox, dir } = await appliedTree((dir) => writeFile(join(dir, 'dashboards', 'ops.json'), `${JSON.stringify(operations(false), null, 2)}\n`));
    // In the editor: Memory dragged from Ops › API into Infra › Hosts, tab Disks renamed Storage, its two panels swapped.
    const edited = await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'ops', spec: { layout: (operations(true).spec as Json).layout } }) });
    expect(edited.status, await edited.text()).toBe(200);

    const plan = await dashsync(sandbox, dir, ['plan']);
    expect(plan.code, plan.stderr).toBe(0);
    // The plan takes the file's layout back: each line reads Grafana's side → the file's.
    expect(linesOf(plan.stdout, 'ops')).toEqual([
      '~ update        dashboards/ops.json "Operations" (uid ops, live version 2) in General: 1 tab renamed, 3 panels moved',
      '~ layout[row "Infra" › tab "Storage"].title: "Storage" → "Disks"',
      '> layout["panel-2" "Memory"]: moved from row "Infra" › tab "Hosts" to row "Ops" › tab "API"',
      '> layout["panel-5" "Volumes"]: swapped places with layout["panel-6" "IOPS"]',
    ]);
    const markdown = (await dashsync(sandbox, dir, ['plan', '--format', 'markdown'])).stdout;
    expect(markdown).toContain('| `dashboards/ops.json` | 1 tab renamed, 3 panels moved ⚠️ drift |');
    expect(markdown).toContain('> layout["panel-2" "Memory"]: moved from row "Infra" › tab "Hosts" to row "Ops" › tab "API"\n');
    const json = JSON.parse((await dashsync(sandbox, dir, ['plan', '--format', 'json'])).stdout) as { dashboards: { uid: string; changes: Json[] }[] };
    const changes = json.dashboards.find((action) => action.uid === 'ops')!.changes;
    expect(changes.find((change) => change.path === 'layout["panel-2" "Memory"].tab')).toEqual({
      path: 'layout["panel-2" "Memory"].tab',
      kind: 'changed',
      before: 'Hosts',
      after: 'API',
      sectionsBefore: [{ kind: 'row', name: 'Infra' }, { kind: 'tab', name: 'Hosts' }],
      sectionsAfter: [{ kind: 'row', name: 'Ops' }, { kind: 'tab', name: 'API' }],
    });
    expect(changes.find((change) => change.kind === 'moved')).toEqual({
      path: 'layout["panel-5" "Volumes"]',
      kind: 'moved',
      swappedWith: 'layout["panel-6" "IOPS"]',
      before: { x: 12, y: 0, row: 'Infra', tab: 'Storage' },
      after: { x: 0, y: 0, row: 'Infra', tab: 'Disks' },
    });
  });
});

/** Rows Ops (tabs API, Jobs) and Infra (tabs Hosts, Disks); edited as in the editor: Memory taken to Infra › Hosts, Disks renamed Storage with its two panels swapped. */
function operations(edited: boolean): Json {
  const elements = {
    'panel-1': panel(1, 'Requests', 'sum(rate(http_requests_total[5m]))'),
    'panel-2': panel(2, 'Memory', 'sum(container_memory_working_set_bytes)'),
    'panel-3': panel(3, 'CPU', 'sum(rate(container_cpu_usage_seconds_total[5m]))'),
    'panel-4': panel(4, 'Jobs', 'sum(kube_job_status_active)'),
    'panel-5': panel(5, 'Volumes', 'sum(kubelet_volume_stats_used_bytes)'),
    'panel-6': panel(6, 'IOPS', 'sum(rate(node_disk_io_time_seconds_total[5m]))'),
  };
  const memory = gridItem(2, edited ? 12 : 0, edited ? 0 : 8);
  return dashboard('ops', 'Operations', elements, rows(
    row('Ops', tabs(tab('API', grid(gridItem(1, 0, 0), ...(edited ? [] : [memory]))), tab('Jobs', grid(gridItem(4, 0, 0))))),
    row('Infra', tabs(
      tab('Hosts', grid(gridItem(3, 0, 0), ...(edited ? [memory] : []))),
      tab(edited ? 'Storage' : 'Disks', grid(gridItem(5, edited ? 12 : 0, 0), gridItem(6, edited ? 0 : 12, 0))),
    )),
  ));
}
