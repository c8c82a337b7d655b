import type { Identity } from './authenticate.js';
import type { EraRules } from './era.js';
import { escapedDashboardText } from './escaped-texts.js';
import { mayWriteIn } from './folder-permissions.js';
import { escapeGoHtml } from './go-json-text.js';
import { hasRole } from './permissions.js';
import { saverNameNow } from './saver-names.js';
import { slugify } from './slugify.js';
import { orgFolders, type DashboardRecord, type FolderRecord, type SandboxState } from './state.js';

export const ZERO_TIME = '0001-01-01T00:00:00Z';

export function folderUrl(folder: FolderRecord): string {
  return `/dashboards/f/${folder.uid}/${slugify(folder.title)}`;
}

/**
 * The body of GET /api/dashboards/uid/:uid, built as text so the stored model is never re-parsed:
 * `{"meta":…,"dashboard":…}`, the members in DashboardFullWithMeta's order and meta's fields in
 * DashboardMeta's (pkg/api/dtos/dashboard.go), escaped as json.Marshal writes it (server.ts goEscaped): each part
 * on its own, so the finished answer is not scanned again.
 */
export function renderDashboardWithMeta(
  state: SandboxState,
  era: EraRules,
  identity: Identity,
  record: DashboardRecord,
): string {
  const folder = record.folderUid ? orgFolders(state, record.orgId).get(record.folderUid) : undefined;
  const canWrite = mayWriteIn(orgFolders(state, record.orgId), identity, record.folderUid);
  const canAdmin = hasRole(identity, 'Admin');
  const locked = record.provisioned !== undefined && !record.provisioned.allowUiUpdates;
  const meta = {
    type: 'db',
    canSave: canWrite,
    canEdit: canWrite,
    canAdmin,
    canStar: true,
    canDelete: canWrite,
    slug: record.slug,
    url: `/d/${record.uid}/${record.slug}`,
    expires: ZERO_TIME,
    created: record.created,
    updated: record.updated,
    updatedBy: saverNameNow(state, era, record.updatedByUserId, record.updatedBy),
    createdBy: saverNameNow(state, era, record.createdByUserId, record.createdBy),
    version: record.version,
    hasAcl: false,
    isFolder: false,
    ...(era.metaApiVersion ? { apiVersion: era.metaApiVersion } : {}),
    folderId: folder ? folder.id : 0,
    folderUid: folder ? folder.uid : '',
    folderTitle: folder ? folder.title : 'General',
    folderUrl: folder ? folderUrl(folder) : '',
    provisioned: locked,
    provisionedExternalId: record.provisioned?.externalId ?? '',
    annotationsPermissions: {
      dashboard: { canAdd: canWrite, canEdit: canWrite, canDelete: canWrite },
      organization: { canAdd: canAdmin, canEdit: canAdmin, canDelete: canAdmin },
    },
  };
  return `{"meta":${escapeGoHtml(JSON.stringify(meta))},"dashboard":${escapedDashboardText(record)}}`;
}
