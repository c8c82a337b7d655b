import type { GrafanaPort } from '../grafana/port.js';
import type { Plan } from '../plan/types.js';

/**
 * Where this run applies, as checkPlanTarget compares it with the plan. The credentials' own org is asked (GET
 * /api/user) only when the plan gave an org id and this run gives none: the plan's record says the rest.
 */
export async function targetOfRun(grafana: Pick<GrafanaPort, 'url' | 'urlSha256' | 'orgId' | 'credentialsOrgId'>, plan: Plan) {
  const target = { url: grafana.url, urlSha256: grafana.urlSha256, orgId: grafana.orgId };
  if (grafana.orgId !== undefined || plan.target.orgId === null) return target;
  return { ...target, credentialsOrgId: await grafana.credentialsOrgId() };
}
