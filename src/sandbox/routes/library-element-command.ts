import { isObject } from '../dashboard-model.js';
import { errorWithTrace, type Reply } from '../http/reply.js';
import type { RouteContext } from '../http/route-table.js';

/** CreateLibraryElementCommand / PatchLibraryElementCommand after web.Bind. */
export interface LibraryElementCommand {
  uid: string;
  name: string;
  kind: number;
  /** Raw JSON `model`; undefined when absent. */
  model: unknown;
  /** undefined when absent or null (a *string in Go). */
  folderUid?: string;
  /** Deprecated numeric folder; PATCH defaults to -1 (keep the folder). */
  folderId: number;
  /** PATCH only (required there). */
  version: number;
}

/**
 * web.Bind: a body that is not a JSON object, a field of the wrong JSON type, or a missing/zero
 * required field (`kind`; PATCH also `version`) is 400 "bad request data".
 */
export function bindLibraryElementCommand(context: RouteContext, patch: boolean): LibraryElementCommand | Reply {
  const badRequest = () => errorWithTrace(400, 'bad request data');
  const body = context.body;
  if (context.invalidJson || !isObject(body)) return badRequest();
  const text = (key: string) => (body[key] === undefined || body[key] === null ? '' : body[key]);
  const integer = (key: string, fallback: number) => (body[key] === undefined || body[key] === null ? fallback : body[key]);
  const uid = text('uid');
  const name = text('name');
  const kind = integer('kind', 0);
  const folderId = integer('folderId', patch ? -1 : 0);
  const version = integer('version', 0);
  const folderUid = body.folderUid;
  if (typeof uid !== 'string' || typeof name !== 'string') return badRequest();
  if (!Number.isInteger(kind) || !Number.isInteger(folderId) || !Number.isInteger(version)) return badRequest();
  if (folderUid !== undefined && folderUid !== null && typeof folderUid !== 'string') return badRequest();
  if (kind === 0 || (patch && version === 0)) return badRequest();
  return {
    uid,
    name,
    kind: kind as number,
    model: body.model,
    ...(typeof folderUid === 'string' ? { folderUid } : {}),
    folderId: folderId as number,
    version: version as number,
  };
}
