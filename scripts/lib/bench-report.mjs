// Turns measurements into the printed report (pure: returns a string); the summary lines are bench-ratios'.
import { renderApisTable } from './bench-apis-report.mjs';
import { fixed2, floorsOf, idealLatencyMs } from './bench-ratios.mjs';
import { megabytes, perItem, rate, renderRows, seconds, timed } from './bench-table.mjs';

const COLUMNS = ['scenario', 'dashsync', 'floor', 'ratio', 'work floor', '/work', 'CPU/work', 'client CPU/N', 'server CPU/N', 'notes'];

function floorRows(floor, { n, latencyMs, concurrency }) {
  const row = (label, name, count = n) => [label, '', seconds(floor[name]), '', '', '', '', perItem(floor.clientCpu?.[name], count), perItem(floor.serverCpu?.[name], count), rate(floor[name], count)];
  const latencyRows = () => {
    const ideal = idealLatencyMs({ n, latencyMs, concurrency });
    const latencyRow = row(`floor: ${n} GET by uid, +${latencyMs} ms/request`, 'getLatency');
    latencyRow[9] = `${fixed2(floor.getLatency / ideal)} × the ideal (${seconds(ideal)}): bare requests, nothing parsed`;
    return [latencyRow];
  };
  return [
    row(`floor: ${n} GET of uids not there yet (404)`, 'absent'),
    [`floor: folder creates, parents first`, '', seconds(floor.folders), '', '', '', '', '', '', ''],
    row(`floor: ${n} POST creates`, 'create'),
    row(`floor: ${n} GET by uid`, 'get'),
    ...(floor.getLatency === undefined ? [] : latencyRows()),
    row(`floor: ${n} GET versions?limit=1`, 'versions'),
    row(`floor: ${n} POST updates`, 'update'),
  ];
}

/** The work floor of each scenario, beside the floor of the same round trips (or the ideal) it adds its work to. */
function workRows({ floor, work, ratios, n, latencyMs, concurrency }) {
  const floors = floorsOf(floor);
  const row = (label, key, base, what) => {
    const step = work[key];
    const over = base === undefined ? '' : `${fixed2(step.ms / base)} × the ${key === 'latency' ? 'ideal' : 'floor'}; `;
    const baseText = key === 'latency' ? `${seconds(base)} ideal` : seconds(base);
    return [`work floor: ${label}`, '', baseText, '', seconds(step.ms), '', '', perItem(step.clientCpuMs, n), perItem(step.serverCpuMs, n), `${over}${what}`];
  };
  return [
    row(`apply, ${n} creates`, 'applyCreate', floors?.applyCreate, 'files read + parsed once, 404 GETs, folders, POSTs; every answer parsed'),
    row('plan, no changes', 'planNoop', floors?.planNoop, 'files read + parsed once, GETs parsed'),
    row('plan, all changed', 'planChanged', floors?.planChanged, 'files read + parsed once, GETs + version GETs parsed'),
    row(`apply, ${n} updates`, 'applyUpdate', floors?.applyUpdate, 'files read + parsed once, GETs + version GETs, POSTs; every answer parsed'),
    row(`plan, +${latencyMs} ms/request`, 'latency', idealLatencyMs({ n, latencyMs, concurrency }), 'as plan, no changes'),
  ];
}

function dashsyncRows({ floor, work, dashsync, ratios, n, latencyMs, concurrency }) {
  const floors = floorsOf(floor);
  const cpu = (run) => [perItem(run?.cpuMs, n), perItem(run?.serverCpuMs, n)];
  const bare = (value, what) => (value === undefined ? '' : `[vs ${what} alone: ${fixed2(value)}]`);
  const row = (label, key, floorText, ratio, extra = '') => {
    const run = dashsync[key];
    return [label, seconds(timed(run)), floorText, fixed2(ratio), seconds(work?.[key]?.ms), fixed2(ratios.work[key]), fixed2(ratios.cpuWork[key]), ...cpu(run), `${run?.note ?? ''} ${extra}`.trim()];
  };
  return [
    row('plan, no changes', 'planNoop', seconds(floors?.planNoop), ratios.planNoop),
    row('plan, all changed', 'planChanged', seconds(floors?.planChanged), ratios.planChanged, bare(ratios.bare.planChanged, 'GETs')),
    row(`apply, ${n} creates`, 'applyCreate', seconds(floors?.applyCreate), ratios.applyCreate, bare(ratios.bare.applyCreate, 'POSTs')),
    row(`apply, ${n} updates`, 'applyUpdate', seconds(floors?.applyUpdate), ratios.applyUpdate, bare(ratios.bare.applyUpdate, 'POSTs')),
    row(`plan, +${latencyMs} ms/request`, 'latency', `${seconds(idealLatencyMs({ n, latencyMs, concurrency }))} ideal`, ratios.latency),
  ];
}

function renderScaling(sizes, apisNote, quick) {
  const first = sizes[0];
  const rows = sizes.map((s) => {
    const perDashboard = s.plan.ok ? `${((s.plan.ms * 1000) / s.size).toFixed(0)} µs` : 'n/a';
    const growth = s.plan.ok && first.plan.ok ? `×${(s.plan.ms / first.plan.ms).toFixed(2)} for ×${(s.size / first.size).toFixed(1)} N` : '';
    const runs = [s.apply, s.plan, s.apis?.apply, s.apis?.plan].filter(Boolean);
    const failed = runs.filter((run) => !run.ok).map((run) => run.note).join('; ');
    const k8sPlan = s.apis ? [seconds(timed(s.apis.plan)), megabytes(s.apis.plan.rssMB)] : ['n/a', 'n/a'];
    return [s.size, seconds(timed(s.apply)), megabytes(s.apply.rssMB), seconds(timed(s.plan)), megabytes(s.plan.rssMB), perDashboard, ...k8sPlan, failed || growth];
  });
  return [
    '',
    'scaling (fresh sandbox per size and API: apply to empty, then plan with no changes)',
    renderRows(['N', 'apply', 'apply RSS', 'plan', 'plan RSS', 'plan/dashboard', 'k8s plan', 'k8s plan RSS', 'growth'], rows),
    ...(sizes.some((s) => s.apis) ? (quick ? ['k8s plan: at N only (--quick)'] : []) : [`k8s plan: n/a (${apisNote ?? 'not run'})`]),
  ];
}

/** Each scenario's ratio over the pairs: its median (the figure the tables above quote) and the spread. */
function renderSpreads(spreads, repeat) {
  const range = (spread) => (spread?.count ? `${fixed2(spread.min)}–${fixed2(spread.max)}` : '');
  const rows = spreads.map((s) => [s.label, s.against, s.wall.count || s.cpu?.count || 0, s.wall.count ? fixed2(s.wall.median) : '', range(s.wall), s.cpu?.count ? fixed2(s.cpu.median) : '', range(s.cpu)]);
  return [
    '',
    `pairs: per scenario the floors and dashsync ran in turn on one sandbox, ${repeat} time${repeat === 1 ? '' : 's'}; each ratio taken pair by pair`,
    renderRows(['scenario', 'against', 'pairs', 'wall ratio (median)', 'min–max', 'CPU ratio (median)', 'min–max'], rows),
  ];
}

const FOOTNOTES = [
  'floors (same round trips): plan no changes = N GETs; plan all changed = N GETs + N version GETs (drift check, SPEC §6);',
  'apply creates = N 404 GETs + the folders + N POSTs; apply updates = N GETs + N version GETs + N POSTs (apply plans first:',
  'the GET carries the version that makes the write conflict-safe). [vs … alone] = issue 7\'s bare floor (N GETs / N POSTs).',
  'work floor (SPEC §12) = the same requests, each answer JSON.parse\'d, each file read and JSON.parse\'d once, in one process;',
  'no write before every file is read. plan/work and apply/work on the last line are the worse of their two scenarios;',
  'ideal latency = N × added ms / concurrency; k8s/ideal = the /apis no-change plan under latency / that legacy ideal.',
  'client CPU/N: CPU time (user + system) of the dashsync process (of the benchmark\'s own process for a floor), per dashboard;',
  'CPU/work: dashsync\'s client CPU / the work floor\'s (a busy machine stretches it far less than the wall-time ratio /work);',
  'server CPU/N: the sandbox\'s during the same run.',
  'Times and CPU are medians over the pairs; every ratio (also on the last lines) is the median of the pairs\' ratios,',
  'and plan/work, apply/work are the worse of their two scenarios\' medians. /apis CPU ratio: against the list floor\'s client CPU.',
];

/** The whole report but its summary lines. `header` = the machine lines (bench-machine). */
export function renderReport({ header, options, floor, work, listFloor, dashsync, dashsyncApis, apisNote, sizes, startupMs, ratios, spreads }) {
  const { n, concurrency, latencyMs } = options;
  const pairs = options.repeat === undefined ? '' : `, pairs per scenario = ${options.repeat}`;
  const out = [`dashsync benchmark`, ...header, `N = ${n}, concurrency = ${concurrency}, seed = ${options.seed}${pairs}${floor ? `, sandbox = Grafana ${floor.grafanaVersion}` : ''}`, ''];
  const rows = [...(floor ? floorRows(floor, { n, latencyMs, concurrency }) : []), ...(work ? workRows({ floor, work, ratios, n, latencyMs, concurrency }) : [])];
  if (dashsync) rows.push(...dashsyncRows({ floor, work, dashsync, ratios, n, latencyMs, concurrency }));
  if (startupMs !== undefined) rows.push(['CLI start (plan --help)', seconds(startupMs), '', '', '', '', '', '', '', 'included in every dashsync time above']);
  out.push(renderRows(COLUMNS, rows));
  if (listFloor) out.push('', ...renderApisTable({ listFloor, dashsyncApis, apisNote, ratios, options }));
  if (sizes?.length) out.push(...renderScaling(sizes, apisNote, options.quick));
  if (spreads?.length) out.push(...renderSpreads(spreads, options.repeat));
  out.push('', ...FOOTNOTES);
  if (ratios.planCpuWork !== undefined || ratios.applyCpuWork !== undefined) {
    out.push(`client CPU against the work floor's: plan/work=${fixed2(ratios.planCpuWork)} apply/work=${fixed2(ratios.applyCpuWork)}`);
  }
  if (ratios.barePlan !== undefined || ratios.bareApply !== undefined) {
    out.push(`against the bare floors only: plan/floor=${fixed2(ratios.barePlan)} apply/floor=${fixed2(ratios.bareApply)}`);
  }
  return out.join('\n');
}
