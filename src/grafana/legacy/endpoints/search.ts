import type { SearchHit, SearchParams } from '../legacy-api.js';
import { GrafanaHttpError } from '../../../errors.js';
import type { GrafanaRequester } from '../../http/request.js';
import { asObject, stringArrayField, stringField, unexpectedResponse } from '../../http/response-fields.js';

/** Grafana's maximum page size for /api/search (a larger limit is refused with 422). */
const SEARCH_PAGE_SIZE = 5000;

/**
 * GET /api/search page by page (`limit` + 1-based `page`) until a page comes back short. A hit
 * seen on an earlier page (pages shifting under a write) is yielded once. A full page holding
 * only hits already seen means `page` is not reaching Grafana's search (Grafana itself never
 * answers so): an error, as asking on would get the same page forever.
 */
export async function* searchAll(
  http: GrafanaRequester,
  params: SearchParams,
  pageSize: number = SEARCH_PAGE_SIZE,
): AsyncGenerator<SearchHit> {
  const filter = searchQuery(params);
  const seen = new Set<string>();
  for (let page = 1; ; page++) {
    const path = `/api/search?${filter}limit=${pageSize}&page=${page}`;
    const body = await http.send('GET', path);
    if (!Array.isArray(body)) throw unexpectedResponse('GET', path, 'not a list of search hits');
    const { hits, fresh } = unseenHits(body, seen);
    yield* hits;
    if (body.length < pageSize) return;
    if (fresh === 0) throw pageIgnored(path, page);
  }
}

/**
 * A page's hits not seen on an earlier page (those with a uid are added to `seen`), and how many of them have a uid.
 * A plain function, not the generator's loop: V8 compiles it without the generator's machinery around each hit.
 */
function unseenHits(page: readonly unknown[], seen: Set<string>): { hits: SearchHit[]; fresh: number } {
  const hits: SearchHit[] = [];
  let fresh = 0;
  for (const item of page) {
    const hit = toSearchHit(asObject(item));
    if (seen.has(hit.uid)) continue;
    if (hit.uid !== '') {
      seen.add(hit.uid);
      fresh++;
    }
    hits.push(hit);
  }
  return { hits, fresh };
}

function pageIgnored(path: string, page: number): GrafanaHttpError {
  return new GrafanaHttpError(
    'GET',
    path,
    200,
    `page ${page} repeats hits of the pages before it, so the search ignores \`page\` and would answer the same page forever; ` +
      'check that a proxy in front of Grafana passes the query string through unchanged',
  );
}

/** The filter part of the query, ending in `&` when non-empty; list parameters are repeated. */
function searchQuery(params: SearchParams): string {
  const query = new URLSearchParams();
  if (params.type) query.append('type', params.type);
  if (params.query) query.append('query', params.query);
  for (const tag of params.tags ?? []) query.append('tag', tag);
  for (const uid of params.folderUids ?? []) query.append('folderUIDs', uid);
  for (const uid of params.dashboardUids ?? []) query.append('dashboardUIDs', uid);
  if (params.deleted) query.append('deleted', 'true');
  const text = query.toString();
  return text === '' ? '' : `${text}&`;
}

function toSearchHit(item: Record<string, unknown>): SearchHit {
  return {
    uid: stringField(item, 'uid'),
    title: stringField(item, 'title'),
    type: item.type === 'dash-folder' ? 'dash-folder' : 'dash-db',
    folderUid: stringField(item, 'folderUid'),
    folderTitle: stringField(item, 'folderTitle'),
    tags: stringArrayField(item, 'tags'),
    url: stringField(item, 'url'),
  };
}
