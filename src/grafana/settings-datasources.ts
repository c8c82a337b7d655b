import { isObject, type JsonObject } from './http/response-fields.js';
import { DatasourceIndex } from '../grafana-migration/datasource-ref.js';
import type { DatasourceRef } from './port.js';

/**
 * The data source Grafana's schema migration gives a panel whose file names none (V36, schemaversion/v36.go): the
 * DatasourceIndex's default (datasource_utils.go), the data source saved with `isDefault`, as a reference (`{uid, type}`,
 * with `apiVersion` where it has one: GetDataSourceRef). Read from the frontend settings' `datasources` (the UI's own
 * `config.datasources`), which list the data sources these credentials may read; undefined where none listed is the
 * default (the settings unreadable, no default, or one these credentials do not see): then nothing is assumed of it.
 */
export function defaultDatasourceOf(settings: JsonObject | null): DatasourceRef | undefined {
  if (settings === null || !isObject(settings.datasources)) return undefined;
  for (const entry of Object.values(settings.datasources)) {
    if (!isObject(entry) || entry.isDefault !== true) continue;
    const { uid, type, apiVersion } = entry;
    if (typeof uid !== 'string' || uid === '' || typeof type !== 'string') return undefined;
    return { uid, type, ...(typeof apiVersion === 'string' && apiVersion !== '' ? { apiVersion } : {}) };
  }
  return undefined;
}

/**
 * The data sources Grafana's migration resolves a file's string datasource against (V33, V36: the DatasourceIndex looks a
 * string up by name, then by uid), with the default among them. Read from the frontend settings' `datasources`: those
 * these credentials may read, without the built-in ones (`-- Grafana --`, `-- Mixed --`, `-- Dashboard --`: the settings
 * list them, the migration's index of the org's data sources does not). Undefined where the settings are unreadable, so
 * that an index without a default says the settings were read and list none as the default.
 */
export function namedDatasourcesOf(settings: JsonObject | null): DatasourceIndex | undefined {
  if (settings === null || !isObject(settings.datasources)) return undefined;
  return new DatasourceIndex(
    Object.values(settings.datasources).flatMap((entry) => {
      if (!isObject(entry) || (isObject(entry.meta) && entry.meta.builtIn === true) || entry.type === 'datasource') return [];
      const { uid, type, name, apiVersion } = entry;
      if (typeof uid !== 'string' || uid === '' || typeof type !== 'string') return [];
      return [{ uid, type, name: typeof name === 'string' ? name : '', ...(typeof apiVersion === 'string' && apiVersion !== '' ? { apiVersion } : {}), isDefault: entry.isDefault === true }];
    }),
  );
}
