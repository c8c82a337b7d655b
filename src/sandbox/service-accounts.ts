import { generateUid } from './generate-uid.js';
import { nowIso, orgDashboards, type SandboxState, type ServiceAccountRecord, type TokenRecord } from './state.js';
import { hashToken, newServiceAccountToken } from './tokens.js';
import type { OrgRole } from './types.js';

/**
 * Grafana names a service account's login `sa-<orgId>-<lower-case name, spaces → dashes>` (serviceaccounts GenerateLogin).
 * Its uid is a user's (a row of the user table): the user store's Insert gives `util.GenerateShortUID()`, which begins
 * with a letter since 10.0 (PR #62731; users from before the column got `u` + the zero-padded id, user_mig.go), so it is
 * never all digits, as the internal id GET /api/user answers for a service account is (dashsync tells them apart so).
 */
export function createServiceAccount(state: SandboxState, orgId: number, name: string, role: OrgRole | 'None'): ServiceAccountRecord {
  const account: ServiceAccountRecord = {
    id: ++state.counters.userId,
    uid: generateUid('shortid'),
    orgId,
    name,
    login: serviceAccountLogin(orgId, name),
    role,
    isDisabled: false,
    created: nowIso(),
  };
  state.serviceAccounts.set(account.id, account);
  return account;
}

/** Adds a token; only its hash is stored. Returns the record and the token text (shown once). */
export function addToken(
  state: SandboxState,
  account: ServiceAccountRecord,
  name: string,
  secondsToLive?: number,
): { record: TokenRecord; key: string } {
  const key = newServiceAccountToken();
  const now = nowIso();
  const record: TokenRecord = {
    id: ++state.counters.tokenId,
    name,
    serviceAccountId: account.id,
    orgId: account.orgId,
    hash: hashToken(key),
    created: now,
    ...(secondsToLive && secondsToLive > 0
      ? { expires: new Date(Date.now() + secondsToLive * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') }
      : {}),
  };
  state.tokens.set(record.hash, record);
  return { record, key };
}

/**
 * A service account's basic role: an org role or `None` ("No basic role", whose `basic:none` grants nothing; only managed
 * grants then): `roletype.RoleType.IsValid` (pkg/models/roletype/roletype.go) takes the four.
 */
export function isBasicRole(value: unknown): value is OrgRole | 'None' {
  return value === 'None' || value === 'Viewer' || value === 'Editor' || value === 'Admin';
}

function serviceAccountLogin(orgId: number, name: string): string {
  return `sa-${orgId}-${name.toLowerCase()}`.replace('--', '-').replaceAll(' ', '-');
}

/**
 * After a service account is deleted (its `user` row gone), legacy SQL storage reads its saves back with no saver: the
 * dashboard query joins the user table for the uid (`LEFT OUTER JOIN user … ON dashboard.created_by = created_user.id`,
 * `query_dashboards.sql`), and `getUserID` (`pkg/registry/apis/dashboard/legacy/sql_dashboards.go`) answers '' for a row
 * id it finds no uid for (only -1 is `provisioning:`). The sandbox records the typed id at the save, so it forgets it here:
 * the same answer at every later read, since a uid is never given again. Unified storage keeps the annotations as written.
 */
export function forgetDeletedLegacySaver(state: SandboxState, orgId: number, account: Pick<ServiceAccountRecord, 'uid'>): void {
  const ref = `user:${account.uid}`;
  const forget = (value: string) => (value === ref ? '' : value);
  const dashboards = orgDashboards(state, orgId);
  for (const [uid, record] of dashboards) {
    const named = record.k8s?.createdById === ref || record.k8s?.updatedById === ref || record.versions.some((entry) => entry.createdById === ref);
    if (!named) continue;
    dashboards.set(uid, {
      ...record,
      ...(record.k8s ? { k8s: { ...record.k8s, createdById: forget(record.k8s.createdById), updatedById: forget(record.k8s.updatedById) } } : {}),
      versions: record.versions.map((entry) => (entry.createdById === ref ? { ...entry, createdById: '' } : entry)),
    });
  }
}
