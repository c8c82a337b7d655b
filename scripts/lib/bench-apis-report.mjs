// The /apis part of the report (pure): the list floor and dashsync's `--api k8s` runs beside it.
import { fixed2, listFloorsOf } from './bench-ratios.mjs';
import { perItem, rate, renderRows, seconds, timed } from './bench-table.mjs';

const COLUMNS = ['scenario (/apis)', 'dashsync', 'floor', 'ratio', 'client CPU/N', 'server CPU/N', 'notes'];

function floorRows(listFloor, n, latencyMs) {
  const { pages, pageSize } = listFloor;
  const row = (label, step, note) => [`floor: ${label}`, '', seconds(step.ms), '', perItem(step.clientCpuMs, n), perItem(step.serverCpuMs, n), note];
  return [
    row(`folders, then ${n} POST creates`, { ms: listFloor.folders.ms + listFloor.create.ms, clientCpuMs: listFloor.create.clientCpuMs, serverCpuMs: listFloor.create.serverCpuMs },
      `POSTs alone: ${seconds(listFloor.create.ms)}, ${rate(listFloor.create.ms, n)} (CPU columns: the POSTs)`),
    row(`LIST ${n} in pages of ${pageSize}`, listFloor.list, `${pages} page${pages === 1 ? '' : 's'}, each JSON.parse'd, one after another (continue token)`),
    row('LIST, pipelined', listFloor.listPipelined, 'the next page asked for (token read from the head) before this one is parsed'),
    row(`${n} PUT updates (resourceVersion)`, listFloor.update, rate(listFloor.update.ms, n)),
    row(`LIST, +${latencyMs} ms/request`, listFloor.listLatency, `${pages} × ${latencyMs} ms added`),
    row(`LIST, pipelined, +${latencyMs} ms/request`, listFloor.listLatencyPipelined, ''),
  ];
}

function dashsyncRows({ listFloor, dashsyncApis, apisNote, ratios, options }) {
  const { n, latencyMs, concurrency } = options;
  const floors = listFloorsOf(listFloor, options);
  const slow = `, +${latencyMs} ms/request`;
  const scenarios = [
    [`apply, ${n} creates`, 'applyCreate', seconds(floors.applyCreate)],
    ['plan, no changes', 'planNoop', seconds(floors.plan)],
    ['plan, all changed', 'planChanged', seconds(floors.plan)],
    [`apply, ${n} updates`, 'applyUpdate', seconds(floors.applyUpdate)],
    [`plan, no changes${slow}`, 'latency', seconds(floors.latencyPlan), `k8s/ideal=${fixed2(ratios.k8sIdeal)} (the legacy ideal: N × ${latencyMs} ms / ${concurrency})`],
    [`plan, all changed${slow}`, 'latencyChanged', seconds(floors.latencyPlan)],
    [`apply, ${n} updates${slow}`, 'latencyUpdate', `${seconds(floors.latencyUpdate)} (PUTs at ideal)`],
  ];
  return scenarios.map(([label, key, floorText, extra = '']) => {
    const run = dashsyncApis?.[key];
    if (!run) return [label, 'n/a', floorText, 'n/a', '', '', `n/a (${apisNote ?? 'not run'})`];
    return [label, seconds(timed(run)), floorText, fixed2(ratios.k8s[key]), perItem(run.cpuMs, n), perItem(run.serverCpuMs, n), `${run.note} ${extra}`.trim()];
  });
}

/** The /apis table and its footnote; dashsync's rows read "n/a (<apisNote>)" while it has no `--api`. */
export function renderApisTable({ listFloor, dashsyncApis, apisNote, ratios, options }) {
  const rows = floorRows(listFloor, options.n, options.latencyMs);
  if (!options.floorOnly) rows.push(...dashsyncRows({ listFloor, dashsyncApis, apisNote, ratios, options }));
  return [
    `/apis: sandbox = Grafana ${listFloor.grafanaVersion}, dashboard.grafana.app/${listFloor.version}, pages of ${listFloor.pageSize}, dashsync --api k8s`,
    renderRows(COLUMNS, rows),
    `list floor under latency / the legacy ideal: ${fixed2(ratios.listIdeal)} (pipelined: ${fixed2(ratios.listPipelinedIdeal)}) — the k8s/ideal of a client that only lists`,
    'floors: a plan = the LIST pages (list floor); apply updates = the list + the PUTs; apply creates = folders + POSTs (seeded',
    'through POST /apis at v1, stored as dashsync --api k8s stores them; dashsync seeds its own sandbox with its apply).',
  ];
}
