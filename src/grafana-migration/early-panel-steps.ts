import { asMap, type JsonMap } from './go-values.js';
import { migrateMinSpan } from './v17-max-per-row.js';
import { migrateGaugeOptions } from './v18-gauge-options.js';
import { migratePanelLinks } from './v19-panel-links.js';
import { migrateDataLinkVariables, migrateSeriesLabelLinks } from './v20-data-link-variables.js';
import { migrateTableAlign, migrateText2 } from './v22-v26-panels.js';
import { isAngularTable, migrateAngularTable } from './v24-table-panel.js';

/** What a step may need from the instance: V24 the table plugin's version (no conversion without one). */
export interface EarlyStepContext {
  readonly tablePluginVersion?: string;
}

/** One of those steps: rewrites the panel in place. */
export type EarlyPanelStep = (panel: JsonMap, context: EarlyStepContext) => void;

/**
 * The steps below 27 that rewrite a panel by itself, by version: each runs on the top-level panels and, from PR #128476
 * (13.2 on, by date), on a collapsed row's panels too. V23 is a variable step, V25 none.
 */
export const EARLY_PANEL_STEPS: ReadonlyMap<number, EarlyPanelStep> = new Map<number, EarlyPanelStep>([
  [17, migrateMinSpan],
  [18, migrateGaugeOptions],
  [19, migratePanelLinks],
  [20, migrateDataLinkVariables],
  [21, migrateSeriesLabelLinks],
  [22, migrateTableAlign],
  [
    24,
    (panel, { tablePluginVersion }) => {
      if (tablePluginVersion !== undefined) migrateAngularTable(panel, tablePluginVersion);
    },
  ],
  [26, migrateText2],
]);

/** The keys of a panel those steps may rewrite (they read and write no other). */
export const EARLY_PANEL_STEP_KEYS: readonly string[] = ['minSpan', 'maxPerRow', 'options-gauge', 'options', 'links', 'styles', 'type', 'fieldConfig', 'transformations', 'transform', 'columns', 'pluginVersion'];

/**
 * What those steps make of a panel at `fromVersion` (a copy; the input is never changed), or the panel itself where none
 * runs or none has anything to rewrite: most panels, which a plan of thousands of grafonnet-era dashboards meets.
 */
export function earlyPanelStepsFrom(panel: JsonMap, fromVersion: number, context: EarlyStepContext = {}): JsonMap {
  if (fromVersion >= 26 || !hasEarlyStepInput(panel)) return panel;
  const result = { ...panel };
  for (const key of EARLY_PANEL_STEP_KEYS) if (Object.hasOwn(panel, key)) result[key] = structuredClone(panel[key]);
  for (const [version, migrate] of EARLY_PANEL_STEPS) if (version > fromVersion) migrate(result, context);
  return result;
}

/** The type those steps give a panel of `type` at `fromVersion`: V26's `text` for a `text2`, else `type` itself. */
export function typeAfterEarlySteps(type: unknown, fromVersion: number): unknown {
  return earlyPanelStepsFrom({ type }, fromVersion).type;
}

function hasEarlyStepInput(panel: JsonMap): boolean {
  if (Object.hasOwn(panel, 'minSpan') || Object.hasOwn(panel, 'options-gauge') || panel.type === 'text2' || isAngularTable(panel)) return true;
  if (Array.isArray(panel.links) && panel.links.length > 0) return true;
  const options = asMap(panel.options);
  return options !== undefined && (Object.hasOwn(options, 'dataLinks') || Object.hasOwn(options, 'fieldOptions'));
}
