import { isObject } from '../dashboard-model.js';
import { errorReply, errorWithTrace, json, mapJson, type Reply } from '../http/reply.js';
import type { Route, RouteContext } from '../http/route-table.js';
import { canRead, rbacDenied } from '../permissions.js';
import { nowIso, type OrgRecord } from '../state.js';

/** Orgs: creating and listing need a Grafana server admin (the default admin user). */
export const orgRoutes: Route[] = [
  { method: 'POST', pattern: '/api/orgs', handle: createOrg },
  { method: 'GET', pattern: '/api/orgs', handle: listOrgs },
  { method: 'GET', pattern: '/api/org', requirement: canRead('orgs:read'), handle: currentOrg },
];

function createOrg(context: RouteContext): Reply {
  if (!context.identity.isGrafanaAdmin) return rbacDenied(['orgs:create']);
  const request = context.body;
  const name = isObject(request) && typeof request.name === 'string' ? request.name.trim() : '';
  if (context.invalidJson || name === '') return errorWithTrace(400, 'bad request data');
  const { state, identity } = context;
  if ([...state.orgs.values()].some((org) => org.name === name)) return errorWithTrace(409, 'Organization name taken');
  const now = nowIso();
  const org: OrgRecord = { id: ++state.counters.orgId, name, created: now, updated: now };
  state.orgs.set(org.id, org);
  state.dashboards.set(org.id, new Map());
  state.folders.set(org.id, new Map());
  const creator = state.users.get(identity.id);
  if (identity.kind === 'user' && creator) {
    state.users.set(creator.id, { ...creator, orgRoles: { ...creator.orgRoles, [String(org.id)]: 'Admin' } });
  }
  context.changed();
  return mapJson(200, { message: 'Organization created', orgId: org.id });
}

function listOrgs(context: RouteContext): Reply {
  if (!context.identity.isGrafanaAdmin) return rbacDenied(['orgs:read']);
  const orgs = [...context.state.orgs.values()].sort((a, b) => a.name.localeCompare(b.name));
  return json(200, orgs.map((org) => ({ id: org.id, name: org.name })));
}

function currentOrg(context: RouteContext): Reply {
  const org = context.state.orgs.get(context.identity.orgId);
  if (!org) return errorReply(404, 'Organization not found');
  return json(200, {
    id: org.id,
    name: org.name,
    address: { address1: '', address2: '', city: '', zipCode: '', state: '', country: '' },
  });
}
