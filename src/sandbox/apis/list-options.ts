import type { Reply } from '../http/reply.js';
import type { DashboardStorage } from './dashboard-view.js';
import { badRequest, statusReply } from './k8s-status.js';
import { readUnifiedContinueToken } from './list-pages.js';
import { parseFieldSelector, parseLabelSelector, type FieldRequirement, type LabelRequirement } from './selectors.js';

export const GET_HISTORY = 'grafana.app/get-history';
export const GET_TRASH = 'grafana.app/get-trash';

export interface ListOptions {
  source: 'store' | 'history' | 'trash';
  /** History: the dashboard's name. */
  name: string;
  /** The page size asked for; 0 = none (the server's default applies). */
  limit: number;
  /**
   * Continue after this key; 0 = from the start. Legacy storage: an internal id, or a version for history. Unified
   * storage's history and trash: a resourceVersion (the next page holds older ones).
   */
  start: number;
  /**
   * Unified storage's store list past its first page: the rows as they were at `resourceVersion` (the first page's), from
   * `offset` on (the backend's listAtRevision).
   */
  at?: { resourceVersion: number; offset: number };
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

/**
 * `limit`, `continue`, `labelSelector`, `fieldSelector` of a LIST, with the rules and messages of
 * pkg/storage/unified/apistore toListRequest (history and trash selectors) and the storage's continue tokens: legacy/token.go
 * on legacy SQL storage, sql/continue.go on unified storage (list-pages.ts). A token that cannot be read is the backend's
 * plain error: 500 without reason.
 */
export function readListOptions(query: URLSearchParams, orgId: number, storage: DashboardStorage): ListOptions | Reply {
  const labels = parseLabelSelector(query.get('labelSelector') ?? '');
  if (typeof labels === 'string') return badRequest(labels);
  const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
  if (typeof fields === 'string') return badRequest(fields);
  const limit = Math.max(0, Number.parseInt(query.get('limit') ?? '', 10) || 0);
  const special = labels.find((r) => r.key === GET_HISTORY || r.key === GET_TRASH);
  const token = query.get('continue') ?? '';
  let start = 0;
  let at: ListOptions['at'];
  if (storage === 'unified') {
    const read = token === '' ? undefined : readUnifiedContinueToken(token);
    if (typeof read === 'string') return statusReply({ message: read, code: 500 });
    // getHistory (history and trash) continues below the token's resourceVersion; listAtRevision reads the store at it.
    if (read && special) start = read.resourceVersion;
    else if (read) {
      if (read.resourceVersion < 1) return badRequest('expecting an explicit resource version query');
      at = { resourceVersion: read.resourceVersion, offset: Math.max(0, read.offset) };
    }
  } else {
    const legacyStart = readContinueToken(token, orgId);
    if (typeof legacyStart === 'string') return statusReply({ message: legacyStart, code: 500 });
    start = legacyStart;
  }
  const base: ListOptions = { source: 'store', name: '', limit, start, ...(at ? { at } : {}), labels, fields };
  if (!special) return base;
  if (labels.length !== 1) return badRequest(`single label supported with: ${special.key}`);
  if (special.operator !== '=') return badRequest(`only = operator supported with: ${special.key}`);
  if (special.key === GET_TRASH) {
    if (special.values[0] !== 'true') return badRequest(`expecting true for: ${special.key}`);
    return { ...base, source: 'trash', labels: [], fields: [] };
  }
  const required = 'metadata.name field selector required for history requests';
  if (fields.length === 0) return badRequest(required);
  if (fields.length !== 1) return badRequest('only one field selector supported for history requests');
  if (fields[0]!.field !== 'metadata.name') return badRequest(required);
  return { ...base, source: 'history', name: fields[0]!.value, labels: [], fields: [] };
}

/** legacy/token.go readContinueToken: `org:<org>/start:<id>/folder:<uid>`; its error text on a bad one. */
function readContinueToken(token: string, orgId: number): number | string {
  if (token === '') return 0;
  const parts = token.split('/');
  if (parts.length < 3) return 'invalid continue token (too few parts)';
  const [orgPart = '', startPart = '', folderPart = ''] = parts;
  const org = orgPart.split(':');
  if (org[0] !== 'org') return 'expected org in first slug';
  if (!/^-?\d+$/.test(org[1] ?? '')) return 'error parsing orgid';
  const start = startPart.split(':');
  if (start[0] !== 'start') return 'expected internal ID in second slug';
  if (!/^-?\d+$/.test(start[1] ?? '')) return 'error parsing updated';
  if (folderPart.split(':')[0] !== 'folder') return 'expected folder UID in third slug';
  const tokenOrg = Number(org[1]);
  if (tokenOrg > 0 && tokenOrg !== orgId) return 'token and orgID mismatch';
  return Number(start[1]);
}
