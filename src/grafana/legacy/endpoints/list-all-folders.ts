import type { Folder } from '../legacy-api.js';
import type { GrafanaRequester } from '../../http/request.js';
import { searchAll } from './search.js';

/**
 * Every folder of the org in one paged search (`GET /api/search?type=dash-folder`), every nesting
 * level at once: a nested folder's hit names its parent in `folderUid` (Grafana joins the folder
 * table on the row's folder_uid; unified storage sets it from the folder's parent annotation).
 * Hits carry no `version`, so it is 0 here: read the folder before updating it. The search index of
 * unified storage lags behind writes, so a folder missing here may still exist: callers confirm the
 * folders they need with GET /api/folders/:uid. searchAll yields each uid once and stops a search that ignores `page`.
 */
export async function listAllFolders(http: GrafanaRequester, pageSize?: number): Promise<Folder[]> {
  const all: Folder[] = [];
  for await (const hit of searchAll(http, { type: 'dash-folder' }, pageSize)) {
    if (hit.type !== 'dash-folder' || hit.uid === '') continue;
    all.push({ uid: hit.uid, title: hit.title, parentUid: hit.folderUid === '' ? null : hit.folderUid, version: 0, url: hit.url });
  }
  return all;
}
