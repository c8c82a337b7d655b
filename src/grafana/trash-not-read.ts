import { parseRelease, type Release } from './parse-release.js';
import type { GrafanaApiKind } from './port.js';

/**
 * Which Grafana 12 keeps its dashboards in legacy SQL storage, whose delete is for good: 12.4 moves only an instance of at most
 * 10 dashboards and 10 folders to unified storage at startup, and one moved stays there as it grows (sandbox README). Through `/api` alone the storage does not show.
 */
export const LEGACY_STORAGE_12 = 'a stock 12.0–12.3, and a 12.4 that had more than 10 dashboards or folders when it first started as 12.4, keep them in legacy SQL storage';

/**
 * Pure: the release (as `/api/health` reports it) whose "Recently deleted" a run through `/api` alone (`api`: the port's,
 * "legacy") cannot read: 12.4 and later (12.4 moves a small instance to unified storage at startup, 13 starts there; 12.0–12.3
 * keep legacy SQL storage, which deletes for good). Only `/apis` lists that trash, and `legacy` never touches `/apis` (SPEC
 * §13). Null for any other API or release, and for a hidden version.
 */
export function trashNotRead(api: GrafanaApiKind | undefined, version: string | null): Release | null {
  const release = parseRelease(version);
  if (api !== 'legacy' || release === null || release.major < 12 || (release.major === 12 && release.minor < 4)) return null;
  return release;
}
