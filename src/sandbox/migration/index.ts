import { DatasourceIndex, type DatasourceInfo } from '../../grafana-migration/datasource-ref.js';
import { applyFrontendDefaultsAndCleanup, applyFrontendDefaultsBeforeSteps, cleanupAfterSteps } from './frontend-defaults.js';
import { asMap, type JsonMap } from '../../grafana-migration/go-values.js';
import { EARLY_PANEL_STEPS } from '../../grafana-migration/early-panel-steps.js';
import { runEarlyPanelStep } from './early-panel-steps.js';
import { v23 } from './v23.js';
import { v27 } from './v27.js';
import { v28 } from './v28.js';
import { v29 } from './v29.js';
import { v30 } from './v30.js';
import { v31 } from './v31.js';
import { v33 } from './v33.js';
import { v34 } from './v34.js';
import { v35 } from './v35.js';
import { v36 } from './v36.js';
import { v37 } from './v37.js';
import { v38 } from './v38.js';
import { v39 } from './v39.js';
import { v40 } from './v40.js';
import { v41 } from './v41.js';
import { v42 } from './v42.js';

export type { DatasourceInfo } from '../../grafana-migration/datasource-ref.js';

/**
 * schemaversion.LATEST_VERSION in the emulated releases: 42 from 12.3 on (V42, PR #110517) and in
 * 13.0.x; main has a V43 (formatTime → convertFieldType) that no emulated release ships.
 */
export const LATEST_SCHEMA_VERSION = 42;

/**
 * Grafana 12.3+ migrates every schemaVersion from 0 up (PR #112282 added the last missing step, V2);
 * the minimum is kept as an option so the MinimumVersionError path stays reachable.
 */
export const MINIMUM_SCHEMA_VERSION = 0;

/** Steps emulated with their content; the other versions below 27 only have their number bumped (see README). */
const steps: Record<number, (dashboard: JsonMap, index: DatasourceIndex, options: MigrationOptions) => void> = {
  ...Object.fromEntries(
    [...EARLY_PANEL_STEPS].map(([version, migrate]) => [version, (dashboard: JsonMap, _index: DatasourceIndex, options: MigrationOptions) => runEarlyPanelStep(dashboard, migrate, options.collapsedRowSteps ?? false, { tablePluginVersion: options.tablePluginVersion ?? '1.0.0' })]),
  ),
  23: v23,
  27: (dashboard, _index, options) => v27(dashboard, options.truthyRepeats ?? false),
  28: v28,
  29: v29,
  30: v30,
  31: v31,
  32: () => undefined,
  33: v33,
  34: v34,
  35: (dashboard, _index, options) => v35(dashboard, options.collapsedRowSteps ?? false),
  36: v36,
  37: v37,
  38: v38,
  39: v39,
  40: v40,
  41: v41,
  42: v42,
};

export interface MigrationOptions {
  /** Datasources the migrations resolve names against (V33, V36); none by default, as in the sandbox. */
  datasources?: readonly DatasourceInfo[];
  /** Below this the migration refuses (MinimumVersionError); default MINIMUM_SCHEMA_VERSION. */
  minimumSchemaVersion?: number;
  /**
   * Run the frontend-defaults passes before the steps and the cleanup after them (frontend-defaults.ts; PR #110525, with
   * PR #112475's `preload` kept): 12.3 on (EraRules `apis.frontendDefaultsOnMigrate`). Off by default.
   */
  frontendDefaults?: boolean;
  /** With `frontendDefaults`: the cleanup runs before the steps instead (commit 6c4e990f's form; EraRules `apis.cleanupBeforeSteps`). */
  cleanupBeforeSteps?: boolean;
  /** With `frontendDefaults`: the cleanup renames the Angular types of a collapsed row's panels too (EraRules `apis.nestedPanelsAutoMigrate`). */
  nestedPanelsAutoMigrate?: boolean;
  /** The steps up to V35 reach a collapsed row's panels too (PR #128476; EraRules `apis.collapsedRowSteps`): here V17–V22, V24, V26 and V35. */
  collapsedRowSteps?: boolean;
  /**
   * V27 and the cleanup drop a repeated copy only where its `repeatPanelId`/`repeatByRow`/`repeatedByRow` is truthy, not
   * wherever the key is present (PR #129284; EraRules `apis.truthyRepeats`).
   */
  truthyRepeats?: boolean;
  /** V24's `pluginVersion` for a converted table: the table plugin's version (a core plugin: the Grafana version); default "1.0.0", Grafana's test provider's. */
  tablePluginVersion?: string;
}

export interface MigratedSpec {
  /** A migrated copy; the input is never changed. */
  spec: JsonMap;
  fromVersion: number;
  toVersion: number;
}

export interface MigrationFailure {
  error: {
    reason: 'not-an-object' | 'minimum-version' | 'not-migrated';
    /** Grafana's error text (MigrationError / MinimumVersionError), as the v1 admission puts it in its 422. */
    message: string;
  };
}

/**
 * migration.Migrate (apps/dashboard/pkg/migration/migrate.go): with `frontendDefaults`, the defaults first; then the steps
 * after the input's schemaVersion up to `targetSchemaVersion`; then the cleanup (or with `cleanupBeforeSteps`, both first). A v1/v1beta1 write fails (422 Invalid) when this fails.
 */
export function migrateDashboardSpec(
  spec: unknown,
  targetSchemaVersion: number = LATEST_SCHEMA_VERSION,
  options: MigrationOptions = {},
): MigratedSpec | MigrationFailure {
  const input = asMap(spec);
  if (!input) return failure('not-an-object', 0, targetSchemaVersion, 'dashboard is nil');
  const dashboard = structuredClone(input);
  const rules = { renameNested: options.nestedPanelsAutoMigrate ?? false, truthyRepeats: options.truthyRepeats ?? false };
  const cleanup = options.frontendDefaults ? (options.cleanupBeforeSteps ? 'before' : 'after') : 'none';
  if (cleanup === 'before') applyFrontendDefaultsAndCleanup(dashboard, rules);
  if (cleanup === 'after') applyFrontendDefaultsBeforeSteps(dashboard);
  const fromVersion = schemaVersionOf(dashboard);
  dashboard.schemaVersion = fromVersion;
  const minimum = options.minimumSchemaVersion ?? MINIMUM_SCHEMA_VERSION;
  if (fromVersion < minimum) {
    const message = `dashboard schema version ${fromVersion} cannot be migrated to latest version ${LATEST_SCHEMA_VERSION} - migration path only exists for versions greater than ${minimum}`;
    return { error: { reason: 'minimum-version', message } };
  }
  const index = new DatasourceIndex(options.datasources ?? []);
  for (let next = fromVersion + 1; next <= targetSchemaVersion; next++) {
    steps[next]?.(dashboard, index, options);
    dashboard.schemaVersion = next;
  }
  if (cleanup === 'after') cleanupAfterSteps(dashboard, rules);
  if (dashboard.schemaVersion !== targetSchemaVersion) {
    return failure('not-migrated', fromVersion, targetSchemaVersion, 'schema version not migrated to target version');
  }
  return { spec: dashboard, fromVersion, toVersion: targetSchemaVersion };
}

/** GetSchemaVersion: a number (truncated), a numeric string, else 0. */
export function schemaVersionOf(dashboard: JsonMap): number {
  const value = dashboard.schemaVersion;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value)) return Number(value);
  return 0;
}

function failure(reason: MigrationFailure['error']['reason'], from: number, to: number, detail: string): MigrationFailure {
  return { error: { reason, message: `schema migration from version ${from} to ${to} failed: ${detail}` } };
}
