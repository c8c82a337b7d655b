import type { Folder } from '../legacy-api.js';
import type { GrafanaRequester } from '../../http/request.js';
import { segment, unexpectedResponse } from '../../http/response-fields.js';
import { toFolder } from './folders.js';

/** GET /api/folders pages hold at most 1000 by default; we ask for that explicitly. */
const FOLDER_PAGE_SIZE = 1000;

/**
 * Every folder of the org: GET /api/folders?parentUid=… level by level (the children of one level
 * are listed concurrently), each listing paged until a short page. Listing items carry no
 * `version` or `url` on real Grafana, so those are 0/'' here: read the folder before updating it.
 * A uid seen twice is skipped, so a server that ignores parentUid or paging cannot loop us forever.
 */
export async function listAllFolders(http: GrafanaRequester, pageSize: number = FOLDER_PAGE_SIZE): Promise<Folder[]> {
  const all: Folder[] = [];
  const seen = new Set<string>();
  let level: (string | null)[] = [null];
  while (level.length > 0) {
    const children = await Promise.all(level.map((parentUid) => listChildren(http, parentUid, pageSize, seen)));
    level = [];
    for (const folder of children.flat()) {
      all.push(folder);
      level.push(folder.uid);
    }
  }
  return all;
}

async function listChildren(http: GrafanaRequester, parentUid: string | null, pageSize: number, seen: Set<string>): Promise<Folder[]> {
  const children: Folder[] = [];
  const parent = parentUid === null ? '' : `&parentUid=${segment(parentUid)}`;
  for (let page = 1; ; page++) {
    const path = `/api/folders?limit=${pageSize}&page=${page}${parent}`;
    const body = await http.send('GET', path);
    if (!Array.isArray(body)) throw unexpectedResponse('GET', path, 'not a list of folders');
    let fresh = 0;
    for (const item of body) {
      const folder = toFolder(item, parentUid);
      if (folder.uid === '' || seen.has(folder.uid)) continue;
      seen.add(folder.uid);
      children.push(folder);
      fresh++;
    }
    if (body.length < pageSize || fresh === 0) return children;
  }
}
