import type { IncomingHttpHeaders } from 'node:http';
import { authErrorReply, type Reply } from './http/reply.js';
import type { SandboxState } from './state.js';
import { hashToken } from './tokens.js';
import type { OrgRole } from './types.js';

/** Who is calling, in which org, with which role. */
export interface Identity {
  kind: 'user' | 'service-account';
  id: number;
  uid: string;
  /** What meta.createdBy/updatedBy and version createdBy record for this caller. */
  login: string;
  name: string;
  email: string;
  /** -1 when a user names an org they are not a member of (or that does not exist). */
  orgId: number;
  /** 'None': signed in, but no role in the requested org. */
  role: OrgRole | 'None';
  isGrafanaAdmin: boolean;
}

/** The org a basic-auth user runs in when the requested org has no role for them (GetSignedInUser: "Org missing"). */
export const MISSING_ORG_ID = -1;

export interface Credentials {
  adminUser: string;
  adminPassword: string;
}

// authn's errCantAuthenticateReq when no client accepts the request (no credentials).
const unauthorized = (): Reply => authErrorReply('auth.unauthorized', 'Unauthorized');
const invalidPassword = (): Reply => authErrorReply('password-auth.failed', 'Invalid username or password');
const invalidKey = (): Reply => authErrorReply('api-key.invalid', 'Invalid API key');
const expiredKey = (): Reply => authErrorReply('api-key.expired', 'Expired API key');
const orgMismatch = (): Reply =>
  authErrorReply('api-key.organization-mismatch', 'API key does not belong to the requested organization');

/** Authenticates a request (grafana-api.md §7.1, §7.2): an Identity, or the 401 Grafana answers. */
export function authenticate(
  state: SandboxState,
  credentials: Credentials,
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
): Identity | Reply {
  const requestedOrg = requestedOrgId(headers, query);
  const authorization = headers.authorization ?? '';
  const [scheme = '', value = ''] = authorization.split(/\s+/, 2);
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const login = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    if (login !== credentials.adminUser || password !== credentials.adminPassword) return invalidPassword();
    const user = [...state.users.values()].find((candidate) => candidate.login === login);
    if (!user) return invalidPassword();
    const requested = requestedOrg || user.defaultOrgId;
    // Grafana does not refuse the request: GetSignedInUser finds no org_user row, sets OrgID -1 and an
    // empty role, and the user stays signed in with no permissions in any org (RBAC 403s, empty search).
    const role = state.orgs.has(requested) ? user.orgRoles[String(requested)] : undefined;
    const orgId = role ? requested : MISSING_ORG_ID;
    return {
      kind: 'user',
      id: user.id,
      uid: user.uid,
      login: user.login,
      name: user.name,
      email: user.email,
      orgId,
      role: role ?? 'None',
      isGrafanaAdmin: user.isGrafanaAdmin,
    };
  }
  if (scheme.toLowerCase() === 'bearer') {
    const token = state.tokens.get(hashToken(value));
    if (!token) return invalidKey();
    if (token.expires && Date.parse(token.expires) <= Date.now()) return expiredKey();
    const account = state.serviceAccounts.get(token.serviceAccountId);
    if (!account || account.isDisabled) return invalidKey();
    if (requestedOrg && requestedOrg !== token.orgId) return orgMismatch();
    return {
      kind: 'service-account',
      id: account.id,
      uid: account.uid,
      login: account.login,
      name: account.name,
      email: '',
      orgId: account.orgId,
      role: account.role,
      isGrafanaAdmin: false,
    };
  }
  return unauthorized();
}

/**
 * `targetOrgId` query first, then `X-Grafana-Org-Id` (orgIDFromRequest); 0 (the user's default org) when absent,
 * not a whole number (Go's strconv.ParseInt refuses "2abc"), or not positive.
 */
function requestedOrgId(headers: IncomingHttpHeaders, query: URLSearchParams): number {
  const fromQuery = parseGoInt(query.get('targetOrgId'));
  if (fromQuery > 0) return fromQuery;
  const header = headers['x-grafana-org-id'];
  const fromHeader = parseGoInt(Array.isArray(header) ? header[0] : header);
  return fromHeader > 0 ? fromHeader : 0;
}

function parseGoInt(text: string | null | undefined): number {
  return text !== null && text !== undefined && /^[+-]?\d+$/.test(text) ? Number(text) : 0;
}
