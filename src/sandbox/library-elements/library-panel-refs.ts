/** The library panels a dashboard spec references, as ConnectLibraryPanelsForDashboard finds them. */

export type LibraryPanelRefs = { uids: string[] } | { missingUid: true };

/**
 * v1: top-level panels with a non-null `libraryPanel`, and those inside row panels (rows are searched
 * recursively, other panels are not); a reference without a string uid makes the whole save fail.
 * v2: `elements` of kind `LibraryPanel` (`spec.libraryPanel.uid`), unless `v2Elements` is false (12.3 reads only
 * `panels`, so a v2 spec connects nothing and no reference of it can fail). Duplicates count once.
 */
export function libraryPanelRefs(spec: unknown, v2Elements = true): LibraryPanelRefs {
  const uids = new Set<string>();
  if (!isMap(spec)) return { uids: [] };
  if (!collectFromPanels(spec.panels, uids)) return { missingUid: true };
  if (v2Elements && isMap(spec.elements)) {
    for (const element of Object.values(spec.elements)) {
      if (!isMap(element) || element.kind !== 'LibraryPanel') continue;
      const ref = isMap(element.spec) ? element.spec.libraryPanel : undefined;
      const uid = isMap(ref) && typeof ref.uid === 'string' ? ref.uid : '';
      if (uid === '') return { missingUid: true };
      uids.add(uid);
    }
  }
  return { uids: [...uids] };
}

/** false when a library panel reference has no uid (errLibraryPanelHeaderUIDMissing). */
function collectFromPanels(panels: unknown, uids: Set<string>): boolean {
  if (!Array.isArray(panels)) return true;
  for (const panel of panels) {
    if (!isMap(panel)) continue;
    const ref = panel.libraryPanel;
    if (panel.type === 'row') {
      if (!collectFromPanels(panel.panels, uids)) return false;
      continue;
    }
    if (ref === undefined || ref === null) continue;
    const uid = isMap(ref) && typeof ref.uid === 'string' ? ref.uid : '';
    if (uid === '') return false;
    uids.add(uid);
  }
  return true;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
