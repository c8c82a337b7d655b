import { isPlainObject } from './is-plain-object.js';

type Path = (string | number)[];

/** A row or tab a layout item sits in. */
export interface LayoutSection {
  kind: 'row' | 'tab';
  /** The section's spec (`title`, `collapse`, `layout`, …). */
  spec: Record<string, unknown>;
  /** Its position among its siblings (0-based). */
  index: number;
  /** The specs of all sections of its container, itself included. */
  siblings: Record<string, unknown>[];
}

/** Where a layout item sits: its spec, its container's kind and its position there, and the sections around it (outermost first). */
interface LayoutPlace {
  item: Record<string, unknown>;
  layoutKind: string;
  index: number;
  sections: LayoutSection[];
}

export interface V2LayoutVisitor {
  /** An element reference of a layout item: the element's name and the path of that name. */
  item: (name: string, path: Path, place: LayoutPlace) => void;
  /** A structure the schema does not allow, at `path`. */
  problem?: (path: Path, message: string) => void;
  /** Each layout object (the top one and each row's or tab's), with the sections around it, and its path. */
  layout?: (layout: Record<string, unknown>, sections: LayoutSection[], path: Path) => void;
  /** Each row or tab, before what it holds; `sections` ends with it; `path` is that of its spec. */
  section?: (sections: LayoutSection[], path: Path) => void;
}

/** The sections each container layout holds, and the kind each must have. */
const SECTIONS: Record<string, { key: string; kind: string; name: 'row' | 'tab' }> = {
  RowsLayout: { key: 'rows', kind: 'RowsLayoutRow', name: 'row' },
  TabsLayout: { key: 'tabs', kind: 'TabsLayoutTab', name: 'tab' },
};
const ITEM_KINDS: Record<string, string> = { GridLayout: 'GridLayoutItem', AutoGridLayout: 'AutoGridLayoutItem' };
const KINDS = 'GridLayout, RowsLayout, TabsLayout or AutoGridLayout';

/**
 * Pure: walks a v2 layout (GridLayout / AutoGridLayout items, RowsLayout rows and TabsLayout
 * tabs that each hold a layout, nested to any depth) in document order, calling the visitor
 * for each element reference. Paths are relative to the value given with `path`.
 */
export function walkV2Layout(layout: unknown, path: Path, visitor: V2LayoutVisitor, sections: LayoutSection[] = []): void {
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
  visitor.layout?.(layout, sections, path);
  const expected = section ? section.kind : itemKind!;
  const specs = list.map((entry) => (isPlainObject(entry) && entry.kind === expected && isPlainObject(entry.spec) ? entry.spec : undefined));
  specs.forEach((entrySpec, index) => {
    const at = [...path, 'spec', key, index];
    if (!entrySpec) {
      problem(at, `expected {"kind": "${expected}", "spec": {…}} in ${kind}.spec.${key}`);
      return;
    }
    if (section) {
      const siblings = specs.map((other) => other ?? {});
      const inner = [...sections, { kind: section.name, spec: entrySpec, index, siblings }];
      visitor.section?.(inner, [...at, 'spec']);
      walkV2Layout(entrySpec.layout, [...at, 'spec', 'layout'], visitor, inner);
      return;
    }
    const element = entrySpec.element;
    if (!isPlainObject(element) || typeof element.name !== 'string') {
      problem([...at, 'spec'], 'a layout item needs "element": {"kind": "ElementReference", "name": "<element name>"}');
      return;
    }
    visitor.item(element.name, [...at, 'spec', 'element', 'name'], { item: entrySpec, layoutKind: kind, index, sections });
  });
}
