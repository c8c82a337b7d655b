import { createHash, randomUUID } from 'node:crypto';
import { clampRefresh, isObject, storedBody, tagsOf } from './dashboard-model.js';
import { PROVISIONING_REF } from './identity-ref.js';
import { generateUid } from './generate-uid.js';
import type { EraRules } from './era.js';
import { slugify } from './slugify.js';
import type { ProvisionInput, RepositorySyncInput } from './types.js';
import { nextResourceVersion, nowIso, orgDashboards, orgFolders, type DashboardRecord, type SandboxState } from './state.js';

type Settings = { minRefreshInterval: string; versionsToKeep: number };

/** Stores a dashboard as file provisioning does: created by -1 ("Anonymous"), version +1 per provisioning. */
export function provisionDashboard(state: SandboxState, era: EraRules, settings: Settings, input: ProvisionInput): DashboardRecord {
  return storeManagedDashboard(state, era, settings, input, {
    caller: 'provisionDashboard',
    by: PROVISIONING_REF,
    provisioned: {
      externalId: input.externalId ?? `${slugify(String(input.dashboard.title ?? '').trim())}.json`,
      allowUiUpdates: input.allowUiUpdates ?? false,
      providerName: input.providerName ?? 'default',
    },
  });
}

/**
 * Stores a dashboard as Git Sync's sync job writes it (pkg/registry/apis/provisioning/resources: the provisioning
 * identity, manager `repo` named after the Repository, the file's path and hash as source properties). Grafana's
 * legacy tables do not record it as provisioned, so `/api` shows `meta.provisioned: false` (only classic file
 * provisioning is looked up there); `/apis` shows the annotations.
 */
export function syncDashboardFromRepository(state: SandboxState, era: EraRules, settings: Settings, input: RepositorySyncInput): DashboardRecord {
  if (!era.apis) throw new Error(`syncDashboardFromRepository: Grafana ${era.versionString} has no Git Sync (it came with /apis in 12)`);
  return storeManagedDashboard(state, era, settings, input, {
    caller: 'syncDashboardFromRepository',
    by: GIT_SYNC_REF,
    annotations: {
      'grafana.app/managedBy': 'repo',
      'grafana.app/managerId': input.repository,
      'grafana.app/sourcePath': input.path,
      'grafana.app/sourceChecksum': input.checksum ?? createHash('sha1').update(JSON.stringify(input.dashboard)).digest('hex'),
    },
  });
}

/** The provisioning service's identity, in which Git Sync writes (managed.go lets only it write `repo` objects). */
export const GIT_SYNC_REF = 'access-policy:provisioning';

function storeManagedDashboard(
  state: SandboxState,
  era: EraRules,
  settings: Settings,
  input: { dashboard: Record<string, unknown>; folderUid?: string; orgId?: number },
  as: { caller: string; by: string; provisioned?: DashboardRecord['provisioned']; annotations?: Record<string, string> },
): DashboardRecord {
  const orgId = input.orgId ?? 1;
  if (!state.orgs.has(orgId)) throw new Error(`${as.caller}: org ${orgId} does not exist`);
  const folderUid = input.folderUid ?? '';
  if (folderUid !== '' && !orgFolders(state, orgId).has(folderUid)) {
    throw new Error(`${as.caller}: folder ${folderUid} does not exist in org ${orgId}`);
  }
  if (!isObject(input.dashboard)) throw new Error(`${as.caller}: dashboard must be an object`);
  const model = { ...input.dashboard };
  const title = typeof model.title === 'string' ? model.title.trim() : '';
  if (title === '') throw new Error(`${as.caller}: dashboard needs a title`);
  model.title = title;
  clampRefresh(model, settings.minRefreshInterval);
  const dashboards = orgDashboards(state, orgId);
  const uid = typeof model.uid === 'string' && model.uid !== '' ? model.uid : generateUid(era.uidStyle);
  const existing = dashboards.get(uid);
  const now = nowIso();
  const version = existing ? existing.version + 1 : 1;
  const { body, identityAt } = storedBody(model);
  const apiVersion = era.metaApiVersion ?? 'v0alpha1';
  const resourceVersion = nextResourceVersion(state);
  const k8s = {
    k8sUid: existing?.k8s?.k8sUid ?? randomUUID(),
    resourceVersion,
    createdById: existing?.k8s?.createdById ?? as.by,
    updatedById: as.by,
    ...(as.annotations ? { annotations: as.annotations } : {}),
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
    identityAt,
    apiVersion,
    k8s,
    tags: tagsOf(model),
    created: existing ? existing.created : now,
    updated: now,
    createdBy: existing ? existing.createdBy : 'Anonymous',
    updatedBy: 'Anonymous',
    ...(as.provisioned ? { provisioned: as.provisioned } : {}),
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
        identityAt,
        apiVersion,
        resourceVersion,
        createdById: as.by,
        folderUid,
        ...(as.annotations ? { annotations: as.annotations } : {}),
      },
    ].slice(-Math.max(1, settings.versionsToKeep)),
  };
  dashboards.set(uid, record);
  return record;
}
