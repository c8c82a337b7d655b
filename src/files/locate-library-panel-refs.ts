import { findLibraryPanelRefs } from './find-library-panel-refs.js';
import { isPlainObject } from './is-plain-object.js';
import { unwrapDashboard } from './split-dashboard-document.js';
import { locateJsonPath, parseJsonDocument } from './parse-json.js';

/**
 * Pure: where a dashboard file's text references each of `uids` (line:col of its first
 * `libraryPanel`, v1 or v2), for the diagnostics that name a reference. A uid not found, or
 * text that does not parse, has no position.
 */
export function locateLibraryPanelRefs(text: string, uids: ReadonlySet<string>): Map<string, { line: number; col: number }> {
  const positions = new Map<string, { line: number; col: number }>();
  const parsed = parseJsonDocument(text, '', { duplicateKeys: false });
  if (!isPlainObject(parsed.value)) return positions;
  const { model, modelPath } = unwrapDashboard(parsed.value);
  for (const ref of findLibraryPanelRefs(model).refs) {
    if (!uids.has(ref.uid) || positions.has(ref.uid)) continue;
    const at = locateJsonPath(text, [...modelPath, ...ref.path]);
    if (at) positions.set(ref.uid, at);
  }
  return positions;
}
