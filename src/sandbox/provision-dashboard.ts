import { randomUUID } from 'node:crypto';
import { clampRefresh, isObject, storedBody, tagsOf } from './dashboard-model.js';
import { PROVISIONING_REF } from './identity-ref.js';
import { generateUid } from './generate-uid.js';
import type { EraRules } from './era.js';
import { slugify } from './slugify.js';
import { nextResourceVersion, nowIso, orgDashboards, orgFolders, type DashboardRecord, type SandboxState } from './state.js';

export interface ProvisionInput {
  dashboard: Record<string, unknown>;
  folderUid?: string;
  orgId?: number;
  allowUiUpdates?: boolean;
  externalId?: string;
  /** The provider's name in the provisioning config (grafana.app/managerId on /apis); default `default`. */
  providerName?: string;
}

/** Stores a dashboard as file provisioning does: created by -1 ("Anonymous"), version +1 per provisioning. */
export function provisionDashboard(
  state: SandboxState,
  era: EraRules,
  settings: { minRefreshInterval: string; versionsToKeep: number },
  input: ProvisionInput,
): DashboardRecord {
  const orgId = input.orgId ?? 1;
  if (!state.orgs.has(orgId)) throw new Error(`provisionDashboard: org ${orgId} does not exist`);
  const folderUid = input.folderUid ?? '';
  if (folderUid !== '' && !orgFolders(state, orgId).has(folderUid)) {
    throw new Error(`provisionDashboard: folder ${folderUid} does not exist in org ${orgId}`);
  }
  if (!isObject(input.dashboard)) throw new Error('provisionDashboard: dashboard must be an object');
  const model = { ...input.dashboard };
  const title = typeof model.title === 'string' ? model.title.trim() : '';
  if (title === '') throw new Error('provisionDashboard: dashboard needs a title');
  model.title = title;
  clampRefresh(model, settings.minRefreshInterval);
  const dashboards = orgDashboards(state, orgId);
  const uid = typeof model.uid === 'string' && model.uid !== '' ? model.uid : generateUid(era.uidStyle);
  const existing = dashboards.get(uid);
  const now = nowIso();
  const version = existing ? existing.version + 1 : 1;
  const body = storedBody(model);
  const apiVersion = era.metaApiVersion ?? 'v0alpha1';
  const resourceVersion = nextResourceVersion(state);
  const k8s = {
    k8sUid: existing?.k8s?.k8sUid ?? randomUUID(),
    resourceVersion,
    createdById: existing?.k8s?.createdById ?? PROVISIONING_REF,
    updatedById: PROVISIONING_REF,
  };
  const record: DashboardRecord = {
    id: existing ? existing.id : ++state.counters.dashboardId,
    uid,
    orgId,
    title,
    slug: slugify(title),
    folderUid,
    version,
    body,
    apiVersion,
    k8s,
    tags: tagsOf(model),
    created: existing ? existing.created : now,
    updated: now,
    createdBy: existing ? existing.createdBy : 'Anonymous',
    updatedBy: 'Anonymous',
    provisioned: {
      externalId: input.externalId ?? `${slugify(title)}.json`,
      allowUiUpdates: input.allowUiUpdates ?? false,
      providerName: input.providerName ?? 'default',
    },
    versions: [
      ...(existing?.versions ?? []),
      {
        id: ++state.counters.versionId,
        version,
        parentVersion: existing ? existing.version : 0,
        restoredFrom: 0,
        created: now,
        createdBy: 'Anonymous',
        message: '',
        body,
        apiVersion,
        resourceVersion,
        createdById: PROVISIONING_REF,
        folderUid,
      },
    ].slice(-Math.max(1, settings.versionsToKeep)),
  };
  dashboards.set(uid, record);
  return record;
}
