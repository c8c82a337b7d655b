// Types for bench-report.mjs.
import type { BareFloor, DashsyncRuns, ListFloor, Ratios, SizeRuns, WorkFloor } from './bench-ratios.mjs';
export function renderReport(input: {
  header: string[];
  options: { n: number; concurrency: number; latencyMs: number; seed: number; floorOnly?: boolean; quick?: boolean };
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
}): string;
