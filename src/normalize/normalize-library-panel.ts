/** A library panel's canonical content: what is compared and pushed (folder apart). */
export interface LibraryPanelContent {
  uid: string;
  name: string;
  /** Always 1 (panel): dashsync manages no library variables. */
  kind: 1;
  model: Record<string, unknown>;
}

/**
 * Pure: what Grafana would store for this element (libraryelements/database.go): the model's
 * `type` and `description` win, and a missing one is written into the model from the element's
 * (`''` when neither has one); a model `libraryPanel.uid` of `""` gets the element's uid
 * (addUidToLibraryPanel). The element's own `type`/`description` are then only copies of the
 * model's, so they are not part of the content.
 */
export function normalizeLibraryPanel(element: {
  uid: string;
  name: string;
  model: Record<string, unknown>;
  type?: unknown;
  description?: unknown;
}): LibraryPanelContent {
  const model: Record<string, unknown> = { ...element.model };
  for (const key of ['type', 'description'] as const) {
    if (model[key] === undefined || model[key] === null) model[key] = typeof element[key] === 'string' ? element[key] : '';
  }
  const ref = model.libraryPanel;
  if (typeof ref === 'object' && ref !== null && !Array.isArray(ref) && (ref as Record<string, unknown>).uid === '') {
    model.libraryPanel = { ...ref, uid: element.uid };
  }
  return { uid: element.uid, name: element.name, kind: 1, model };
}
