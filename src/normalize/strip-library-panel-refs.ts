/** Keys of a dashboard's `libraryPanel` reference that say which panel it is; Grafana's UI adds others. */
const REFERENCE_KEYS = new Set(['uid', 'name']);

/**
 * Pure: the model with every library panel reference cut down to `{uid, name}` (v1 panels, panels
 * inside rows; v2 `LibraryPanel` elements; a resource document's spec), as Terraform does: other keys (`folderUid`, `meta`,
 * `version`, `model`, …) are what older UIs saved beside the reference, never what the panel is.
 * Returns the same object when nothing needed cutting.
 */
export function stripLibraryPanelRefs(model: Record<string, unknown>): Record<string, unknown> {
  // A Kubernetes-style document (`apiVersion` + `spec`): the references are in its spec.
  if (typeof model.apiVersion === 'string' && isMap(model.spec)) {
    const spec = stripLibraryPanelRefs(model.spec);
    return spec === model.spec ? model : { ...model, spec };
  }
  let result = model;
  const panels = stripPanels(model.panels);
  if (panels !== model.panels) result = { ...result, panels };
  const elements = stripElements(model.elements);
  if (elements !== model.elements) result = { ...result, elements };
  return result;
}

function stripPanels(panels: unknown): unknown {
  if (!Array.isArray(panels)) return panels;
  let changed = false;
  const result = panels.map((panel) => {
    if (!isMap(panel)) return panel;
    const inner = panel.type === 'row' ? stripPanels(panel.panels) : panel.panels;
    const ref = panel.type === 'row' ? panel.libraryPanel : cut(panel.libraryPanel);
    if (inner === panel.panels && ref === panel.libraryPanel) return panel;
    changed = true;
    const copy = { ...panel };
    if (inner !== panel.panels) copy.panels = inner;
    if (ref !== panel.libraryPanel) copy.libraryPanel = ref;
    return copy;
  });
  return changed ? result : panels;
}

function stripElements(elements: unknown): unknown {
  if (!isMap(elements)) return elements;
  let changed = false;
  const result: Record<string, unknown> = {};
  for (const [key, element] of Object.entries(elements)) {
    let next = element;
    if (isMap(element) && element.kind === 'LibraryPanel' && isMap(element.spec)) {
      const ref = cut(element.spec.libraryPanel);
      if (ref !== element.spec.libraryPanel) next = { ...element, spec: { ...element.spec, libraryPanel: ref } };
    }
    if (next !== element) changed = true;
    Object.defineProperty(result, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return changed ? result : elements;
}

function cut(ref: unknown): unknown {
  if (!isMap(ref) || Object.keys(ref).every((key) => REFERENCE_KEYS.has(key))) return ref;
  return Object.fromEntries(Object.entries(ref).filter(([key]) => REFERENCE_KEYS.has(key)));
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
