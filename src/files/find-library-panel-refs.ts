/** One reference from a dashboard to a library panel, and where it sits in the model. */
interface LibraryPanelRef {
  uid: string;
  /** The name the reference carries (Grafana shows it when the panel is missing); null when none. */
  name: string | null;
  /** JSON path inside the model, e.g. `['panels', 3, 'panels', 0, 'libraryPanel']`. */
  path: (string | number)[];
}

export interface LibraryPanelRefs {
  refs: LibraryPanelRef[];
  /** References Grafana cannot connect (no uid): it answers 500 on save, after storing the dashboard. */
  invalid: { path: (string | number)[] }[];
}

/**
 * Pure: the library panels a dashboard uses, found where Grafana's ConnectLibraryPanelsForDashboard
 * looks — v1: a non-null `libraryPanel` of a top-level panel or of a panel inside a row (rows are
 * searched recursively, the row's own `libraryPanel` is not); v2: `elements` of kind `LibraryPanel`
 * (`spec.libraryPanel`). A Kubernetes-style document (`apiVersion` + `spec`) is searched in its spec.
 */
export function findLibraryPanelRefs(model: Record<string, unknown>): LibraryPanelRefs {
  const found: LibraryPanelRefs = { refs: [], invalid: [] };
  const wrapped = typeof model.apiVersion === 'string' && isMap(model.spec);
  const spec = wrapped ? (model.spec as Record<string, unknown>) : model;
  const base = wrapped ? ['spec'] : [];
  collectFromPanels(spec.panels, [...base, 'panels'], found);
  if (isMap(spec.elements)) {
    for (const [key, element] of Object.entries(spec.elements)) {
      if (!isMap(element) || element.kind !== 'LibraryPanel') continue;
      const ref = isMap(element.spec) ? element.spec.libraryPanel : undefined;
      record(ref, [...base, 'elements', key, 'spec', 'libraryPanel'], found);
    }
  }
  return found;
}

/** The distinct uids a dashboard uses, sorted. */
export function libraryPanelUids(model: Record<string, unknown>): string[] {
  return [...new Set(findLibraryPanelRefs(model).refs.map((ref) => ref.uid))].sort();
}

function collectFromPanels(panels: unknown, path: (string | number)[], found: LibraryPanelRefs): void {
  if (!Array.isArray(panels)) return;
  panels.forEach((panel, index) => {
    if (!isMap(panel)) return;
    if (panel.type === 'row') {
      collectFromPanels(panel.panels, [...path, index, 'panels'], found);
      return;
    }
    if (panel.libraryPanel !== undefined && panel.libraryPanel !== null) record(panel.libraryPanel, [...path, index, 'libraryPanel'], found);
  });
}

function record(ref: unknown, path: (string | number)[], found: LibraryPanelRefs): void {
  const uid = isMap(ref) && typeof ref.uid === 'string' ? ref.uid.trim() : '';
  if (uid === '') {
    found.invalid.push({ path });
    return;
  }
  found.refs.push({ uid, name: isMap(ref) && typeof ref.name === 'string' ? ref.name : null, path });
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
