import type { OwnIdentity } from '../own-identity.js';
import type { LiveInexactNumber } from './find-live-inexact-number.js';
/**
 * Grafana's legacy HTTP API (`/api`) as it answers, one method per endpoint: what
 * create-legacy-port.ts builds the port from. Only the legacy implementation uses these
 * types; plan, apply and pull see the port (../port.ts).
 *
 * Conventions: a 404 on a read is data (null); every other failure throws GrafanaHttpError.
 * The General level is `''` here, as on the wire.
 */

import type { LibraryElementsApi } from '../library-elements/library-elements-api.js';
import type { ModelText, TrashRestore, WriteTally } from '../port.js';

type DashboardModel = Record<string, unknown>;

interface DashboardMeta {
  version: number;
  /** '' = General (root). */
  folderUid: string;
  folderTitle: string;
  created: string;
  createdBy: string;
  updated: string;
  updatedBy: string;
  /** True only when provisioned and the provider disallows UI updates. */
  provisioned: boolean;
  provisionedExternalId: string;
  url: string;
}

/** One answer of GET /api/dashboards/uid/:uid as it arrived: parsed on demand, or read as a known model without parsing it. */
export interface ReceivedDashboard {
  /** The answer as it arrived. */
  bytes: Uint8Array;
  /** `numbersAsText`: the server keeps number text (11.x), so look for a number the parse changed (inexactNumber). */
  parse(numbersAsText?: boolean): LiveDashboard;
  /**
   * When the answer holds exactly the model `expected` describes (plus Grafana's id and version),
   * the dashboard with only those two in `dashboard` (the rest is the model's); else null.
   */
  readAsModel(expected: ModelText): LiveDashboard | null;
}

export interface LiveDashboard {
  dashboard: DashboardModel;
  meta: DashboardMeta;
  /** A number the answer held that reading it as a float changed (getDashboard without a tally only). */
  inexactNumber?: LiveInexactNumber;
}

export interface SaveDashboardRequest {
  /** Its own `id` is replaced by `id` below; `version` is the live version recorded at plan time (updates). */
  dashboard: DashboardModel;
  /** Grafana's numeric id of the dashboard this updates, as read (null: sent as `id: null`). */
  id?: number | null;
  /** '' = General. Always sent: omitting it moves the dashboard to the root. */
  folderUid: string;
  message: string;
  overwrite: boolean;
}

export interface SaveDashboardResult {
  uid: string;
  version: number;
  id: number;
  url: string;
  folderUid: string;
}

export interface DeleteDashboardResult {
  title: string;
  message: string;
  /** True when the server moved it to "Recently deleted" (soft delete) rather than deleting it. */
  movedToTrash: boolean;
}

/** One entry of a dashboard's versions list, without its `data` (the dashboard at that version), which is not read. */
export interface DashboardVersion {
  version: number;
  parentVersion: number;
  restoredFrom: number;
  created: string;
  createdBy: string;
  message: string;
}

/** One version as the versions list would show it (`listed`), and the message it was saved with (which the list may rewrite). */
export interface VersionRead {
  listed: DashboardVersion;
  savedMessage: string;
}

export interface SearchHit {
  uid: string;
  title: string;
  type: 'dash-db' | 'dash-folder';
  /** '' = General. */
  folderUid: string;
  folderTitle: string;
  tags: string[];
  url: string;
}

export interface SearchParams {
  type?: 'dash-db' | 'dash-folder';
  query?: string;
  tags?: string[];
  folderUids?: string[];
  dashboardUids?: string[];
  /** Only dashboards in 11.x's "Recently deleted" (`deleted=true`: org Admins only, others get 401). */
  deleted?: true;
}

export interface Folder {
  /** Its row's id: another for a folder deleted and created again under the uid. Absent where an answer leaves it out. */
  id?: number;
  uid: string;
  title: string;
  /** null = top level. */
  parentUid: string | null;
  version: number;
  url: string;
  /** Who changed it last and when (`updatedBy`, `updated`); absent where an answer leaves them out. */
  updatedBy?: string;
  updated?: string;
}

export interface FolderCounts {
  folders: number;
  dashboards: number;
  librarypanels: number;
  alertrules: number;
}

export interface ServerInfo {
  /** Release string from /api/health, e.g. `12.1.0`; null when the server hides it. */
  version: string | null;
  /** ≤ 11.2: a same-titled dashboard in a folder is refused (412 name-exists) or taken over with overwrite. */
  uniqueTitlesPerFolder: boolean;
}

export interface GrafanaApi {
  readonly url: string;
  readonly urlSha256: string;
  readonly orgId: number | undefined;
  serverInfo(): Promise<ServerInfo>;
  /** Who the credentials belong to (GET /api/user, asked once per client, failures included), for drift detection; unknown when the lookup failed. */
  ownIdentity(tally?: WriteTally): Promise<OwnIdentity>;
  /** Why that lookup failed, null when it did not (or was not made). */
  identityFailure(): string | null;
  /** The org these credentials act in without an org id (the same GET /api/user); null when it failed. */
  credentialsOrgId(): Promise<number | null>;
  /** Orgs a basic-auth user belongs to (GET /api/user/orgs); null for tokens, which are bound to one org. */
  memberOrgIds(): Promise<number[] | null>;
  /** Whether these credentials are an org Admin in the org they act in (the same GET /api/user/orgs, users only); null when not known (org-admin.ts). */
  orgAdmin(): Promise<boolean | null>;

  getDashboard(uid: string, tally?: WriteTally): Promise<LiveDashboard | null>;
  /** getDashboard whose parse waits for the caller (see receiveDashboard): for readEach. */
  receiveDashboard(uid: string): Promise<ReceivedDashboard | null>;
  /** `answered`: told the status of a successful answer. */
  saveDashboard(request: SaveDashboardRequest, tally?: WriteTally, answered?: (status: number) => void): Promise<SaveDashboardResult>;
  /** null when the dashboard does not exist. */
  deleteDashboard(uid: string, tally?: WriteTally): Promise<DeleteDashboardResult | null>;
  /** Purge a soft-deleted dashboard (11.x trash). null when the server has no trash or no such entry. */
  purgeFromTrash(uid: string, tally?: WriteTally): Promise<boolean>;
  /** Restore from "Recently deleted" (a server without the trash routes answers as one without the entry). */
  restoreFromTrash(uid: string, folderUid?: string): Promise<TrashRestore>;
  /** Newest first; at most `limit`. Empty when the dashboard has no versions or does not exist. */
  listDashboardVersions(uid: string, limit: number): Promise<DashboardVersion[]>;
  /** The message one version was saved with, as given (the list rewrites a first version's); null when gone. */
  readVersionMessage(uid: string, version: number): Promise<string | null>;
  /** One version as the list would show it, and its message as saved, from one read; null where the list is to be asked instead. */
  readVersion(uid: string, version: number): Promise<VersionRead | null>;
  /** Newest first, at most `limit`: version → the model each holds (the list's `data`); fails as the list does. */
  listVersionModels(uid: string, limit: number): Promise<Map<number, Record<string, unknown>>>;
  /** The dashboard model one version holds (its `data`); null when gone or not readable with these credentials. */
  readVersionModel(uid: string, version: number): Promise<Record<string, unknown> | null>;
  /** Pages through /api/search until exhausted. */
  search(params: SearchParams): AsyncIterable<SearchHit>;

  /** All folders of the org, every nesting level, from one paged search (may lag behind writes on unified storage). */
  listAllFolders(): Promise<Folder[]>;
  getFolder(uid: string, tally?: WriteTally): Promise<Folder | null>;
  /** `answered` (these three): told the status of a successful answer. */
  createFolder(folder: { uid: string; title: string; parentUid: string | null }, tally?: WriteTally, answered?: (status: number) => void): Promise<Folder>;
  updateFolder(uid: string, change: { title: string; version: number }, tally?: WriteTally, answered?: (status: number) => void): Promise<Folder>;
  moveFolder(uid: string, parentUid: string | null, tally?: WriteTally, answered?: (status: number) => void): Promise<Folder>;
  folderCounts(uid: string): Promise<FolderCounts | null>;
  /** Never sends forceDeleteRules. null when the folder does not exist. */
  deleteFolder(uid: string, tally?: WriteTally): Promise<boolean | null>;

  /** `/api/library-elements` (the same on every release). */
  libraryElements: LibraryElementsApi;

  close(): Promise<void>;
}
