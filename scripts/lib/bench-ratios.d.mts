// Types for bench-ratios.mjs (plain JavaScript so `node scripts/bench.mjs` needs no build).
/** A measured dashsync run: wall time, whether it did what its scenario needs, what it used. */
export interface DashsyncRun {
  ms: number;
  ok: boolean;
  rssMB?: number;
  cpuMs?: number;
  serverCpuMs?: number;
  note?: string;
}
/** A timed floor step (timeStep of bench-floor.mjs). */
export interface FloorStep {
  ms: number;
  clientCpuMs?: number;
  serverCpuMs?: number;
}
/** The bare floors of measureFloor: wall times (ms) of each batch of requests. */
export interface BareFloor {
  absent: number;
  folders: number;
  create: number;
  get: number;
  /** The GETs with the latency scenarios' latency added to each (absent from older runs). */
  getLatency?: number;
  versions: number;
  update: number;
  serverCpu?: Record<string, number | undefined>;
  clientCpu?: Record<string, number | undefined>;
  grafanaVersion?: string;
}
export type WorkFloor = Record<'applyCreate' | 'planNoop' | 'planChanged' | 'applyUpdate' | 'latency', FloorStep>;
export interface ListFloor {
  version: string;
  pageSize: number;
  pages: number;
  folders: FloorStep;
  create: FloorStep;
  list: FloorStep;
  update: FloorStep;
  listLatency: FloorStep;
  listPipelined: FloorStep;
  listLatencyPipelined: FloorStep;
  grafanaVersion?: string;
}
export type DashsyncRuns = Partial<Record<'applyCreate' | 'planNoop' | 'planChanged' | 'applyUpdate' | 'latency' | 'latencyChanged' | 'latencyUpdate', DashsyncRun>>;
export interface SizeRuns {
  size: number;
  apply: DashsyncRun;
  plan: DashsyncRun;
  apis?: { apply: DashsyncRun; plan: DashsyncRun };
}
export interface RunShape {
  n: number;
  latencyMs: number;
  concurrency: number;
}
export type Ratio = number | undefined;
type K8sScenario = 'applyCreate' | 'planNoop' | 'planChanged' | 'applyUpdate' | 'latency' | 'latencyChanged' | 'latencyUpdate';
/** The figures made of several scenarios (withTotals). */
type Total = 'plan' | 'apply' | 'barePlan' | 'bareApply' | 'planWork' | 'applyWork' | 'planCpuWork' | 'applyCpuWork';
export interface Ratios {
  planNoop: Ratio;
  planChanged: Ratio;
  applyCreate: Ratio;
  applyUpdate: Ratio;
  bare: Record<'planChanged' | 'applyCreate' | 'applyUpdate', Ratio>;
  work: Record<'planNoop' | 'planChanged' | 'applyCreate' | 'applyUpdate' | 'latency', Ratio>;
  /** dashsync's client CPU / the work floor's, per scenario. */
  cpuWork: Record<'planNoop' | 'planChanged' | 'applyCreate' | 'applyUpdate' | 'latency', Ratio>;
  k8s: Record<K8sScenario, Ratio>;
  /** dashsync --api k8s's client CPU / the list floor's, per scenario. */
  cpuK8s: Record<K8sScenario, Ratio>;
  latency: Ratio;
  plan: Ratio;
  apply: Ratio;
  barePlan: Ratio;
  bareApply: Ratio;
  planWork: Ratio;
  applyWork: Ratio;
  planCpuWork: Ratio;
  applyCpuWork: Ratio;
  k8sIdeal: Ratio;
  listIdeal: Ratio;
  listPipelinedIdeal: Ratio;
  rss10k: Ratio;
  rss10kPlans: Ratio;
}
export function fixed2(value: number | undefined): string;
export function idealLatencyMs(shape: RunShape): number;
export function floorsOf(floor: BareFloor | undefined): Record<string, any> | undefined;
export function listFloorsOf(
  listFloor: ListFloor | undefined,
  shape: RunShape,
): { applyCreate: number; plan: number; applyUpdate: number; latencyPlan: number; latencyUpdate: number } | undefined;
export type ScenarioRatios = Omit<Ratios, Total>;
export interface RatiosInput extends RunShape {
  floor?: BareFloor;
  work?: WorkFloor;
  listFloor?: ListFloor;
  dashsync?: DashsyncRuns;
  dashsyncApis?: DashsyncRuns;
  sizes?: SizeRuns[];
  /** The tree size of the memory figures (rss10k, rss10kPlans): 10,000 unless a smoke run says otherwise. */
  memorySize?: number;
}
export function scenarioRatios(input: RatiosInput): ScenarioRatios;
export function computeRatios(input: RatiosInput): Ratios;
export function medianRatios(pairRatios: ScenarioRatios[]): Ratios;
export function renderSummaryLines(ratios: Ratios): [string, string];
