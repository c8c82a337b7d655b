import { isObject } from '../dashboard-model.js';
import { errorWithTrace, errutilReply, json, type Reply } from '../http/reply.js';
import type { Route, RouteContext } from '../http/route-table.js';
import { adminAction } from '../permissions.js';
import { addToken, createServiceAccount, isOrgRole } from '../service-accounts.js';

/** Service accounts and their tokens (`glsa_…`, bound to the account's org and role). */
export const serviceAccountRoutes: Route[] = [
  { method: 'POST', pattern: '/api/serviceaccounts', requirement: adminAction('serviceaccounts:create'), handle: create },
  { method: 'POST', pattern: '/api/serviceaccounts/:id/tokens', requirement: adminAction('serviceaccounts:write'), handle: createToken },
];

function create(context: RouteContext): Reply {
  const request = context.body;
  if (context.invalidJson || !isObject(request) || typeof request.name !== 'string' || request.name.trim() === '') {
    return errorWithTrace(400, 'Bad request data');
  }
  const role = request.role ?? 'Viewer';
  if (!isOrgRole(role)) return errorWithTrace(400, 'Bad request data');
  const name = request.name.trim();
  const { state, identity } = context;
  const taken = [...state.serviceAccounts.values()].some((account) => account.orgId === identity.orgId && account.name === name);
  if (taken) return errutilReply(400, 'serviceaccounts.ErrAlreadyExists', 'service account already exists');
  const account = createServiceAccount(state, identity.orgId, name, role);
  if (request.isDisabled === true) state.serviceAccounts.set(account.id, { ...account, isDisabled: true });
  context.changed();
  return json(201, {
    id: account.id,
    uid: account.uid,
    name: account.name,
    login: account.login,
    orgId: account.orgId,
    isDisabled: request.isDisabled === true,
    role: account.role,
    tokens: 0,
    avatarUrl: '/avatar/abb61d2f5b4bd68d2e3f7c08f0ea5e36',
  });
}

function createToken(context: RouteContext): Reply {
  const { state, identity } = context;
  const account = state.serviceAccounts.get(Number(context.params.id));
  if (!account || account.orgId !== identity.orgId) return errorWithTrace(404, 'Service account not found');
  const request = context.body;
  if (context.invalidJson || !isObject(request) || typeof request.name !== 'string' || request.name.trim() === '') {
    return errorWithTrace(400, 'Bad request data');
  }
  const secondsToLive = typeof request.secondsToLive === 'number' ? request.secondsToLive : undefined;
  const { record, key } = addToken(state, account, request.name.trim(), secondsToLive);
  context.changed();
  return json(200, { id: record.id, name: record.name, key });
}
