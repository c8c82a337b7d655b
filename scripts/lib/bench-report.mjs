// Turns measurements into the printed table and the one-line summary (pure: returns strings).

const seconds = (ms) => (ms === undefined || Number.isNaN(ms) ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
const ratio = (a, b) => (a === undefined || b === undefined || !(b > 0) ? undefined : a / b);
const fixed2 = (value) => (value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(2));
const megabytes = (mb) => (mb === undefined ? 'n/a' : `${Math.round(mb)} MB`);

function renderRows(header, rows) {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * Two floors per scenario. `same round trips`: bare requests of every round trip dashsync must
 * make (the drift check's version GET for a changed dashboard, SPEC §6; the plan's GET before a
 * write, which carries the version that makes the write conflict-safe; the folders and the 404
 * GETs before creates). `bare`: issue 7's literal floor, N GETs for plan and N POSTs for apply.
 * The summary line uses the first: the second charges required round trips as overhead.
 */
function floorsOf(floor) {
  if (!floor) return undefined;
  return {
    planNoop: floor.get,
    planChanged: floor.get + floor.versions,
    applyCreate: floor.absent + floor.folders + floor.create,
    applyUpdate: floor.get + floor.versions + floor.update,
    bare: { planChanged: floor.get, applyCreate: floor.create, applyUpdate: floor.update },
  };
}

/** The ratios of the summary line; undefined where a scenario did not run or failed. */
export function computeRatios({ floor, dashsync, sizes }) {
  const timed = (run) => (run?.ok ? run.ms : undefined);
  const worst = (...values) => (values.some((v) => v === undefined) ? undefined : Math.max(...values));
  const floors = floorsOf(floor);
  const planNoop = ratio(timed(dashsync?.planNoop), floors?.planNoop);
  const planChanged = ratio(timed(dashsync?.planChanged), floors?.planChanged);
  const applyCreate = ratio(timed(dashsync?.applyCreate), floors?.applyCreate);
  const applyUpdate = ratio(timed(dashsync?.applyUpdate), floors?.applyUpdate);
  const bare = {
    planChanged: ratio(timed(dashsync?.planChanged), floors?.bare.planChanged),
    applyCreate: ratio(timed(dashsync?.applyCreate), floors?.bare.applyCreate),
    applyUpdate: ratio(timed(dashsync?.applyUpdate), floors?.bare.applyUpdate),
  };
  const latency = ratio(timed(dashsync?.latency), dashsync?.idealLatencyMs);
  const at10k = sizes?.find((s) => s.size === 10_000);
  // A failed run's peak says little about the real one: only successful runs count.
  const rss10k = at10k?.apply.ok && at10k.plan.ok ? worst(at10k.apply.rssMB, at10k.plan.rssMB) : undefined;
  return {
    planNoop, planChanged, applyCreate, applyUpdate, bare, latency, rss10k,
    plan: worst(planNoop, planChanged),
    apply: worst(applyCreate, applyUpdate),
    barePlan: worst(planNoop, bare.planChanged),
    bareApply: worst(bare.applyCreate, bare.applyUpdate),
  };
}

export function renderSummaryLine(ratios) {
  const rss = ratios.rss10k === undefined ? 'n/a' : `${Math.round(ratios.rss10k)}MB`;
  return `bench: plan/floor=${fixed2(ratios.plan)} apply/floor=${fixed2(ratios.apply)} latency/ideal=${fixed2(ratios.latency)} rss10k=${rss}`;
}

export function renderReport({ machine, options, floor, dashsync, sizes, startupMs, ratios }) {
  const n = options.n;
  const c = options.concurrency;
  const out = [`dashsync benchmark — ${machine}`, `N = ${n}, concurrency = ${c}, seed = ${options.seed}${floor ? `, sandbox = Grafana ${floor.grafanaVersion}` : ''}`, ''];
  const rows = [];
  const timed = (run) => (run?.ok ? run.ms : undefined);
  const note = (run) => run?.note ?? '';
  // CPU per dashboard (or per request): the numbers a busy machine does not stretch.
  const perItem = (ms) => (ms === undefined || Number.isNaN(ms) ? '' : `${Math.round((ms * 1000) / n)} µs`);
  if (floor) {
    const rate = (ms, count = n) => `${Math.round((count * 1000) / ms)} req/s`;
    const server = (name) => perItem(floor.serverCpu?.[name]);
    rows.push([`floor: ${n} GET of uids not there yet (404)`, '', seconds(floor.absent), '', '', server('absent'), rate(floor.absent)]);
    rows.push(['floor: folder creates, parents first', '', seconds(floor.folders), '', '', '', '']);
    rows.push([`floor: ${n} POST creates`, '', seconds(floor.create), '', '', server('create'), rate(floor.create)]);
    rows.push([`floor: ${n} GET by uid`, '', seconds(floor.get), '', '', server('get'), rate(floor.get)]);
    rows.push([`floor: ${n} GET versions?limit=1`, '', seconds(floor.versions), '', '', server('versions'), rate(floor.versions)]);
    rows.push([`floor: ${n} POST updates`, '', seconds(floor.update), '', '', server('update'), rate(floor.update)]);
  }
  if (dashsync) {
    const floors = floorsOf(floor);
    const cpu = (run) => [perItem(run?.cpuMs), perItem(run?.serverCpuMs)];
    const bare = (value, what) => (value === undefined ? '' : `[vs ${what} alone: ${fixed2(value)}]`);
    rows.push(['plan, no changes', seconds(timed(dashsync.planNoop)), seconds(floors?.planNoop), fixed2(ratios.planNoop), ...cpu(dashsync.planNoop), note(dashsync.planNoop)]);
    rows.push(['plan, all changed', seconds(timed(dashsync.planChanged)), seconds(floors?.planChanged), fixed2(ratios.planChanged), ...cpu(dashsync.planChanged),
      `${note(dashsync.planChanged)} ${bare(ratios.bare.planChanged, 'GETs')}`.trim()]);
    rows.push([`apply, ${n} creates`, seconds(timed(dashsync.applyCreate)), seconds(floors?.applyCreate), fixed2(ratios.applyCreate), ...cpu(dashsync.applyCreate),
      `${note(dashsync.applyCreate)} ${bare(ratios.bare.applyCreate, 'POSTs')}`.trim()]);
    rows.push([`apply, ${n} updates`, seconds(timed(dashsync.applyUpdate)), seconds(floors?.applyUpdate), fixed2(ratios.applyUpdate), ...cpu(dashsync.applyUpdate),
      `${note(dashsync.applyUpdate)} ${bare(ratios.bare.applyUpdate, 'POSTs')}`.trim()]);
    rows.push([`plan, +${options.latencyMs} ms/request`, seconds(timed(dashsync.latency)), `${seconds(dashsync.idealLatencyMs)} ideal`, fixed2(ratios.latency), ...cpu(dashsync.latency), note(dashsync.latency)]);
  }
  if (startupMs !== undefined) rows.push(['CLI start (plan --help)', seconds(startupMs), '', '', '', '', 'included in every dashsync time above']);
  out.push(renderRows(['scenario', 'dashsync', 'floor', 'ratio', 'dashsync CPU/N', 'server CPU/N', 'notes'], rows));
  if (sizes?.length) {
    out.push('', 'scaling (fresh sandbox per size: apply to empty, then plan with no changes)');
    const first = sizes[0];
    const sizeRows = sizes.map((s) => {
      const perDashboard = s.plan.ok ? `${((s.plan.ms * 1000) / s.size).toFixed(0)} µs` : 'n/a';
      const growth = s.plan.ok && first.plan.ok ? `×${(s.plan.ms / first.plan.ms).toFixed(2)} for ×${(s.size / first.size).toFixed(1)} N` : '';
      const failed = [s.apply, s.plan].filter((run) => !run.ok).map((run) => run.note).join('; ');
      return [s.size, seconds(timed(s.apply)), megabytes(s.apply.rssMB), seconds(timed(s.plan)), megabytes(s.plan.rssMB), perDashboard, failed || growth];
    });
    out.push(renderRows(['N', 'apply', 'apply RSS', 'plan', 'plan RSS', 'plan/dashboard', 'growth'], sizeRows));
  }
  out.push(
    '',
    'floors (same round trips): plan no changes = N GETs; plan all changed = N GETs + N version GETs (drift check, SPEC §6);',
    'apply creates = N 404 GETs + the folders + N POSTs; apply updates = N GETs + N version GETs + N POSTs (apply plans first:',
    'the GET carries the version that makes the write conflict-safe). [vs … alone] = issue 7\'s bare floor (N GETs / N POSTs).',
    'plan/floor and apply/floor on the last line are the worse of their two scenarios; ideal latency = N × added ms / concurrency.',
    'CPU/N: CPU time (user + system) of the dashsync process and of the sandbox during the run, per dashboard (floors: per request).',
    ...(ratios.barePlan !== undefined || ratios.bareApply !== undefined
      ? [`against the bare floors only: plan/floor=${fixed2(ratios.barePlan)} apply/floor=${fixed2(ratios.bareApply)}`]
      : []),
  );
  return out.join('\n');
}
