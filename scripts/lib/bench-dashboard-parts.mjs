// Building blocks that generate-dashboards.mjs assembles into realistic dashboards:
// panels, queries, variables and the enrichments that grow a panel towards a size.
// Every function takes the caller's seeded `rng` so output stays deterministic.

export const PROMETHEUS = { type: 'prometheus', uid: 'prometheus' };
const LOKI = { type: 'loki', uid: 'loki' };

const METRICS = [
  ['http_requests_total', 'reqps', 'rate'],
  ['http_request_duration_seconds_bucket', 's', 'quantile'],
  ['grpc_server_handled_total', 'reqps', 'rate'],
  ['process_cpu_seconds_total', 'percentunit', 'rate'],
  ['process_resident_memory_bytes', 'bytes', 'gauge'],
  ['go_goroutines', 'short', 'gauge'],
  ['jvm_memory_used_bytes', 'bytes', 'gauge'],
  ['kafka_consumergroup_lag', 'short', 'gauge'],
  ['container_cpu_usage_seconds_total', 'percentunit', 'rate'],
  ['container_memory_working_set_bytes', 'bytes', 'gauge'],
  ['node_network_receive_bytes_total', 'Bps', 'rate'],
  ['pg_stat_database_xact_commit', 'ops', 'rate'],
  ['redis_commands_processed_total', 'ops', 'rate'],
  ['nginx_ingress_controller_requests', 'reqps', 'rate'],
  ['queue_messages_ready', 'short', 'gauge'],
];
const LABELS = ['pod', 'instance', 'route', 'code', 'method', 'namespace', 'container', 'topic', 'status', 'handler'];
const WINDOWS = ['1m', '2m', '5m', '10m', '15m', '$__rate_interval'];
const COLORS = ['green', 'blue', 'orange', 'red', 'purple', 'yellow', 'dark-red', 'semi-dark-green'];

export const pick = (rng, list) => list[Math.floor(rng() * list.length)];
export const int = (rng, min, max) => min + Math.floor(rng() * (max - min + 1));

/** A PromQL query over one of the usual exporter metrics, with a legend. */
function promQuery(rng, refId, service) {
  const [metric, unit, kind] = pick(rng, METRICS);
  const by = pick(rng, LABELS);
  const window = pick(rng, WINDOWS);
  const selector = `{namespace="$namespace", service="${service}", cluster=~"$cluster"}`;
  let expr;
  if (kind === 'rate') expr = `sum by (${by}) (rate(${metric}${selector}[${window}]))`;
  else if (kind === 'quantile') expr = `histogram_quantile(0.${pick(rng, ['5', '9', '95', '99'])}, sum by (le, ${by}) (rate(${metric}${selector}[${window}])))`;
  else expr = `max by (${by}) (${metric}${selector})`;
  return { target: { datasource: PROMETHEUS, editorMode: 'code', expr, legendFormat: `{{${by}}}`, range: true, refId }, unit };
}

function thresholdSteps(rng, unit) {
  const scale = unit === 'percentunit' ? 1 : unit === 'bytes' ? 1e9 : unit === 's' ? 2 : 100;
  const steps = [{ color: 'green', value: null }];
  const count = int(rng, 1, 3);
  for (let i = 1; i <= count; i++) steps.push({ color: i === count ? 'red' : pick(rng, ['orange', 'yellow']), value: Math.round(scale * (0.5 + 0.15 * i) * 1000) / 1000 });
  return { mode: 'absolute', steps };
}

function timeseriesOptions(rng) {
  return {
    legend: { calcs: rng() < 0.5 ? [] : ['mean', 'max', 'lastNotNull'].slice(0, int(rng, 1, 3)), displayMode: pick(rng, ['list', 'table']), placement: pick(rng, ['bottom', 'right']), showLegend: true },
    tooltip: { mode: pick(rng, ['single', 'multi']), sort: pick(rng, ['none', 'desc']) },
  };
}

const TS_CUSTOM = {
  axisBorderShow: false, axisCenteredZero: false, axisColorMode: 'text', axisLabel: '', axisPlacement: 'auto', barAlignment: 0,
  drawStyle: 'line', gradientMode: 'none', hideFrom: { legend: false, tooltip: false, viz: false }, insertNulls: false,
  lineInterpolation: 'linear', lineWidth: 1, pointSize: 5, scaleDistribution: { type: 'linear' }, showPoints: 'auto', spanNulls: false,
  thresholdsStyle: { mode: 'off' },
};

const REDUCE = { calcs: ['lastNotNull'], fields: '', values: false };

/** One panel of a type drawn with real-world frequencies; `rich` adds the fieldConfig Grafana 10+ writes. */
export function makePanel(rng, { id, gridPos, service, rich }) {
  const roll = rng();
  const type = roll < 0.5 ? 'timeseries' : roll < 0.66 ? 'stat' : roll < 0.72 ? 'gauge' : roll < 0.78 ? 'bargauge' : roll < 0.87 ? 'table' : roll < 0.91 ? 'text' : roll < 0.95 ? 'piechart' : roll < 0.98 ? 'heatmap' : 'logs';
  const title = `${pick(rng, ['Request rate', 'Errors', 'Latency', 'Saturation', 'Memory', 'CPU', 'Throughput', 'Queue depth', 'Availability', 'Connections'])} ${pick(rng, ['by pod', 'by route', 'total', '(5m)', 'per instance', ''])}`.trim();
  if (type === 'text') {
    return { gridPos, id, options: { code: { language: 'plaintext', showLineNumbers: false, showMiniMap: false }, content: `## ${service}\n\nOwned by the service team. Runbook: https://runbooks.example.com/${service}\n`, mode: 'markdown' }, title: 'About', type };
  }
  if (type === 'logs') {
    return {
      datasource: LOKI, gridPos, id,
      options: { dedupStrategy: 'none', enableLogDetails: true, prettifyLogMessage: false, showCommonLabels: false, showLabels: false, showTime: true, sortOrder: 'Descending', wrapLogMessage: true },
      targets: [{ datasource: LOKI, editorMode: 'code', expr: `{namespace="$namespace", app="${service}"} |= "$search"`, queryType: 'range', refId: 'A' }],
      title: `${service} logs`, type,
    };
  }
  const { target, unit } = promQuery(rng, 'A', service);
  const defaults = { color: { mode: type === 'timeseries' || type === 'piechart' ? 'palette-classic' : 'thresholds' }, mappings: [], thresholds: thresholdSteps(rng, unit), unit };
  if (rich && type === 'timeseries') defaults.custom = { ...TS_CUSTOM, fillOpacity: pick(rng, [0, 10, 20]), stacking: { group: 'A', mode: pick(rng, ['none', 'normal']) } };
  if (rich && type === 'table') defaults.custom = { align: 'auto', cellOptions: { type: 'auto' }, inspect: false };
  const panel = { datasource: PROMETHEUS, fieldConfig: { defaults, overrides: [] }, gridPos, id, options: {}, targets: [target], title, type };
  if (type === 'timeseries') panel.options = timeseriesOptions(rng);
  else if (type === 'stat') panel.options = { colorMode: 'value', graphMode: pick(rng, ['area', 'none']), justifyMode: 'auto', orientation: 'auto', reduceOptions: REDUCE, textMode: 'auto' };
  else if (type === 'gauge' || type === 'bargauge') panel.options = { orientation: 'auto', reduceOptions: REDUCE, showThresholdMarkers: true };
  else if (type === 'table') {
    panel.options = { cellHeight: 'sm', footer: { countRows: false, fields: '', reducer: ['sum'], show: false }, showHeader: true };
    target.format = 'table';
    target.instant = true;
    target.range = false;
    panel.transformations = [{ id: 'organize', options: { excludeByName: { Time: true }, renameByName: { Value: title } } }];
  } else if (type === 'piechart') panel.options = { legend: { displayMode: 'table', placement: 'right', showLegend: true }, pieType: 'donut', reduceOptions: REDUCE, tooltip: { mode: 'single', sort: 'none' } };
  else if (type === 'heatmap') {
    target.format = 'heatmap';
    panel.options = { calculate: false, cellGap: 1, color: { mode: 'scheme', scheme: 'Oranges', steps: 64 }, yAxis: { axisPlacement: 'left', unit } };
  }
  return panel;
}

/** Grows a panel the way real dashboards grow: more queries, overrides, transformations. Returns false when nothing fits. */
export function enrichPanel(rng, panel, service) {
  if (!panel.targets || panel.type === 'logs') return false;
  const choice = int(rng, 0, 4);
  if (choice === 0 && panel.targets.length < 6) {
    const refId = String.fromCharCode(65 + panel.targets.length);
    panel.targets.push(promQuery(rng, refId, service).target);
  } else if (choice === 1 && panel.fieldConfig.overrides.length < 6) {
    panel.fieldConfig.overrides.push({
      matcher: { id: pick(rng, ['byName', 'byRegexp', 'byFrameRefID']), options: pick(rng, ['errors', '.*5xx.*', 'B', 'p99', 'limit']) },
      properties: [{ id: 'color', value: { fixedColor: pick(rng, COLORS), mode: 'fixed' } }, { id: pick(rng, ['custom.lineWidth', 'custom.fillOpacity', 'decimals']), value: int(rng, 0, 4) }],
    });
  } else if (choice === 2 && (panel.transformations ?? []).length < 4) {
    panel.transformations = [...(panel.transformations ?? []), pick(rng, [
      { id: 'calculateField', options: { alias: 'total', mode: 'reduceRow', reduce: { reducer: 'sum' }, replaceFields: false } },
      { id: 'filterByValue', options: { filters: [{ config: { id: 'greater', options: { value: int(rng, 0, 100) } }, fieldName: 'Value' }], match: 'any', type: 'include' } },
      { id: 'sortBy', options: { fields: {}, sort: [{ desc: true, field: 'Value' }] } },
      { id: 'renameByRegex', options: { regex: '(.*)-[a-z0-9]{5}$', renamePattern: '$1' } },
    ])];
  } else if (choice === 3 && panel.fieldConfig.defaults.mappings.length < 4) {
    panel.fieldConfig.defaults.mappings.push({ options: { [String(int(rng, 0, 9))]: { color: pick(rng, COLORS), index: panel.fieldConfig.defaults.mappings.length, text: pick(rng, ['DOWN', 'UP', 'degraded', 'maintenance']) } }, type: 'value' });
  } else if (!panel.description) {
    panel.description = `Shows ${panel.title.toLowerCase()} of ${service}. Alert thresholds follow the service SLO; see the runbook before changing them.`;
  } else if (panel.targets.length < 8) {
    panel.targets.push(promQuery(rng, String.fromCharCode(65 + panel.targets.length), service).target);
  } else return false;
  return true;
}
