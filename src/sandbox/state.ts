import type { IdentityOffsets } from './dashboard-model.js';
import type { OrgRole } from './types.js';

/**
 * The sandbox's whole state. Records are never mutated in place: a change replaces the
 * record in its map, so a persistence snapshot taken as a list of references stays consistent.
 */
export interface SandboxState {
  orgs: Map<number, OrgRecord>;
  users: Map<number, UserRecord>;
  serviceAccounts: Map<number, ServiceAccountRecord>;
  /** Keyed by the SHA-256 of the token: the token itself is never stored. */
  tokens: Map<string, TokenRecord>;
  /** orgId → uid → record. */
  dashboards: Map<number, Map<string, DashboardRecord>>;
  /** orgId → uid → record. */
  folders: Map<number, Map<string, FolderRecord>>;
  /** orgId → uid → record. */
  libraryElements: Map<number, Map<string, LibraryElementRecord>>;
  /** orgId → rows of library_element_connection (replaced as a whole on change). */
  libraryConnections: Map<number, readonly LibraryConnectionRecord[]>;
  /** `orgId/userId` → the home dashboard preference (userId 0: the org's). Only the home dashboard is kept. */
  preferences: Map<string, PreferenceRecord>;
  counters: Counters;
}

/**
 * A row of Grafana's preferences table, the part the sandbox keeps: the home dashboard by id (what 11.2 reads) and
 * by uid (what 12.1+ reads, PR #106666); 0 and '' when none is set.
 */
export interface PreferenceRecord {
  orgId: number;
  /** 0 for the org's preference. */
  userId: number;
  homeDashboardId: number;
  homeDashboardUid: string;
}

export function preferenceKey(orgId: number, userId: number): string {
  return `${orgId}/${userId}`;
}

export interface Counters {
  /** Dashboards and folders share one id sequence (one table in Grafana). */
  dashboardId: number;
  versionId: number;
  orgId: number;
  /** Users and service accounts share one id sequence (one table in Grafana). */
  userId: number;
  tokenId: number;
  libraryElementId: number;
  libraryConnectionId: number;
  /** Last resourceVersion handed out (absent in state files written before /apis existed). */
  resourceVersion?: number;
}

export interface OrgRecord {
  id: number;
  name: string;
  created: string;
  updated: string;
}

export interface UserRecord {
  id: number;
  uid: string;
  login: string;
  email: string;
  name: string;
  isGrafanaAdmin: boolean;
  /** orgId → role. */
  orgRoles: Record<string, OrgRole>;
  /** Org used when a request names none. */
  defaultOrgId: number;
  created: string;
}

export interface ServiceAccountRecord {
  id: number;
  uid: string;
  orgId: number;
  name: string;
  login: string;
  /** 'None': "No basic role" (managed grants only). */
  role: OrgRole | 'None';
  isDisabled: boolean;
  created: string;
}

export interface TokenRecord {
  id: number;
  name: string;
  serviceAccountId: number;
  orgId: number;
  hash: string;
  created: string;
  /** ISO time, absent = never expires. */
  expires?: string;
}

/** When a folder or dashboard was created and last saved, and by whom. */
export interface SaveStamps {
  created: string;
  updated: string;
  createdBy: string;
  updatedBy: string;
  /**
   * The savers' ids in the user table (users and service accounts): `/api` names them when read (saver-names.ts).
   * Absent (older state files, a provisioned dashboard): createdBy/updatedBy as recorded.
   */
  createdByUserId?: number;
  updatedByUserId?: number;
}

export interface FolderRecord extends SaveStamps {
  id: number;
  uid: string;
  orgId: number;
  title: string;
  description: string;
  /** '' = root. */
  parentUid: string;
  version: number;
  /** Absent in state files written before /apis existed (derived on read). */
  k8s?: K8sMeta;
  /** Its managed permissions as `POST /api/folders/:uid/permissions` last set them; absent = Grafana's defaults (folder-permissions.ts). */
  permissions?: FolderGrant[];
}

/** One managed folder permission: a basic role or a user / service account id, and View (1), Edit (2) or Admin (4). */
export interface FolderGrant {
  role?: 'Viewer' | 'Editor' | 'Admin';
  userId?: number;
  permission: 1 | 2 | 4;
}

/** What `/apis` keeps about an object beyond the legacy row (unified storage keeps annotations and labels as written). */
export interface K8sMeta {
  /** k8s metadata.uid: a UUID, not the dashboard uid. */
  k8sUid: string;
  resourceVersion: number;
  /** Typed identities (`user:<uid>`, `service-account:<uid>`) for grafana.app/createdBy and updatedBy. */
  createdById: string;
  updatedById: string;
  /**
   * Created in unified storage and not changed since (spec and folder as created): no `grafana.app/updatedBy` or
   * `updatedTimestamp` (apistore prepare.go clears them on create and keeps the previous ones on an unchanged update).
   */
  neverUpdated?: true;
  /** Caller annotations kept as written (managedBy, managerId, sourcePath…), without the server-owned ones. */
  annotations?: Record<string, string>;
  /** Caller labels kept as written, without grafana.app/deprecatedInternalID. */
  labels?: Record<string, string>;
}

export interface DashboardRecord extends SaveStamps {
  id: number;
  uid: string;
  orgId: number;
  title: string;
  slug: string;
  /** '' = root (General). */
  folderUid: string;
  version: number;
  /** The stored model as JSON text, keys sorted, without `id`, `uid` and `version` (injected on read: storedBody). */
  body: string;
  /** Where `id`, `uid` and `version` go back into `body` (absent in state files written before: then in front). */
  identityAt?: IdentityOffsets;
  /** The dashboard.grafana.app version the body is stored in (`v0alpha1` for `/api` saves; v2* bodies are v2 specs). */
  apiVersion?: string;
  /** Absent in state files written before /apis existed (derived on read). */
  k8s?: K8sMeta;
  tags: string[];
  provisioned?: { externalId: string; allowUiUpdates: boolean; providerName?: string };
  pluginId?: string;
  /** When it was moved to Recently deleted (11.2's trash; 12/13's `/apis` trash on unified storage). */
  deleted?: string;
  /** 12/13's `/apis` trash: the deleter, as the deletion marker's `grafana.app/updatedBy` names it (apis-trash.ts). */
  deletedBy?: string;
  /** 12/13's `/apis` trash: the deletion marker's resourceVersion (absent in state files written before it was kept). */
  deletedResourceVersion?: number;
  /** Oldest first. */
  versions: VersionRecord[];
}

export interface VersionRecord {
  id: number;
  version: number;
  parentVersion: number;
  restoredFrom: number;
  created: string;
  createdBy: string;
  /** The saver's id in the user table: the versions list names it when read (saver-names.ts); absent: createdBy as recorded. */
  createdByUserId?: number;
  message: string;
  /** Model as JSON text without id/uid/version, like DashboardRecord.body. */
  body: string;
  identityAt?: IdentityOffsets;
  apiVersion?: string;
  resourceVersion?: number;
  /** Typed identity of the author (grafana.app/updatedBy of this version). */
  createdById?: string;
  /** Caller annotations as they were at this version (the history shows them). */
  annotations?: Record<string, string>;
  folderUid?: string;
}

/** A row of Grafana's library_element table (pkg/services/libraryelements/model). */
export interface LibraryElementRecord {
  id: number;
  uid: string;
  orgId: number;
  /** '' = root (General). */
  folderUid: string;
  name: string;
  /** 1 = panel, 2 = variable. */
  kind: number;
  type: string;
  description: string;
  /** The model as Grafana stores it: JSON text re-marshalled by Go (keys sorted). */
  model: string;
  version: number;
  created: string;
  updated: string;
  /** User or service account id (0 when unknown). */
  createdBy: number;
  updatedBy: number;
}

/** A row of library_element_connection: a dashboard (by its numeric id) using a library element. */
export interface LibraryConnectionRecord {
  id: number;
  orgId: number;
  elementId: number;
  dashboardId: number;
  created: string;
  createdBy: number;
  /**
   * 12.4 on unified storage, where the two part: `false` = a reference only unified storage's search index holds (the
   * dashboard was saved through /apis, which writes no library_element_connection row), so 12's SQL count misses it.
   */
  sqlRow?: false;
  /** The same: `false` = a library_element_connection row the search index no longer holds (an /apis save dropped the panel since). */
  indexed?: false;
}

export const ADMIN_USER_ID = 1;

export function createInitialState(adminLogin: string, now: string): SandboxState {
  const admin: UserRecord = {
    id: ADMIN_USER_ID,
    uid: 'adminuid0000001',
    login: adminLogin,
    email: 'admin@localhost',
    name: '',
    isGrafanaAdmin: true,
    orgRoles: { '1': 'Admin' },
    defaultOrgId: 1,
    created: now,
  };
  return {
    orgs: new Map([[1, { id: 1, name: 'Main Org.', created: now, updated: now }]]),
    users: new Map([[admin.id, admin]]),
    serviceAccounts: new Map(),
    tokens: new Map(),
    dashboards: new Map([[1, new Map()]]),
    folders: new Map([[1, new Map()]]),
    libraryElements: new Map(),
    libraryConnections: new Map(),
    preferences: new Map(),
    counters: { dashboardId: 0, versionId: 0, orgId: 1, userId: 1, tokenId: 0, libraryElementId: 0, libraryConnectionId: 0 },
  };
}

export function orgDashboards(state: SandboxState, orgId: number): Map<string, DashboardRecord> {
  let map = state.dashboards.get(orgId);
  // Set, then read back: a case-insensitive database keeps its own kind of map (uid-collation.ts).
  if (!map) map = state.dashboards.set(orgId, new Map()).get(orgId)!;
  return map;
}

export function orgFolders(state: SandboxState, orgId: number): Map<string, FolderRecord> {
  let map = state.folders.get(orgId);
  // Set, then read back: a case-insensitive database keeps its own kind of map (uid-collation.ts).
  if (!map) map = state.folders.set(orgId, new Map()).get(orgId)!;
  return map;
}

export function orgLibraryElements(state: SandboxState, orgId: number): Map<string, LibraryElementRecord> {
  let map = state.libraryElements.get(orgId);
  // Set, then read back: a case-insensitive database keeps its own kind of map (uid-collation.ts).
  if (!map) map = state.libraryElements.set(orgId, new Map()).get(orgId)!;
  return map;
}

export function orgLibraryConnections(state: SandboxState, orgId: number): readonly LibraryConnectionRecord[] {
  return state.libraryConnections.get(orgId) ?? [];
}

/**
 * The next resourceVersion: microseconds since the epoch, strictly increasing across the whole server, as
 * unified storage hands them out (apistore GetCurrentResourceVersion = time.Now().UnixMicro()).
 */
export function nextResourceVersion(state: SandboxState): number {
  const next = Math.max(Date.now() * 1000, (state.counters.resourceVersion ?? 0) + 1);
  state.counters.resourceVersion = next;
  return next;
}

/** Grafana stores times with second precision and prints RFC 3339. */
export function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
