import { isObject } from '../dashboard-model.js';
import { errorWithTrace, errutilReply, json, mapJson, type Reply } from '../http/reply.js';
import type { Route, RouteContext } from '../http/route-table.js';
import { adminAction } from '../permissions.js';
import { addToken, createServiceAccount, forgetDeletedLegacySaver, isBasicRole } from '../service-accounts.js';

/** Service accounts and their tokens (`glsa_…`, bound to the account's org and role). */
export const serviceAccountRoutes: Route[] = [
  { method: 'POST', pattern: '/api/serviceaccounts', requirement: adminAction('serviceaccounts:create'), handle: create },
  { method: 'POST', pattern: '/api/serviceaccounts/:id/tokens', requirement: adminAction('serviceaccounts:write'), handle: createToken },
  { method: 'PATCH', pattern: '/api/serviceaccounts/:id', requirement: adminAction('serviceaccounts:write'), handle: update },
  { method: 'DELETE', pattern: '/api/serviceaccounts/:id', requirement: adminAction('serviceaccounts:delete'), handle: remove },
];

function create(context: RouteContext): Reply {
  const request = context.body;
  if (context.invalidJson || !isObject(request) || typeof request.name !== 'string' || request.name.trim() === '') {
    return errorWithTrace(400, 'Bad request data');
  }
  const role = request.role ?? 'Viewer';
  if (!isBasicRole(role)) return errorWithTrace(400, 'Bad request data');
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

/**
 * PATCH /api/serviceaccounts/:id (`pkg/services/serviceaccounts/api/api.go` UpdateServiceAccount): a new `name`,
 * `role` and/or `isDisabled` (a disabled account's tokens no longer sign in). The store (`serviceaccounts/database/store.go` UpdateServiceAccount) writes the name alone: the
 * login made from the first name (`sa-<org>-<name>`) stays. `/api` names savers when read, so a renamed account's
 * saves show its new name from then on (saver-names.ts). The answer's `serviceaccount` is the profile, abridged.
 * Checks in Grafana's order: the id parses (400 `Service Account ID is invalid`), the body binds (400 `Bad request
 * data`), the role is valid (`validateRole`: errutil 400 `invalid role specified`; a role above the caller's, 403, cannot
 * arise here: only org Admins may write), the id is not 0 (manager `validServiceAccountID`: errutil 400), then the
 * store's `RetrieveServiceAccount` (errutil 404 `service account not found`, another org's account included). A name
 * another account has is no error: nothing keeps service account names unique (the `user` table's unique key is
 * the login).
 */
function update(context: RouteContext): Reply {
  const { state, identity } = context;
  const id = context.params.id!;
  if (!/^[+-]?\d+$/.test(id)) return errorWithTrace(400, 'Service Account ID is invalid');
  const request = context.body;
  if (context.invalidJson || (request !== undefined && request !== null && !isObject(request))) return errorWithTrace(400, 'Bad request data');
  const form = isObject(request) ? request : {};
  // UpdateServiceAccountForm {name *string, role *RoleType, isDisabled *bool}: another JSON type fails the bind
  const mistyped = (key: string, type: string) => form[key] !== undefined && form[key] !== null && typeof form[key] !== type;
  if (mistyped('name', 'string') || mistyped('role', 'string') || mistyped('isDisabled', 'boolean')) return errorWithTrace(400, 'Bad request data');
  if (form.role !== undefined && form.role !== null && !isBasicRole(form.role)) {
    return errutilReply(400, 'serviceaccounts.ErrInvalidRoleSpecified', 'invalid role specified');
  }
  if (Number(id) === 0) return errutilReply(400, 'serviceaccounts.ErrInvalidId', 'invalid service account id specified');
  const account = state.serviceAccounts.get(Number(id));
  if (!account || account.orgId !== identity.orgId) return errutilReply(404, 'serviceaccounts.ErrNotFound', 'service account not found');
  const name = typeof form.name === 'string' ? form.name : account.name;
  const isDisabled = typeof form.isDisabled === 'boolean' ? form.isDisabled : account.isDisabled;
  const updated = { ...account, name, isDisabled, role: isBasicRole(form.role) ? form.role : account.role };
  state.serviceAccounts.set(account.id, updated);
  context.changed();
  const profile = { id: updated.id, uid: updated.uid, name, login: updated.login, orgId: updated.orgId, isDisabled: updated.isDisabled, role: updated.role };
  return mapJson(200, { id: updated.id, message: 'Service account updated', name, serviceaccount: profile });
}

/**
 * DELETE /api/serviceaccounts/:id (`pkg/services/serviceaccounts/api/api.go` DeleteServiceAccount): the id parses (400
 * `Service account ID is invalid`), is not 0 (errutil 400), names an account of the caller's org (errutil 404 `service
 * account not found`, as PATCH); then the account, its tokens and its `user` row are gone: `{"message":"Service account
 * deleted"}`. Its saves stay: `/api` names them `Anonymous` from then on (saver-names.ts), legacy storage's `/apis` names no
 * saver for them (forgetDeletedLegacySaver), unified storage keeps `service-account:<uid>`.
 */
function remove(context: RouteContext): Reply {
  const { state, identity } = context;
  const id = context.params.id!;
  if (!/^[+-]?\d+$/.test(id)) return errorWithTrace(400, 'Service account ID is invalid');
  if (Number(id) === 0) return errutilReply(400, 'serviceaccounts.ErrInvalidId', 'invalid service account id specified');
  const account = state.serviceAccounts.get(Number(id));
  if (!account || account.orgId !== identity.orgId) return errutilReply(404, 'serviceaccounts.ErrNotFound', 'service account not found');
  state.serviceAccounts.delete(account.id);
  for (const [hash, token] of state.tokens) if (token.serviceAccountId === account.id) state.tokens.delete(hash);
  if ((context.settings.storage ?? 'legacy') === 'legacy') forgetDeletedLegacySaver(state, account.orgId, account);
  context.changed();
  return json(200, { message: 'Service account deleted' });
}
