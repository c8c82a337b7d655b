// Types for bench-report.mjs.
import type { PairSpread } from './bench-pairs.mjs';
import type { BareFloor, DashsyncRuns, ListFloor, Ratios, SizeRuns, WorkFloor } from './bench-ratios.mjs';
export function renderReport(input: {
  header: string[];
  options: { n: number; concurrency: number; latencyMs: number; seed: number; repeat?: number; floorOnly?: boolean; quick?: boolean };
  floor?: BareFloor;
  work?: WorkFloor;
  listFloor?: ListFloor;
  dashsync?: DashsyncRuns;
  dashsyncApis?: DashsyncRuns;
  /** Why dashsync's /apis rows did not run, e.g. "dashsync has no --api yet". */
  apisNote?: string;
  sizes?: SizeRuns[];
  startupMs?: number;
  ratios: Ratios;
  /** pairSpreads of the pairs' ratios: the pairs table. */
  spreads?: PairSpread[];
}): string;
