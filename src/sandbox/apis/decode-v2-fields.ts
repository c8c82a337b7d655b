import { isObject } from '../dashboard-model.js';

type GoType = 'int64' | 'float64' | 'string' | 'bool';
/** One Go struct: its name and its typed fields (nested structs as [name, fields]); fields not listed are untyped or not emulated. */
interface GoStruct {
  name: string;
  fields: Record<string, GoType | GoStruct>;
}

const ELEMENT_REFERENCE: GoStruct = { name: 'DashboardElementReference', fields: { kind: 'string', name: 'string' } };
const GRID_ITEM: GoStruct = {
  name: 'DashboardGridLayoutItemSpec',
  fields: {
    x: 'int64', y: 'int64', width: 'int64', height: 'int64', element: ELEMENT_REFERENCE,
    repeat: { name: 'DashboardRepeatOptions', fields: { mode: 'string', value: 'string', direction: 'string', maxPerRow: 'int64' } },
  },
};
const AUTO_GRID_ITEM: GoStruct = { name: 'DashboardAutoGridLayoutItemSpec', fields: { element: ELEMENT_REFERENCE } };
const AUTO_GRID: GoStruct = {
  name: 'DashboardAutoGridLayoutSpec',
  fields: { maxColumnCount: 'float64', columnWidthMode: 'string', columnWidth: 'float64', rowHeightMode: 'string', rowHeight: 'float64', fillScreen: 'bool' },
};
const ROW: GoStruct = { name: 'DashboardRowsLayoutRowSpec', fields: { title: 'string', collapse: 'bool', hideHeader: 'bool', fillScreen: 'bool' } };
const TAB: GoStruct = { name: 'DashboardTabsLayoutTabSpec', fields: { title: 'string' } };
const PANEL_FIELDS = { id: 'float64', title: 'string', description: 'string', transparent: 'bool' } as const;
const PANEL_V2ALPHA1: GoStruct = {
  name: 'DashboardPanelSpec',
  fields: { ...PANEL_FIELDS, vizConfig: { name: 'DashboardVizConfigKind', fields: { kind: 'string', spec: { name: 'DashboardVizConfigSpec', fields: { pluginVersion: 'string' } } } } },
};
const PANEL: GoStruct = { name: 'DashboardPanelSpec', fields: { ...PANEL_FIELDS, vizConfig: { name: 'DashboardVizConfigKind', fields: { kind: 'string', group: 'string', version: 'string' } } } };
const LIBRARY_PANEL: GoStruct = {
  name: 'DashboardLibraryPanelKindSpec',
  fields: { id: 'float64', title: 'string', libraryPanel: { name: 'DashboardLibraryPanelRef', fields: { uid: 'string', name: 'string' } } },
};

/**
 * The v2 spec is decoded into typed Go structs (apps/dashboard/pkg/apis/dashboard/v2alpha1 and v2beta1,
 * dashboard_spec_gen.go: DashboardGridLayoutItemSpec's int64 X/Y/Width/Height, DashboardPanelSpec, …) before
 * any admission: a JSON value of the wrong type fails encoding/json's decode (UnmarshalTypeError), and the
 * apiserver answers 400 (transformDecodeError). null leaves Go's zero value; unknown fields are dropped.
 * Returns the decode error's text, or undefined. Only the layout and element fields above are emulated.
 */
export function findV2DecodeError(spec: unknown, version: string): string | undefined {
  if (!isObject(spec)) return undefined;
  const panel = version === 'v2alpha1' ? PANEL_V2ALPHA1 : PANEL;
  for (const element of isObject(spec.elements) ? Object.values(spec.elements) : []) {
    if (!isObject(element)) continue;
    const struct = element.kind === 'Panel' ? panel : element.kind === 'LibraryPanel' ? LIBRARY_PANEL : undefined;
    const error = struct && decodeStruct(element.spec, struct, 'spec', version);
    if (error) return error;
  }
  return decodeLayout(spec.layout, version);
}

function decodeLayout(layout: unknown, pkg: string): string | undefined {
  if (!isObject(layout) || !isObject(layout.spec)) return undefined;
  const spec = layout.spec;
  if (layout.kind === 'AutoGridLayout') {
    const error = decodeStruct(spec, AUTO_GRID, 'spec', pkg);
    if (error) return error;
  }
  const sections = layout.kind === 'RowsLayout' ? spec.rows : layout.kind === 'TabsLayout' ? spec.tabs : undefined;
  const item = layout.kind === 'GridLayout' ? GRID_ITEM : layout.kind === 'AutoGridLayout' ? AUTO_GRID_ITEM : undefined;
  const entries = item ? spec.items : sections;
  for (const entry of Array.isArray(entries) ? entries : []) {
    if (!isObject(entry)) continue;
    const error = item
      ? decodeStruct(entry.spec, item, 'spec', pkg)
      : decodeStruct(entry.spec, layout.kind === 'RowsLayout' ? ROW : TAB, 'spec', pkg) ?? (isObject(entry.spec) ? decodeLayout(entry.spec.layout, pkg) : undefined);
    if (error) return error;
  }
  return undefined;
}

/** `pkg`: the Go package (the API version) a nested struct's type is printed with. */
function decodeStruct(value: unknown, struct: GoStruct, path: string, pkg: string): string | undefined {
  if (!isObject(value)) return undefined;
  for (const [field, type] of Object.entries(struct.fields)) {
    const found = value[field];
    if (found === undefined || found === null) continue;
    const at = `${path}.${field}`;
    if (typeof type === 'object') {
      if (!isObject(found)) return typeError(found, struct.name, at, `${pkg}.${type.name}`);
      const error = decodeStruct(found, type, at, pkg);
      if (error) return error;
    } else if (!fits(found, type)) return typeError(found, struct.name, at, type);
  }
  return undefined;
}

function fits(value: unknown, type: GoType): boolean {
  if (type === 'int64') return typeof value === 'number' && Number.isInteger(value);
  if (type === 'float64') return typeof value === 'number';
  return typeof value === (type === 'bool' ? 'boolean' : 'string');
}

/** encoding/json's UnmarshalTypeError text: a number that is no int64 names its literal. */
function typeError(value: unknown, struct: string, field: string, type: string): string {
  const kind = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;
  const shown = kind === 'number' && type === 'int64' ? `number ${String(value)}` : kind;
  return `json: cannot unmarshal ${shown} into Go struct field ${struct}.${field} of type ${type}`;
}
