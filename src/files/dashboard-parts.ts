import { isPlainObject } from './is-plain-object.js';

/** A panel, variable or annotation of a dashboard, named alike in a classic (v1) model and a v2 spec. */
export interface DashboardPart {
  /** `panel 2`, `variable "cluster"`, `annotation "Deploys"`: the same part has the same key in both schemas. */
  key: string;
  /** Where the part's own fields sit: a v1 panel or variable object, a v2 element's or variable's `spec`. */
  path: (string | number)[];
}

/**
 * Pure: the panels (by id; a collapsed row's too), variables and annotations (by name) of a v1 model or a
 * v2 spec. A v2 element is `panel-<id>` with `spec.id`, as Grafana converts a classic panel.
 */
export function dashboardParts(model: Record<string, unknown>): DashboardPart[] {
  const parts: DashboardPart[] = [];
  const panels = (list: unknown, at: (string | number)[]) => {
    if (!Array.isArray(list)) return;
    list.forEach((panel, index) => {
      if (!isPlainObject(panel)) return;
      if (typeof panel.id === 'number') parts.push({ key: `panel ${panel.id}`, path: [...at, index] });
      panels(panel.panels, [...at, index, 'panels']);
    });
  };
  panels(model.panels, ['panels']);
  if (isPlainObject(model.elements)) {
    for (const [name, element] of Object.entries(model.elements)) {
      const spec = isPlainObject(element) ? element.spec : undefined;
      const id = isPlainObject(spec) && typeof spec.id === 'number' ? spec.id : /^panel-(\d+)$/.exec(name)?.[1];
      if (id !== undefined) parts.push({ key: `panel ${id}`, path: ['elements', name, 'spec'] });
    }
  }
  named(parts, 'variable', isPlainObject(model.templating) ? model.templating.list : undefined, ['templating', 'list'], false);
  named(parts, 'variable', model.variables, ['variables'], true);
  named(parts, 'annotation', isPlainObject(model.annotations) ? model.annotations.list : undefined, ['annotations', 'list'], false);
  named(parts, 'annotation', model.annotations, ['annotations'], true);
  return parts;
}

/** The part `path` lies in (the innermost, for a row's panels), if any. */
export function partAt(parts: DashboardPart[], path: (string | number)[]): DashboardPart | undefined {
  let found: DashboardPart | undefined;
  for (const part of parts) {
    if (part.path.length <= path.length && part.path.every((step, index) => step === path[index]) && (!found || part.path.length > found.path.length)) found = part;
  }
  return found;
}

/** Variables or annotations by name: v1 `{ name }` objects, or v2 kinds with `spec.name` (`inSpec`). */
function named(parts: DashboardPart[], kind: string, list: unknown, at: (string | number)[], inSpec: boolean): void {
  if (!Array.isArray(list)) return;
  list.forEach((item, index) => {
    const fields = inSpec && isPlainObject(item) ? item.spec : item;
    if (isPlainObject(fields) && typeof fields.name === 'string') parts.push({ key: `${kind} ${JSON.stringify(fields.name)}`, path: inSpec ? [...at, index, 'spec'] : [...at, index] });
  });
}
