import { clampRefresh, storedBody, tagsOf, type JsonObject } from './dashboard-model.js';
import { generateUid } from './generate-uid.js';
import type { RouteContext } from './http/route-table.js';
import { mapJson, type Reply } from './http/reply.js';
import { slugify } from './slugify.js';
import { nowIso, orgDashboards, orgFolders, type DashboardRecord, type VersionRecord } from './state.js';

export interface DashboardWrite {
  existing?: DashboardRecord;
  /** '' = generate. */
  uid: string;
  model: JsonObject;
  folderUid: string;
  message: string;
  restoredFrom?: number;
}

/** Stores a save: version +1 (1 for a new row), a version-history entry, retention applied. */
export function writeDashboard(context: RouteContext, write: DashboardWrite): DashboardRecord {
  const { state, identity, settings } = context;
  const dashboards = orgDashboards(state, identity.orgId);
  const folders = orgFolders(state, identity.orgId);
  const now = nowIso();
  let uid = write.uid;
  while (uid === '' || (uid !== write.uid && (dashboards.has(uid) || folders.has(uid)))) {
    uid = generateUid(context.era.uidStyle);
  }
  const model = write.model;
  clampRefresh(model, settings.minRefreshInterval);
  const title = typeof model.title === 'string' ? model.title : '';
  const existing = write.existing;
  const version = existing ? existing.version + 1 : 1;
  const body = storedBody(model);
  const entry: VersionRecord = {
    id: ++state.counters.versionId,
    version,
    parentVersion: existing ? existing.version : 0,
    restoredFrom: write.restoredFrom ?? 0,
    created: now,
    createdBy: identity.login,
    message: write.message,
    body,
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
    tags: tagsOf(model),
    created: existing ? existing.created : now,
    updated: now,
    createdBy: existing ? existing.createdBy : identity.login,
    updatedBy: identity.login,
    ...(existing?.provisioned ? { provisioned: existing.provisioned } : {}),
    ...(existing?.pluginId ? { pluginId: existing.pluginId } : {}),
    versions: [...(existing?.versions ?? []), entry].slice(-keep),
  };
  if (existing && existing.uid !== uid) dashboards.delete(existing.uid);
  dashboards.set(uid, record);
  context.changed();
  return record;
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

/** Looks a live (not trashed) dashboard up by numeric id in the caller's org. */
export function findDashboardById(context: RouteContext, id: number): DashboardRecord | undefined {
  for (const record of orgDashboards(context.state, context.identity.orgId).values()) {
    if (record.id === id && !record.deleted) return record;
  }
  return undefined;
}

export function findLiveDashboard(context: RouteContext, uid: string): DashboardRecord | undefined {
  const record = orgDashboards(context.state, context.identity.orgId).get(uid);
  return record && !record.deleted ? record : undefined;
}
