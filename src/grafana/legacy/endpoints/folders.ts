import type { Folder, FolderCounts } from '../legacy-api.js';
import type { GrafanaRequester } from '../../http/request.js';
import type { WriteTally } from '../../port.js';
import { asObject, numberField, segment, stringField } from '../../http/response-fields.js';

const NOT_FOUND = [404] as const;

/** GET /api/folders/:uid; null on 404. */
export async function getFolder(http: GrafanaRequester, uid: string, tally?: WriteTally): Promise<Folder | null> {
  const body = await http.send('GET', `/api/folders/${segment(uid)}`, undefined, NOT_FOUND, { tally });
  return body === undefined ? null : toFolder(body);
}

/** POST /api/folders; `parentUid` is sent only for a nested folder. `answered`: told the status of a successful answer (each write here). */
export async function createFolder(
  http: GrafanaRequester,
  folder: { uid: string; title: string; parentUid: string | null },
  tally?: WriteTally,
  answered?: (status: number) => void,
): Promise<Folder> {
  const request = { uid: folder.uid, title: folder.title, ...(folder.parentUid ? { parentUid: folder.parentUid } : {}) };
  return toFolder(await http.send('POST', '/api/folders', request, undefined, { tally, ...(answered && { answered }) }));
}

/** PUT /api/folders/:uid with the version last read: a folder changed since is refused (412), never overwritten. */
export async function updateFolder(http: GrafanaRequester, uid: string, change: { title: string; version: number }, tally?: WriteTally, answered?: (status: number) => void): Promise<Folder> {
  return toFolder(await http.send('PUT', `/api/folders/${segment(uid)}`, { title: change.title, version: change.version }, undefined, { tally, ...(answered && { answered }) }));
}

/** POST /api/folders/:uid/move; an empty parentUid moves it to the top level. */
export async function moveFolder(http: GrafanaRequester, uid: string, parentUid: string | null, tally?: WriteTally, answered?: (status: number) => void): Promise<Folder> {
  return toFolder(await http.send('POST', `/api/folders/${segment(uid)}/move`, { parentUid: parentUid ?? '' }, undefined, { tally, ...(answered && { answered }) }));
}

/** GET /api/folders/:uid/counts (what a delete would take with it); null on 404. */
export async function folderCounts(http: GrafanaRequester, uid: string): Promise<FolderCounts | null> {
  const body = await http.send('GET', `/api/folders/${segment(uid)}/counts`, undefined, NOT_FOUND);
  if (body === undefined) return null;
  const counts = asObject(body);
  // The SQL-backed handler answers singular keys; unified storage answers the resource names.
  return {
    folders: firstNumber(counts, 'folders', 'folder'),
    dashboards: firstNumber(counts, 'dashboards', 'dashboard'),
    librarypanels: firstNumber(counts, 'librarypanels', 'library_elements', 'librarypanel'),
    alertrules: firstNumber(counts, 'alertrules', 'alertrule'),
  };
}

/** DELETE /api/folders/:uid without forceDeleteRules (a folder holding alert rules is refused, not emptied); null on 404. */
export async function deleteFolder(http: GrafanaRequester, uid: string, tally?: WriteTally): Promise<boolean | null> {
  const body = await http.send('DELETE', `/api/folders/${segment(uid)}`, undefined, NOT_FOUND, { tally });
  return body === undefined ? null : true;
}

function firstNumber(object: Record<string, unknown>, ...keys: string[]): number {
  for (const key of keys) {
    const value = object[key];
    if (typeof value === 'number') return value;
  }
  return 0;
}

function toFolder(body: unknown): Folder {
  const folder = asObject(body);
  const parentUid = stringField(folder, 'parentUid');
  return {
    ...(typeof folder.id === 'number' && Number.isSafeInteger(folder.id) && folder.id > 0 && { id: folder.id }),
    uid: stringField(folder, 'uid'),
    title: stringField(folder, 'title'),
    parentUid: parentUid === '' ? null : parentUid,
    version: numberField(folder, 'version'),
    url: stringField(folder, 'url'),
    ...(typeof folder.updatedBy === 'string' && folder.updatedBy !== '' ? { updatedBy: folder.updatedBy } : {}),
    ...(typeof folder.updated === 'string' && folder.updated !== '' ? { updated: folder.updated } : {}),
  };
}
