// Types for generate-dashboards.mjs (plain JavaScript so `node scripts/bench.mjs` needs no build).
export interface GeneratedDashboard {
  /** Relative to the tree root, forward slashes, e.g. `team-07/prod/checkout-api-00123.json`. */
  path: string;
  dashboard: Record<string, any>;
}
export interface GenerateOptions {
  count: number;
  /** Default 1. */
  seed?: number;
  /** Number of team folders; default ceil(count / 50). */
  folders?: number;
}
export interface MutateOptions {
  /** 0..1: exactly round(fraction × N) dashboards change. */
  fraction: number;
  seed?: number;
}
export const MIN_BYTES: number;
export const MAX_BYTES: number;
/** Repeatable pseudo-random numbers in [0, 1) for (seed, index) (mulberry32). */
export function createRng(seed: number, index?: number): () => number;
export function canonicalJson(value: unknown): string;
export function generateDashboards(options: GenerateOptions): GeneratedDashboard[];
export function mutateDashboards(dashboards: GeneratedDashboard[], options: MutateOptions): GeneratedDashboard[];
export function writeDashboardTree(
  dir: string,
  options: GenerateOptions & { mutate?: MutateOptions },
): { count: number; bytes: number; directories: number };
