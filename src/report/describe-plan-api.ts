import { dashboardActions, type Plan } from '../plan/types.js';

/**
 * Which Grafana API the plan reads through and its dashboard writes go through, for the header: `through /api`;
 * `through /apis (dashboard.grafana.app/v1)`; with `api: auto`, where classic dashboards without labels are written
 * through `/api` (THROUGH_API_WHY), `through /apis (2 writes through /api: …; 1 through /apis at dashboard.grafana.app/v1beta1)`. Pure.
 */
export function describePlanApi(plan: Pick<Plan, 'target' | 'actions'>): string {
  if ((plan.target.api ?? 'legacy') === 'legacy') return 'through /api';
  const writes = dashboardActions(plan).flatMap((action) => (action.write === undefined || action.action === 'delete' || action.action === 'noop' ? [] : [action.write]));
  const throughApi = writes.filter((write) => write.apiVersion === null).length;
  const versions = [...new Set(writes.flatMap((write) => (write.apiVersion === null ? [] : [write.apiVersion])))].sort();
  const throughApis = writes.length - throughApi;
  if (throughApi === 0) return versions.length === 0 ? 'through /apis' : `through /apis (${versions.join(', ')})`;
  const apis = throughApis === 0 ? '' : `; ${throughApis} through /apis at ${versions.join(', ')}`;
  return `through /apis (${throughApi} ${throughApi === 1 ? 'write' : 'writes'} through /api: ${THROUGH_API_WHY}${apis})`;
}

/** Why a plan on /apis writes some dashboards through /api, and that it is as intended: a reviewer asks both. */
const THROUGH_API_WHY = 'api "auto" saves classic dashboards without labels there, which Grafana stores as sent, without migrating them';

/** The org the plan acts on, for the header: ` (org 2)` as configured, ` (org 2, from the credentials)` when the credentials chose it; '' when unknown. Pure. */
export function describePlanOrg(plan: Pick<Plan, 'target'>): string {
  if (plan.target.orgId) return ` (org ${plan.target.orgId})`;
  return plan.target.credentialsOrgId === undefined ? '' : ` (org ${plan.target.credentialsOrgId}, from the credentials)`;
}
