/**
 * Parts of `/api` answers written as json.Marshal writes them (escaped: go-json-text.ts escapeGoHtml), so the
 * server need not scan the finished answer again (Reply.escaped).
 *
 * Search hits are kept per record object as their encoded bytes: records are never changed in place (state.ts),
 * so a save, a move or a rename stores a new object, and what a hit takes from elsewhere (its parent folder's
 * record, the release) is checked on every use. A dashboard's model is not kept: measured on 5,000 dashboards,
 * holding a second copy of every model text cost the garbage collector more on first reads (the case of a plan:
 * each dashboard read once after it was written) than it saved on repeated ones.
 */
import { injectIdentity, injectUidVersion } from './dashboard-model.js';
import { escapeGoHtml } from './go-json-text.js';
import type { DashboardRecord, FolderRecord, VersionRecord } from './state.js';

/** The `dashboard` member of GET /api/dashboards/uid/:uid: the stored model with its id, uid and version. */
export function escapedDashboardText(record: DashboardRecord): string {
  return escapeGoHtml(injectIdentity(record, record.id, record.uid, record.version));
}

/** A version's `data`: 12+ (from the k8s history) the spec with `uid` and `version` put back, 11.2 with `id` too. */
export function escapedVersionData(record: DashboardRecord, entry: VersionRecord, fromHistory: boolean): string {
  const data = fromHistory ? injectUidVersion(entry, record.uid, entry.version) : injectIdentity(entry, record.id, record.uid, entry.version);
  return escapeGoHtml(data);
}

const hitBytes = new WeakMap<DashboardRecord | FolderRecord, { parent: FolderRecord | undefined; emptySlug: boolean; bytes: Buffer }>();

/**
 * One /api/search hit as escaped JSON, encoded (a search answer is assembled from them: http/reply.ts
 * joinedJsonBytes): `render` builds it from the record, its parent folder's record and whether the release
 * answers an empty slug, which is all a hit shows; kept until one of them changes.
 */
export function escapedHitBytes(
  record: DashboardRecord | FolderRecord,
  parent: FolderRecord | undefined,
  emptySlug: boolean,
  render: () => unknown,
): Buffer {
  const kept = hitBytes.get(record);
  if (kept && kept.parent === parent && kept.emptySlug === emptySlug) return kept.bytes;
  const bytes = Buffer.from(escapeGoHtml(JSON.stringify(render())));
  hitBytes.set(record, { parent, emptySlug, bytes });
  return bytes;
}
