import type { CompactJsonObject } from '../files/compact-json-object.js';
import type { MemberSpan } from '../grafana/http/json-body.js';
import { EXPORT_ONLY_KEYS } from '../files/parse-dashboard-text.js';
import { mayHoldDsPlaceholder } from '../files/resolve-inputs.js';
import { clampRefresh } from '../normalize/normalize-dashboard.js';

/** Top-level keys that make the file something other than a bare classic model that needs no normalizing. */
const NOT_AS_WRITTEN = [
  // a resource, or the `{dashboard, meta}` wrapper (when it is one: unwrapDashboard)
  'apiVersion',
  'kind',
  'dashboard',
  // what normalizeDashboard drops, or export keys that the parse drops (with `__inputs`, its names are inputs too)
  'id',
  'version',
  ...EXPORT_ONLY_KEYS,
  // a v2 spec without its envelope
  'elements',
  'layout',
];

/** A file's compacted text, the members of it that the code sending it may read, and where they sit in it (withJsonText). */
export interface CanonicalModelText {
  text: Buffer;
  shown: { uid: string; title: string };
  spans: { uid: MemberSpan; title: MemberSpan };
}

/**
 * Pure: the text of a dashboard file (compacted) when it is, member for member, the canonical
 * model that reading the file would give (readDesired: a bare classic model, no input to
 * resolve, nothing normalizing changes), so a save may send it as it is; null otherwise, and
 * whenever that cannot be told from the text alone (a `\u` escape, a library panel reference,
 * a `$DS_…` that may be an input placeholder). `uid` is the plan's, which the model must carry.
 * The text must be one whose parse was valid and free of repeated keys (the plan's, pinned by
 * the file's digest).
 *
 * Not the tree pass's rule (describeFileModel), on purpose: that one asks only whether the
 * content is the document as written (the answer it is compared with is normalized like the
 * file), and has the parse to say so; this one also asks that normalizing change nothing, since
 * the text is what Grafana gets, and decides from the bytes alone: the save does not parse what it
 * sends, and a plan does not carry the parse's verdict. So it tells inputs by their marks
 * (mayHoldDsPlaceholder: never a false no), and wrappers and export keys by the top-level keys.
 */
export function canonicalModelText(compact: CompactJsonObject | null, expected: { uid: string; minRefreshInterval: string }): CanonicalModelText | null {
  if (compact === null || compact.unicodeEscapes) return null;
  const { bytes, members } = compact;
  if (NOT_AS_WRITTEN.some((key) => members.has(key))) return null;
  if (mayHoldDsPlaceholder(bytes) || bytes.includes('"libraryPanel"')) return null;
  const value = (key: string): unknown => {
    const span = members.get(key);
    return span === undefined ? undefined : JSON.parse(bytes.toString('utf8', span.start, span.end));
  };
  const uid = value('uid');
  const title = value('title');
  if (uid !== expected.uid || uid.trim() !== uid || typeof title !== 'string' || title.trim() !== title) return null;
  if (members.has('refresh')) {
    const refresh = value('refresh');
    if (clampRefresh(refresh, expected.minRefreshInterval) !== refresh) return null;
  }
  return { text: bytes, shown: { uid, title }, spans: { uid: memberSpan(compact, 'uid'), title: memberSpan(compact, 'title') } };
}

/** The member `key` (ASCII, written without escapes) from its key's opening quote to its value's end: `"key":` precedes the value. */
function memberSpan({ members }: CompactJsonObject, key: string): MemberSpan {
  const value = members.get(key)!;
  return { start: value.start - key.length - 3, end: value.end };
}
