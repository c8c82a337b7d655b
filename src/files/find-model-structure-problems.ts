import { describeFoundValue } from './describe-found-value.js';
import { isPlainObject } from './is-plain-object.js';

type Path = (string | number)[];

/** A part of a classic model Grafana's frontend cannot build a dashboard from. */
export interface ModelStructureProblem {
  path: Path;
  message: string;
}

const GRID_KEYS = ['x', 'y', 'w', 'h'] as const;

/**
 * Pure: the parts of a classic dashboard model (a file's model or a v1 resource's spec) that `/api`
 * stores but Grafana's frontend cannot load (DashboardModel maps `panels` and `rows` as arrays of
 * objects, PanelModel reads `gridPos` x/y/w/h as numbers, the variables come from `templating.list`,
 * DashboardMigrator compares `schemaVersion` as a number): the dashboard then fails to render.
 * null and a missing key are left alone (the frontend puts its defaults there).
 */
export function findModelStructureProblems(model: Record<string, unknown>): ModelStructureProblem[] {
  const problems: ModelStructureProblem[] = [];
  const add = (path: Path, message: string) => problems.push({ path, message });
  checkPanels(model.panels, ['panels'], add);
  const rows = model.rows;
  if (rows !== undefined && rows !== null) {
    if (!Array.isArray(rows)) add(['rows'], `"rows" must be an array of row objects, found ${describeFoundValue(rows)}`);
    else rows.forEach((row, index) => {
      if (!isPlainObject(row)) add(['rows', index], `rows[${index}] must be a row object, found ${describeFoundValue(row)}`);
      else checkPanels(row.panels, ['rows', index, 'panels'], add);
    });
  }
  const templating = model.templating;
  if (templating !== undefined && templating !== null) {
    if (!isPlainObject(templating)) add(['templating'], `"templating" must be an object {"list": [ … ]}, found ${describeFoundValue(templating)}`);
    else if (templating.list !== undefined && templating.list !== null && !Array.isArray(templating.list)) {
      add(['templating', 'list'], `"templating.list" must be an array of variables, found ${describeFoundValue(templating.list)}`);
    }
  }
  if (model.schemaVersion !== undefined && typeof model.schemaVersion !== 'number') {
    add(['schemaVersion'], `"schemaVersion" must be a number (Grafana's migrations compare it), found ${describeFoundValue(model.schemaVersion)}`);
  }
  return problems;
}

function checkPanels(panels: unknown, path: Path, add: (path: Path, message: string) => void): void {
  if (panels === undefined || panels === null) return;
  // Paths and names are built only for a problem: a valid model (every file, every plan) allocates nothing per panel.
  const nameOf = () => path.map((part) => (typeof part === 'number' ? `[${part}]` : part)).join('.').replace(/\.\[/g, '[');
  if (!Array.isArray(panels)) {
    add(path, `"${nameOf()}" must be an array of panel objects, found ${describeFoundValue(panels)}`);
    return;
  }
  for (let index = 0; index < panels.length; index += 1) {
    const panel: unknown = panels[index];
    if (!isPlainObject(panel)) {
      add([...path, index], `${nameOf()}[${index}] must be a panel object, found ${describeFoundValue(panel)}`);
      continue;
    }
    const gridPos = panel.gridPos;
    if (gridPos !== undefined && gridPos !== null) {
      if (!isPlainObject(gridPos)) add([...path, index, 'gridPos'], `${nameOf()}[${index}].gridPos must be an object {"x", "y", "w", "h"} of numbers, found ${describeFoundValue(gridPos)}`);
      else for (const key of GRID_KEYS) {
        const value = gridPos[key];
        if (value !== undefined && typeof value !== 'number') add([...path, index, 'gridPos', key], `${nameOf()}[${index}].gridPos.${key} must be a number, found ${describeFoundValue(value)}`);
      }
    }
    // A row panel holds the panels it hides when collapsed.
    if (panel.type === 'row') checkPanels(panel.panels, [...path, index, 'panels'], add);
  }
}
