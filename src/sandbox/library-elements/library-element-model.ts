import { goSortedJson } from '../go-json-text.js';

/** The element model as syncFieldsWithModel leaves it (libraryelements/database.go). */
export interface SyncedModel {
  /** JSON text, keys sorted as Go marshals a map. */
  model: string;
  type: string;
  description: string;
}

/**
 * Fills the model from the element and the element from the model: a variable's model takes the
 * element name; a model `type`/`description` wins over the element's, a missing one is set from it.
 * A new panel model's `libraryPanel.uid: ""` gets the element uid (addUidToLibraryPanel).
 * Undefined where Grafana fails with a 500: no model, a model that is not an object, a non-string type.
 */
export function syncModel(
  raw: unknown,
  element: { kind: number; name: string; uid: string; type: string; description: string },
  fillLibraryPanelUid: boolean,
): SyncedModel | undefined {
  if (raw === undefined) return undefined;
  if (raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) return undefined;
  const model: Record<string, unknown> = raw === null ? {} : structuredClone(raw as Record<string, unknown>);
  const libraryPanel = model.libraryPanel;
  if (fillLibraryPanelUid && element.kind === 1 && isMap(libraryPanel) && libraryPanel.uid === '') libraryPanel.uid = element.uid;
  if (element.kind === 2) model.name = element.name;
  const type = pick(model, 'type', element.type);
  const description = pick(model, 'description', element.description);
  if (type === undefined || description === undefined) return undefined;
  return { model: goSortedJson(model) ?? 'null', type, description };
}

function pick(model: Record<string, unknown>, key: string, fallback: string): string | undefined {
  const value = model[key];
  if (value === undefined || value === null) {
    model[key] = fallback;
    return fallback;
  }
  return typeof value === 'string' ? value : undefined;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
