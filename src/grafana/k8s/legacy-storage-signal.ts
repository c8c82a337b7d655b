import type { K8sObjectHead } from './k8s-object.js';

/** The internal-id factor of the resourceVersion older legacy storage built (`getResourceVersion`: version + id × 10⁷). */
const OLDER_RV_ID_FACTOR = 10_000_000;

/**
 * Whether Grafana answered the dashboard from its legacy SQL storage (dual-writer modes 0–2, Grafana 12's default),
 * which keeps none of a write's labels or annotations. Pure.
 *
 * Grafana says so in the resourceVersion: legacy storage answers the row's version, which is also the generation
 * (`pkg/registry/apis/dashboard/legacy/sql_dashboards.go` scanRow: `row.RV = version`; builds before the
 * `api_version` column: `version + id × 10⁷`, `getResourceVersion`), where unified storage answers a server-wide
 * stamp (microseconds or a snowflake id, 16 digits or more) that no dashboard's generation reaches.
 */
export function answeredFromLegacySql(object: Pick<K8sObjectHead, 'resourceVersion' | 'generation' | 'labels'>): boolean {
  if (!/^\d+$/.test(object.resourceVersion) || !Number.isSafeInteger(object.generation) || object.generation < 1) return false;
  const rv = Number(object.resourceVersion);
  if (rv === object.generation) return true;
  const internalId = Number(object.labels['grafana.app/deprecatedInternalID']);
  return Number.isSafeInteger(internalId) && internalId > 0 && rv === object.generation + internalId * OLDER_RV_ID_FACTOR;
}
