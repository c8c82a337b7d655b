import { createHash } from 'node:crypto';
import { PROVISIONING_REF } from '../identity-ref.js';
import type { DashboardRecord, K8sMeta, VersionRecord } from '../state.js';

/** One state of a dashboard as /apis shows it: the current row, one history entry, or a trashed row. */
export interface DashboardView {
  record: DashboardRecord;
  k8s: K8sMeta;
  generation: number;
  /** The sandbox's own stamp of this state (unique server-wide): tells the current row's entry among the history. */
  resourceVersion: number;
  /** `metadata.resourceVersion` as Grafana answers it for this state (servedResourceVersion). */
  servedResourceVersion: string;
  updated: string;
  updatedById: string;
  apiVersion: string;
  /** The stored spec as JSON text. */
  body: string;
  folderUid: string;
  annotations?: Record<string, string>;
  /** History entries carry their commit message (legacy query_dashboards.sql selects it only for history). */
  message?: string;
  /** Trash entries: when it was deleted. */
  deleted?: string;
}

/** The `grafana.app/*` annotations the server owns; a caller's values for them are never kept. */
export const SERVER_ANNOTATIONS = new Set([
  'grafana.app/createdBy',
  'grafana.app/updatedBy',
  'grafana.app/updatedTimestamp',
  'grafana.app/folder',
  'grafana.app/message',
  'grafana.app/grant-permissions',
]);

export const INTERNAL_ID_LABEL = 'grafana.app/deprecatedInternalID';

/** Rows written before the sandbox served /apis have no K8sMeta: derive a stable one. */
export function k8sMetaOf(record: { k8s?: K8sMeta; orgId: number; uid: string; updated: string; provisioned?: unknown }): K8sMeta {
  if (record.k8s) return record.k8s;
  const hash = createHash('sha1').update(`${record.orgId}/${record.uid}`).digest('hex');
  const k8sUid = `${hash.slice(0, 8)}-${hash.slice(8, 12)}-5${hash.slice(13, 16)}-a${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
  const by = record.provisioned ? PROVISIONING_REF : '';
  return { k8sUid, resourceVersion: Date.parse(record.updated) * 1000, createdById: by, updatedById: by };
}

/** Where the dashboards live (SandboxOptions.storage); absent = legacy, as RouteSettings. */
export type DashboardStorage = 'legacy' | 'unified' | undefined;

/**
 * `metadata.resourceVersion` as Grafana answers it. Legacy SQL storage answers the dashboard's version, the
 * generation (`pkg/registry/apis/dashboard/legacy/sql_dashboards.go` scanRow: `row.RV = version`,
 * `dash.ResourceVersion = fmt.Sprintf("%d", row.RV)`; history rows alike), so two dashboards may share one;
 * unified storage a server-wide microsecond stamp (`apistore`).
 */
function servedResourceVersion(storage: DashboardStorage, generation: number, stamp: number): string {
  return String(storage === 'unified' ? stamp : generation);
}

export function currentView(record: DashboardRecord, storedDefault: string, storage: DashboardStorage): DashboardView {
  const k8s = k8sMetaOf(record);
  return {
    record,
    k8s,
    generation: record.version,
    resourceVersion: k8s.resourceVersion,
    servedResourceVersion: servedResourceVersion(storage, record.version, k8s.resourceVersion),
    updated: record.updated,
    // The deletion marker names the deleter as its updater (server.Delete: SetUpdatedBy).
    updatedById: record.deleted !== undefined && record.deletedBy !== undefined ? record.deletedBy : k8s.updatedById,
    apiVersion: record.apiVersion ?? storedDefault,
    body: record.body,
    folderUid: record.folderUid,
    ...(k8s.annotations ? { annotations: k8s.annotations } : {}),
    ...(record.deleted ? { deleted: record.deleted } : {}),
    ...trashedMessage(record, storage),
  };
}

/**
 * Unified storage's deletion marker is the stored object with only its deletion timestamp, updater, updated time and
 * generation changed (resource server `Delete`), so it keeps the `grafana.app/message` its last save wrote, which the UI's
 * restore sends back with the create (src/sandbox/README.md, "A restore from Recently deleted").
 */
function trashedMessage(record: DashboardRecord, storage: DashboardStorage): { message?: string } {
  if (record.deleted === undefined || storage !== 'unified') return {};
  const message = record.versions.at(-1)?.message;
  return message ? { message } : {};
}

/** A history entry's own stamp (DashboardView.resourceVersion); entries saved before the sandbox kept one: from their time. */
export function historyStamp(entry: VersionRecord): number {
  return entry.resourceVersion ?? Date.parse(entry.created) * 1000 + entry.version;
}

export function historyView(record: DashboardRecord, entry: VersionRecord, storedDefault: string, storage: DashboardStorage): DashboardView {
  const k8s = k8sMetaOf(record);
  const stamp = historyStamp(entry);
  return {
    record,
    k8s,
    generation: entry.version,
    resourceVersion: stamp,
    servedResourceVersion: servedResourceVersion(storage, entry.version, stamp),
    updated: entry.created,
    updatedById: entry.createdById ?? '',
    apiVersion: entry.apiVersion ?? storedDefault,
    body: entry.body,
    // Legacy SQL storage's history query selects the dashboard row's folder_uid (query_dashboards.sql): every entry has the folder it is in now.
    folderUid: storage === 'unified' ? (entry.folderUid ?? record.folderUid) : record.folderUid,
    ...(entry.annotations ? { annotations: entry.annotations } : {}),
    ...(entry.message ? { message: entry.message } : {}),
  };
}

/**
 * Manager and source annotations for rows other tools own in the legacy tables (sql_dashboards.go scanRow):
 * file provisioning → `classic-file-provisioning` with the provider's name; plugin dashboards → `plugin`.
 */
export function legacyManagerAnnotations(record: DashboardRecord): Record<string, string> {
  if (record.provisioned) {
    const provisioned = record.provisioned;
    return {
      'grafana.app/managedBy': 'classic-file-provisioning',
      'grafana.app/managerId': provisioned.providerName ?? 'default',
      ...(provisioned.allowUiUpdates ? { 'grafana.app/managerAllowsEdits': 'true' } : {}),
      'grafana.app/sourcePath': provisioned.externalId,
      'grafana.app/sourceChecksum': createHash('md5').update(record.body).digest('hex'),
      'grafana.app/sourceTimestamp': record.updated,
    };
  }
  if (record.pluginId) return { 'grafana.app/managedBy': 'plugin', 'grafana.app/managerId': record.pluginId };
  return {};
}
