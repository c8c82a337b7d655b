import type { GrafanaVersion } from '../../src/sandbox/types.js';

/**
 * The Grafana release families every Grafana-facing test runs against, with what differs
 * between them as a test sees it (grafana-api.md §0; the sandbox's src/sandbox/era.ts).
 */
export const RELEASES = [
  { grafanaVersion: '11.2', uniqueTitles: true, sharedUidSpace: true, trash: true, conflictStatus: 412 },
  { grafanaVersion: '12', uniqueTitles: false, sharedUidSpace: false, trash: false, conflictStatus: 412 },
  { grafanaVersion: '13', uniqueTitles: false, sharedUidSpace: false, trash: false, conflictStatus: 412 },
] as const satisfies readonly { grafanaVersion: GrafanaVersion; uniqueTitles: boolean; sharedUidSpace: boolean; trash: boolean; conflictStatus: number }[];

export type Release = (typeof RELEASES)[number];

export const GRAFANA_VERSIONS: GrafanaVersion[] = RELEASES.map((release) => release.grafanaVersion);
