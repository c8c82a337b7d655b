import { isPlainObject } from './is-plain-object.js';

type Path = (string | number)[];

export interface V2LayoutVisitor {
  /** An element reference of a layout item: the element's name and the path of that name. */
  item: (name: string, path: Path) => void;
  /** A structure the schema does not allow, at `path`. */
  problem?: (path: Path, message: string) => void;
  /** Each row or tab, before what it holds. */
  section?: (section: Record<string, unknown>, path: Path) => void;
}

/** The sections each container layout holds, and the kind each must have. */
const SECTIONS: Record<string, { key: string; kind: string }> = {
  RowsLayout: { key: 'rows', kind: 'RowsLayoutRow' },
  TabsLayout: { key: 'tabs', kind: 'TabsLayoutTab' },
};
const ITEM_KINDS: Record<string, string> = { GridLayout: 'GridLayoutItem', AutoGridLayout: 'AutoGridLayoutItem' };
const KINDS = 'GridLayout, RowsLayout, TabsLayout or AutoGridLayout';

/**
 * Pure: walks a v2 layout (GridLayout / AutoGridLayout items, RowsLayout rows and TabsLayout
 * tabs that each hold a layout, nested to any depth) in document order, calling the visitor
 * for each element reference. Paths are relative to the value given with `path`.
 */
export function walkV2Layout(layout: unknown, path: Path, visitor: V2LayoutVisitor): void {
  const problem = visitor.problem ?? (() => undefined);
  if (!isPlainObject(layout)) {
    problem(path, `expected a layout object {"kind": …, "spec": {…}} (${KINDS})`);
    return;
  }
  const kind = layout.kind as string;
  const spec = isPlainObject(layout.spec) ? layout.spec : undefined;
  const section = SECTIONS[kind];
  const itemKind = ITEM_KINDS[kind];
  if (!section && !itemKind) {
    problem('kind' in layout ? [...path, 'kind'] : path, `unknown layout kind ${JSON.stringify(layout.kind ?? null)}: expected ${KINDS}`);
    return;
  }
  const key = section ? section.key : 'items';
  const list = spec?.[key];
  if (!Array.isArray(list)) {
    problem(spec ? [...path, 'spec'] : path, `a ${kind} needs spec.${key}: [ … ]`);
    return;
  }
  list.forEach((entry, index) => {
    const at = [...path, 'spec', key, index];
    const entrySpec = isPlainObject(entry) && isPlainObject(entry.spec) ? entry.spec : undefined;
    const expected = section ? section.kind : itemKind!;
    if (!isPlainObject(entry) || entry.kind !== expected || !entrySpec) {
      problem(at, `expected {"kind": "${expected}", "spec": {…}} in ${kind}.spec.${key}`);
      return;
    }
    if (section) {
      visitor.section?.(entrySpec, at);
      walkV2Layout(entrySpec.layout, [...at, 'spec', 'layout'], visitor);
      return;
    }
    const element = entrySpec.element;
    if (!isPlainObject(element) || typeof element.name !== 'string') {
      problem([...at, 'spec'], 'a layout item needs "element": {"kind": "ElementReference", "name": "<element name>"}');
      return;
    }
    visitor.item(element.name, [...at, 'spec', 'element', 'name']);
  });
}
