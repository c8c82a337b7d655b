import { describe, expect, it } from 'vitest';
import { pickV1Version, supportsApiOption } from '../../scripts/lib/bench-detect.mjs';
import { continueFromHead } from '../../scripts/lib/bench-list-floor.mjs';
import { renderMachineHeader, type MachineSample } from '../../scripts/lib/bench-machine.mjs';
import {
  computeRatios,
  listFloorsOf,
  renderSummaryLines,
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
  const machine = (load: number[]): MachineSample => ({ nproc: 2, cpuModel: 'AMD EPYC', totalGB: 23.4, freeGB: 20.1, node: 'v20.20.2', load });

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
