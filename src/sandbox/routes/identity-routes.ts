import { ZERO_TIME } from '../dashboard-views.js';
import type { EraRules } from '../era.js';
import { errorReply, json, type Reply } from '../http/reply.js';
import type { Route, RouteContext } from '../http/route-table.js';

export const commits: Record<string, string> = {
  '11.2.10': '5d3bd8c1b1f0c1a3e5b1fd0bbaf4e1b3c6b2d0a1',
  '12.3.2': '8e3d1f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e',
  '13.0.2': 'c4a1e9f7d2b8a6c3e5f1d9b7a2c4e6f8a0b2c4d6',
};

/**
 * GET /api/health: no auth, pretty-printed Go map (keys sorted), charset in the content type (§7.5). With
 * `[auth.anonymous] hide_version` the release and its commit are left out for every caller, signed in or not
 * (`apiHealthHandler`, pkg/api/http_server.go: `if !hs.Cfg.Anonymous.HideVersion`).
 */
export function healthReply(era: EraRules, hideVersion = false): Reply {
  const body = hideVersion ? { database: 'ok' } : { commit: commits[era.versionString] ?? '', database: 'ok', version: era.versionString };
  return {
    status: 200,
    body: JSON.stringify(body, null, 2),
    contentType: 'application/json; charset=UTF-8',
  };
}

/** GET /api/user: the signed-in identity; `login` is what meta.updatedBy records for its saves. */
function currentUser(context: RouteContext): Reply {
  const { identity, state, era } = context;
  if (identity.kind === 'service-account') {
    // GetSignedInUser for a non-user identity: a profile built from the identity only, its uid the typed internal id (era.ts).
    return json(200, {
      id: 0,
      uid: `service-account:${era.serviceAccountSignedInUid === 'internal-id' ? identity.id : identity.uid}`,
      email: identity.email,
      name: identity.name,
      login: identity.login,
      theme: '',
      orgId: identity.orgId,
      isGrafanaAdmin: false,
      isDisabled: false,
      isExternal: false,
      isExternallySynced: false,
      isGrafanaAdminExternallySynced: false,
      authLabels: null,
      updatedAt: ZERO_TIME,
      createdAt: ZERO_TIME,
      avatarUrl: '',
    });
  }
  const user = state.users.get(identity.id);
  const created = user?.created ?? '';
  return json(200, {
    id: identity.id,
    uid: identity.uid,
    email: identity.email,
    name: identity.name,
    login: identity.login,
    theme: '',
    // GetProfile reads the user row: its current org, not the org this request names.
    orgId: user?.defaultOrgId ?? identity.orgId,
    isGrafanaAdmin: identity.isGrafanaAdmin,
    isDisabled: false,
    isExternal: false,
    isExternallySynced: false,
    isGrafanaAdminExternallySynced: false,
    authLabels: [],
    updatedAt: created,
    createdAt: created,
    avatarUrl: '/avatar/46d229b033af06a191ff2267bca9ae56',
    isProvisioned: false,
  });
}

/**
 * GET /api/user/orgs: the orgs the signed-in user belongs to, with the role in each (sorted by name). A service account
 * is refused: GetSignedInUserOrgList → `getUserID` (`pkg/api/user.go`) answers a non-user identity "Endpoint only
 * available for users", as 403 or as a bodiless 304 (era.userOnlyRefusal).
 */
function currentUserOrgs(context: RouteContext): Reply {
  const { identity, state, era } = context;
  if (identity.kind === 'service-account') {
    return era.userOnlyRefusal === 304 ? { status: 304, body: '' } : errorReply(403, 'Endpoint only available for users');
  }
  const roles: Record<string, string> = state.users.get(identity.id)?.orgRoles ?? {};
  const orgs = Object.entries(roles)
    .map(([orgId, role]) => ({ orgId: Number(orgId), name: state.orgs.get(Number(orgId))?.name ?? '', role }))
    .filter((org) => org.name !== '')
    .sort((a, b) => a.name.localeCompare(b.name));
  return json(200, orgs);
}

export const identityRoutes: Route[] = [
  { method: 'GET', pattern: '/api/health', public: true, handle: (context) => healthReply(context.era, context.settings.hideVersion) },
  { method: 'GET', pattern: '/api/user', handle: currentUser },
  { method: 'GET', pattern: '/api/user/orgs', handle: currentUserOrgs },
];
