import type { Reply } from '../http/reply.js';
import { badRequest, statusReply } from './k8s-status.js';
import { parseFieldSelector, parseLabelSelector, type FieldRequirement, type LabelRequirement } from './selectors.js';

export const GET_HISTORY = 'grafana.app/get-history';
export const GET_TRASH = 'grafana.app/get-trash';

export interface ListOptions {
  source: 'store' | 'history' | 'trash';
  /** History: the dashboard's name. */
  name: string;
  /** 0 = no limit. */
  limit: number;
  /** Continue after this key (internal id, or version for history); 0 = from the start. */
  start: number;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

/**
 * `limit`, `continue`, `labelSelector`, `fieldSelector` of a LIST, with the rules and messages of
 * pkg/storage/unified/apistore toListRequest (history and trash selectors) and legacy/token.go (continue tokens).
 */
export function readListOptions(query: URLSearchParams, orgId: number): ListOptions | Reply {
  const labels = parseLabelSelector(query.get('labelSelector') ?? '');
  if (typeof labels === 'string') return badRequest(labels);
  const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
  if (typeof fields === 'string') return badRequest(fields);
  const limit = Math.max(0, Number.parseInt(query.get('limit') ?? '', 10) || 0);
  const start = readContinueToken(query.get('continue') ?? '', orgId);
  if (typeof start === 'string') return statusReply({ message: start, code: 500 });
  const base: ListOptions = { source: 'store', name: '', limit, start, labels, fields };
  const special = labels.find((r) => r.key === GET_HISTORY || r.key === GET_TRASH);
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
