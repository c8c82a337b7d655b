import { resolve } from 'node:path';
import { ParsedFileCache } from '../files/parsed-file-cache.js';
import { hashBytes } from '../files/hash-text.js';
import type { ReadDashboard } from '../files/read-dashboard-file.js';
import { useFileBytes } from '../files/read-file-bytes.js';

/** Dashboard files as readTree read and validated them, by display path, kept for an apply's plan and saves (a plan alone keeps none: see createPlan's `keep`). */
export type KeptReads = ParsedFileCache<ReadDashboard>;

/**
 * File bytes whose reads are kept: 64 MB holds ~3,200 dashboards of 21 KB; the other files are
 * read again. A kept read takes ~0.7× its file's size of heap and up to ~1.8× of peak RSS
 * (measured on the benchmark's dashboards when plans kept reads too: with 96 MB kept a
 * 5,000-dashboard plan peaked at 278–336 MB instead of 162 MB). With 64 MB an apply of 10,000
 * peaks at ~370 MB (`npm run bench`), under the 400 MB its plans are held to.
 */
const KEPT_FILE_BYTES = 64 * 1024 * 1024;

export function createKeptReads(): KeptReads {
  return new ParsedFileCache<ReadDashboard>(KEPT_FILE_BYTES);
}

/**
 * The kept read of `file` (relative to `cwd`) while the file still holds the bytes it was read
 * from: their digest is compared, the text is not decoded or parsed again. Undefined when none
 * was kept or the file changed (the caller reads it again, and sees the change).
 */
export function takeUnchanged(kept: KeptReads | undefined, file: string, cwd: string): ReadDashboard | undefined {
  const read = kept?.take(file);
  if (!read?.textHash) return undefined;
  try {
    return useFileBytes(resolve(cwd, file), hashBytes) === read.textHash ? read : undefined;
  } catch {
    return undefined;
  }
}
