import type { DeclaredGrafana } from '../config/types.js';
import { MIXED_FLEET_DOC } from '../files/find-v2-transformations.js';
import { parseRelease } from '../grafana/parse-release.js';
import { DASHBOARD_GROUP } from '../files/dashboard-api-version.js';

/** `check`'s rule: a v2 dashboard file that a Grafana the config describes cannot take, so its plan would stop on it. */
export const V2_UNSERVED_RULE = 'v2-unserved';

/** The v2 versions of dashboard.grafana.app each 12.x serves, with or without `dashboardNewLayouts` (register.go GetGroupVersions; src/sandbox/README.md). */
const SERVED_BY_12 = ['v2beta1', 'v2alpha1'];

/**
 * Pure: why the Grafana `declared` describes (`environment`'s, or the run's without one) cannot take this v2 dashboard
 * file, and what to do, as one sentence; null when it can, or when the config does not tell (no `grafanaVersion`, or 13
 * and later, which serve every v2 version). The API comes first: `"api": "legacy"` takes no v2 file on any release.
 */
export function describeV2Unserved(file: { uid: string; apiVersion: string | null }, environment: string | undefined, declared: DeclaredGrafana): string | null {
  const who = environment === undefined ? 'the Grafana this config deploys to' : `environment ${environment}`;
  const leaveOut = `leave it out of ${environment === undefined ? 'the' : `${environment}'s`} include/exclude`;
  const what = `dashboard ${file.uid} is a ${file.apiVersion ?? 'v2 dashboard'} file`;
  if (declared.api === 'legacy') {
    const from = declared.apiFrom === undefined ? '' : ` (${declared.apiFrom})`;
    return `${what}, and ${who} uses the legacy /api${from}, which takes no v2 dashboard: its plan would stop on this file. Set "api" to "auto" there, or ${leaveOut}`;
  }
  const release = declared.release === undefined ? null : parseRelease(declared.release.includes('.') ? declared.release : `${declared.release}.0`);
  if (release === null || release.major >= 13) return null;
  const runs = `${who} runs Grafana ${declared.release} (${declared.releaseFrom})`;
  if (release.major < 12) {
    return `${what}, and ${runs}, which serves no v2 dashboard API (Grafana 12 and later do): its plan would stop on this file. Keep this dashboard a classic (v1) file, or ${leaveOut}`;
  }
  const version = file.apiVersion?.startsWith(`${DASHBOARD_GROUP}/`) ? file.apiVersion.slice(DASHBOARD_GROUP.length + 1) : null;
  if (version === null || SERVED_BY_12.includes(version)) return null;
  return (
    `${what}, and ${runs}, which serves ${SERVED_BY_12.join(' and ')} for v2 dashboards, not ${version} (Grafana 13 and later): its plan would stop on this file. ` +
    `Make it a ${DASHBOARD_GROUP}/v2beta1 file (${MIXED_FLEET_DOC} says how), or ${leaveOut}`
  );
}
