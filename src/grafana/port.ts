/**
 * Grafana as plan, apply, pull and restore see it: dashboards and folders with opaque
 * revisions, owners and last saves, whatever API serves them. `legacy/` implements it on
 * `/api`; `k8s/` on `/apis` (`dashboard.grafana.app`, `folder.grafana.app`), optionally writing
 * classic dashboards through `/api` (`api: auto`).
 *
 * Conventions: the General level is `null` everywhere; "not found" is data (null); a refused
 * save because the dashboard changed is data (`conflict`); every other failure throws
 * (AuthError, PermissionError, UnreachableError, or GrafanaHttpError with Grafana's message).
 */
import type { HeldSave, PushOver } from './restore-note.js';
import type { PlannedSave } from './saved-again-at-version.js';
import type { DatasourceIndex } from '../grafana-migration/datasource-ref.js';
import type { NotedPusher } from './content-note.js';
import type { FolderSeen } from './folder-as-seen.js';
import type { PermissionError } from '../errors.js';
import type { SaveRefusal } from './save-refusal.js';

type DashboardModel = Record<string, unknown>;

/** Which API serves something: Grafana's legacy `/api`, or the Kubernetes-style `/apis`. */
export type GrafanaApiKind = 'legacy' | 'k8s';

/** The dashboard schema, in Grafana and in a file: classic (`panels`, v0/v1 API versions) or v2 (`elements` + `layout`). */
export type DashboardSchema = 'v1' | 'v2';

/**
 * Labels and annotations that belong to a dashboard's author, so dashsync compares and pushes
 * them: keys that are not `grafana.app/…` (Grafana's own: folder, manager, created/updated by,
 * message…), `kubectl.kubernetes.io/…` nor `dashsync/…` (the one rule: user-metadata.ts).
 * Everything else in a resource's `metadata` (`resourceVersion`, `generation`, `uid`,
 * `creationTimestamp`, `managedFields`, …) and `status` is the server's: a file reader ignores
 * it (check warns, `check --fix` removes it). Empty for model files and on `/api`.
 */
export interface UserMetadata {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/**
 * What dashsync recorded with its last push through `/apis`: the digest of the canonical content
 * it sent, and the generation that push was to make. Grafana rewrites what it stores (schema
 * migration, defaults); while the live generation is still that one, the live dashboard is the
 * server's rendering of that push, not an edit.
 */
export interface PushedRecord {
  /** `sha256:<hex>` of the canonical content pushed (see plan's contentDigest). */
  sha256: string;
  generation: number;
  /** `sha256:` of what it was pushed from (plan's pushedSource: the file's bytes, the settings, where, which dashsync); null when the push recorded none. */
  from: string | null;
  /**
   * Whether the record names this very object (its metadata.uid): a record carried over to another
   * incarnation of the name (a dashboard restored from "Recently deleted" is created anew, its
   * annotations included) or made before dashsync recorded the uid says nothing about it.
   */
  bound: boolean;
  /** `sha256:` of the author's labels and annotations it pushed (metadataDigest); null when the push recorded none (an earlier release). */
  metadata: string | null;
  /** The message the push was saved with (it names the commit); null when the push recorded none (an earlier release). */
  message: string | null;
}

/**
 * What a plan expects of a dashboard that dashsync may have pushed from the file as it is now:
 * the record of that source (plan's pushedSource), the file's title, and the version it is
 * written at (`dashboard.grafana.app/<v>`), which is then the one it is stored in.
 */
export interface ExpectedSource {
  source: string;
  title: string;
  apiVersion: string;
}

/** Where one dashboard is written: `legacy` = `POST /api/dashboards/db`; `k8s` = `/apis` at `apiVersion`. */
export interface WriteTarget {
  api: GrafanaApiKind;
  /** `dashboard.grafana.app/<version>` for `/apis`; null for `/api`. */
  apiVersion: string | null;
}

/** A dashboard some other mechanism manages (file provisioning, another tool). */
export interface DashboardOwner {
  /** `provisioning` (Grafana's file provisioning), or the managing tool's kind (`repo`, `terraform`, `kubectl`, `plugin`, …). */
  manager: string;
  /** What the manager calls it: the provisioning file, the repository, … ('' when Grafana does not say). */
  id: string;
  /** Where another tool keeps it (`grafana.app/sourcePath`: the file in a Git Sync repository); absent when Grafana does not say. */
  source?: string;
  /** Whether the owner lets others save it (provisioning with allowUiUpdates). It is never deleted either way. */
  allowsUpdates: boolean;
}

/** How many versions of a dashboard's history GrafanaPort.readEarlierPush looks through first (one request). */
export const EARLIER_PUSH_DEPTH = 10;

/**
 * How many it reads (one more request, the first ones again) when the first EARLIER_PUSH_DEPTH hold no push of dashsync's
 * and there are more: Grafana keeps 20 by default (`[dashboards] versions_to_keep`), so this is every one it keeps but where
 * that setting was raised.
 */
export const EARLIER_PUSH_MAX_DEPTH = 100;

/**
 * A save dashsync made before the newest version: which version, the content its note names (`sha256:` and 16 hex), the
 * identity it names as pusher, the commit it names, and when Grafana recorded it (ISO time by Grafana's clock; '' when the history gives none).
 */
export interface EarlierPush {
  version: number;
  content: string;
  pusher: NotedPusher;
  at: string;
  /**
   * The commit its note says it was pushed from (hex); absent when the note names none, and when the note's saver is not
   * confirmed (`unconfirmed`): a note copied into someone else's save names what its writer likes.
   */
  commit?: string;
  /**
   * Its note was taken without Grafana confirming that it names the identity that saved it (EarlierPushOptions.unconfirmed,
   * or the other API's note), and why (UnconfirmedNote): a copy in someone else's save, or a push whose service account
   * was renamed since, may be one. Neither its commit nor its time can show that dashsync's push carried a change.
   */
  unconfirmed?: UnconfirmedNote;
  /**
   * The commit an `unconfirmed` push's note names, asked for with EarlierPushOptions.uncheckedCommit: only for a caller it
   * can only make refuse (a copy names whatever commit its writer likes).
   */
  uncheckedCommit?: string;
  /**
   * For an `unconfirmed` push asked with EarlierPushOptions.confirmedBelow: the newest push below it whose note Grafana
   * confirms as its saver's, when the history read holds one.
   */
  confirmedBelow?: EarlierPush;
}

/**
 * Why a content note was taken without Grafana confirming its saver: `other-api`, the other API wrote it (an `as <name>`
 * note read through `/apis`, a `by <uid>` note read through `/api`), whose saver this history cannot check; `saver-unnamed`,
 * an `as <name>` note `/api`'s version list names no matchable saver for (`Anonymous`: 11.2–11.5 for every service
 * account); `k8s-saver-unnamed`, a `by <uid>` note whose `/apis` history entry records no identity dashsync can match
 * (`grafana.app/updatedBy` `provisioning:`, as legacy storage reads back a service account's save that 12.0–12.2
 * stored as user -1, or empty once the saver's user row is gone: `getUserID` in
 * pkg/registry/apis/dashboard/legacy/sql_dashboards.go; an internal id the display list does not resolve); `other-saver`,
 * an `as <name>` note naming another saver than the history does (a service account renamed since, or a copy).
 */
export type UnconfirmedNote = 'other-api' | 'saver-unnamed' | 'k8s-saver-unnamed' | 'other-saver';

/**
 * `unconfirmed`: also a note of this API whose saver the history cannot check (`/api` shows `Anonymous` for every service
 * account on 11.2–11.5; an `/apis` note naming an internal id, or one the check could not ask about): for a caller that
 * wants every identity dashsync pushed with (pull), where a note taken unchecked can only add refusals. When no push is
 * found, the newest marked entry whose `as <name>` note names another saver than the one Grafana names now is given as
 * such a push too: a service account renamed after its pushes reads so, as does a copy (EarlierPush.unconfirmed).
 */
export interface EarlierPushOptions {
  unconfirmed?: boolean;
  /**
   * With `unconfirmed`: an unconfirmed note does not end the look; the newest one is given with the confirmed push found below
   * it (EarlierPush.confirmedBelow), so that a caller can let it only add refusals (a copied note names whatever content its
   * writer likes). May cost the second history read where the first holds only unconfirmed notes.
   */
  confirmedBelow?: boolean;
  /** With `unconfirmed`: an unconfirmed note's commit comes too, as EarlierPush.uncheckedCommit. */
  uncheckedCommit?: boolean;
  /**
   * Told when the look ends on no push: `cutShort`, the versions it read stop above the dashboard's first one (Grafana keeps
   * the newest `[dashboards] versions_to_keep`, 20 by default, and the look stops at EARLIER_PUSH_MAX_DEPTH), so a push of
   * dashsync's older than them is no longer there to find. False where the first version was read, or none at all.
   */
  onNotFound?: (history: { cutShort: boolean }) => void;
  /**
   * Told when the look passes a version whose message carries dashsync's marker but no content note (a release before
   * notes, a push whose saver dashsync could not name, or a copy): for a caller that asks only whether dashsync pushed at
   * all, whoever's credentials did (the plan's prune: review-63b L7).
   */
  onUnnotedMark?: () => void;
  /**
   * The history's requests answered for this caller so far (a Map the caller makes and keeps): a second look at one
   * dashboard's history with other options (pull's look for a move, then for a commit not applied yet) asks Grafana only
   * for what the first did not.
   */
  reads?: HistoryReads;
}

/** EarlierPushOptions.reads: the answers by request. */
export type HistoryReads = Map<string, Promise<unknown>>;

/** The newest save of a dashboard: who, when, and whether dashsync made it. */
export interface LastSave {
  /** Who saved it: a login on `/api`, a typed identity (`user:<uid>`) on `/apis` (see GrafanaPort.nameSavers); '' when unknown. */
  by: string;
  /** ISO time. */
  at: string;
  /** The version-history message; null when not read yet (see GrafanaPort.readLastSave). */
  message: string | null;
  /** Whether the save carries dashsync's marker; null when not known without reading the history. */
  byDashsync: boolean | null;
  /** The version number of that save ('version N' in Grafana's history). */
  version: number;
  /**
   * Since that save, someone changed only its labels or annotations, which makes no new version
   * (unified storage; dashsync's record tells it): `byDashsync` is false, and `by`/`at` are that
   * save's — who changed them, and when, Grafana does not record.
   */
  metadataEdited?: true;
  /**
   * This save is dashsync's restore of a dashboard whose content was not its push (restore-note.ts): `by`, `at` are those of
   * the save the content comes from ('' where nothing recorded them), `version` the live one; here where it came from, when
   * the restore was made, what the backup said of that save (`edit`: made since a push of dashsync's; `made`: never pushed;
   * `unknown`: not recorded; `noBackup` then: the restore found no backup of it), its version before the delete, and for an
   * edit dashsync's push it was saved over (`over`, where recorded), which the restore's new history no longer holds.
   */
  restored?: { from: 'trash' | 'backup'; at: string; kind: 'edit' | 'made' | 'unknown'; version?: number; noBackup?: true; over?: PushOver };
  /**
   * dashsync pushed this save from a file HEAD did not hold as it was (its note says `[uncommitted]`): no commit holds it, so
   * the plan and pull read it as someone else's save (`byDashsync` false; markUncommittedPush), `by` and `at` those of the push.
   */
  uncommittedPush?: true;
  /**
   * Through `/api`, a first version whose message as saved could not be read (`GET …/versions/1` answered 404 or 500; the versions
   * list shows "Initial save"): a `[uncommitted]` or `[commit …]` in it is not seen (describePushMessagesUnread says so).
   */
  messageUnread?: true;
}

export interface LiveDashboard {
  uid: string;
  /**
   * As Grafana returns it, not normalized. v1: the classic model (`/api`: with `id`, `version`;
   * `/apis`: the spec with `uid` put back). v2: the v2 spec (`elements`, `layout`, …; no uid:
   * the identity is the resource's name), read at the version it is stored in.
   */
  model: DashboardModel;
  schema: DashboardSchema;
  /** The version it is stored in, `dashboard.grafana.app/v2beta1`…; null on `/api` (which serves classic dashboards only). */
  apiVersion: string | null;
  /** The author's labels and annotations (`/apis`); empty on `/api`. */
  metadata: UserMetadata;
  /** dashsync's record of its last push through `/apis`; null when there is none (or on `/api`). */
  pushed: PushedRecord | null;
  /** null = General. */
  folderUid: string | null;
  /** 'General' for the General level. */
  folderTitle: string;
  /** Opaque concurrency token: a save expecting it is refused once anyone else saved (legacy: the version as text). */
  revision: string;
  /** The version number people see in Grafana's history. */
  version: number;
  /** null = nobody but its editors owns it. */
  owner: DashboardOwner | null;
  lastSave: LastSave;
  /**
   * Grafana's numeric id (`dashboard.id`; `/apis`: the `grafana.app/deprecatedInternalID` label);
   * null when Grafana gives none. Sent back with an update so that Grafana refuses it when the
   * dashboard was deleted since it was read (SaveDashboardRequest.internalId).
   */
  internalId: number | null;
  /**
   * When this incarnation of it was made, as `/api` answers it (`meta.created`; on unified storage the object's
   * creationTimestamp, which its entry of "Recently deleted" keeps): a backup through `/api` records it beside `dashboard.id`,
   * which a restore from that trash keeps, so that a plan can tie such an entry to dashsync's delete. Absent on `/apis`
   * (metadata.uid tells the incarnation there) or where Grafana gave none.
   */
  created?: string;
  /**
   * A number Grafana holds as text that the model (read as floats) has changed: `12345678901234567890` read as
   * `12345678901234567000`. Only Grafana 11.x keeps such text; set on a read by getDashboard without a tally.
   */
  inexactNumber?: { literal: string; path: (string | number)[] };
  /**
   * Set when Grafana's answer (`/apis`) says the dashboard is in its legacy SQL storage, which keeps none of a
   * write's labels or annotations (answeredFromLegacySql: the resourceVersion is the generation). The file's
   * labels and annotations are then no difference that a write could settle.
   */
  metadataNotKept?: true;
}

/** Everything of a live dashboard but its model. */
export type DashboardHead = Omit<LiveDashboard, 'model'>;

/** One of a dashboard's earlier versions, as GrafanaPort.readVersionsBetween gives it (the fields as LiveDashboard's). */
export type PastVersion = Pick<LiveDashboard, 'version' | 'model' | 'schema' | 'apiVersion' | 'metadata' | 'metadataNotKept'> & {
  /**
   * The folder the dashboard was in at that version (null: General), where the history records each version's own: unified
   * storage's history entries. Absent where it does not: `/api`, and legacy SQL storage through `/apis`, whose history gives
   * every version the dashboard's folder now (query_dashboards.sql selects `dashboard.folder_uid`).
   */
  folderUid?: string | null;
};

/** How v2LibraryPanelUsers reads: reads in flight (settings.concurrency), Ctrl-C, and the dashboards already read as v1 (not asked again over `/api`). */
export interface V2LibraryPanelUsersOptions {
  concurrency?: number;
  signal?: AbortSignal;
  readAsV1?: ReadonlySet<string>;
}

/**
 * One answer of readDashboards: the live dashboard (null: Grafana has none), or, when the caller
 * said what it expects, only the head of a dashboard known to hold exactly its file's content, in
 * the file's folder (its title is the file's): on `/apis` its record says dashsync pushed it from
 * that source and nobody saved it since (`pushedFrom`); on `/api` the answer's bytes are the
 * file's model (`fileModels`).
 */
export type DashboardRead = { uid: string; live: LiveDashboard | null } | { uid: string; asPushed: DashboardHead } | { uid: string; unparsed: UnparsedDashboard } | DashboardRefused;

/**
 * An `/api` answer given as it arrived, where the caller asked for that (`unparsedAnswers`): its bytes, to be parsed
 * elsewhere (the plan's decision worker: liveDashboardOfBytes), and its parse here, which throws what the read would.
 */
export interface UnparsedDashboard {
  bytes: Uint8Array;
  /** The server keeps number text (11.x): the parse looks for a number a float changed (LiveDashboard.inexactNumber). */
  numbersAsText: boolean;
  parse(): LiveDashboard;
}

/**
 * A read Grafana refused these credentials (403) where the caller asked for refusals as answers (`refusedAsAnswer`): the
 * dashboard exists (a missing one is a 404), hidden from them by its folder's permissions.
 */
interface DashboardRefused {
  uid: string;
  refused: PermissionError;
}

/**
 * How GET /api/dashboards/uid writes a classic model: the text Go's encoding/json gives it (keys
 * sorted, no spaces, `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c`…) without the `id`
 * and `version` members Grafana adds. Offsets and lengths are in bytes (UTF-8).
 */
export interface ModelText {
  /** base64 SHA-256 of the text. */
  sha256: string;
  bytes: number;
  /** Where Grafana's `"id":N` member goes: the offset of the member it precedes, or of the closing brace. */
  idAt: number;
  /** The same for `"version":N`. */
  versionAt: number;
}

/** What a file holds, for a port that can tell from an answer's bytes that Grafana holds the same (`/api`). */
export interface ExpectedModel {
  text: ModelText;
  /** The file's folder; null = General. */
  folderUid: string | null;
}

export interface ReadDashboardsOptions {
  concurrency: number;
  signal?: AbortSignal;
  onSummary?: (summary: ListedDashboard) => void;
  /** uid → the v2 version (`v2beta1`) its file names: a dashboard stored at another v2 version is read at that one (getDashboard's `readAt`). */
  readAt?: ReadonlyMap<string, string>;
}

/** A dashboard's newest save, without its model (DashboardListing.savedHeads). */
export type ListedSave = Pick<LiveDashboard, 'uid' | 'version' | 'lastSave' | 'pushed'>;

/** One listing of the org's dashboards (GrafanaPort.listDashboardsToRead): its summaries, and the dashboards read from it. */
export interface DashboardListing {
  summaries: DashboardSummary[];
  /**
   * Each listed dashboard's newest save as the listing had it (`/apis`: the object's generation, saver and dashsync's push
   * record), for a caller asking about that save without its model (readForeignPushes); absent where the listing shows
   * none (`/api`'s search).
   */
  savedHeads?: ReadonlyMap<string, ListedSave>;
  /**
   * GrafanaPort.readDashboards without `onSummary`, each dashboard as the listing had it (`/apis`: listed again from the
   * first page it did not keep, where it kept none).
   */
  readDashboards(uids: readonly string[], options: Omit<ReadDashboardsOptions, 'onSummary'>): AsyncIterable<{ uid: string; live: LiveDashboard | null }>;
}

/** A dashboard as listings show it: enough to index the org without holding models. */
export interface DashboardSummary {
  uid: string;
  title: string;
  /** null = General. */
  folderUid: string | null;
  /**
   * The tool that keeps it, where the listing says (`/apis`: `grafana.app/managedBy`, as a read of the dashboard gives
   * it; null = nobody); absent where it does not (`/api`'s search: only the dashboard's own read tells).
   */
  owner?: DashboardOwner | null;
}

/**
 * A dashboard as the tree read's pages list it: `/apis` metadata pages carry no title (null). The plan reads the titles
 * it shows (src/plan/read-listed-titles.ts); the rest stay null.
 */
export type ListedDashboard = Omit<DashboardSummary, 'title'> & { title: string | null };

export interface LiveFolder {
  uid: string;
  title: string;
  /** null = top level. */
  parentUid: string | null;
  /** Opaque concurrency token; null when a listing does not carry it (read the folder itself). */
  revision: string | null;
  /** Its version as people count them, where the answer has one (`/api`'s `version`, the number its revision is); absent on `/apis`. */
  version?: number;
  /** Its internal id (`/api`'s `id`, `/apis`' `grafana.app/deprecatedInternalID`): a folder deleted and created again under its uid gets another. Absent where an answer carries none. */
  internalId?: number;
  /** The tool that keeps it (`grafana.app/managedBy` on /apis: a Git Sync repository…); absent when none, or on /api, which does not say. */
  owner?: DashboardOwner;
}

/** What a folder holds, as far as a delete would take it along. @public */
export interface FolderContents {
  /** Items by kind (`folders`, `dashboards`, `librarypanels`, `alertrules`), as Grafana counts them. */
  counts: Record<string, number>;
  /** One item found inside when the counts are all zero but a search still finds something; else null. */
  found: { kind: 'folder' | 'dashboard'; uid: string } | null;
}

/** What a server can do, so the core never parses release strings. */
export interface Capabilities {
  /** A second dashboard with the same title in one folder is refused (Grafana ≤ 11.2). */
  uniqueTitlesPerFolder: boolean;
  /** Folders and dashboards share one uid space (Grafana ≤ 11). */
  sharedUidSpace: boolean;
  /** A deleted dashboard may wait in "Recently deleted", where restore can find it. */
  trash: boolean;
  /**
   * "Recently deleted" is Grafana 11's soft delete on `/api` (dashboardRestore): a dashboard there
   * still holds the library panels it used (the connections stay, so such a panel cannot be deleted
   * and Grafana lists the trashed dashboard among its connections), and a purge (--delete-mode hard)
   * empties it. 12 and later drop the connections, and `/apis` cannot purge.
   */
  softDeleteTrash: boolean;
  /**
   * A dashboard in that "Recently deleted" keeps a library panel it used from being deleted until it is purged: Grafana 11
   * before 11.6. From 11.6 (PR #99612) the library panel delete first drops the connections of dashboards the dashboard
   * service no longer finds, trashed ones included, so they no longer block it (they are still listed among its
   * connections). False wherever `softDeleteTrash` is; true for a hidden version.
   */
  trashHoldsLibraryPanels: boolean;
  /**
   * Whether a deleted dashboard waits in "Recently deleted" (its toggle on) hangs on a storage this port cannot see: Grafana
   * 12 through `/api`. A stock 12 keeps dashboards in legacy SQL storage, whose delete removes them for good; one moved to
   * unified storage keeps them there. `/apis` shows the storage per dashboard (LiveDashboard.metadataNotKept).
   */
  trashHangsOnStorage: boolean;
  /**
   * `/apis`' "Recently deleted" (unified storage) lists an entry only to whoever deleted the dashboard and to those who may
   * set its permissions (PR #106767): 12.1 and later, and a hidden version (the cautious answer). 12.0.x (and the `/apis` of
   * 11.x, where there is one) lists every entry of a folder the credentials may read, as it lists live dashboards: there an
   * entry hides from them no more than a dashboard does (src/sandbox/README.md, "Recently deleted").
   */
  trashListsOwnEntries: boolean;
  /**
   * `POST /api/dashboards/db` with a `dashboard.id` no dashboard has any more is refused (404
   * `Dashboard not found`) even when a uid comes with it: Grafana 12 (the id is looked up
   * before the uid). Grafana 13.1 on creates the dashboard instead (13.0.x refuses as 12, by release dates only, and
   * is read first as 13.1 is); Grafana 11 finds a
   * dashboard in "Recently deleted" by its id and updates it there (with that trash off, 11 refuses as
   * 12 does: the `/api` port asks the toggle at run time); a hidden version counts as 13.
   */
  saveRefusesUnknownId: boolean;
  /**
   * listFolders and listDashboards come from a search index that may not show yet a folder or
   * dashboard written seconds ago: `/api` on Grafana 12 and later (unified storage's search lags
   * behind writes; a hidden version counts as 12). Grafana 11's search is SQL, and `/apis` lists
   * from storage. Where it lags, absence from a listing proves nothing: plan and pull confirm a
   * missing folder with getFolder, and pull confirms a dashboard the listing left out with
   * getDashboard before calling it gone. The library-element list is SQL (or `/apis` storage with
   * `libraryelementsKubernetesLibraryPanels`), never the search: it does not lag.
   */
  searchMayLag: boolean;
  /**
   * A v2 dashboard's `LibraryPanel` elements may be missing from a library panel's connections (and its count), so
   * Grafana calls a panel only v2 dashboards use unused and deletes it when asked: 12.x before 12.4 connects none
   * (ConnectLibraryPanelsForDashboard read only v1 `panels`; issue #113874, fixed by PR #114504), and no backfill of
   * the ones saved before 12.4 was found, so every release that can hold v2 dashboards (12 on) counts as affected, as
   * does a hidden version. Prune then looks for such users itself (v2LibraryPanelUsers).
   */
  v2LibraryPanelUsesUncounted: boolean;
  /**
   * The schemaVersion Grafana's `/apis` migrates a classic dashboard to when it is written at a v1-family version
   * (`migration.Migrate(…, schemaversion.LATEST_VERSION)` in pkg/registry/apis/dashboard/mutate.go): 41 in 12.0–12.2,
   * 42 from 12.3 (V42, PR #110517) and in 13. null: Grafana 11 and older (no `/apis`), or a hidden version behind `/api`
   * (the `/apis` port, where `/apis` exists by definition, says 41 then: every release that has it migrates that far).
   */
  apisSchemaVersion: number | null;
  /**
   * apisSchemaVersion is a floor, not the release's own: its version is hidden (at least 41), or its major is above the
   * newest one known here (at least 42; a later release may have raised LATEST_VERSION, as Grafana's main has to 43).
   */
  apisSchemaVersionAtLeast: boolean;
  /**
   * This Grafana may hold labels and annotations (kept through `/apis`), which its `/api` saves remove: 12 and later,
   * and a hidden version (the cautious answer: the plan warns and apply skips a labelled file's `/api` save).
   */
  apisKeepsLabels: boolean;
  /**
   * A library panel's `connectedDashboards` can stand for its connections, so that a panel counted 0 need not have them
   * read: up to 12. 13.0 before PR #121903 counted a SQL table its dashboards (always in unified storage) no longer
   * write, so a panel in use says 0 there; which 13.0.x carries the fix is unconfirmed, so 13 on, and a hidden
   * version, read the connections of every panel.
   */
  connectionCountTrusted: boolean;
}

/** The feature toggle behind "Recently deleted": Grafana 11 `dashboardRestore`, 12 and later `restoreDashboards`. */
export type TrashToggle = 'dashboardRestore' | 'restoreDashboards';

/** A data source as a dashboard references it (schemaversion.GetDataSourceRef); a type, so that it is a JSON object too. */
export type DatasourceRef = { uid: string; type: string; apiVersion?: string };

/** A dashboard in `/apis`' "Recently deleted": when it was deleted (null: not said) and who deleted it (`user:<uid>`; '' when not said). */
export interface TrashEntry {
  deletedAt: string | null;
  deletedBy: string;
  /** backedUpModelDigest of the model it holds (as stored); absent where the list did not give it in its stored form. */
  modelSha256?: string;
  /** The metadata.uid of the object deleted (that incarnation: a restore creates another); absent where the list did not say. */
  objectUid?: string;
  /** Its `grafana.app/deprecatedInternalID` label: `/api`'s id of it (a restore from this trash keeps it); absent where the list did not say. */
  internalId?: number;
  /** Its creationTimestamp: when that incarnation was made (`/api`'s `meta.created`); absent where the list did not say. */
  created?: string;
  /** Its folder annotation, as recentlyDeletedUids gives it (null: General); absent where the list did not say. */
  folder?: RecentlyDeletedFolder;
}

/** A "Recently deleted" list that was asked for and could not be read: `why`, the failure as its error says it (no credential). */
export interface TrashUnread {
  unread: string;
}

/** Whether Grafana's "Recently deleted" is switched on, as its settings say (the toggle Grafana's own UI reads). */
export interface RecentlyDeleted {
  /** The toggle's state; null when the settings could not be read. */
  on: boolean | null;
  /** The toggle that switches it on this release; null when the release is hidden and neither is on. */
  toggle: TrashToggle | null;
}

/**
 * What Grafana lists of these credentials' dashboard permissions: `none` = no dashboard create, write or delete at any
 * scope (a Viewer without a folder grant): every dashboard write is refused; `some` = at least one, somewhere;
 * `unknown` = not to be read.
 */
export type DashboardWriteAccess = 'none' | 'some' | 'unknown';

/** The credentials' permissions as Grafana lists them: action → scopes (`folders:uid:<uid>`, `dashboards:*`, …). */
export type DashboardPermissions = Record<string, string[]>;

export interface ServerDescription {
  /** Release string, e.g. `12.1.0`; null when the server hides it. */
  version: string | null;
  capabilities: Capabilities;
}

/** `absent`: create, refused when it exists; `any`: overwrite whatever is there (--force); else the revision read at plan time. @public */
export type Expectation = string | 'absent' | 'any';

export interface SaveDashboardRequest {
  /**
   * v1: the classic model to store (its own `id` and `version` are never sent: see `internalId`, `expect`); v2: the v2 spec.
   * A v1 model written to `/api/dashboards/db` may be a file's text (withJsonText): it shows `uid` and `title` only.
   */
  model: DashboardModel;
  /** Default: the model's `uid` (a v2 spec has none: give it). */
  uid?: string;
  /** Default `v1`. */
  schema?: DashboardSchema;
  /** The author's labels and annotations to store (resource files); default none. */
  metadata?: UserMetadata;
  /** Where to write, as the plan recorded it; default: where this port writes such a dashboard (writeTargetFor). */
  target?: WriteTarget;
  /**
   * `sha256:` of the canonical content: recorded with a write through `/apis` (PushedRecord). The `sha256:` and 16 hex
   * digits of a content note (a backup taken on legacy SQL storage) go into the note only: a record holds a full digest.
   */
  contentSha256?: string;
  /** `sha256:` of what it is pushed from (plan's pushedSource): recorded beside contentSha256. */
  pushedFrom?: string;
  /** The commit (hex) this push is made from: the content note names it beside contentSha256 (pull asks git about it). */
  sourceCommit?: string;
  /**
   * The file pushed is not as HEAD holds it (an edit not committed, a file git does not hold): the content note says
   * `[uncommitted]` instead of naming a commit, and a plan reads that save as someone else's (mark-uncommitted-push.ts).
   */
  uncommitted?: true;
  /** With `uncommitted`: the checkout pushed from (checkoutId), which the note names (`[uncommitted <id>]`). */
  uncommittedCheckout?: string;
  /**
   * A restore's re-post of a backup whose dashboard was not dashsync's push (`held`: the save it held, as the backup recorded
   * it): the message carries a restore note (restore-note.ts; through `/api` naming no restorer) instead of a content note.
   */
  restoredBackup?: { held: HeldSave };
  /** The live dashboard has a manager that lets others save it: the write keeps the manager as it is. */
  owned?: boolean;
  /**
   * A dashsync command a refusal names (`['restore', uid]`), as the user is to run it: with the run's flags (renderNextCommand).
   * Default: the words alone.
   */
  nextCommand?: (words: readonly string[]) => string;
  /** A restore's save: a refusal words what to do for a restore (no file to give another uid, no apply after: review-70a L2). */
  restoring?: true;
  /** null = General. Always applied: a save never leaves the dashboard where it happens to be. */
  folderUid: string | null;
  /** Version-history message (carries the dashsync marker). */
  message: string;
  expect: Expectation;
  /**
   * For an update at a revision: the dashboard's numeric id as the plan read it (null: not known,
   * a plan made before dashsync recorded it). A dashboard deleted since is then refused, not
   * created again: by Grafana itself where it checks the id (saveRefusesUnknownId), else by a
   * read right before the write.
   */
  internalId?: number | null;
  /** For an update at a revision: the digest of the author's labels and annotations the plan saw (LiveDashboardState.metadataDigest). */
  plannedMetadataDigest?: string;
  /**
   * For an update at a revision: the version and the time of the save the plan saw (LiveDashboardState), which tell
   * another save under that version number apart (savedAgainAtVersion: a database restored from a backup); the
   * dashboard is then read before the write. Absent: a plan that recorded no time.
   */
  plannedSave?: PlannedSave;
  /**
   * With `expect: 'any'` (--force): the dashboard as the caller read it just before, through this port (null: none there).
   * The port saves its first send at this one instead of reading it again (`/api`: at its version; `/apis`: on the stored
   * object behind that read, its resourceVersion); a save by someone else since is refused, read once more and saved over.
   */
  readBefore?: LiveDashboard | null;
}

export type SaveOutcome =
  /**
   * `over`: with `expect: 'any'`, where the port knows it, the dashboard the save went over as read right before it (null:
   * none there, the save created it): a read once more after a save by someone else in between is that save's.
   */
  | { kind: 'saved'; revision: string; version: number; over?: LiveDashboard | null }
  /**
   * It changed since `expect` (or exists, for `absent`; or was deleted, for a revision): this send wrote nothing.
   * `current` = what is there now, when it could be read (null: no such dashboard). `retried`: the refusal answered a resend, so an earlier send of the same save may have landed
   * (the change may be this save's own); false when the first send was refused (someone else changed it). `refusal`:
   * Grafana's answer that refused it, where the port has one (a create refused for a uid nothing readable holds names it).
   */
  | { kind: 'conflict'; current: LiveDashboard | null; retried: boolean; refusal?: SaveRefusal }
  /** Not sent: it would have harmed another dashboard (Grafana ≤ 11.2 takes a same-titled one over on overwrite). */
  | { kind: 'refused'; message: string };

/** Who last changed a folder and when, where Grafana records it (`/api`: updatedBy/updated; `/apis`: its annotations). */
export interface FolderChangeRecord {
  by: string;
  at: string;
}

/** `unchanged`: the folder already had that title and parent; nothing was written. */
export type FolderSaveOutcome =
  /** `replaced`: a write at any revision (--force): the folder it went over, as read right before it. */
  | { kind: 'saved'; folder: LiveFolder; replaced?: { folder: LiveFolder; lastChange?: FolderChangeRecord } }
  | { kind: 'unchanged'; folder: LiveFolder }
  /**
   * `lastChange`: who last changed the folder and when, where Grafana records it (`/api`: updatedBy/updated; `/apis`: its
   * annotations). `savedAgain`: at the revision the plan read, yet renamed or moved from what it saw (judgeFolderFound).
   */
  | { kind: 'conflict'; current: LiveFolder | null; lastChange?: FolderChangeRecord; recreated?: true; savedAgain?: true };

/**
 * A library element as Grafana holds it (`/api/library-elements` on every release). dashsync
 * manages panels (kind 1); variables (kind 2) are listed so that nothing mistakes them for free uids.
 */
export interface LiveLibraryPanel {
  uid: string;
  name: string;
  /** 1 = panel, 2 = variable. */
  kind: number;
  /** The panel model as stored (Grafana writes `type` and `description` into it). */
  model: DashboardModel;
  /** null = General. */
  folderUid: string | null;
  folderTitle: string;
  /** Opaque concurrency token (the element's version as text); a save expecting it is refused once anyone else saved. */
  revision: string;
  version: number;
  /** How many dashboards Grafana counts as using it. */
  connectedDashboards: number;
  /** Who changed it last and when (`meta.updatedBy`, `meta.updated`); `byDashsync`: whether these credentials did (null = unknown). No message: library panels have no history. */
  lastSave: LastSave;
  /** Who created it (`meta.createdBy`), and whether these credentials did (null = unknown). Absent where not read. */
  created?: { by: string; byDashsync: boolean | null };
  /** Its creator and last saver as Grafana's user table knows them (`meta.createdBy`, `meta.updatedBy`). Absent where not read. */
  savers?: { created: LibraryPanelSaver; updated: LibraryPanelSaver };
}

/** The save a forced write went over, as read right before it: its version, who made it (as Grafana names them) and when. */
export interface ReplacedSave {
  version: number;
  by: string;
  at: string;
}

/** A library panel's creator or last saver: the user table's id (service accounts are rows of it; 0: none) and login ('' when the row is gone). */
export interface LibraryPanelSaver {
  id: number;
  login: string;
}

export interface SaveLibraryPanelRequest {
  uid: string;
  name: string;
  model: DashboardModel;
  /** null = General. Always applied. */
  folderUid: string | null;
  expect: Expectation;
}

export type LibraryPanelSaveOutcome =
  /** `replaced`: with `expect: 'any'`, the version the write went over, as read right before it (absent: none there, created). */
  | { kind: 'saved'; revision: string; version: number; replaced?: ReplacedSave }
  /**
   * It changed since `expect` (or exists, for `absent`; or is gone): nothing was written. `retried`: the refusal answered
   * a resend, so an earlier send of the same save may have landed.
   */
  | { kind: 'conflict'; current: LiveLibraryPanel | null; retried: boolean };

type LibraryPanelDeleteOutcome =
  | { kind: 'deleted' }
  | { kind: 'gone' }
  /** Grafana refuses to delete a library panel a dashboard uses: these dashboards hold it. */
  | { kind: 'connected'; dashboardUids: string[] };

/**
 * The writes (every method but GET) one apply action has sent, however many requests its port
 * calls made: apply hands it to each call of the action that writes or reads back after a write
 * (their optional `tally`), and the request layer counts into it. When Ctrl-C cuts the action
 * short, none sent = not started, one sent = it may have landed (a save on `/apis` is a write,
 * then a read); once one went out, the action's later requests still finish its work within the
 * grace (HttpClientOptions.signal).
 */
/**
 * What a restore from "Recently deleted" answered: `restored`; `not-restored`: this restore put nothing into Grafana
 * (there was no such entry, or the uid was taken when it was sent, and no earlier send of it could have landed);
 * `unconfirmed`: an earlier send went unanswered (GrafanaHttpError.earlierSendMayHaveLanded) and the last send did not
 * restore it, so that earlier send may have (read it back).
 */
export type TrashRestore = 'restored' | 'not-restored' | 'unconfirmed';

/**
 * The folder a dashboard in "Recently deleted" was deleted from: its uid, null for the General level, or undefined where
 * the list does not tell (Grafana 11's search joins the folder's row for it: a folder that is gone reads as General).
 */
export type RecentlyDeletedFolder = string | null | undefined;

/** A dashboard deleted as dashsync had pushed it, brought back from "Recently deleted" (GrafanaPort.restoreFromTrash). */
export interface TrashRestoreOfPush {
  /** The restore's version-history message (carries the dashsync marker). */
  message: string;
  /** The content digest of that push (full, or the `sha256:` and 16 hex digits a content note names). */
  sha256: string;
  /** The metadata.uid of the object deleted: only that one, in "Recently deleted", is the push. */
  objectUid: string;
  /**
   * backedUpModelDigest of the model backed up: legacy SQL storage gives every copy of a uid the same metadata.uid, so
   * only an entry of this content is the push (not a copy someone restored, edited and deleted since).
   */
  modelSha256: string;
}

/**
 * A restore from "Recently deleted" of a dashboard that was not deleted as dashsync had pushed it (GrafanaPort.restoreFromTrash):
 * where the API takes a message (`/apis`), the restore's (`message`) goes in with a note of the save it takes back (`held`,
 * as its backup recorded it; null: not recorded), so that the next plan judges that content, not the restore, as the save.
 */
export interface TrashRestoreOfSave {
  message: string;
  /** `no-backup`: the restore found no backup of it (one that records none: null). */
  held: HeldSave | null | 'no-backup';
}

/**
 * A dashboard as Grafana converts it into the other schema family on a read at another version (a v2-stored one into the
 * classic model, with its uid; a classic one into a v2 version's spec), or why that failed.
 */
export type ConvertedForm = { model: Record<string, unknown> } | { failed: string };

export interface WriteTally {
  /**
   * Sends of the work's writes (each attempt of a retried one), counted as undici writes each to a connection
   * (written-requests.ts): one whose connection could not be made (refused, DNS, TLS, the connect timeout, a proxy's
   * tunnel), or that Ctrl-C ended while it waited for one, is not counted, as not a byte of it left.
   */
  sent: number;
  /**
   * Of those, the sends of writes Grafana refused with an answer (a 4xx or a 503, no earlier send of it that may have been
   * processed): they wrote nothing. A write counted in `sent` and not here may have landed (writeMayHaveLanded).
   */
  refused?: number;
  /** The one object the work is about (an apply action), where there is one: its requests' retries name it (RetryEvent.about). */
  about?: { kind: 'dashboard' | 'folder' | 'library-panel'; uid: string };
}

/** What the caller of GrafanaPort.checkAccess reads right after it. */
interface AccessCheck {
  /**
   * The org's dashboards, from the first page of a listing on (a plan's reads): a port that lists them may make that page
   * the check, and keep it for the listing, instead of asking a request of its own first.
   */
  listingFollows?: boolean;
}

export interface GrafanaPort {
  /** Base URL (no credentials, no trailing slash) and org: what a plan records and apply compares. */
  readonly url: string;
  /** urlSha256 of the URL as sent (`url` has the run's secrets redacted): plans and backups record it, apply and restore compare it. */
  readonly urlSha256: string;
  readonly orgId: number | undefined;
  /** Which API serves reads (recorded by plans). */
  readonly api: GrafanaApiKind;
  /**
   * Where this port writes a dashboard of this schema and file apiVersion (null for a model file),
   * or why it cannot (a v2 dashboard on `/api`, a version this Grafana does not serve). `recorded`: the write
   * carries dashsync's push record and content note (a restore of a push made through `/apis`), which `/api` drops.
   */
  writeTargetFor(content: { schema: DashboardSchema; apiVersion: string | null; metadata: UserMetadata; recorded?: boolean }): WriteTarget | { refused: string };

  /** Release and capabilities; asked once, then remembered. */
  describeServer(): Promise<ServerDescription>;
  /** Throws ConfigError when the credentials cannot act in the selected org (before any plan or write). */
  checkAccess(check?: AccessCheck): Promise<void>;
  /**
   * Resolves once `api`, `writeTargetFor` and `readsWholeOrg` may be asked: a port that chooses its API on discovery
   * (deferPort) once discovery has answered, and rejects as its first request did. Absent: known from the start.
   */
  apiChosen?(): Promise<void>;

  /** Every folder of the org, every nesting level (revisions may be null). */
  listFolders(): Promise<LiveFolder[]>;
  getFolder(uid: string, tally?: WriteTally): Promise<LiveFolder | null>;
  /** The folder under `uid` and who last changed it and when, where Grafana records it (a create refused for a uid taken names its holder); null when there is none. */
  getFolderWithLastChange(uid: string, tally?: WriteTally): Promise<{ folder: LiveFolder; lastChange?: FolderChangeRecord } | null>;
  createFolder(folder: { uid: string; title: string; parentUid: string | null }, tally?: WriteTally): Promise<LiveFolder>;
  /**
   * Retitles and moves a folder; refused as a conflict when it is no longer at `expect`, unless it still has the title and
   * parent the plan saw (`seen`: folderStillAsSeen), which is then written over at the revision it has now; and as a
   * `recreated` conflict when it is another folder than the plan's (`seen.internalId`: judgeFolderFound). A write refused
   * for a save in the instant since its read (`/apis` on unified storage: 409) is judged again on one more read.
   */
  updateFolder(uid: string, change: { title: string; parentUid: string | null; expect: Expectation; seen?: FolderSeen }, tally?: WriteTally): Promise<FolderSaveOutcome>;
  /** null when the folder does not exist. */
  folderContents(uid: string): Promise<FolderContents | null>;
  /** Deletes an (empty) folder; never forces alert rules out. False when it was already gone. */
  deleteFolder(uid: string, tally?: WriteTally): Promise<boolean>;

  /** Every dashboard of the org (or of some folders; null = General), as summaries. */
  listDashboards(filter?: { folderUids?: (string | null)[] }): AsyncIterable<DashboardSummary>;
  /**
   * Every dashboard of the org as listDashboards gives them, from a listing whose dashboards its `readDashboards` then takes
   * instead of reading the org again (`/apis`: the list pages' objects; listDashboardsToRead gives the port's own reads where
   * this is absent). A dashboard is given as that listing had it.
   */
  listDashboardsToRead?(signal?: AbortSignal): Promise<DashboardListing>;
  /**
   * Whether readDashboards reads every dashboard of the org anyway (`/apis` list pages), so that
   * its `onSummary` gives what listDashboards would, without a second pass over the org.
   */
  readonly readsWholeOrg: boolean;
  /**
   * The live dashboards for these uids, as they arrive (any order), null for a uid Grafana does
   * not have. `concurrency` reads in flight, and no read starts while `concurrency` answers wait for
   * the consumer; on `/api` an answer waits as bytes and is parsed when the consumer takes it (one model
   * at a time), on `/apis` one list page is held (a few dashboards: up to twice `concurrency` models). Where readsWholeOrg, `onSummary` is called
   * for every dashboard of the org (including the ones not asked for) before the stream ends.
   * With `pushedFrom` (uid → what the plan expects), a port that can tell from metadata alone
   * (`/apis`: metadata-only list pages) gives the head of each dashboard still exactly as pushed
   * from that source instead of reading its model; the others are read as usual. With
   * `fileModels`, a port that reads each dashboard's own answer (`/api`) gives the head of a
   * dashboard whose answer holds exactly that model, in that folder, without parsing the model.
   * With `refusedAsAnswer`, a port that reads each dashboard on its own (`/api`) gives a read Grafana refused as a
   * folder's permissions refuse it (isHiddenByFolder) as that answer (DashboardRefused), and reads on.
   * With `unparsedAnswers`, such a port gives each answer it would parse unparsed (UnparsedDashboard).
   */
  readDashboards(
    uids: readonly string[],
    options: ReadDashboardsOptions & { pushedFrom: ReadonlyMap<string, ExpectedSource>; fileModels?: ReadonlyMap<string, ExpectedModel>; refusedAsAnswer?: true; unparsedAnswers?: true },
  ): AsyncIterable<DashboardRead>;
  readDashboards(uids: readonly string[], options: ReadDashboardsOptions): AsyncIterable<{ uid: string; live: LiveDashboard | null }>;
  /**
   * `readAt` (`/apis`; e.g. `v2beta1`): a dashboard stored as v2 is read at that served v2 version, converted by
   * Grafana into that version's shape; its apiVersion stays the stored one.
   */
  getDashboard(uid: string, tally?: WriteTally, readAt?: string): Promise<LiveDashboard | null>;
  /** The dashboard's last save with its message and whether dashsync made it (may read the history). */
  readLastSave(dashboard: Pick<LiveDashboard, 'uid' | 'version' | 'lastSave'>): Promise<LastSave>;
  /**
   * The message one save was given, where readLastSave shows Grafana's rewrite instead (`/api`'s history
   * list says "Initial save" of every first version); absent on a port whose history keeps it. null when gone.
   */
  readSaveMessage?(uid: string, version: number): Promise<string | null>;
  /**
   * dashsync's newest save older than `version` whose content note names its saver (content-note.ts): the content it
   * pushed. Looked for among the last EARLIER_PUSH_DEPTH versions, then, when none is and there are more, among the last
   * EARLIER_PUSH_MAX_DEPTH. null when none of them is (or no history).
   */
  readEarlierPush?(uid: string, version: number, options?: EarlierPushOptions): Promise<EarlierPush | null>;
  /**
   * The dashboard as each of its versions after `range.after` and before `range.before` held it, newest first, in the form
   * getDashboard gave the live one (`as`: its apiVersion, and the `readAt` it was read at). `/api`: each version's `data` (GET
   * …/versions/:version, one request each); `/apis`: the history's list pages at the version the live one was read at, Grafana
   * converting each entry as it converts the live one (one request for up to `before - after + 1` entries). Left out: a version
   * that is gone, that these credentials may not read, or that Grafana gives in the other schema family or not at all (a failed
   * conversion).
   */
  readVersionsBetween?(uid: string, range: { after: number; before: number }, as: { apiVersion: string | null; readAt?: string }): Promise<PastVersion[]>;
  /**
   * A v2-stored dashboard in the classic model, as Grafana's conversion gives it (`/apis` only; absent on a port that
   * cannot store v2). null when it is gone or no longer stored as v2.
   */
  readClassicForm?(uid: string): Promise<ConvertedForm | null>;
  /**
   * A classic-stored dashboard as Grafana's conversion gives it at this served v2 version (`v2`, `v2beta1`; `/apis`
   * only). null when it is gone or no longer stored in the classic model.
   */
  readV2Form?(uid: string, version: string): Promise<ConvertedForm | null>;
  /**
   * The names people know these savers (LastSave.by) by, for the ones the port can name: `/apis`
   * records a typed identity (`user:<uid>`) and asks Grafana's display list for it (once per
   * identity and port); `/api` already gives logins (empty answer). Never throws for what Grafana
   * refuses or fails to answer: those stay unnamed.
   */
  nameSavers(refs: readonly string[]): Promise<Map<string, string>>;
  /**
   * The user table's ids (what a library panel's `meta.createdBy.id` holds) of the identities these uids name (the uids
   * `/apis` histories and content notes record), for the ones Grafana names to these credentials; absent on a port
   * that cannot ask. Never throws for what Grafana refuses or fails to answer: those are left out.
   */
  internalIdsOf?(uids: readonly string[]): Promise<Map<string, number>>;
  /**
   * Why the one lookup of who these credentials are (GET /api/user) failed in this port, null when it did not or
   * was not made. Authorship went on without it (the marker decided); the plan says so once.
   */
  identityFailure(): string | null;
  /**
   * The dashboards whose save through this port went without its content note, who these credentials are not being known
   * (GET /api/user failed, or named no one): Grafana's history names no pusher for them. Said once by the apply.
   */
  unnotedSaves(): ReadonlySet<string>;
  /** The org these credentials act in when no org id is sent (one GET /api/user per port, shared); null when Grafana would not say. */
  credentialsOrgId(): Promise<number | null>;
  /**
   * Whether these credentials are an org Admin in the org they act in, where it matters: Grafana lists a library panel's
   * connections unfiltered to org Admins (connections-listed-in-full.ts). null when not known (a token; org-admin.ts).
   * Absent: this API does not ask (the permissions still tell an Admin).
   */
  orgAdmin?(): Promise<boolean | null>;
  saveDashboard(request: SaveDashboardRequest, tally?: WriteTally): Promise<SaveOutcome>;
  /**
   * `purge`: leave nothing in "Recently deleted" either, where the API can (`/apis` cannot: Grafana
   * 13 keeps deleted dashboards there). `expect`: the revision read; a dashboard saved since is not
   * deleted (throws) where the API checks it (`/apis`). False when it was already gone.
   */
  deleteDashboard(uid: string, options: { purge: boolean; expect?: string }, tally?: WriteTally): Promise<boolean>;
  /**
   * Brings a dashboard back from "Recently deleted" (TrashRestore: or says there was no such entry). Into the
   * folder it was deleted from, or `into.folderUid` (null = General). Grafana 11's `/api` restores
   * into a folder only (`softDeleteTrash`: an empty folderUid means its old folder): General there
   * throws. A folder that is gone: TrashFolderGoneError. `asPushed`: the dashboard was deleted as dashsync had pushed it
   * (its backup says so): where the API takes a message (`/apis`), the restore is saved as dashsync's save of that push;
   * `asRestore`: any other, whose message then names the save it takes back (TrashRestoreOfSave).
   */
  restoreFromTrash(uid: string, into?: { folderUid: string | null }, asPushed?: TrashRestoreOfPush, asRestore?: TrashRestoreOfSave): Promise<TrashRestore>;
  /** Whether "Recently deleted" is switched on (one settings read per port, made on the first call only). */
  recentlyDeleted(): Promise<RecentlyDeleted>;
  /**
   * The data source Grafana's migration gives a panel whose file names none (defaultDatasourceOf), from the frontend
   * settings read once per port (shared with recentlyDeleted); undefined where it is not known.
   */
  defaultDatasource?(): Promise<DatasourceRef | undefined>;
  /**
   * The data sources Grafana's migration resolves a string datasource against, by name and uid (namedDatasourcesOf), from
   * the same settings read; undefined where not known (a port that cannot read them).
   */
  namedDatasources?(): Promise<DatasourceIndex | undefined>;
  /**
   * The dashboard uids in a "Recently deleted" that keeps them taken (`softDeleteTrash`: Grafana 11's `/api`, where a
   * create of such a uid is refused); null where there is none, or the listing failed; `refused` where Grafana refuses
   * these credentials the listing (401, 403: org Admins only). `uid`: that one only (listed when it is there).
   */
  trashedDashboardUids(uid?: string): Promise<string[] | 'refused' | null>;
  /**
   * The dashboard uids "Recently deleted" holds where this API takes them back (restoreFromTrash): Grafana 11's `/api`,
   * `/apis`; each with the folder it was deleted from (RecentlyDeletedFolder). Null where this API cannot take one back,
   * or the list could not be read (a dry run then cannot tell).
   */
  recentlyDeletedUids(): Promise<ReadonlyMap<string, RecentlyDeletedFolder> | null>;
  /**
   * The dashboards `/apis`' "Recently deleted" holds (Grafana 12 and 13 on unified storage), each with when and by whom it
   * was deleted: what a plan names where it would create one of them anew. Null where there is no such trash to list: on
   * `/api` (11's trash has its own warning) and on legacy SQL storage (its delete keeps no trash); TrashUnread where the
   * list was asked for and could not be read, which no reader may take for an empty trash (review-68a H2).
   */
  recentlyDeletedEntries(): Promise<ReadonlyMap<string, TrashEntry> | TrashUnread | null>;
  /**
   * From now on, keeps "Recently deleted" as this port last listed it whole (`/apis`: a run that takes dashboards back from
   * it, restore): recentlyDeletedEntries, recentlyDeletedUids and each restoreFromTrash share that one listing instead of
   * each listing it again; this port's writes keep it true (one whose outcome is known takes its name out, one that may
   * or may not have landed drops it). Nothing on `/api` (Grafana 11's trash answers per uid).
   */
  keepRecentlyDeleted(): void;
  /**
   * `/apis` only, after recentlyDeletedEntries listed it: whether that list was read without the storage being told (the org
   * lists no dashboard to tell it by), so that an empty list may be legacy SQL storage's, which keeps no trash (review-69a M3).
   */
  trashStorageUntold?(): boolean;
  /** Whether these credentials may save or delete any dashboard (one permissions read per port, made on the first call only). */
  dashboardWriteAccess(): Promise<DashboardWriteAccess>;
  /** The same answer's action → scopes map; null when it cannot be read (say nothing). */
  dashboardPermissions(): Promise<DashboardPermissions | null>;

  /** Every library element of the org, every folder (panels and variables). */
  listLibraryPanels(): Promise<LiveLibraryPanel[]>;
  /** `tally`: the apply action reading back its own write (it may run after Ctrl-C, within the grace). */
  getLibraryPanel(uid: string, tally?: WriteTally): Promise<LiveLibraryPanel | null>;
  /** Creates (`absent`), updates at the revision read (a stale one is a conflict), or overwrites (`any`); always into `folderUid`. */
  saveLibraryPanel(request: SaveLibraryPanelRequest, tally?: WriteTally): Promise<LibraryPanelSaveOutcome>;
  /** Never forces: a library panel that dashboards use is refused, with those dashboards. */
  deleteLibraryPanel(uid: string, tally?: WriteTally): Promise<LibraryPanelDeleteOutcome>;
  /** Uids of the dashboards Grafana connects to the library panel; null when it does not exist. */
  libraryPanelConnections(uid: string): Promise<string[] | null>;
  /**
   * The dashboards stored as v2 whose `LibraryPanel` elements name one of these library panels (uid → dashboard
   * uids), for a release whose connections leave them out (Capabilities.v2LibraryPanelUsesUncounted): `/apis` reads
   * the org's list pages once; `/api`, which cannot read a v2 dashboard, asks for every dashboard (answers unparsed)
   * and gives null when one is stored as v2 (its use cannot be seen), else none.
   */
  v2LibraryPanelUsers(panelUids: ReadonlySet<string>, options?: V2LibraryPanelUsersOptions): Promise<Map<string, string[]> | null>;
  /**
   * The dashboards in "Recently deleted" whose model names one of these library panels, where Grafana no longer counts
   * them as its users (unified storage, 12.4 and 13: its search leaves deleted dashboards out, so the panel's delete is
   * allowed under them): panel uid → those dashboards (uid, title); `/apis` reads the trash list's pages once. Null where
   * this API cannot read that trash (`/api`) or where the dashboards are on legacy SQL storage (no trash); TrashUnread
   * where the list was asked for and could not be read (as recentlyDeletedEntries tells it).
   */
  recentlyDeletedLibraryPanelUsers(panelUids: ReadonlySet<string>): Promise<Map<string, { uid: string; title: string }[]> | TrashUnread | null>;

  close(): Promise<void>;
}
