// The floors each dashsync scenario is compared with, the ratios, and the summary lines (pure).
import { medianRecord } from './bench-pairs.mjs';

const ratio = (a, b) => (a === undefined || b === undefined || !(b > 0) ? undefined : a / b);
const worst = (...values) => (values.some((v) => v === undefined) ? undefined : Math.max(...values));
const sum = (...values) => (values.some((v) => v === undefined) ? undefined : values.reduce((a, b) => a + b, 0));
/** A run's wall time when it did what its scenario needs; a failed run has no time to compare. */
const timed = (run) => (run?.ok ? run.ms : undefined);

export const fixed2 = (value) => (value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(2));

/** The latency ideal of the legacy API: N × the added latency / concurrency (one GET per dashboard, all in flight). */
export const idealLatencyMs = ({ n, latencyMs, concurrency }) => (n * latencyMs) / concurrency;

/**
 * Two floors per scenario. `same round trips`: bare requests of every round trip dashsync must
 * make (the drift check's version GET for a changed dashboard, SPEC §6; the plan's GET before a
 * write, which carries the version that makes the write conflict-safe; the folders and the 404
 * GETs before creates). `bare`: issue 7's literal floor, N GETs for plan and N POSTs for apply.
 */
export function floorsOf(floor) {
  if (!floor) return undefined;
  return {
    planNoop: floor.get,
    planChanged: floor.get + floor.versions,
    applyCreate: floor.absent + floor.folders + floor.create,
    applyUpdate: floor.get + floor.versions + floor.update,
    bare: { planChanged: floor.get, applyCreate: floor.create, applyUpdate: floor.update },
  };
}

/**
 * The /apis floors: a plan lists pages (`list`), an update adds the PUTs; under latency the
 * PUTs count at their ideal (N × latency / concurrency), the list as measured.
 */
export function listFloorsOf(listFloor, { n, latencyMs, concurrency }) {
  if (!listFloor) return undefined;
  return {
    applyCreate: listFloor.folders.ms + listFloor.create.ms,
    plan: listFloor.list.ms,
    applyUpdate: listFloor.list.ms + listFloor.update.ms,
    latencyPlan: listFloor.listLatency.ms,
    latencyUpdate: listFloor.listLatency.ms + idealLatencyMs({ n, latencyMs, concurrency }),
  };
}

/**
 * Every per-scenario ratio of one pair of runs; undefined where a scenario did not run or failed. `memorySize`: the tree
 * size of the memory figures (rss10k; 10,000 but in a smoke run).
 */
export function scenarioRatios({ floor, work, listFloor, dashsync, dashsyncApis, sizes, n, latencyMs, concurrency, memorySize = 10_000 }) {
  const floors = floorsOf(floor);
  const ideal = idealLatencyMs({ n, latencyMs, concurrency });
  const vs = (runs, bases) => Object.fromEntries(Object.entries(bases).map(([key, base]) => [key, ratio(timed(runs?.[key]), base)]));
  // Client CPU: what a loaded machine stretches least (both sides run in one process each).
  const cpuVs = (runs, bases) => Object.fromEntries(Object.entries(bases).map(([key, base]) => [key, ratio(runs?.[key]?.ok ? runs[key].cpuMs : undefined, base)]));
  const same = vs(dashsync, { planNoop: floors?.planNoop, planChanged: floors?.planChanged, applyCreate: floors?.applyCreate, applyUpdate: floors?.applyUpdate });
  const bare = vs(dashsync, { planChanged: floors?.bare.planChanged, applyCreate: floors?.bare.applyCreate, applyUpdate: floors?.bare.applyUpdate });
  const workKeys = ['planNoop', 'planChanged', 'applyCreate', 'applyUpdate', 'latency'];
  const toWork = vs(dashsync, Object.fromEntries(workKeys.map((key) => [key, work?.[key]?.ms])));
  const cpuWork = cpuVs(dashsync, Object.fromEntries(workKeys.map((key) => [key, work?.[key]?.clientCpuMs])));
  const lists = listFloorsOf(listFloor, { n, latencyMs, concurrency });
  const k8s = vs(dashsyncApis, {
    applyCreate: lists?.applyCreate, planNoop: lists?.plan, planChanged: lists?.plan, applyUpdate: lists?.applyUpdate,
    latency: lists?.latencyPlan, latencyChanged: lists?.latencyPlan, latencyUpdate: lists?.latencyUpdate,
  });
  const listCpu = listFloorCpuOf(listFloor);
  const cpuK8s = cpuVs(dashsyncApis, {
    applyCreate: listCpu?.applyCreate, planNoop: listCpu?.plan, planChanged: listCpu?.plan, applyUpdate: listCpu?.applyUpdate,
    latency: listCpu?.latencyPlan, latencyChanged: listCpu?.latencyPlan, latencyUpdate: listCpu?.latencyUpdate,
  });
  const at10k = sizes?.find((s) => s.size === memorySize);
  // A failed run's peak says little about the real one: only successful runs count.
  const rssOf = (run) => (run?.ok ? run.rssMB : undefined);
  return {
    ...same, bare, work: toWork, cpuWork, k8s, cpuK8s,
    latency: ratio(timed(dashsync?.latency), ideal),
    k8sIdeal: ratio(timed(dashsyncApis?.latency), ideal),
    listIdeal: ratio(listFloor?.listLatency.ms, ideal),
    listPipelinedIdeal: ratio(listFloor?.listLatencyPipelined.ms, ideal),
    // issue 7's memory figure: the larger of the legacy apply and plan at 10,000
    rss10k: at10k?.apply.ok && at10k.plan.ok ? worst(at10k.apply.rssMB, at10k.plan.rssMB) : undefined,
    // issue 16's: the larger of the two APIs' plans at 10,000
    rss10kPlans: worst(rssOf(at10k?.plan), rssOf(at10k?.apis?.plan)),
  };
}

/** The /apis floors' client CPU (ms), as listFloorsOf adds their wall times (a PUT costs the same CPU under latency). */
function listFloorCpuOf(listFloor) {
  if (!listFloor) return undefined;
  const cpu = (...steps) => sum(...steps.map((step) => step.clientCpuMs));
  return {
    applyCreate: cpu(listFloor.folders, listFloor.create),
    plan: cpu(listFloor.list),
    applyUpdate: cpu(listFloor.list, listFloor.update),
    latencyPlan: cpu(listFloor.listLatency),
    latencyUpdate: cpu(listFloor.listLatency, listFloor.update),
  };
}

/** The figures made of several scenarios (plan/work = the worse of the two plans, …), added to `scenarios`. */
function withTotals(scenarios) {
  const { work, cpuWork, bare } = scenarios;
  return {
    ...scenarios,
    plan: worst(scenarios.planNoop, scenarios.planChanged),
    apply: worst(scenarios.applyCreate, scenarios.applyUpdate),
    barePlan: worst(scenarios.planNoop, bare.planChanged),
    bareApply: worst(bare.applyCreate, bare.applyUpdate),
    planWork: worst(work.planNoop, work.planChanged),
    applyWork: worst(work.applyCreate, work.applyUpdate),
    planCpuWork: worst(cpuWork.planNoop, cpuWork.planChanged),
    applyCpuWork: worst(cpuWork.applyCreate, cpuWork.applyUpdate),
  };
}

/** Every ratio of the report for one pair of runs. */
export const computeRatios = (input) => withTotals(scenarioRatios(input));

/**
 * The ratios of several pairs: each scenario's median over the pairs (a failed pair left out),
 * then the totals from those medians (plan/work = the worse of the two plans' medians).
 */
export const medianRatios = (pairRatios) => withTotals(medianRecord(pairRatios.map(scenarioOnly)));

const TOTALS = ['plan', 'apply', 'barePlan', 'bareApply', 'planWork', 'applyWork', 'planCpuWork', 'applyCpuWork'];
const scenarioOnly = (ratios) => Object.fromEntries(Object.entries(ratios).filter(([key]) => !TOTALS.includes(key)));

const megabytes = (mb) => (mb === undefined ? 'n/a' : `${Math.round(mb)}MB`);

/**
 * The two last lines of the report: issue 7's ratios against the same round trips, then issue 16's
 * line, the only one that starts with `bench: `.
 */
export function renderSummaryLines(ratios) {
  return [
    `same round trips: plan/floor=${fixed2(ratios.plan)} apply/floor=${fixed2(ratios.apply)} latency/ideal=${fixed2(ratios.latency)} rss10k=${megabytes(ratios.rss10k)}`,
    `bench: plan/work=${fixed2(ratios.planWork)} apply/work=${fixed2(ratios.applyWork)} latency/ideal=${fixed2(ratios.latency)} k8s/ideal=${fixed2(ratios.k8sIdeal)} rss10k=${megabytes(ratios.rss10kPlans)}`,
  ];
}
