import { folderUrl } from '../dashboard-views.js';
import { escapedHitBytes } from '../escaped-texts.js';
import { errorReply, joinedJsonBytes, json, type Reply } from '../http/reply.js';
import type { Route, RouteContext } from '../http/route-table.js';
import { mayReadIn, mayWriteIn } from '../folder-permissions.js';
import { hasRole } from '../permissions.js';
import { slugify } from '../slugify.js';
import { orgDashboards, orgFolders, type DashboardRecord, type FolderRecord } from '../state.js';

const MAX_LIMIT = 5000;
const TRASH_DAYS = 30;

interface Candidate {
  kind: 'dash-db' | 'dash-folder';
  record: DashboardRecord | FolderRecord;
  title: string;
  /** The title in lower case: what the query matches and the order compares (computed once per hit). */
  lowerTitle: string;
  tags: string[];
  parentUid: string;
}

/** GET /api/search (grafana-api.md §4): SQL-style filter + title order + LIMIT/OFFSET, then the page sort. */
function search(context: RouteContext): Reply {
  const { query } = context;
  let limit = Number.parseInt(query.get('limit') ?? '', 10);
  if (!(limit >= 1)) limit = 1000;
  if (limit > MAX_LIMIT) {
    return errorReply(422, 'Limit is above maximum allowed (5000), use page parameter to access hits beyond limit');
  }
  let page = Number.parseInt(query.get('page') ?? '', 10);
  if (!(page >= 1)) page = 1;
  // The handler refuses `deleted=true` to all but org Admins whatever the toggle (pkg/api/search.go Search); 11.x's
  // store then filters on `dashboard.deleted IS NOT NULL` (searchstore DeletedFilter), which lists nothing with the
  // toggle off (no row is ever soft-deleted then). 12 and 13 keep the check; what their search does next is not modelled.
  const deletedAsked = query.get('deleted') === 'true';
  if (deletedAsked && !hasRole(context.identity, 'Admin')) return errorReply(401, 'Unauthorized');
  const deleted = deletedAsked && context.era.trash;
  if ((query.has('folderIds') && query.has('folderUIDs')) || (query.has('dashboardIds') && query.has('dashboardUIDs'))) {
    return errorReply(400, 'search supports UIDs or IDs, not both');
  }

  // No basic role: the RBAC filter below leaves only what managed grants allow (a service account with "No basic role"
  // and a folder grant sees that folder's dashboards; a user naming an org they are not in holds none there).
  // Nothing is starred in the sandbox, and a Viewer can edit nothing.
  if (query.get('starred') === 'true') return json(200, []);
  if (query.get('permission') === 'Edit' && !hasRole(context.identity, 'Editor')) return json(200, []);

  const folders = orgFolders(context.state, context.identity.orgId);
  const type = query.get('type');
  const text = (query.get('query') ?? '').toLowerCase();
  const tags = query.getAll('tag').filter((tag) => tag !== '');
  const uids = [...query.getAll('dashboardUIDs'), ...query.getAll('dashboardUID')].flatMap((v) => v.split(',')).filter(Boolean);
  const ids = query.getAll('dashboardIds').map(Number);
  const folderUids = query.getAll('folderUIDs').flatMap((v) => v.split(',')).filter(Boolean).map((uid) => (uid === 'general' ? '' : uid));
  const folderIds = query.getAll('folderIds').map(Number);
  const parentFromId = (id: number) => (id === 0 ? '' : ([...folders.values()].find((f) => f.id === id)?.uid ?? '\u0000'));
  const parentFilter = [...folderUids, ...folderIds.map(parentFromId)];

  const candidates: Candidate[] = [];
  if (type !== 'dash-db' && !deleted) {
    for (const folder of folders.values()) {
      candidates.push({ kind: 'dash-folder', record: folder, title: folder.title, lowerTitle: folder.title.toLowerCase(), tags: [], parentUid: folder.parentUid });
    }
  }
  if (type !== 'dash-folder') {
    for (const dashboard of orgDashboards(context.state, context.identity.orgId).values()) {
      if (Boolean(dashboard.deleted) !== deleted) continue;
      candidates.push({
        kind: 'dash-db',
        record: dashboard,
        title: dashboard.title,
        lowerTitle: dashboard.title.toLowerCase(),
        tags: dashboard.tags,
        parentUid: dashboard.folderUid,
      });
    }
  }
  const misses = context.searchMisses;
  const allowed = permittedIn(context, folders, query.get('permission') === 'Edit' ? mayWriteIn : mayReadIn);
  const matches = candidates.filter(
    (c) =>
      !misses?.has(c.record.uid) &&
      allowed(c.kind === 'dash-folder' ? c.record.uid : c.parentUid) &&
      (text === '' || c.lowerTitle.includes(text)) &&
      tags.every((tag) => c.tags.includes(tag)) &&
      (uids.length === 0 || uids.includes(c.record.uid)) &&
      (ids.length === 0 || ids.includes(c.record.id)) &&
      (parentFilter.length === 0 || parentFilter.includes(c.parentUid)),
  );
  const sort = query.get('sort') ?? '';
  const descending = sort === 'alpha-desc';
  matches.sort((a, b) => compareTitles(a, b) * (descending ? -1 : 1));
  const pageHits = matches.slice((page - 1) * limit, page * limit);
  if (sort === '') pageHits.sort((a, b) => (a.kind === b.kind ? compareTitles(a, b) : a.kind === 'dash-folder' ? -1 : 1));
  // Each hit is kept encoded per record (escaped-texts.ts); the array of them is the text JSON.stringify writes.
  const hits = pageHits.map((candidate) => {
    const parent = candidate.parentUid ? folders.get(candidate.parentUid) : undefined;
    return escapedHitBytes(candidate.record, parent, context.era.emptySearchSlug, () => renderHit(context, parent, candidate));
  });
  return { status: 200, body: '', bytes: joinedJsonBytes('[', hits, ']'), escaped: true };
}

/**
 * Whether a hit may be shown, by the folder it is (a folder hit) or lies in (a dashboard): the search's
 * permission filter (View, or Edit with `permission=Edit`), which takes in the folders above; one answer per folder and request.
 */
function permittedIn(
  context: RouteContext,
  folders: Map<string, FolderRecord>,
  rule: (folders: Map<string, FolderRecord>, identity: RouteContext['identity'], folderUid: string) => boolean,
): (folderUid: string) => boolean {
  const answers = new Map<string, boolean>();
  return (folderUid) => {
    let answer = answers.get(folderUid);
    if (answer === undefined) answers.set(folderUid, (answer = rule(folders, context.identity, folderUid)));
    return answer;
  };
}

function compareTitles(a: Candidate, b: Candidate): number {
  const left = a.lowerTitle;
  const right = b.lowerTitle;
  if (left !== right) return left < right ? -1 : 1;
  return a.record.id - b.record.id;
}

/** A hit as Grafana writes it; only the record, its parent folder and the release shape it (escapedHitBytes keeps it). */
function renderHit(context: RouteContext, parent: FolderRecord | undefined, candidate: Candidate): Record<string, unknown> {
  const { record, kind } = candidate;
  const slug = kind === 'dash-db' ? (record as DashboardRecord).slug : slugify(record.title);
  const deleted = kind === 'dash-db' ? (record as DashboardRecord).deleted : undefined;
  return {
    id: record.id,
    uid: record.uid,
    orgId: record.orgId,
    title: record.title,
    uri: `db/${slug}`,
    url: kind === 'dash-db' ? `/d/${record.uid}/${slug}` : `/dashboards/f/${record.uid}/${slug}`,
    slug: context.era.emptySearchSlug ? '' : slug,
    type: kind,
    tags: [...candidate.tags].sort(),
    isStarred: false,
    ...(parent
      ? { folderId: parent.id, folderUid: parent.uid, folderTitle: parent.title, folderUrl: folderUrl(parent) }
      : {}),
    sortMeta: 0,
    isDeleted: deleted !== undefined,
    ...(deleted ? { permanentlyDeleteDate: new Date(Date.parse(deleted) + TRASH_DAYS * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z') } : {}),
  };
}

export const searchRoutes: Route[] = [
  // Signed-in only (no RBAC route check): results are filtered by permission instead.
  { method: 'GET', pattern: '/api/search', handle: search },
];
