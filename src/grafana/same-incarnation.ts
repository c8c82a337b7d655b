/**
 * Whether the dashboard read now is the one a plan read, not another created under its uid since: its internal id
 * (`/api`'s `dashboard.id`, `/apis`' `grafana.app/deprecatedInternalID` label) is its SQL row's, which a create makes
 * anew. Legacy SQL storage (Grafana 11, and 12 in its default dual-writer modes) tells the two apart by nothing else:
 * a new row starts again at version 1, its resourceVersion is that version and its metadata.uid comes from the name
 * (`pkg/registry/apis/dashboard/legacy/sql_dashboards.go` scanRow), and its creationTimestamp is to the second. An id
 * unknown on either side (a plan made before dashsync recorded it, an answer without one) does not tell. Pure.
 */
export function sameIncarnation(plannedId: number | null | undefined, currentId: number | null | undefined): boolean {
  return plannedId === null || plannedId === undefined || currentId === null || currentId === undefined || plannedId === currentId;
}
