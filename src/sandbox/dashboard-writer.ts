import { createHash, randomUUID } from 'node:crypto';
import { clampRefresh, storedBody, tagsOf, type JsonObject } from './dashboard-model.js';
import { generateUid } from './generate-uid.js';
import type { EraRules } from './era.js';
import type { RouteContext } from './http/route-table.js';
import { mapJson, type Reply } from './http/reply.js';
import { recordedSaver } from './identity-ref.js';
import { slugify } from './slugify.js';
import { nextResourceVersion, nowIso, orgDashboards, orgFolders, type DashboardRecord, type K8sMeta, type VersionRecord } from './state.js';
import { k8sMetaOf } from './apis/dashboard-view.js';
import { namespaceForOrg } from './apis/namespaces.js';
import { dashboardWithId } from './dashboard-id-index.js';

export interface DashboardWrite {
  /** The row this save replaces (a trashed one for a restore: its id and history carry on). */
  existing?: DashboardRecord;
  /** '' = generate. */
  uid: string;
  /** How a uid is generated; default: the release's (`era.uidStyle`). */
  uidStyle?: EraRules['uidStyle'];
  model: JsonObject;
  folderUid: string;
  message: string;
  restoredFrom?: number;
  /** Stored version; default: the release's `/api` version (v0alpha1). */
  apiVersion?: string;
  /** Caller annotations to keep; default: the existing ones. */
  annotations?: Record<string, string>;
  /** Caller labels to keep; default: the existing ones. */
  labels?: Record<string, string>;
  /** The `plugin_id` column (legacy SQL storage's only manager a write sets); '' = none; default: the existing one. */
  pluginId?: string;
  /** SaveDashboard clamps `refresh` to the minimum; the apiserver path refuses instead (default true). */
  clampRefresh?: boolean;
  /** A row in Recently deleted stays there (11.x `/api` saves); default: the save takes it out. */
  staysInTrash?: boolean;
  /** Build the record without storing it (`?dryRun=All`); the caller restores the counters. */
  dryRun?: boolean;
  /**
   * A write through the apiserver (`/apis`): under unified storage one that leaves the spec and the folder as they
   * are (labels and annotations only) keeps the generation (apistore prepare.go prepareObjectForUpdate, `hasChanged`).
   */
  throughApiserver?: boolean;
  /** Unified storage: the spec equals the stored one as read at the write's version (apistore compares those). */
  sameSpecAsStored?: boolean;
}

/**
 * Stores a save, from either API (one store, two views): version (= metadata.generation) +1, 1 for a new row,
 * a new resourceVersion, a version-history entry, retention applied.
 */
export function writeDashboard(context: RouteContext, write: DashboardWrite): DashboardRecord {
  const { state, identity, settings } = context;
  const dashboards = orgDashboards(state, identity.orgId);
  const folders = orgFolders(state, identity.orgId);
  const now = nowIso();
  let uid = write.uid;
  while (uid === '' || (uid !== write.uid && (dashboards.has(uid) || folders.has(uid)))) {
    uid = generateUid(write.uidStyle ?? context.era.uidStyle);
  }
  const model = write.model;
  if (write.clampRefresh !== false) clampRefresh(model, settings.minRefreshInterval);
  const title = typeof model.title === 'string' ? model.title : '';
  const existing = write.existing;
  const unified = settings.storage === 'unified';
  // Unified storage writes every create at generation 1, a name taken back from "Recently deleted" included.
  const creates = !existing || (existing.deleted !== undefined && unified);
  const { body, identityAt } = storedBody(model);
  const apiVersion = write.apiVersion ?? context.era.metaApiVersion ?? 'v0alpha1';
  const keepsGeneration =
    unified && write.throughApiserver === true && existing !== undefined && !existing.deleted && existing.folderUid === write.folderUid && (existing.body === body || write.sameSpecAsStored === true);
  if (existing && keepsGeneration) return keepGeneration(context, existing, write, apiVersion, { body, identityAt });
  const version = creates ? 1 : existing!.version + 1;
  const saver = recordedSaver(identity, context.era, settings.storage ?? 'legacy');
  const savedBy = saver.name;
  const k8s = nextK8sMeta(context, creates ? undefined : existing?.k8s, write, { unifiedCreate: creates && unified, uid, author: saver.ref });
  const entry: VersionRecord = {
    id: ++state.counters.versionId,
    version,
    parentVersion: creates ? 0 : existing!.version,
    restoredFrom: write.restoredFrom ?? 0,
    created: now,
    createdBy: savedBy,
    createdByUserId: saver.userId,
    message: write.message,
    body,
    identityAt,
    apiVersion,
    resourceVersion: k8s.resourceVersion,
    createdById: k8s.updatedById,
    folderUid: write.folderUid,
    ...(k8s.annotations ? { annotations: k8s.annotations } : {}),
  };
  const keep = Math.max(1, settings.versionsToKeep);
  const record: DashboardRecord = {
    id: existing ? existing.id : ++state.counters.dashboardId,
    uid,
    orgId: identity.orgId,
    title,
    slug: slugify(title),
    folderUid: write.folderUid,
    version,
    body,
    identityAt,
    apiVersion,
    k8s,
    tags: tagsOf(model),
    created: existing && !creates ? existing.created : now,
    updated: now,
    createdBy: existing && !creates ? existing.createdBy : savedBy,
    updatedBy: savedBy,
    ...savedByIds(existing && !creates ? existing : undefined, saver.userId),
    ...(existing?.provisioned ? { provisioned: existing.provisioned } : {}),
    ...((write.pluginId ?? existing?.pluginId) ? { pluginId: write.pluginId ?? existing?.pluginId } : {}),
    // Unified storage lists a name's history from its latest delete on (sql/backend.go getHistory, PR #102588): a create
    // out of "Recently deleted" starts it again.
    versions: [...(existing && !(creates && existing.deleted !== undefined) ? existing.versions : []), entry].slice(-keep),
    ...(write.staysInTrash && existing?.deleted ? { deleted: existing.deleted } : {}),
  };
  if (write.dryRun) return record;
  if (existing && existing.uid !== uid) dashboards.delete(existing.uid);
  dashboards.set(uid, record);
  context.changed();
  return record;
}

/** The user-table ids behind createdBy/updatedBy: the creator's kept from `existing` (absent when it recorded none). */
function savedByIds(existing: DashboardRecord | undefined, saverId: number): Pick<DashboardRecord, 'createdByUserId' | 'updatedByUserId'> {
  const createdByUserId = existing ? existing.createdByUserId : saverId;
  return { ...(createdByUserId === undefined ? {} : { createdByUserId }), updatedByUserId: saverId };
}

/**
 * Unified storage, a write that changes neither spec nor folder (apistore prepareObjectForUpdate without `hasChanged`):
 * the generation, updatedBy and updatedTimestamp stay the previous ones; labels, annotations and the resourceVersion
 * are the new ones (the spec compares equal: prepare.go compares specs, not the version they are written at). No history entry is added here (unified storage's history, one entry per resourceVersion, is not
 * emulated): the newest entry takes the new resourceVersion and annotations.
 */
function keepGeneration(
  context: RouteContext,
  existing: DashboardRecord,
  write: DashboardWrite,
  apiVersion: string,
  text: Pick<DashboardRecord, 'body' | 'identityAt'>,
): DashboardRecord {
  const previous = existing.k8s ?? k8sMetaOf(existing);
  const annotations = write.annotations ?? previous.annotations;
  const labels = write.labels ?? previous.labels;
  const { annotations: _annotations, labels: _labels, ...kept } = previous;
  const k8s: K8sMeta = {
    ...kept,
    resourceVersion: nextResourceVersion(context.state),
    ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}),
    ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
  };
  const newest = existing.versions.at(-1);
  const versions = newest
    ? [...existing.versions.slice(0, -1), { ...newest, resourceVersion: k8s.resourceVersion, ...(k8s.annotations ? { annotations: k8s.annotations } : {}) }]
    : existing.versions;
  // The same spec written at another version of the family (v1beta1 → v1), or the migrated spec of an older body read
  // at v1beta1: stored as written (apistore writes whenever the bytes differ), the generation kept.
  const record: DashboardRecord = { ...existing, ...text, apiVersion, k8s, versions };
  if (write.dryRun) return record;
  orgDashboards(context.state, existing.orgId).set(existing.uid, record);
  context.changed();
  return record;
}

/**
 * `unifiedCreate`: the apiserver's create gives the object a new metadata.uid (k8s.io/apiserver registry Store.Create →
 * rest.FillObjectMetaSystemFields), and prepare.go prepareObjectForStorage clears updatedBy and updatedTimestamp.
 * Legacy SQL storage derives metadata.uid from the name alone (legacyObjectUid): every incarnation of a uid has the same one.
 */
function nextK8sMeta(context: RouteContext, previous: K8sMeta | undefined, write: DashboardWrite, created: { unifiedCreate: boolean; uid: string; author: string }): K8sMeta {
  const { unifiedCreate, author } = created;
  const annotations = write.annotations ?? previous?.annotations;
  const labels = write.labels ?? previous?.labels;
  const storage = context.settings.storage ?? 'legacy';
  const newUid = () => (storage === 'legacy' ? legacyObjectUid(context.identity.orgId, created.uid) : randomUUID());
  return {
    k8sUid: previous?.k8sUid ?? newUid(),
    resourceVersion: nextResourceVersion(context.state),
    createdById: previous?.createdById ?? author,
    updatedById: unifiedCreate ? '' : author,
    ...(unifiedCreate ? { neverUpdated: true as const } : {}),
    ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}),
    ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
  };
}

/**
 * metadata.uid as legacy SQL storage answers it: `gapiutil.CalculateClusterWideUID` (scanRow in
 * `pkg/registry/apis/dashboard/legacy/sql_dashboards.go`), a sha256 of `group|kind|namespace|name`, base64 (URL
 * alphabet, padded) with every character but letters and digits made `X`. Nothing of the row goes in: a dashboard deleted and created again has the same one.
 */
function legacyObjectUid(orgId: number, uid: string): string {
  const digest = createHash('sha256').update(`dashboard.grafana.app|Dashboard|${namespaceForOrg(orgId)}|${uid}`).digest('base64');
  return digest.replace(/[^A-Za-z0-9]/g, 'X');
}

/** The 200 body of POST /api/dashboards/db and of restore (a Go map: keys sorted). */
export function saveSuccess(record: DashboardRecord): Reply {
  return mapJson(200, {
    folderUid: record.folderUid,
    id: record.id,
    slug: record.slug,
    status: 'success',
    uid: record.uid,
    url: `/d/${record.uid}/${record.slug}`,
    version: record.version,
  });
}

/**
 * Looks a live (not trashed) dashboard up by numeric id in the caller's org, as a save does: where the
 * release asks its search index (era.idLookupBySearch), a dashboard the index does not show yet is not found.
 */
export function findDashboardById(context: RouteContext, id: number): DashboardRecord | undefined {
  const record = dashboardWithId(orgDashboards(context.state, context.identity.orgId), id, (row) => !row.deleted);
  return record && context.era.idLookupBySearch && context.searchMisses?.has(record.uid) ? undefined : record;
}

export function findLiveDashboard(context: RouteContext, uid: string): DashboardRecord | undefined {
  const record = orgDashboards(context.state, context.identity.orgId).get(uid);
  return record && !record.deleted ? record : undefined;
}
