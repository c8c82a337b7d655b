import type { DashboardSchema } from '../grafana/port.js';

/** The API group of Grafana's dashboards on `/apis` (grafana-api.md §9, §12). */
export const DASHBOARD_GROUP = 'dashboard.grafana.app';

/**
 * Versions by schema family: `v0alpha1` and the `v1…` versions hold the classic model, the
 * `v2…` versions the v2 schema (12 serves v0alpha1, v1beta1, v2alpha1, v2beta1; 13 adds v1 and
 * v2). A later alpha or beta of a known major (`v2beta2`) belongs to its family.
 */
const V1_FAMILY = /^(v0alpha1|v1(?:(?:alpha|beta)\d+)?)$/;
const V2_FAMILY = /^v2(?:(?:alpha|beta)\d+)?$/;

/** Pure: the schema an `apiVersion` of a dashboard resource holds, or why it is not one dashsync knows. */
export function schemaOfApiVersion(apiVersion: unknown): { schema: DashboardSchema } | { problem: string } {
  if (typeof apiVersion !== 'string') {
    return { problem: `a dashboard resource needs "apiVersion": "${DASHBOARD_GROUP}/<version>" (v1, v1beta1, v2, v2beta1…)` };
  }
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  if (group !== DASHBOARD_GROUP) {
    return { problem: `apiVersion ${JSON.stringify(apiVersion)} is not a dashboard API: use "${DASHBOARD_GROUP}/<version>" (v1, v1beta1, v2, v2beta1…)` };
  }
  if (V1_FAMILY.test(version)) return { schema: 'v1' };
  if (V2_FAMILY.test(version)) return { schema: 'v2' };
  return { problem: `unknown dashboard API version ${JSON.stringify(version)}: Grafana serves v0alpha1, v1beta1, v1 (classic dashboards) and v2alpha1, v2beta1, v2 (v2 dashboards)` };
}
