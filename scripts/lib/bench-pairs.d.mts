// Types for bench-pairs.mjs.
import type { RunShape, ScenarioRatios } from './bench-ratios.mjs';
export interface Spread {
  median: number | undefined;
  min: number | undefined;
  max: number | undefined;
  count: number;
}
export interface PairSpread {
  label: string;
  /** What the ratio divides by: 'work floor', 'ideal', 'list floor', 'legacy ideal'. */
  against: string;
  wall: Spread;
  /** Client CPU ratio; absent where the ratio is against an ideal. */
  cpu?: Spread;
}
export function median(values: Array<number | undefined>): number | undefined;
export function spreadOf(values: Array<number | undefined>): Spread;
export function medianRecord<T extends object>(records: Array<T | undefined>): T | undefined;
export function pairSpreads(pairRatios: ScenarioRatios[], shape: Pick<RunShape, 'n' | 'latencyMs'>): PairSpread[];
