import { describe, expect, it } from 'vitest';
import { pickV1Version, supportsApiOption } from '../../scripts/lib/bench-detect.mjs';
import { continueFromHead } from '../../scripts/lib/bench-list-floor.mjs';
import { renderMachineHeader, type MachineSample } from '../../scripts/lib/bench-machine.mjs';
import { median, medianRecord, pairSpreads, spreadOf } from '../../scripts/lib/bench-pairs.mjs';
import {
  computeRatios,
  listFloorsOf,
  medianRatios,
  renderSummaryLines,
  scenarioRatios,
  type BareFloor,
  type DashsyncRun,
  type DashsyncRuns,
  type ListFloor,
  type WorkFloor,
} from '../../scripts/lib/bench-ratios.mjs';
import { renderReport } from '../../scripts/lib/bench-report.mjs';

// The numbers of a made-up run of N = 1,000 at concurrency 8 and 20 ms: legacy ideal = 2.5 s.
const shape = { n: 1000, latencyMs: 20, concurrency: 8 };
const run = (ms: number, extra: Partial<DashsyncRun> = {}): DashsyncRun => ({ ms, ok: true, cpuMs: ms / 2, note: 'Plan: …', ...extra });
const step = (ms: number) => ({ ms, clientCpuMs: ms / 2, serverCpuMs: ms / 3 });
const floor: BareFloor = { absent: 100, folders: 50, create: 300, get: 100, getLatency: 2800, versions: 80, update: 280 };
const work: WorkFloor = { applyCreate: step(600), planNoop: step(200), planChanged: step(320), applyUpdate: step(700), latency: step(2600) };
const listFloor: ListFloor = {
  version: 'v1', pageSize: 500, pages: 2,
  folders: step(40), create: step(500), list: step(250), listPipelined: step(180), update: step(450), listLatency: step(300), listLatencyPipelined: step(200),
};
const legacy: DashsyncRuns = {
  applyCreate: run(1200), planNoop: run(300), planChanged: run(640), applyUpdate: run(1050), latency: run(2750),
};
const k8s: DashsyncRuns = {
  applyCreate: run(1100), planNoop: run(400), planChanged: run(500), applyUpdate: run(1000),
  latency: run(375), latencyChanged: run(450), latencyUpdate: run(3100),
};
const machine = (load: number[]): MachineSample => ({ nproc: 2, cpuModel: 'AMD EPYC', totalGB: 23.4, freeGB: 20.1, node: 'v20.20.2', load });
const at10k = (legacyPlanMB: number, k8sPlanMB?: number) => ({
  size: 10_000,
  apply: run(8000, { rssMB: 300 }),
  plan: run(6000, { rssMB: legacyPlanMB }),
  ...(k8sPlanMB === undefined ? {} : { apis: { apply: run(7000, { rssMB: 350 }), plan: run(2000, { rssMB: k8sPlanMB }) } }),
});

describe('bench ratios and summary lines', () => {
  it('compares each scenario with its work floor and takes the worse of each pair for the last line', () => {
    const ratios = computeRatios({ ...shape, floor, work, listFloor, dashsync: legacy, dashsyncApis: k8s, sizes: [at10k(157, 190.4)] });
    expect(ratios.work).toEqual({ planNoop: 1.5, planChanged: 2, applyCreate: 2, applyUpdate: 1.5, latency: 2750 / 2600 });
    expect([ratios.planWork, ratios.applyWork]).toEqual([2, 2]);
    // client CPU: dashsync's runs used half their wall time, the work floor's steps half theirs
    expect(ratios.cpuWork).toEqual(ratios.work);
    expect([ratios.planCpuWork, ratios.applyCpuWork]).toEqual([2, 2]);
    // latency/ideal and k8s/ideal both divide by the legacy ideal, N × 20 ms / 8 = 2.5 s.
    expect([ratios.latency, ratios.k8sIdeal, ratios.listIdeal, ratios.listPipelinedIdeal]).toEqual([1.1, 0.15, 0.12, 0.08]);
    expect(renderSummaryLines(ratios)).toEqual([
      'same round trips: plan/floor=3.56 apply/floor=2.67 latency/ideal=1.10 rss10k=300MB',
      'bench: plan/work=2.00 apply/work=2.00 latency/ideal=1.10 k8s/ideal=0.15 rss10k=190MB',
    ]);
  });

  it('prints n/a for what cannot be measured yet: no --api means no k8s/ideal and no rss10k of both plans', () => {
    const ratios = computeRatios({ ...shape, floor, work, listFloor, dashsync: legacy, sizes: [at10k(157)] });
    expect(renderSummaryLines(ratios)[1]).toBe('bench: plan/work=2.00 apply/work=2.00 latency/ideal=1.10 k8s/ideal=n/a rss10k=n/a');
    // issue 7's line keeps its memory figure from the legacy runs alone
    expect(renderSummaryLines(ratios)[0]).toMatch(/ rss10k=300MB$/);
  });

  it('leaves a failed run out instead of comparing its time', () => {
    const failed = { ...legacy, planChanged: run(10, { ok: false }) };
    const ratios = computeRatios({ ...shape, floor, work, dashsync: failed, dashsyncApis: { ...k8s, latency: run(1, { ok: false }) }, sizes: [at10k(157, 190)] });
    expect(ratios.planWork).toBeUndefined();
    expect([ratios.cpuWork.planChanged, ratios.planCpuWork]).toEqual([undefined, undefined]);
    expect(ratios.applyWork).toBe(2);
    expect(renderSummaryLines(ratios)[1]).toBe('bench: plan/work=n/a apply/work=2.00 latency/ideal=1.10 k8s/ideal=n/a rss10k=190MB');
  });

  it('builds the /apis floors from the list: a plan lists, an update lists and PUTs, PUTs under latency at their ideal', () => {
    expect(listFloorsOf(listFloor, shape)).toEqual({ applyCreate: 540, plan: 250, applyUpdate: 700, latencyPlan: 300, latencyUpdate: 2800 });
    const ratios = computeRatios({ ...shape, listFloor, dashsyncApis: k8s });
    expect(ratios.k8s).toMatchObject({ planNoop: 1.6, planChanged: 2, applyUpdate: 1000 / 700, latency: 1.25, latencyChanged: 1.5 });
  });
});

describe('what the build and the server offer', () => {
  it('finds --api in a command help text, and nothing in an option that only starts like it', () => {
    expect(supportsApiOption('      --url                Grafana URL (or GRAFANA_URL)   [string]\n')).toBe(false);
    expect(supportsApiOption('      --api-key            A key   [string]\n')).toBe(false);
    expect(supportsApiOption('      --api                Which API: auto, legacy or k8s [string]\n')).toBe(true);
  });

  it('reads v1 dashboards at the v1 family, never at the preferred v2', () => {
    const versions = (...names: string[]) => ({ versions: names.map((version) => ({ version })) });
    expect(pickV1Version(versions('v2', 'v2beta1', 'v2alpha1', 'v0alpha1', 'v1', 'v1beta1'))).toBe('v1');
    expect(pickV1Version(versions('v1beta1', 'v0alpha1', 'v2beta1', 'v2alpha1'))).toBe('v1beta1');
    expect(() => pickV1Version(versions('v2'))).toThrow('dashboard.grafana.app serves no v1 version (it serves: v2)');
  });

  it('reads the continue token of a list page from its head, and nothing from a page shaped otherwise', () => {
    const page = (metadata: object) => JSON.stringify({ kind: 'DashboardList', apiVersion: 'dashboard.grafana.app/v1', metadata, items: [{ metadata: { name: 'a' } }] });
    expect(continueFromHead(page({ resourceVersion: '1763820000000001', continue: 'org:1/start:4/folder:' }))).toBe('org:1/start:4/folder:');
    expect(continueFromHead(page({ resourceVersion: '1763820000000001' }))).toBe('');
    expect(continueFromHead(JSON.stringify({ items: [], metadata: { continue: 'x' } }))).toBeUndefined();
  });
});

describe('bench report', () => {

  it('heads the report with nproc, Node and the load average at the start and the end', () => {
    expect(renderMachineHeader(machine([0.9, 2.73, 4.31]), machine([1.5, 2, 4]))).toEqual([
      'machine: nproc 2 (AMD EPYC), 23 GB RAM (20 GB free at start), Node v20.20.2',
      'load average (1/5/15 min): 0.90 2.73 4.31 at start, 1.50 2.00 4.00 at end',
    ]);
  });

  it('shows the work floor beside each scenario, the /apis rows as n/a until dashsync has --api, and no line starting with "bench: "', () => {
    const ratios = computeRatios({ ...shape, floor, work, listFloor, dashsync: legacy, sizes: [] });
    const header = renderMachineHeader(machine([1, 1, 1]), machine([1, 1, 1]));
    const report = renderReport({
      header, options: { ...shape, seed: 1 }, floor, work, listFloor, dashsync: legacy, apisNote: 'dashsync has no --api yet', sizes: [], ratios,
    });
    const lines = report.split('\n');
    const row = (start: string) => lines.find((line) => line.startsWith(start))?.split(/ {2,}/);
    // scenario, dashsync, floor, ratio, work floor, /work, CPU/work, …
    const cheaper = { ...legacy, planChanged: run(640, { cpuMs: 240 }) };
    const cpuReport = renderReport({
      header, options: { ...shape, seed: 1 }, floor, work, dashsync: cheaper, sizes: [], ratios: computeRatios({ ...shape, floor, work, dashsync: cheaper }),
    }).split('\n');
    expect(cpuReport.find((line) => line.startsWith('plan, all changed'))?.split(/ {2,}/).slice(0, 7)).toEqual(['plan, all changed', '0.64 s', '0.18 s', '3.56', '0.32 s', '2.00', '1.50']);
    expect(cpuReport).toContain("client CPU against the work floor's: plan/work=1.50 apply/work=2.00");
    expect(row('plan, all changed')?.slice(0, 7)).toEqual(['plan, all changed', '0.64 s', '0.18 s', '3.56', '0.32 s', '2.00', '2.00']);
    // floor of the same round trips, work floor, client and server CPU per dashboard, then how far above the floor
    expect(row('work floor: plan, no changes')).toEqual(['work floor: plan, no changes', '0.10 s', '0.20 s', '100 µs', '67 µs', '2.00 × the floor; files read + parsed once, GETs parsed']);
    expect(row('work floor: plan, +20 ms/request')?.slice(1, 3)).toEqual(['2.50 s ideal', '2.60 s']);
    // bare GETs under the same latency, against the same ideal: what no client can beat
    expect(row('floor: 1000 GET by uid, +20 ms/request')?.at(-1)).toBe('1.12 × the ideal (2.50 s): bare requests, nothing parsed');
    const apisRows = lines.slice(lines.findIndex((line) => line.startsWith('scenario (/apis)')) + 2).filter((line) => /^(plan|apply),/.test(line));
    expect(apisRows).toHaveLength(7);
    for (const line of apisRows) expect(line).toMatch(/  n\/a {2,}\S.*n\/a \(dashsync has no --api yet\)$/);
    expect(lines.filter((line) => line.startsWith('bench: '))).toEqual([]);
  });
});

describe('bench pairs: ratios taken pair by pair, medians reported', () => {
  /** Every run of `runs` (or every step of a floor) `factor` times as long, CPU alike: a pair measured on a slower or faster moment. */
  const slower = <T extends Record<string, { ms: number } | undefined>>(runs: T, factor: number): T =>
    Object.fromEntries(Object.entries(runs).map(([key, value]) => [key, value && { ...value, ms: value.ms * factor, ...('cpuMs' in value ? { cpuMs: (value.cpuMs as number) * factor } : {}), ...('clientCpuMs' in value ? { clientCpuMs: (value.clientCpuMs as number) * factor } : {}) }])) as T;

  const twiceAsSlow = (bare: BareFloor): BareFloor => Object.fromEntries(Object.entries(bare).map(([key, value]) => [key, typeof value === 'number' ? value * 2 : value])) as unknown as BareFloor;

  it('takes the median of odd and even counts, leaving out what did not measure', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, undefined, 3, 2, Number.NaN])).toBe(2.5);
    expect(median([undefined])).toBeUndefined();
    expect(spreadOf([2.1, undefined, 1.4, 3.9])).toEqual({ median: 2.1, min: 1.4, max: 3.9, count: 3 });
    expect(spreadOf([])).toEqual({ median: undefined, min: undefined, max: undefined, count: 0 });
  });

  it('makes one record of several: numbers as medians, ok only when every run was, a failed run\'s note', () => {
    const runs: DashsyncRuns[] = [
      { planNoop: run(300, { note: 'Plan: a' }) },
      { planNoop: run(500, { ok: false, note: 'exit 1: refused' }) },
      { planNoop: run(400, { note: 'Plan: c' }) },
    ];
    expect(medianRecord(runs)).toEqual({ planNoop: { ms: 400, ok: false, cpuMs: 200, note: 'exit 1: refused' } });
    expect(medianRecord([{ get: 100, serverCpu: { get: 30 } }, undefined, { get: 300, serverCpu: { get: 10 } }])).toEqual({ get: 200, serverCpu: { get: 20 } });
  });

  it('divides within each pair, so a floor measured on a slow moment is compared with dashsync on that moment', () => {
    // Pair 2 ran while the machine was twice as slow for both sides, pair 3 only dashsync's plan was slow.
    const pairs = [
      { work, dashsync: legacy },
      { work: slower(work, 2), dashsync: slower(legacy, 2), floor: twiceAsSlow(floor) },
      { work, dashsync: { ...legacy, planNoop: run(600) } },
    ].map((pair) => scenarioRatios({ ...shape, floor, listFloor, dashsyncApis: k8s, sizes: [at10k(157, 190.4)], ...pair }));
    const ratios = medianRatios(pairs);
    // pairs' plan no changes: 1.5, 1.5, 3 → 1.5 (against the bare GETs: 3, 3, 6 → 3, so plan/floor is all changed's 3.56)
    expect(ratios.work.planNoop).toBe(1.5);
    expect(ratios.cpuWork.planNoop).toBe(1.5);
    expect(renderSummaryLines(ratios)).toEqual([
      'same round trips: plan/floor=3.56 apply/floor=2.67 latency/ideal=1.10 rss10k=300MB',
      'bench: plan/work=2.00 apply/work=2.00 latency/ideal=1.10 k8s/ideal=0.15 rss10k=190MB',
    ]);
    const spreads = pairSpreads(pairs, shape);
    expect(spreads.find((row) => row.label === 'plan, no changes')).toEqual({
      label: 'plan, no changes', against: 'work floor', wall: { median: 1.5, min: 1.5, max: 3, count: 3 }, cpu: { median: 1.5, min: 1.5, max: 3, count: 3 },
    });
    // latency/ideal has no floor to pair with: pair 2's slower run counts against the same ideal
    expect(spreads.find((row) => row.against === 'ideal')?.wall).toEqual({ median: 1.1, min: 1.1, max: 2.2, count: 3 });
  });

  it('compares medians of pairs where a slower floor alone would have moved a single run\'s ratio', () => {
    // The work floor of the no-change plan measured 200, 400 and 300 ms; dashsync 300, 800 and 300.
    const pairs = ([[200, 300], [400, 800], [300, 300]] as const).map(([floorMs, dashsyncMs]) =>
      scenarioRatios({ ...shape, work: { ...work, planNoop: step(floorMs) }, dashsync: { ...legacy, planNoop: run(dashsyncMs) } }));
    // pair by pair: 1.5, 2, 1 → 1.5; the medians' ratio would say 300 / 300 = 1
    expect(medianRatios(pairs).work.planNoop).toBe(1.5);
  });

  it('leaves a failed pair out of the median and counts the pairs it kept', () => {
    const pairs = [legacy, { ...legacy, planChanged: run(10, { ok: false }) }, slower(legacy, 1.5)]
      .map((dashsync) => scenarioRatios({ ...shape, floor, work, dashsync }));
    const changed = pairSpreads(pairs, shape).find((row) => row.label === 'plan, all changed');
    expect(changed?.wall).toEqual({ median: 2.5, min: 2, max: 3, count: 2 });
    // the /apis rows did not run: no row for them
    expect(pairSpreads(pairs, shape).some((row) => row.label.startsWith('/apis'))).toBe(false);
  });

  it('prints the pairs table: per scenario the median ratio and its min–max, wall time and client CPU', () => {
    const pairs = [1, 1.2, 0.9].map((factor) => scenarioRatios({ ...shape, floor, work, listFloor, dashsync: slower(legacy, factor), dashsyncApis: slower(k8s, factor) }));
    const header = renderMachineHeader(machine([1, 1, 1]), machine([1, 1, 1]));
    const lines = renderReport({
      header, options: { ...shape, seed: 1, repeat: 3 }, floor, work, listFloor, dashsync: legacy, dashsyncApis: k8s, sizes: [],
      ratios: medianRatios(pairs), spreads: pairSpreads(pairs, shape),
    }).split('\n');
    expect(lines[3]).toMatch(/^N = 1000, concurrency = 8, seed = 1, pairs per scenario = 3, /);
    expect(lines).toContain('pairs: per scenario the floors and dashsync ran in turn on one sandbox, 3 times; each ratio taken pair by pair');
    const row = (start: string) => lines.find((line) => line.startsWith(start))?.split(/ {2,}/);
    expect(row('plan, all changed  ')?.slice(0, 3)).toEqual(['plan, all changed', '0.64 s', '0.18 s']);
    // the pairs table's rows come after its header; the earlier tables keep theirs
    const pairRows = lines.slice(lines.findIndex((line) => line.startsWith('scenario  ') && line.includes('wall ratio (median)')) + 2);
    const pairRow = (start: string) => pairRows.find((line) => line.startsWith(start))?.split(/ {2,}/);
    expect(pairRow('plan, all changed')).toEqual(['plan, all changed', 'work floor', '3', '2.00', '1.80–2.40', '2.00', '1.80–2.40']);
    expect(pairRow('plan, +20 ms/request')).toEqual(['plan, +20 ms/request', 'work floor', '3', '1.06', '0.95–1.27', '1.06', '0.95–1.27']);
    expect(pairRows.find((line) => line.includes('  ideal  '))?.split(/ {2,}/)).toEqual(['plan, +20 ms/request', 'ideal', '3', '1.10', '0.99–1.32']);
    expect(pairRows.find((line) => / legacy ideal /.test(line))?.split(/ {2,}/)).toEqual(['/apis plan, no changes, +20 ms/request', 'legacy ideal', '3', '0.15', '0.14–0.18']);
    // /apis CPU: against the list floor's client CPU (list: 125 ms; dashsync's plan: 200 ms)
    expect(pairRow('/apis plan, no changes  ')).toEqual(['/apis plan, no changes', 'list floor', '3', '1.60', '1.44–1.92', '1.60', '1.44–1.92']);
    // the earlier figures stay, after the footnotes
    expect(lines.at(-1)).toBe("against the bare floors only: plan/floor=6.40 apply/floor=4.00");
  });
});
