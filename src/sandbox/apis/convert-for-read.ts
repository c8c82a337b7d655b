import type { JsonObject } from '../dashboard-model.js';
import type { EraRules } from '../era.js';
import { convertV1ToV2 } from './convert/v1-to-v2.js';
import { ConversionError, defaultRefreshIntervals, variableDatasourcesOf } from './convert/v1-to-v2-controls.js';
import { convertV2ToV1 } from './convert/v2-to-v1.js';
import { convertV2Version } from './convert/v2-versions.js';
import type { DashboardView } from './dashboard-view.js';
import { migrateSpecOnWrite } from './migrate-on-write.js';
import { datasourcesForMigration } from '../migration/instance-datasources.js';

export interface ConvertedSpec {
  /** JSON text of the spec (`null` when Grafana leaves it empty). */
  spec: string;
  /** JSON text of `status`. */
  status: string;
}

const isV2 = (version: string) => version.startsWith('v2');

/**
 * Reading a dashboard at a version other than its stored one (apps/dashboard/pkg/migration/conversion, setConversionStatus):
 * `status.conversion = {failed, error?, storedVersion, source?}`; `source` (the stored object) only when it failed.
 * - v0alpha1 → v1*: the spec is migrated (migrateSpecOnWrite); v1 ↔ v1 otherwise as stored.
 * - v1 family → v2*: converted (convert/v1-to-v2.ts; a variable naming no data source type gets one of the namespace's
 *   org's from 12.4 on); an unsupported variable type fails.
 * - v2* → v1 family: 12.x fails with "backend conversion not yet implemented" and a null spec; 13 converts (lossy).
 * - v2beta1 ↔ v2: a panel transformation's id moves between `kind` + `spec.id` and `group` (convert/v2-versions.ts);
 *   v2alpha1 as stored (its other shape differences are not emulated).
 */
export function convertForRead(view: DashboardView, target: string, era: EraRules, storedObject: () => string): ConvertedSpec {
  const stored = view.apiVersion;
  const ok = (spec: string): ConvertedSpec => ({ spec, status: statusText(false, stored) });
  const failed = (spec: string, error: string): ConvertedSpec => ({ spec, status: statusText(true, stored, error, storedObject()) });
  if (isV2(stored) && isV2(target)) {
    const spec = JSON.parse(view.body) as JsonObject;
    const converted = convertV2Version(spec, stored, target);
    return ok(converted === spec ? view.body : JSON.stringify(converted));
  }
  if (isV2(stored)) {
    if (era.apis?.v2ToV1 !== 'convert') return failed('null', 'backend conversion not yet implemented');
    const asV2 = convertV2Version(JSON.parse(view.body) as JsonObject, stored, 'v2');
    return ok(JSON.stringify(convertV2ToV1(asV2, era.apis.latestSchemaVersion)));
  }
  let spec = JSON.parse(view.body) as JsonObject;
  if (stored === 'v0alpha1' && target !== 'v0alpha1') {
    const migrated = migrateSpecOnWrite(spec, era, view.record.orgId);
    if (!migrated.ok) return failed(isV2(target) ? JSON.stringify(emptyV2Spec()) : view.body, migrated.error);
    spec = migrated.spec;
    if (!isV2(target)) return ok(JSON.stringify(spec));
  }
  if (!isV2(target)) return ok(view.body);
  try {
    const options = {
      angularMigration: era.apis?.angularMigrationInV2 === true,
      ...(era.apis?.variableDefaultDatasourceType ? { variableDatasources: variableDatasourcesOf(datasourcesForMigration(era.apis, view.record.orgId)) } : {}),
    };
    return ok(JSON.stringify(convertV2Version(convertV1ToV2(spec, options), 'v2', target)));
  } catch (error) {
    if (!(error instanceof ConversionError)) throw error;
    return failed(JSON.stringify(emptyV2Spec()), error.message);
  }
}

function statusText(failed: boolean, storedVersion: string, error?: string, source?: string): string {
  const head = `{"conversion":{"failed":${failed}${error ? `,"error":${JSON.stringify(error)}` : ''},"storedVersion":"${storedVersion}"`;
  return `${head}${source ? `,"source":${source}` : ''}}}`;
}

/** What a failed conversion to v2 leaves in the spec (EnsureDefaultSpec). */
function emptyV2Spec(): JsonObject {
  return {
    annotations: [],
    cursorSync: 'Off',
    elements: {},
    layout: { kind: 'GridLayout', spec: { items: [] } },
    links: [],
    preload: false,
    tags: [],
    timeSettings: { from: 'now-6h', to: 'now', autoRefresh: '', autoRefreshIntervals: defaultRefreshIntervals, hideTimepicker: false, fiscalYearStartMonth: 0 },
    title: '',
    variables: [],
  };
}
