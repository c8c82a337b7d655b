// Seeded generator of realistic dashboard trees for the benchmark and for tests.
// Same { count, seed, folders } → byte-identical output. Every dashboard is derived from
// (seed, index) alone, so a tree can be streamed to disk without holding it in memory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROMETHEUS, enrichPanel, int, makePanel, pick } from './bench-dashboard-parts.mjs';

export const MIN_BYTES = 5 * 1024;
export const MAX_BYTES = 60 * 1024;

const SERVICES = ['checkout', 'payments', 'search', 'inventory', 'shipping', 'auth', 'gateway', 'orders', 'billing', 'catalog', 'ledger', 'notifications', 'recommendations', 'pricing', 'fraud'];
const KINDS = ['Overview', 'RED', 'Capacity', 'SLO', 'Dependencies', 'Runtime'];
const ENVS = ['prod', 'staging', 'dev'];
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-south-1'];

/** mulberry32 seeded through a 32-bit mix of (seed, index), so dashboards are independent of each other. */
export function createRng(seed, index = 0) {
  let state = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul((index >>> 0) + 0x632be5ab, 0xc2b2ae35);
  state = (state ^ (state >>> 16)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Keys sorted recursively, 2-space indent, `{}`/`[]` on one line, trailing newline: the tree's file format. */
export function canonicalJson(value) {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
  return sorted;
}

/** Bytes a panel adds to the canonical file: 4 spaces deep in `panels`, 8 inside a collapsed row. */
function panelBytes(panel, indent = 4) {
  const text = JSON.stringify(panel, null, 2);
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.length + lines * indent + 2;
}

/** Real dashboards cluster around 10–25 KB with a long tail: log-normal, median 17 KB, resampled into bounds. */
function targetBytes(rng) {
  for (;;) {
    const normal = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const bytes = 17 * 1024 * Math.exp(0.55 * normal);
    if (bytes >= MIN_BYTES + 512 && bytes <= MAX_BYTES - 4096) return Math.round(bytes);
  }
}

function folderPath(rng, folders) {
  if (rng() < 0.05) return '';
  const team = `team-${String(int(rng, 1, folders)).padStart(2, '0')}`;
  const depth = rng();
  if (depth < 0.5) return team;
  if (depth < 0.85) return `${team}/${pick(rng, ENVS)}`;
  return `${team}/${pick(rng, ENVS)}/${pick(rng, REGIONS)}`;
}

function makeUid(rng, index, service) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let noise = '';
  for (let i = 0; i < 8; i++) noise += alphabet[Math.floor(rng() * 36)];
  // Two shapes seen in the wild: hand-picked slugs and Grafana's generated ids; the index keeps both unique.
  return rng() < 0.5 ? `${service}-${index.toString(36)}-${noise.slice(0, 4)}` : `${noise[0].replace(/[0-9]/, 'a')}${index.toString(36).padStart(5, '0')}${noise}`;
}

function makeVariables(rng, count) {
  const query = (name, expr) => ({
    current: {}, datasource: PROMETHEUS, definition: expr, hide: 0, includeAll: name !== 'cluster', label: name[0].toUpperCase() + name.slice(1), multi: name !== 'cluster', name, options: [],
    query: { qryType: 1, query: expr, refId: 'PrometheusVariableQueryEditor-VariableQuery' }, refresh: 2, regex: '', skipUrlSync: false, sort: 1, type: 'query',
  });
  const all = [
    { current: {}, hide: 0, includeAll: false, label: 'Data source', multi: false, name: 'datasource', options: [], query: 'prometheus', refresh: 1, regex: '', skipUrlSync: false, type: 'datasource' },
    query('cluster', 'label_values(up, cluster)'),
    query('namespace', 'label_values(kube_namespace_labels{cluster=~"$cluster"}, namespace)'),
    query('pod', 'label_values(kube_pod_info{namespace=~"$namespace"}, pod)'),
    { current: { selected: false, text: 'prod', value: 'prod' }, hide: 0, includeAll: false, label: 'Environment', multi: false, name: 'env', options: ENVS.map((env, i) => ({ selected: i === 0, text: env, value: env })), query: ENVS.join(','), skipUrlSync: false, type: 'custom' },
    { auto: true, auto_count: 30, auto_min: '10s', current: { selected: false, text: '5m', value: '5m' }, hide: 0, name: 'interval', options: ['1m', '5m', '15m', '1h'].map((v) => ({ selected: v === '5m', text: v, value: v })), query: '1m,5m,15m,1h', refresh: 2, skipUrlSync: false, type: 'interval' },
    query('instance', 'label_values(up{namespace=~"$namespace"}, instance)'),
    { current: { selected: false, text: '', value: '' }, hide: 0, label: 'Search', name: 'search', options: [{ selected: true, text: '', value: '' }], query: '', skipUrlSync: false, type: 'textbox' },
  ];
  return all.slice(0, count);
}

function dashboardAt(seed, index, folders) {
  const rng = createRng(seed, index);
  const dir = folderPath(rng, folders);
  const service = `${pick(rng, SERVICES)}-${pick(rng, ['api', 'worker', 'db', 'consumer', 'web'])}`;
  const target = targetBytes(rng);
  const panelCount = Math.max(5, Math.min(40, Math.round((target / 1700) * (0.7 + rng() * 0.6))));
  const rich = target / panelCount > 1800;
  const team = dir.split('/')[0] || 'shared';
  const dashboard = {
    annotations: { list: [{ builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, hide: true, iconColor: 'rgba(0, 211, 255, 1)', name: 'Annotations & Alerts', type: 'dashboard' }] },
    editable: true, fiscalYearStartMonth: 0, graphTooltip: int(rng, 0, 2), links: [], panels: [],
    refresh: pick(rng, ['30s', '1m', '5m', '']), schemaVersion: int(rng, 39, 41),
    tags: [team, service.split('-')[0], pick(rng, ['prometheus', 'slo', 'k8s', 'generated'])],
    templating: { list: makeVariables(rng, target < 9000 ? 2 : int(rng, 2, 8)) },
    time: { from: pick(rng, ['now-1h', 'now-6h', 'now-24h']), to: 'now' }, timepicker: {}, timezone: 'browser',
    title: `${team === 'shared' ? 'Shared' : team.replace('team-', 'Team ')} / ${service} ${pick(rng, KINDS)} #${index}`,
    uid: makeUid(rng, index, service), weekStart: '',
  };
  if (rng() < 0.3) dashboard.links.push({ asDropdown: true, icon: 'external link', includeVars: true, keepTime: true, tags: [team], targetBlank: false, title: 'Team dashboards', tooltip: '', type: 'dashboards', url: '' });

  let bytes = JSON.stringify(dashboard, null, 2).length;
  let panelsAdded = 0;
  let x = 0;
  let y = 0;
  let rowOpen = null;
  for (let id = 1; panelsAdded < panelCount && (panelsAdded < 5 || bytes < target); id++) {
    if (id > 1 && rng() < 0.12) {
      rowOpen = { collapsed: rng() < 0.4, gridPos: { h: 1, w: 24, x: 0, y }, id, panels: [], title: pick(rng, ['Overview', 'Details', 'Resources', 'Dependencies', 'Internals']), type: 'row' };
      dashboard.panels.push(rowOpen);
      bytes += panelBytes(rowOpen);
      panelsAdded++;
      x = 0;
      y += 1;
      continue;
    }
    const w = pick(rng, [6, 8, 12, 12, 24]);
    if (x + w > 24) { x = 0; y += 8; }
    const panel = makePanel(rng, { id, gridPos: { h: 8, w, x, y }, service, rich });
    x += w;
    if (rowOpen?.collapsed) rowOpen.panels.push(panel);
    else dashboard.panels.push(panel);
    bytes += panelBytes(panel, rowOpen?.collapsed ? 8 : 4);
    panelsAdded++;
  }
  // A collapsed row or a long query list can overshoot: drop trailing panels to stay under the bound.
  while (bytes > MAX_BYTES - 1024 && dashboard.panels.length > 5) bytes -= panelBytes(dashboard.panels.pop());
  const nested = new Set(dashboard.panels.flatMap((p) => p.panels ?? []));
  const growable = [...dashboard.panels, ...nested].filter((p) => p.targets && p.type !== 'logs');
  let attempts = 0;
  while (bytes < target && growable.length > 0 && attempts++ < 2000) {
    const panel = pick(rng, growable);
    const indent = nested.has(panel) ? 8 : 4;
    const before = panelBytes(panel, indent);
    if (enrichPanel(rng, panel, service)) bytes += panelBytes(panel, indent) - before;
  }
  return { path: dir ? `${dir}/${service}-${String(index).padStart(5, '0')}.json` : `${service}-${String(index).padStart(5, '0')}.json`, dashboard };
}

const defaultFolders = (count) => Math.max(1, Math.ceil(count / 50));

/** Yields `{ path, dashboard }` one at a time (path relative to the tree root). */
function* iterateDashboards({ count, seed = 1, folders = defaultFolders(count) }) {
  for (let index = 0; index < count; index++) yield dashboardAt(seed, index, folders);
}

export function generateDashboards({ count, seed = 1, folders = defaultFolders(count) }) {
  return [...iterateDashboards({ count, seed, folders })];
}

/** Indexes of the dashboards a mutation touches: exactly round(fraction × count), seeded. */
function mutationIndexes(count, { fraction, seed = 1 }) {
  const indexes = Array.from({ length: count }, (_, i) => i);
  const rng = createRng(seed, 0x5eed);
  const chosen = Math.round(Math.max(0, Math.min(1, fraction)) * count);
  for (let i = 0; i < chosen; i++) {
    const j = i + Math.floor(rng() * (count - i));
    [indexes[i], indexes[j]] = [indexes[j], indexes[i]];
  }
  return new Set(indexes.slice(0, chosen));
}

/** A copy of `dashboard` with one query window or one threshold changed, as a user's edit would. */
function mutateDashboard(dashboard, seed = 1) {
  const copy = structuredClone(dashboard);
  let hash = seed >>> 0;
  for (const ch of copy.uid) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  const rng = createRng(hash, 1);
  const all = [...copy.panels, ...copy.panels.flatMap((p) => p.panels ?? [])].filter((p) => p.targets);
  const prometheus = all.filter((p) => p.type !== 'logs');
  const panel = pick(rng, prometheus.length > 0 ? prometheus : all);
  if (panel.type === 'logs') {
    panel.targets[0].expr += ' |= "error"';
    return copy;
  }
  const steps = panel.fieldConfig?.defaults?.thresholds?.steps;
  const step = steps?.[steps.length - 1];
  if (step && typeof step.value === 'number' && rng() < 0.5) {
    step.value = Math.round(step.value * 1.1 * 1000) / 1000 + 1;
  } else {
    const target = pick(rng, panel.targets);
    target.expr = /\[[^\]]+\]/.test(target.expr) ? target.expr.replace(/\[[^\]]+\]/, (w) => (w === '[1m]' ? '[2m]' : '[1m]')) : `${target.expr} > 0`;
  }
  return copy;
}

/** Changes a query or threshold in round(fraction × N) of the dashboards; returns new entries, input untouched. */
export function mutateDashboards(dashboards, { fraction, seed = 1 }) {
  const chosen = mutationIndexes(dashboards.length, { fraction, seed });
  return dashboards.map((entry, i) => (chosen.has(i) ? { path: entry.path, dashboard: mutateDashboard(entry.dashboard, seed) } : entry));
}

/**
 * Writes the tree under `dir` in canonical form, streaming (one dashboard in memory at a time).
 * `mutate` writes the mutated variant of the same tree (for "all changed" runs).
 */
export function writeDashboardTree(dir, { count, seed = 1, folders = defaultFolders(count), mutate } = {}) {
  const chosen = mutate ? mutationIndexes(count, mutate) : new Set();
  const madeDirs = new Set();
  let bytes = 0;
  let index = 0;
  for (const entry of iterateDashboards({ count, seed, folders })) {
    const file = join(dir, entry.path);
    const parent = dirname(file);
    if (!madeDirs.has(parent)) {
      mkdirSync(parent, { recursive: true });
      madeDirs.add(parent);
    }
    const text = canonicalJson(chosen.has(index) ? mutateDashboard(entry.dashboard, mutate.seed ?? 1) : entry.dashboard);
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
    index++;
  }
  return { count, bytes, directories: madeDirs.size };
}
