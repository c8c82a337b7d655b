/**
 * Parts of `/api` answers that are a function of one stored record alone, kept per record object as their
 * finished text (identity spliced in, escaped as json.Marshal writes it: go-json-text.ts escapeGoHtml).
 *
 * Records are never changed in place (state.ts): a save, a move, a rename or a restore stores a new object,
 * so a text is only ever served for the very object it was built from, and goes with it. Whatever an answer
 * takes from elsewhere (folder, permissions, the caller) is either rendered per request or checked here.
 */
import { injectIdentity, injectUidVersion } from './dashboard-model.js';
import { escapeGoHtml } from './go-json-text.js';
import type { DashboardRecord, FolderRecord, VersionRecord } from './state.js';

const dashboardTexts = new WeakMap<DashboardRecord, string>();

/** The `dashboard` member of GET /api/dashboards/uid/:uid: the stored model with its id, uid and version. */
export function escapedDashboardText(record: DashboardRecord): string {
  let text = dashboardTexts.get(record);
  if (text === undefined) {
    text = escapeGoHtml(injectIdentity(record, record.id, record.uid, record.version));
    dashboardTexts.set(record, text);
  }
  return text;
}

/** A version entry outlives its dashboard record (the history is carried over on save), so it is checked against the record. */
const versionTexts = new WeakMap<VersionRecord, { fromHistory: boolean; id: number; uid: string; text: string }>();

/**
 * A version's `data`: 12+ (from the k8s history) the spec with `uid` and `version` put back, 11.2 with `id` too.
 */
export function escapedVersionData(record: DashboardRecord, entry: VersionRecord, fromHistory: boolean): string {
  const kept = versionTexts.get(entry);
  if (kept && kept.fromHistory === fromHistory && kept.id === record.id && kept.uid === record.uid) return kept.text;
  const data = fromHistory ? injectUidVersion(entry, record.uid, entry.version) : injectIdentity(entry, record.id, record.uid, entry.version);
  const text = escapeGoHtml(data);
  versionTexts.set(entry, { fromHistory, id: record.id, uid: record.uid, text });
  return text;
}

const hitBytes = new WeakMap<DashboardRecord | FolderRecord, { parent: FolderRecord | undefined; emptySlug: boolean; bytes: Buffer }>();

/**
 * One /api/search hit as escaped JSON, encoded (a search answer is assembled from them: http/reply.ts
 * jsonArrayBytes): `render` builds it from the record, its parent folder's record and whether the release
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
