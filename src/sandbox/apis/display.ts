import { createHash } from 'node:crypto';
import { json, type Reply } from '../http/reply.js';
import type { SandboxState } from '../state.js';
import { statusReply } from './k8s-status.js';

/**
 * `GET /apis/iam.grafana.app/v0alpha1/namespaces/<ns>/display?key=user:<uid>&key=…`: the names Grafana's UI
 * shows for the typed identities in `grafana.app/createdBy`/`updatedBy` (the folder view, the dashboard versions
 * view and "Recently deleted" all ask it). pkg/registry/apis/iam/display/handler.go, keys.go, legacy.go;
 * types in pkg/apis/iam/v0alpha1/types_display.go; SQL in pkg/registry/apis/iam/legacy/display_query.sql.
 * The iam authorizer leaves `display` unchecked for get and list: any member of the org may ask (a Viewer too).
 */
export const IAM_GROUP = 'iam.grafana.app';

interface Display {
  identity: { type: string; name: string };
  displayName: string;
  avatarURL?: string;
  internalId?: number;
}

/** authlib types.ParseType: the types a key may name (`provisioning` is not among them). */
const PARSED_TYPES = new Set(['user', 'api-key', 'service-account', 'anonymous', 'render', 'unauthenticated', 'access-policy', 'public']);

export function displayIdentities(state: SandboxState, orgId: number, query: URLSearchParams): Reply {
  const keys = query.getAll('key');
  if (keys.length === 0) return statusReply({ message: 'missing key', reason: 'BadRequest', code: 400 });
  const invalid: string[] = [];
  const uids: string[] = [];
  const ids: number[] = [];
  const constants: Display[] = [];
  for (const key of keys) {
    const colon = key.indexOf(':');
    let rest = key;
    if (colon > 0) {
      const type = key.slice(0, colon);
      if (!PARSED_TYPES.has(type)) {
        invalid.push(key);
        continue;
      }
      rest = key.slice(colon + 1);
      if (type === 'anonymous') {
        constants.push({ identity: { type, name: '' }, displayName: 'Anonymous', avatarURL: avatar(type) });
        continue;
      }
      if (type === 'api-key') {
        constants.push({ identity: { type, name: rest }, displayName: 'API Key', avatarURL: avatar(type) });
        continue;
      }
    }
    // The rest names a user or service account by uid, or by internal id (strconv.ParseInt); id 0 is the system admin.
    if (/^[+-]?\d+$/.test(rest)) {
      const id = Number(rest);
      if (id === 0) constants.push({ identity: { type: 'user', name: rest }, displayName: 'System admin' });
      else ids.push(id);
    } else uids.push(rest);
  }
  const found = orgMembers(state, orgId)
    .filter((member) => uids.includes(member.identity.name) || ids.includes(member.internalId))
    .slice(0, 500);
  const display = [...found, ...constants];
  // The handler encodes the DisplayList with encoding/json: TypeMeta inline (empty), ListMeta as `metadata: {}`.
  return json(200, { metadata: {}, keys, ...(invalid.length > 0 ? { invalidKeys: invalid } : {}), display });
}

/** Users and service accounts of the org (`user JOIN org_user … ORDER BY u.id`; the caller applies the `LIMIT 500`), as Display items. */
function orgMembers(state: SandboxState, orgId: number): (Display & { internalId: number })[] {
  const members: (Display & { internalId: number })[] = [];
  for (const user of state.users.values()) {
    if (!user.orgRoles[String(orgId)]) continue;
    const displayName = user.name || user.login || user.email;
    members.push({ identity: { type: 'user', name: user.uid }, displayName, avatarURL: avatar(user.email), internalId: user.id });
  }
  for (const account of state.serviceAccounts.values()) {
    if (account.orgId !== orgId) continue;
    const displayName = account.name || account.login;
    members.push({ identity: { type: 'service-account', name: account.uid }, displayName, avatarURL: avatar(account.login), internalId: account.id });
  }
  return members.sort((a, b) => a.internalId - b.internalId);
}

/** dtos.GetGravatarUrl with an empty app URL: `/avatar/<md5 of the lower-cased text>`. */
function avatar(text: string): string {
  return `/avatar/${createHash('md5').update(text.trim().toLowerCase()).digest('hex')}`;
}
