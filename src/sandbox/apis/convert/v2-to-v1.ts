import { isObject, type JsonObject } from '../../dashboard-model.js';
import { convertAnnotations, convertTime, convertVariables, datasourceRef } from './v2-to-v1-controls.js';

/**
 * A v2 spec as a v1 dashboard (apps/dashboard/pkg/migration/conversion/v2alpha1_to_v1beta1.go, PR #114024): elements
 * placed by the layout become `panels` with `gridPos`; rows become row panels. Lossy: tabs become rows, an auto grid
 * gets computed positions, conditional rendering and per-row variables are dropped.
 */
export function convertV2ToV1(v2: JsonObject, schemaVersion: number): JsonObject {
  const elements = isObject(v2.elements) ? v2.elements : {};
  const placement = new Placement(elements);
  placement.layout(v2.layout, 0);
  const templating = convertVariables(v2.variables);
  // convertDashboardSpec_V2alpha1_to_V1 writes `tags`, `links`, `panels` and `templating` only when there are some.
  const some = (key: string, list: unknown[]) => (list.length > 0 ? { [key]: list } : {});
  return {
    annotations: convertAnnotations(v2.annotations),
    ...(typeof v2.description === 'string' ? { description: v2.description } : {}),
    editable: v2.editable !== false,
    graphTooltip: Math.max(0, ['Off', 'Crosshair', 'Tooltip'].indexOf(String(v2.cursorSync))),
    ...some('links', Array.isArray(v2.links) ? v2.links : []),
    ...(typeof v2.liveNow === 'boolean' ? { liveNow: v2.liveNow } : {}),
    ...some('panels', placement.panels),
    // convertDashboardSpec_V2alpha1_to_V1 writes preload whatever it is (v2alpha1_to_v1.go).
    preload: v2.preload === true,
    schemaVersion,
    ...some('tags', Array.isArray(v2.tags) ? v2.tags : []),
    ...((templating.list as unknown[]).length > 0 ? { templating } : {}),
    ...convertTime(v2.timeSettings),
    title: typeof v2.title === 'string' ? v2.title : '',
  };
}

class Placement {
  readonly panels: JsonObject[] = [];
  private nextRowId: number;

  constructor(private readonly elements: JsonObject) {
    const ids = Object.values(elements).map((element) => (isObject(element) && isObject(element.spec) ? Number(element.spec.id) : 0));
    this.nextRowId = Math.max(0, ...ids.filter(Number.isFinite)) + 1;
  }

  /** Places a layout whose top is at `top`; returns the y below it. */
  layout(layout: unknown, top: number, into: JsonObject[] = this.panels): number {
    if (!isObject(layout) || !isObject(layout.spec)) return top;
    const spec = layout.spec;
    if (layout.kind === 'RowsLayout' || layout.kind === 'TabsLayout') {
      const sections = (Array.isArray(spec.rows) ? spec.rows : Array.isArray(spec.tabs) ? spec.tabs : []).filter(isObject);
      let y = top;
      for (const section of sections) y = this.section(isObject(section.spec) ? section.spec : {}, y, into === this.panels);
      return y;
    }
    const items = (Array.isArray(spec.items) ? spec.items : []).filter(isObject);
    if (layout.kind === 'AutoGridLayout') return this.autoGrid(items, spec, top, into);
    let bottom = top;
    for (const item of items) {
      const itemSpec = isObject(item.spec) ? item.spec : {};
      const gridPos = { h: Number(itemSpec.height ?? 8), w: Number(itemSpec.width ?? 12), x: Number(itemSpec.x ?? 0), y: top + Number(itemSpec.y ?? 0) };
      this.place(itemSpec, gridPos, into);
      bottom = Math.max(bottom, gridPos.y + gridPos.h);
    }
    return bottom;
  }

  private section(spec: JsonObject, top: number, topLevel: boolean): number {
    if (spec.hideHeader === true && top === 0 && topLevel) return this.layout(spec.layout, 0);
    const collapsed = spec.collapse === true;
    const children: JsonObject[] = [];
    const rowPanel: JsonObject = {
      collapsed,
      gridPos: { h: 1, w: 24, x: 0, y: top },
      id: this.nextRowId++,
      panels: children,
      title: typeof spec.title === 'string' ? spec.title : '',
      type: 'row',
      ...(isObject(spec.repeat) && spec.repeat.value ? { repeat: spec.repeat.value } : {}),
    };
    this.panels.push(rowPanel);
    const bottom = this.layout(spec.layout, top + 1, collapsed ? children : this.panels);
    return collapsed ? top + 1 : bottom;
  }

  private autoGrid(items: JsonObject[], spec: JsonObject, top: number, into: JsonObject[]): number {
    const columns = Math.max(1, Number(spec.maxColumnCount ?? 3));
    const width = Math.floor(24 / columns);
    const height = 8;
    items.forEach((item, index) => {
      const gridPos = { h: height, w: width, x: (index % columns) * width, y: top + Math.floor(index / columns) * height };
      this.place(isObject(item.spec) ? item.spec : {}, gridPos, into);
    });
    return top + Math.ceil(items.length / columns) * height;
  }

  private place(itemSpec: JsonObject, gridPos: JsonObject, into: JsonObject[]): void {
    const reference = isObject(itemSpec.element) ? String(itemSpec.element.name) : '';
    const element = this.elements[reference];
    if (!isObject(element) || !isObject(element.spec)) return;
    const panel = element.kind === 'LibraryPanel' ? libraryPanel(element.spec) : panelOf(element.spec);
    if (isObject(itemSpec.repeat) && itemSpec.repeat.value) {
      panel.repeat = itemSpec.repeat.value;
      if (itemSpec.repeat.direction) panel.repeatDirection = itemSpec.repeat.direction;
      if (itemSpec.repeat.maxPerRow) panel.maxPerRow = itemSpec.repeat.maxPerRow;
    }
    into.push({ ...panel, gridPos });
  }
}

function libraryPanel(spec: JsonObject): JsonObject {
  return { id: spec.id, libraryPanel: spec.libraryPanel, title: spec.title ?? '' };
}

function panelOf(spec: JsonObject): JsonObject {
  const data = isObject(spec.data) && isObject(spec.data.spec) ? spec.data.spec : {};
  const viz = isObject(spec.vizConfig) ? spec.vizConfig : {};
  const vizSpec = isObject(viz.spec) ? viz.spec : {};
  const targets = (Array.isArray(data.queries) ? data.queries : []).filter(isObject).map((query) => {
    const querySpec = isObject(query.spec) ? query.spec : {};
    const ref = datasourceRef(querySpec.query);
    const inner = isObject(querySpec.query) && isObject(querySpec.query.spec) ? querySpec.query.spec : {};
    return { ...(ref ? { datasource: ref } : {}), ...inner, refId: querySpec.refId ?? 'A', ...(querySpec.hidden === true ? { hide: true } : {}) };
  });
  const transformations = (Array.isArray(data.transformations) ? data.transformations : [])
    .filter(isObject)
    .map((t) => ({ id: t.group, ...(isObject(t.spec) ? t.spec : {}) }));
  const panelSource = panelDatasource(targets);
  // convertPanelKindToV1 (v2alpha1_to_v1.go) leaves out an empty description, links and fieldConfig (no defaults set, no overrides).
  const fieldConfig = isObject(vizSpec.fieldConfig) ? vizSpec.fieldConfig : {};
  const keepsFieldConfig = (isObject(fieldConfig.defaults) && Object.keys(fieldConfig.defaults).length > 0) || (Array.isArray(fieldConfig.overrides) && fieldConfig.overrides.length > 0);
  return {
    ...(panelSource ? { datasource: panelSource } : {}),
    ...(typeof spec.description === 'string' && spec.description !== '' ? { description: spec.description } : {}),
    ...(keepsFieldConfig ? { fieldConfig } : {}),
    id: spec.id,
    ...(Array.isArray(spec.links) && spec.links.length > 0 ? { links: spec.links } : {}),
    options: vizSpec.options ?? {},
    ...(typeof viz.version === 'string' && viz.version !== '' ? { pluginVersion: viz.version } : {}),
    targets,
    title: spec.title ?? '',
    ...(transformations.length > 0 ? { transformations } : {}),
    ...(spec.transparent === true ? { transparent: true } : {}),
    type: viz.group ?? '',
    ...(isObject(data.queryOptions) ? data.queryOptions : {}),
  };
}

const MIXED = { type: 'mixed', uid: '-- Mixed --' };
const SHARED_DASHBOARD_QUERY = '-- Dashboard --';

/**
 * The panel `datasource` Grafana's conversion derives from the queries (v2 panels have none of their own:
 * v2alpha1_to_v1beta1.go getPanelDatasource): mixed when two queries differ in uid or type, or when more than one
 * reads another panel (`-- Dashboard --`); `{type: "datasource", uid: "-- Dashboard --"}` for one such query; else the
 * queries' shared reference (`{type}` alone without a uid); none without queries or a type or uid.
 */
function panelDatasource(targets: JsonObject[]): JsonObject | undefined {
  const refs = targets.map((target) => {
    const ref = isObject(target.datasource) ? target.datasource : {};
    return { uid: typeof ref.uid === 'string' ? ref.uid : '', type: typeof ref.type === 'string' ? ref.type : '' };
  });
  const first = refs[0];
  if (first === undefined) return undefined;
  if (refs.filter((ref) => ref.uid === SHARED_DASHBOARD_QUERY).length > 1) return MIXED;
  if (refs.some((ref) => ref.uid !== first.uid || ref.type !== first.type)) return MIXED;
  if (first.uid === SHARED_DASHBOARD_QUERY) return { type: 'datasource', uid: SHARED_DASHBOARD_QUERY };
  if (first.uid === '' && first.type === '') return undefined;
  return { ...(first.type ? { type: first.type } : {}), ...(first.uid ? { uid: first.uid } : {}) };
}
