import type { JsonMap } from './go-values.js';

/** A datasource the emulated Grafana knows (schemaversion.DataSourceInfo). */
export interface DatasourceInfo {
  uid: string;
  name: string;
  type: string;
  apiVersion?: string;
  isDefault?: boolean;
}

/** DatasourceIndex (schemaversion/datasource_utils.go): lookup by name first, then uid. */
export class DatasourceIndex {
  private readonly byName = new Map<string, DatasourceInfo>();
  private readonly byUid = new Map<string, DatasourceInfo>();
  readonly defaultDatasource: DatasourceInfo | undefined;

  constructor(datasources: readonly DatasourceInfo[]) {
    let fallback: DatasourceInfo | undefined;
    for (const ds of datasources) {
      if (ds.name !== '') this.byName.set(ds.name, ds);
      if (ds.uid !== '') this.byUid.set(ds.uid, ds);
      if (ds.isDefault) fallback = ds;
    }
    this.defaultDatasource = fallback;
  }

  lookup(nameOrUid: string): DatasourceInfo | undefined {
    return this.byName.get(nameOrUid) ?? this.byUid.get(nameOrUid);
  }
}

/** GetDataSourceRef: `{uid, type, apiVersion?}`, or null (Go's nil map) for no datasource. */
export function datasourceRef(ds: DatasourceInfo | undefined): JsonMap | null {
  if (!ds) return null;
  return { uid: ds.uid, type: ds.type, ...(ds.apiVersion ? { apiVersion: ds.apiVersion } : {}) };
}

/** isDataSourceRef: an object with a non-empty string uid or type. */
function isDatasourceRef(value: unknown): value is JsonMap {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { uid, type } = value as JsonMap;
  return (typeof uid === 'string' && uid !== '') || (typeof type === 'string' && type !== '');
}

/**
 * MigrateDatasourceNameToRef: a reference object, `{}` for "", `{uid: name}` for an unknown name,
 * or null (with `returnDefaultAsNull`, for null and "default"; otherwise when nothing resolves).
 */
export function datasourceNameToRef(nameOrRef: unknown, returnDefaultAsNull: boolean, index: DatasourceIndex): JsonMap | null {
  const absent = nameOrRef === undefined || nameOrRef === null;
  if (returnDefaultAsNull && (absent || nameOrRef === 'default')) return null;
  if (isDatasourceRef(nameOrRef)) return nameOrRef;
  if (absent) return datasourceRef(index.defaultDatasource);
  if (typeof nameOrRef !== 'string') return null;
  if (nameOrRef === '') return {};
  const resolved = (nameOrRef === 'default' ? index.defaultDatasource : undefined) ?? index.lookup(nameOrRef);
  return resolved ? datasourceRef(resolved) : { uid: nameOrRef };
}
