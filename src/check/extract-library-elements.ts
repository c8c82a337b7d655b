import { isPlainObject } from '../files/is-plain-object.js';
import { canonicalJson } from '../normalize/canonical-json.js';
import { normalizeLibraryPanel } from '../normalize/normalize-library-panel.js';

/** A `_library/` file to write: the element as a library panel file holds it. */
interface ExtractedLibraryPanel {
  uid: string;
  name: string;
  /** Canonical text of `{uid, name, kind: 1, model}` (placeholders such as `${DS_*}` kept). */
  text: string;
}

export interface ExtractedElements {
  /** The dashboard model without `__elements`, or with only the entries that could not be moved. */
  model: Record<string, unknown>;
  /** New `_library/` files. */
  panels: ExtractedLibraryPanel[];
  /** Why an entry stayed in `__elements`. */
  kept: string[];
  /** What was done, for the report. */
  changes: string[];
}

/**
 * Pure: an "export for sharing externally" file's `__elements` (`{"<uid>": {name, uid, kind, model}}`)
 * turned into library panel files. A panel the tree already holds with the same content is just
 * dropped from `__elements`; with other content it stays there (both may hold work, and check
 * --fix never chooses). Library variables (kind 2) and malformed entries stay too. `known`:
 * the canonical text of each library panel the tree holds (or this run wrote), by uid.
 * Returns undefined when the model has no `__elements`.
 */
export function extractLibraryElements(model: Record<string, unknown>, known: ReadonlyMap<string, { file: string; text: string }>): ExtractedElements | undefined {
  if (!isPlainObject(model.__elements)) return undefined;
  const remaining: Record<string, unknown> = {};
  const panels: ExtractedLibraryPanel[] = [];
  const kept: string[] = [];
  const changes: string[] = [];
  for (const [key, element] of Object.entries(model.__elements)) {
    const keep = (why: string) => {
      Object.defineProperty(remaining, key, { value: element, enumerable: true, writable: true, configurable: true });
      kept.push(`__elements["${key}"] ${why}`);
    };
    if (!isPlainObject(element) || !isPlainObject(element.model)) {
      keep('has no "model" object: left as it is');
      continue;
    }
    if (element.kind !== undefined && element.kind !== 1) {
      keep('is not a library panel (kind 1): dashsync does not manage library variables; left as it is');
      continue;
    }
    const uid = typeof element.uid === 'string' && element.uid.trim() !== '' ? element.uid.trim() : key;
    const name = typeof element.name === 'string' && element.name.trim() !== '' ? element.name : uid;
    const text = canonicalJson(libraryPanelFile(uid, name, element));
    const existing = known.get(uid);
    if (existing && sameContent(existing.text, text)) {
      changes.push(`removed __elements["${key}"] (already in ${existing.file})`);
    } else if (existing) {
      keep(`differs from library panel ${uid} in ${existing.file}: left in place; compare them, keep one, and remove the other by hand`);
    } else {
      panels.push({ uid, name, text });
    }
  }
  const next: Record<string, unknown> = { ...model };
  if (Object.keys(remaining).length > 0) next.__elements = remaining;
  else delete next.__elements;
  if (Object.keys(remaining).length === Object.keys(model.__elements).length && panels.length === 0 && changes.length === 0) {
    return { model, panels, kept, changes };
  }
  return { model: next, panels, kept, changes };
}

/** The file form of one element: what `_library/` files hold (type and description are the model's). */
function libraryPanelFile(uid: string, name: string, element: Record<string, unknown>): Record<string, unknown> {
  return { uid, name, kind: 1, model: element.model };
}

/** Equal when Grafana would store the same panel from either. */
function sameContent(a: string, b: string): boolean {
  const content = (text: string) => {
    const value = JSON.parse(text) as { uid: string; name: string; model: Record<string, unknown>; type?: unknown; description?: unknown };
    return canonicalJson(normalizeLibraryPanel(value));
  };
  return content(a) === content(b);
}
