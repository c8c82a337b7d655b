import type { K8sObjectHead } from './k8s-object.js';

/**
 * Whether the object read back after a `POST /api/dashboards/db` shows that the save's answer alone tells its revision:
 * stored on legacy SQL storage in the current form (resourceVersion = version = generation: `legacy/sql_dashboards.go`
 * scanRow; the older `version + id × 10⁷` form is only in code before 12.0.0, and is not derived) at the very version the answer gave. Pure.
 *
 * Why it holds for the rest of the run once seen: on legacy storage the answer's `version` is the row's version however
 * the save went (the store's own save; or through the apiserver, where `UnstructuredToLegacyDashboard` takes the
 * generation, or in older copies `spec.version`, which the store writes as the row's version), and one Grafana answers
 * every dashboard from one storage (its dual-writer mode). On unified storage the resourceVersion is a server-wide
 * stamp no answer carries: every save there is read back. Null: the object read is at another generation than the
 * answer's (saved again in between), so it tells nothing.
 */
export function answerTellsRevision(object: Pick<K8sObjectHead, 'resourceVersion' | 'generation'>, answeredVersion: number): boolean | null {
  // Saved again between the save and its read (or not yet there): this read cannot tell.
  if (object.generation !== answeredVersion) return null;
  return object.resourceVersion === String(answeredVersion);
}
