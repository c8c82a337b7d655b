import { isPlainObject } from './is-plain-object.js';
import { walkV2Layout } from './walk-v2-layout.js';

type Path = (string | number)[];
type FieldType = 'integer' | 'number' | 'string' | 'boolean' | 'object';
/** Typed fields of one Go struct of Grafana's v2 types, nested structs as objects; fields not named are not checked. */
interface Shape {
  [field: string]: FieldType | Shape;
}

/** A field whose JSON type Grafana's decode of the v2 structs refuses. */
export interface V2FieldTypeProblem {
  path: Path;
  expected: FieldType;
  found: unknown;
}

const ELEMENT_REFERENCE: Shape = { kind: 'string', name: 'string' };
/** apps/dashboard/pkg/apis/dashboard/v2beta1 (and v2alpha1): DashboardGridLayoutItemSpec, DashboardRepeatOptions. */
const GRID_ITEM: Shape = {
  x: 'integer', y: 'integer', width: 'integer', height: 'integer', element: ELEMENT_REFERENCE,
  repeat: { mode: 'string', value: 'string', direction: 'string', maxPerRow: 'integer' },
};
const AUTO_GRID_ITEM: Shape = { element: ELEMENT_REFERENCE, repeat: { mode: 'string', value: 'string' } };
const AUTO_GRID: Shape = {
  maxColumnCount: 'number', columnWidthMode: 'string', columnWidth: 'number', rowHeightMode: 'string', rowHeight: 'number', fillScreen: 'boolean',
};
const SECTION: Record<'row' | 'tab', Shape> = {
  row: { title: 'string', collapse: 'boolean', hideHeader: 'boolean', fillScreen: 'boolean' },
  tab: { title: 'string' },
};
/** DashboardPanelSpec and DashboardVizConfigKind: v2alpha1 names the plugin in `kind` and has spec.pluginVersion; v2beta1 on in `group` and `version`. */
const PANEL_V2ALPHA1: Shape = { id: 'number', title: 'string', description: 'string', transparent: 'boolean', vizConfig: { kind: 'string', spec: { pluginVersion: 'string' } } };
const PANEL: Shape = { id: 'number', title: 'string', description: 'string', transparent: 'boolean', vizConfig: { kind: 'string', group: 'string', version: 'string' } };
/** DashboardLibraryPanelKindSpec and DashboardLibraryPanelRef. */
const LIBRARY_PANEL: Shape = { id: 'number', title: 'string', libraryPanel: { uid: 'string', name: 'string' } };

/**
 * Pure: the fields of a v2 spec's layout and elements whose JSON type does not fit the Go type Grafana
 * decodes them into (an int64 given a string or a fraction, a string given a number…): the apiserver's
 * decode refuses the whole object with 400. null is no problem (Go leaves the zero value), nor is a
 * field Grafana does not type (options, fieldConfig, queries). `version` is the apiVersion's (v2alpha1, v2beta1, v2).
 */
export function findV2FieldTypes(spec: Record<string, unknown>, version: string): V2FieldTypeProblem[] {
  const problems: V2FieldTypeProblem[] = [];
  if (isPlainObject(spec.elements)) {
    const panel = version === 'v2alpha1' ? PANEL_V2ALPHA1 : PANEL;
    for (const [name, element] of Object.entries(spec.elements)) {
      if (!isPlainObject(element)) continue;
      const shape = element.kind === 'Panel' ? panel : element.kind === 'LibraryPanel' ? LIBRARY_PANEL : undefined;
      if (shape) checkShape(element.spec, shape, ['elements', name, 'spec'], problems);
    }
  }
  walkV2Layout(spec.layout, ['layout'], {
    item: (_name, path, place) => checkShape(place.item, place.layoutKind === 'GridLayout' ? GRID_ITEM : AUTO_GRID_ITEM, path.slice(0, -2), problems),
    layout: (layout, _sections, path) => {
      if (layout.kind === 'AutoGridLayout') checkShape(layout.spec, AUTO_GRID, [...path, 'spec'], problems);
    },
    section: (sections, path) => {
      const section = sections[sections.length - 1]!;
      checkShape(section.spec, SECTION[section.kind], path, problems);
    },
  });
  return problems;
}

function checkShape(value: unknown, shape: Shape, path: Path, problems: V2FieldTypeProblem[]): void {
  if (!isPlainObject(value)) return;
  for (const [field, type] of Object.entries(shape)) {
    const found = value[field];
    if (found === undefined || found === null) continue;
    if (typeof type === 'object') {
      if (isPlainObject(found)) checkShape(found, type, [...path, field], problems);
      else problems.push({ path: [...path, field], expected: 'object', found });
    } else if (!fits(found, type)) problems.push({ path: [...path, field], expected: type, found });
  }
}

function fits(value: unknown, type: FieldType): boolean {
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  if (type === 'object') return isPlainObject(value);
  return typeof value === type;
}

/** "an integer", "a string"… as a message says what a field must be. */
export function describeFieldType(type: V2FieldTypeProblem['expected']): string {
  return type === 'integer' || type === 'object' ? `an ${type}` : `a ${type}`;
}
