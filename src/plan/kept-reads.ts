import { ParsedFileCache } from '../files/parsed-file-cache.js';
import type { ReadDashboard } from '../files/read-dashboard-file.js';

/** Dashboard files as readTree read and validated them, by display path, kept for the plan's comparison. */
export type KeptReads = ParsedFileCache<ReadDashboard>;

/**
 * File bytes whose reads are kept: 96 MB holds ~4,700 dashboards of 21 KB, so a tree of that size
 * is read and parsed once per plan; larger ones read the rest again. Measured on the benchmark's
 * dashboards, a kept read takes ~0.7× its file's size of heap (~1.5× of peak RSS).
 */
const KEPT_FILE_BYTES = 96 * 1024 * 1024;

export function createKeptReads(): KeptReads {
  return new ParsedFileCache<ReadDashboard>(KEPT_FILE_BYTES);
}
