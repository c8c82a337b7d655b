import { findLibraryPanelRefs } from './find-library-panel-refs.js';
import { isPlainObject } from './is-plain-object.js';

/**
 * The tree's library panels by uid, as a reference should name each: read from the tree (plan, check) or from a plan's
 * library panel actions (apply), whose writes and noops are the tree's panels, each titled with its file's name
 * (decideLibraryPanel); a delete has no file and names none. One map either way: apply compares as the plan did.
 */
export function libraryPanelNamesOf(panels: readonly { uid: string; name: string; file: string | null }[]): Map<string, LibraryPanelName> {
  return new Map(panels.flatMap((panel) => (panel.file === null ? [] : [[panel.uid, { name: panel.name, file: panel.file }] as const])));
}

/** A tree library panel as a reference should name it. */
export interface LibraryPanelName {
  name: string;
  /** Its `_library/` file, as shown. */
  file: string;
}

/** A dashboard reference whose `name` is not the name the tree's `_library/` file gives that uid. */
export interface StaleLibraryRefName {
  uid: string;
  /** The name the reference carries. */
  stale: string;
  /** The name of the panel's file. */
  current: string;
  /** The panel's `_library/` file, as shown. */
  panelFile: string;
  /** JSON path of the reference inside the model (as findLibraryPanelRefs gives it). */
  path: (string | number)[];
}

/**
 * Pure: the references of a model (v1 panels, panels in rows, v2 `LibraryPanel` elements) whose `name` differs from
 * the tree's file of that uid. Grafana ignores the reference's name (it connects and loads by uid and shows the panel's
 * own name) and its UI writes the panel's name there on the next save, so a stale one only misleads a reader of the
 * file and turns into a change on a dashboard nobody edited. A reference without a name, or to a panel the tree does
 * not hold, is left alone.
 */
export function findStaleLibraryRefNames(model: Record<string, unknown>, panels: ReadonlyMap<string, LibraryPanelName>): StaleLibraryRefName[] {
  const stale: StaleLibraryRefName[] = [];
  for (const ref of findLibraryPanelRefs(model).refs) {
    const panel = panels.get(ref.uid);
    if (!panel || ref.name === null || ref.name === panel.name) continue;
    stale.push({ uid: ref.uid, stale: ref.name, current: panel.name, panelFile: panel.file, path: ref.path });
  }
  return stale;
}

/** Pure: the model with each stale reference's `name` set to its panel's (copies along each path; nothing else changes). */
export function withCurrentLibraryRefNames(model: Record<string, unknown>, stale: readonly StaleLibraryRefName[]): Record<string, unknown> {
  let result = model;
  for (const found of stale) result = setAt(result, [...found.path, 'name'], found.current) as Record<string, unknown>;
  return result;
}

function setAt(container: unknown, path: (string | number)[], value: string): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path;
  if (Array.isArray(container) && typeof key === 'number') {
    const copy = [...container];
    copy[key] = setAt(copy[key], rest, value);
    return copy;
  }
  if (!isPlainObject(container)) return container;
  const copy: Record<string, unknown> = { ...container };
  // defineProperty: a key such as "__proto__" (a v2 element name) stays an own key.
  Object.defineProperty(copy, String(key), { value: setAt(container[String(key)], rest, value), enumerable: true, writable: true, configurable: true });
  return copy;
}
