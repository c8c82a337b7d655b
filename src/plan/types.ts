import type { DeleteMode, PruneScope } from '../config/types.js';
import type { FieldChange } from '../diff/types.js';
import type { DashboardOwner, GrafanaApiKind, WriteTarget } from '../grafana/port.js';
import type { RecordedSelection } from '../report/next-command.js';
import type { PushOver } from '../grafana/restore-note.js';

/**
 * The saved plan (`plan --out`): a versioned, serialisable document that apply executes.
 * It records what it was computed against (URL, org, each resource's live revision) so
 * apply can refuse a stale one, and never holds credentials or library objects. Readers
 * other than dashsync use the public JSON (`plan --format json`, docs/plan-json.md) instead:
 * this format changes when apply needs it to.
 */
export const PLAN_FORMAT_VERSION = 2;

/** The `output` field of the public JSON (`plan --format json`), which apply refuses to take for a saved plan. */
export const PLAN_JSON_OUTPUT = 'dashsync plan --format json';

export type ResourceKind = 'dashboard' | 'folder' | 'library-panel';

/** `<kind>:<uid>`, e.g. `folder:ds-team-1a2b3c4d`: how one action names another it depends on. */
export type ActionId = string;

export function actionId(kind: ResourceKind, uid: string): ActionId {
  return `${kind}:${uid}`;
}

/** What the plan saw in Grafana for one dashboard. */
export interface LiveDashboardState {
  /** Opaque revision: the save sends it, and Grafana refuses when the dashboard moved on. */
  revision: string;
  /** The version number people see in Grafana's history. */
  version: number;
  /** null = General. */
  folderUid: string | null;
  folderTitle: string;
  title: string;
  updated: string;
  updatedBy: string;
  owner: DashboardOwner | null;
  /** The version it is stored in, when read through `/apis` (`dashboard.grafana.app/v2beta1`…). */
  apiVersion?: string;
  /**
   * Grafana's numeric id: apply sends it with the update so that Grafana refuses the save of a
   * dashboard deleted since (absent: Grafana gave none, or a plan made before dashsync recorded it).
   */
  internalId?: number;
  /**
   * `sha256:` of the author's labels and annotations the plan saw (metadataDigest), where it saw some on unified
   * storage: a write since that left them as they were (another tool's own annotation, a save of the same content)
   * is no labels edit the plan missed. Absent: none seen, or a plan made before dashsync recorded it.
   */
  metadataDigest?: string;
}

/**
 * A file outside this run's selection that only environments of other Grafana orgs select (Settings.environmentsInOtherOrgs):
 * it does not keep its uid's dashboard in this org from prune. `file` relative to the working directory; `where`: `org` when
 * every one of them deploys to another org of this run's Grafana (same url), else `grafana`.
 */
export interface DeployedElsewhere {
  file: string;
  environments: string[];
  where: 'grafana' | 'org';
}

interface ActionBase {
  uid: string;
  title: string;
  /** Actions of this plan that must be done first (ids); apply derives its phases from them. */
  dependsOn: ActionId[];
  /** Field-level changes live → desired (creates, deletes and noops: empty). */
  changes: FieldChange[];
}

export interface DashboardAction extends ActionBase {
  kind: 'dashboard';
  action: 'create' | 'update' | 'move' | 'delete' | 'noop';
  /** Source file (relative to the working directory); null for deletes. */
  file: string | null;
  /** Target folder uid; null = General. For deletes, the live folder. */
  folderUid: string | null;
  /** Live state at plan time; null for creates. */
  live: LiveDashboardState | null;
  /** `sha256:` of the file's bytes at plan time, re-checked at apply: what is pushed is what was reviewed. */
  contentHash: string | null;
  /** Where create/update/move write (`/api`, or `/apis` at a version); absent = `/api` (plans made before /apis). */
  write?: WriteTarget;
  /**
   * An update or move of a file with labels or annotations through `/api` on Grafana 12 or later, which removes every
   * label and annotation Grafana holds for it (decideLabelsThroughApi): apply skips it unless --force.
   */
  removesMetadata?: true;
  /** A delete of the uid a file held before its uid was changed in place: that file and the uid it holds now (describeUidChanges). */
  replacedBy?: { file: string; uid: string };
  /** A delete of a uid whose only files environments of other Grafana orgs deploy (setApartDeployedElsewhere): one of them, and those environments. */
  deployedElsewhere?: DeployedElsewhere;
  /** A delete in the folder of a directory this run's include/exclude leave out (markLeftOutDirectories): that directory and the lists, for its line. */
  leftOutDirectory?: { dir: string; lists: string };
  /**
   * A move out of the folder of a directory this run's include/exclude leave out (markLeftOutDirectories: another environment's
   * directory, docs/environments.md's folder per environment): that directory and the lists. pull does not follow such a move
   * (its file keeps its place), so no line advises pull to keep Grafana's folder.
   */
  liveDirectoryLeftOut?: { dir: string; lists: string; folderTitle: string };
  /** A prune delete of a dashboard dashsync never pushed (markMadeInGrafana): who saved it last in Grafana (named as people know them) and when. */
  madeInGrafana?: { by: string; at: string };
  /**
   * A prune delete the plan warns of as drift (markEditedInGrafana): the save someone made in Grafana since dashsync's push (by
   * whom, as named; when; its version) and the push it was saved over (`over`, where found). Its backup records them, so that a
   * restore names that save in its note through `/api` too. Absent in plans of older releases (the backup then records none on `/api`).
   */
  editedInGrafana?: { by: string; at: string; version: number; over?: PushOver };
  /**
   * A prune delete through `/api` (api "legacy") on Grafana 12+ whose version history the plan's credentials may not read
   * (a Viewer's): whether dashsync saved it last, or another tool (Terraform, Git Sync…) manages it, is not known. The apply of
   * the saved plan reads its history first and deletes it only when dashsync saved it last (judgeOwnerBeforeDelete). Absent
   * in plans of older releases, which apply as before.
   */
  ownerNotJudged?: true;
  /**
   * A create whose file held this uid before its uid changed in place, where prune holds that old dashboard's delete at plan
   * time (owners-not-seen: dashsync did not save it last): the apply does not create it, or the folder would hold two of one
   * title (review-65a M3; a Viewer's plan leaves that delete to the apply: ownerNotJudged).
   */
  replacesHeld?: string;
  /**
   * The library panels (uids) the file of a create, update or move uses; absent when none (or in a plan made before
   * dashsync recorded them). Apply of a saved plan checks each is still in Grafana or written by the plan (checkLibraryPanelsLeft).
   */
  libraryPanels?: string[];
}

export interface FolderAction extends ActionBase {
  kind: 'folder';
  action: 'create' | 'update' | 'delete' | 'noop';
  /** null = top level. */
  parentUid: string | null;
  /** Directory relative to the root; null for folders that left the tree. */
  dir: string | null;
  /**
   * `revision` is read for folders the plan updates (apply refuses when it moved on); null where not needed. `internalId`
   * (optional: absent in older plans, or where Grafana's answer carries none): which folder it was, so that apply refuses
   * one deleted and created again under the uid since. `parentTitle` (a move only; absent in older plans): the live parent's
   * title, which names it where the plan has no action of that folder (its directory holds no dashboard file).
   */
  live: { title: string; parentUid: string | null; revision: string | null; internalId?: number; parentTitle?: string } | null;
}

/** What the plan saw in Grafana for one library panel. */
export interface LiveLibraryPanelState {
  /** Opaque revision: the save sends it, and Grafana refuses (412) when the panel moved on. */
  revision: string;
  version: number;
  /** null = General. */
  folderUid: string | null;
  folderTitle: string;
  name: string;
  updated: string;
  updatedBy: string;
}

/** A dashboard that uses a library panel (in the tree, or connected in Grafana). */
export interface LibraryPanelUser {
  uid: string;
  title: string;
  /** Who keeps it when not this tree: another tool (`managed by Terraform`, ownerLabel), or `no file in this tree`. Absent: the tree's. */
  keptBy?: string;
  /** The plan deletes it (prune): no owner is left to tell, and `keptBy` is absent. */
  deletedByPlan?: true;
}

export interface LibraryPanelAction extends ActionBase {
  kind: 'library-panel';
  /** `title` is the panel's name. */
  action: 'create' | 'update' | 'move' | 'delete' | 'noop';
  /** Source file (relative to the working directory); null for deletes. */
  file: string | null;
  /** Target folder uid; null = General. For deletes, the live folder. */
  folderUid: string | null;
  /** Live state at plan time; null for creates. */
  live: LiveLibraryPanelState | null;
  /** `sha256:` of the file's bytes at plan time, re-checked at apply. */
  contentHash: string | null;
  /** The dashboards a change reaches: those of the tree that use it and those Grafana connects to it now, by uid. */
  usedBy: LibraryPanelUser[];
  /**
   * A delete whose folder and name panel `to` of the tree takes while dashboards the plan saves still hold it (Grafana
   * refuses the delete until they are saved, and they are saved after the library panels): just before `to` is saved,
   * apply backs it up and renames it to `renameTo`, a name no panel has in its folder; its delete still waits for them.
   */
  handsNameOver?: { to: string; renameTo: string };
  /**
   * A delete of a panel that dashboards in Grafana's "Recently deleted" use (already there, or moved there by this plan),
   * where Grafana no longer counts them (unified storage): each restored from there shows an error in its place until
   * the panel is restored. Absent in plans of older releases, and wherever none was found.
   */
  inRecentlyDeleted?: LibraryPanelUser[];
  /**
   * A move out of the folder of a directory this run's include/exclude leave out (markLeftOutDirectories: another environment's
   * directory): that directory, the lists and the folder's title. pull keeps the file in place, as a dashboard's.
   */
  liveDirectoryLeftOut?: { dir: string; lists: string; folderTitle: string };
}

export type PlanAction = DashboardAction | FolderAction | LibraryPanelAction;

export type DriftNotCheckedReason = 'forbidden' | 'unconvertible';

export type PlanWarning =
  | {
      kind: 'drift';
      /** What drifted; absent = a dashboard. */
      resource?: 'library-panel';
      uid: string;
      title: string;
      /** The live version that was not written by dashsync. */
      version: number;
      updatedBy: string;
      updated: string;
      message: string;
      /** Only its labels or annotations were changed since that version (no new version; Grafana does not record by whom): updatedBy and updated are ''. */
      metadataEdited?: true;
      /**
       * The live version is dashsync's restore (`trash`: from "Recently deleted"; `backup`: a backup re-posted) at
       * `restoredAt` of a save that was not its push: updatedBy, updated and `savedVersion` are that save's, as the backup
       * recorded them ('' and absent where nothing did).
       */
      restoredFrom?: 'trash' | 'backup';
      restoredAt?: string;
      savedVersion?: number;
      /** With `restoredFrom`: the restore found no backup of it, which would have recorded whose save it holds. */
      restoredWithoutBackup?: true;
      /**
       * The live version is dashsync's push of a file HEAD did not hold as it was (its note says `[uncommitted]`: an apply from a
       * checkout with an edit not committed): no commit holds it, so it is someone else's change here; updatedBy and updated are the push's.
       */
      uncommittedPush?: true;
      /** A move whose content equals the file's: applying changes only its folder (a move made in Grafana since is undone), no edit is lost. */
      sameContent?: true;
      /** A move out of the folder of a directory this run's include/exclude leave out (the action's liveDirectoryLeftOut; a dashboard's or a library panel's): pull keeps the file in place. */
      liveDirectoryLeftOut?: { dir: string; lists: string; folderTitle: string };
      /**
       * A move whose live content the file's commit `movedOnlyIn` holds in a directory that stood for another folder
       * (findHeldInGit's movedOnly): the edit made in Grafana is the move to folder `liveFolderTitle` alone, which applying
       * undoes. `file`: the dashboard's file; `moveTo`: where it goes in the tree's directory for that folder (moveToLiveFolder;
       * absent: the tree has none, or the name is taken there).
       */
      movedOnlyIn?: string;
      liveFolderTitle?: string;
      file?: string;
      moveTo?: string;
      /** The git checkout is shallow: a commit it does not have may hold this edit (then it is none to keep). */
      shallowHistory?: true;
      /** The plan deletes it (prune: no file holds it now), and dashsync pushed an earlier version: the edit goes with it (a backup is written first). */
      pruned?: true;
      /** With `pruned`: its uid was changed in place, and `file` holds it as `uid` now (the delete's `replacedBy`): the edit is kept by putting the uid back. */
      uidChangedTo?: { file: string; uid: string };
      /**
       * dashsync's push is older than every version Grafana's history still keeps (`[dashboards] versions_to_keep`, 20 by
       * default), all of them saved by others: its push record (`/apis`), or for a delete the file git last held the uid in,
       * says dashsync deployed it. A delete's or a move's only.
       */
      pushBeyondHistory?: true;
      /**
       * With `sameContent`, in a plan an apply no one reviews applies (markMovesMadeInGrafana): the history Grafana keeps stops
       * above the first version, none of it dashsync's, and nothing on the dashboard records a push of dashsync's (`/api` keeps
       * none), so whether the move back undoes one made in Grafana since dashsync placed it is not known. Applied all the same.
       */
      pushUnknown?: true;
      /**
       * A move whose file holds the live content (`sameContent` before), in a plan an apply no one reviews applies, whose history
       * could not be read (the failure, as Grafana answered): whether dashsync placed it where its file says is not known, so
       * that apply keeps it as a conflict.
       */
      historyUnread?: string;
      /**
       * A move of a dashboard classic file provisioning also keeps and lets others save (allowUiUpdates): its provisioning
       * file (the owner's id; '' when Grafana does not say). The move was made in Grafana, whose provisioner leaves it there
       * until that file changes, but for a move to the General level, which its next scan undoes (src/sandbox/README.md).
       */
      provisionedFrom?: string;
    }
  /**
   * `folderTitle`: the target folder's title (absent in plans of older releases, and for General). `otherFile`: the
   * tree's file the other dashboard comes from, when it is one of this plan's (absent for a live dashboard, and in older plans).
   */
  /** `otherManager`/`otherManagerId`: the tool that manages the live dashboard it clashes with (DashboardOwner's manager and id), where the listing says. */
  /** `allowed`: the Grafana planned against takes two dashboards of one title in a folder (11.3 and later): the plan makes the pair, which people then see twice. */
  | { kind: 'title-clash'; uid: string; title: string; folderUid: string | null; folderTitle?: string; otherUid: string; otherFile?: string; otherManager?: string; otherManagerId?: string; allowed?: true }
  /** The plan deletes more than `maxDeletes` allows (dashboards and library panels): apply refuses it unless allowed with --max-deletes. */
  | { kind: 'max-deletes'; uid: null; deletes: number; maxDeletes: number }
  /** A dashboard another owner keeps differs from its file and is left as it is. `manager`: that owner's kind (absent in plans of older releases). */
  | {
      kind: 'provisioned';
      uid: string;
      title: string;
      message: string;
      manager?: string;
      /** Where the difference not applied includes a move: the folder Grafana holds it in and the file's (null: General). */
      moveNotApplied?: { fromFolderUid: string | null; toFolderUid: string | null };
    }
  /** Prune leaves these live dashboards without a file, which other owners keep (sorted uids); `owners`: how many per owner kind (ownerKindName). */
  /** `ownersUnseen`: the plan read through `/api` on Grafana 12+, which shows file provisioning alone (OwnersUnseen): the owners counted are not all there are. */
  | { kind: 'owned-no-file'; uid: null; uids: string[]; owners: Record<string, number>; ownersUnseen?: true }
  /**
   * Prune's deletes held (sorted uids): api "legacy" reads `/api`, which on `grafana` (Grafana 12+) does not show which tool
   * manages a dashboard, and dashsync did not save these last: another tool's (Terraform, Git Sync…) may be among them.
   */
  /** `unlisted`: those of `uids` whose version history Grafana could not list (12+), so whether dashsync saved them last is not known. */
  | { kind: 'owners-not-seen'; uid: null; uids: string[]; grafana: string; apisUnanswered?: true; unlisted?: string[] }
  /**
   * Prune's deletes whose owner the plan could not judge (sorted uids; each delete's `ownerNotJudged`): api "legacy" on
   * `grafana` (Grafana 12+) does not show which tool manages a dashboard, and these credentials may not read the version
   * history that shows whether dashsync saved it last. Planned: the apply decides. `readOnlyToken`: the Action's input
   * read-only-token says the plan's token is read-only on purpose (noteReadOnlyToken). `apisUnanswered`: the run asked for api
   * "auto", whose /apis did not answer (OwnersUnseen.apisUnanswered): a plan with --api auto is the one just made.
   */
  | { kind: 'owners-not-judged'; uid: null; uids: string[]; grafana: string; readOnlyToken?: boolean; apisUnanswered?: true }
  /** Grafana stores the dashboard in the other schema than its file (someone saved it in the dynamic-dashboards editor, or back). */
  /**
   * `stored`: the apiVersion of a v2-stored dashboard, else `a classic dashboard`; `file`: the file's apiVersion, or `a classic
   * dashboard model`. `sharedWith`: the config's other environments that deploy the file too (a pull here rewrites it for them).
   */
  /**
   * `unserved`: check's v2-unserved sentence for those of `sharedWith` that cannot take Grafana's v2 form (describeV2UnservedElsewhere),
   * so the line advises no pull that would rewrite the shared file into it. Absent in older plans, and where each can.
   */
  | { kind: 'format'; uid: string; title: string; stored: string; file: string; sharedWith?: string[]; unserved?: string }
  /**
   * A classic dashboard written through `/apis` whose file's schemaVersion is below the one Grafana migrates it to on
   * that write (singlestat → stat, datasource names → references, …): what Grafana stores is not the file. `atLeast`:
   * `to` is a floor (Capabilities.apisSchemaVersionAtLeast). `maybe`: the file is at that floor, and Grafana migrates it
   * (to `to` or further) only if its release goes past it, which its hidden or unknown version does not tell.
   */
  | { kind: 'schema-migration'; uid: string; title: string; file: string; from: number; to: number; atLeast?: true; maybe?: true }
  /** A dashboard planned as a create whose uid waits in Grafana 11's "Recently deleted", which keeps it taken: apply's create is refused. */
  | { kind: 'recently-deleted'; uid: string; title: string }
  /**
   * A dashboard planned as a create whose uid is in `/apis`' "Recently deleted" (Grafana 12 and 13 on unified storage), which
   * does not keep the uid taken (read through `/apis`, so never with api "legacy": describeTrashNotRead): apply makes a new dashboard, after which Grafana lists the
   * deleted one no more, while restore would bring that one back as it was deleted, with its id (its version history starts again either way).
   * `deletedBy`: the deleter as Grafana names them (null: not said). `byUser`: Grafana records a user account as the deleter
   * (a delete in its UI, not a tool's service account): an apply no one reviewed leaves the create, as it leaves drift.
   * `backup`: dashsync's own delete of that very object, and this is the backup it took first (markPrunedInTrash), as the
   * planning shell reached it; with it `pruned` (a prune) or `uidChangedTo` (the old half of a change of uid in place: the new
   * uid), where the backup says which (a backup of an earlier release does not).
   */
  | {
      kind: 'in-recently-deleted';
      uid: string;
      title: string;
      file: string;
      deletedAt: string | null;
      deletedBy: string | null;
      byUser?: true;
      backup?: string;
      pruned?: true;
      uidChangedTo?: { file: string; uid: string };
      /** A backup of dashsync's delete of the uid that may be this entry's delete: whether it is, is not known (TrashedCreate.maybeBackup). */
      maybeBackup?: string;
    }
  /**
   * A dashboard that takes the title of one this plan deletes (`deletedUid`, on Grafana ≤ 11.2) while a soft delete keeps
   * that title taken in Grafana 11's "Recently deleted": the save will be refused (`maybe`: not known whether it is on).
   */
  | { kind: 'title-held-in-trash'; uid: string; title: string; file: string; deletedUid: string; maybe?: true }
  /**
   * The plan deletes `deletedUid` (prune: no file holds it) and creates the same dashboard (title and content) from `file` under
   * the new uid `uid`: its uid, links, history and permissions would be lost. `message`: the whole text, naming where it is.
   */
  | { kind: 'look-alike-replaced'; uid: string; title: string; file: string; deletedUid: string; message: string }
  /** The plan deletes `deletes` dashboards into Grafana 11's "Recently deleted", which these credentials may not list: taking one back needs an org Admin. */
  | { kind: 'restore-needs-admin'; uid: null; deletes: number }
  /** Grafana lists no permission to save or delete a dashboard for these credentials (a Viewer's): every dashboard write is refused. `orgId`: the plan's org, null when the credentials' own. */
  /** `environment`: the plan's environment, which the line names (a run over several prints one such line per plan). */
  | { kind: 'read-only'; uid: null; orgId: number | null; environment?: string; writes?: ('dashboard' | 'folder' | 'library-panel')[] }
  /**
   * The version history of `uids` (dashboards the plan writes) gave no answer (`forbidden`: these credentials may not
   * read it; `unconvertible`: Grafana 12+ could not convert an entry), so whether someone edited them in Grafana is not known.
   */
  /** `readOnlyToken`: the credentials are read-only on purpose (the Action's `read-only-token` input): the advice fits that. */
  /** `deletes`: the dashboards are prune's deletes, whose edit since dashsync's push goes with them. */
  | { kind: 'drift-not-checked'; uid: null; uids: string[]; reason: DriftNotCheckedReason; readOnlyToken?: boolean; deletes?: boolean }
  /**
   * A dashboard the plan updates, moves or deletes whose newest version dashsync saved from `commit` ("subject"), which HEAD
   * does not contain: the plan undoes what that commit deployed (another branch's, applied first). `inRepository` false:
   * this repository does not have the commit (not fetched, or another repository's), so whether HEAD holds it is not known.
   * `anotherRepository`: the push was another repository's — `unrelated`: the commit shares no history with HEAD (fetched
   * from that repository); `taken-over`: a commit this repository lacks, in a folder this tree takes over (TakenOverFolders);
   * `outside-tree`: a commit this repository lacks, in a folder (`folderUid`, `folderTitle`) no directory of the tree holds
   * and config `externalFolders` lists (or a folder above it; `externalListed`, always true since review-63 M2: plans saved
   * before may hold a folder merely outside the tree): the file took a uid another repository deploys.
   */
  | {
    kind: 'not-in-branch';
    uid: string;
    title: string;
    action: 'update' | 'move' | 'delete';
    version: number;
    commit: string;
    subject: string;
    inRepository: boolean;
    anotherRepository?: 'unrelated' | 'taken-over' | 'outside-tree';
    folderUid?: string;
    folderTitle?: string;
    externalListed?: true;
  }
  /** `changes` dashboard writes in a folder (null = General) where Grafana lists none of `permissions` for these credentials: apply will be refused for them. */
  | { kind: 'not-writable'; uid: null; folderUid: string | null; folderTitle: string; changes: number; permissions: string[] }
  /** A directory or file name of the tree not in precomposed Unicode (check's name-not-nfc): `path` relative to the working directory. */
  | { kind: 'name-not-nfc'; uid: null; path: string; message: string }
  /**
   * Tree dashboards these credentials can neither read nor write, by the folder their files go to (`uid`; null = General):
   * Grafana refused a read of them (403), or that folder exists hidden from these credentials (`folderHidden`: its read was
   * refused; a folder moved to the top level in Grafana keeps no role grants of its own). Not planned (neither created nor
   * compared) and never pruned; counted in PlanSummary.unreadable; apply holds them and does not succeed. `uids`, `files`
   * and `titles` go together (the tree's order); a hidden folder with no dashboard file of its own has none. `below`: the
   * folder is one the tree holds below that hidden folder, which the listing does not show either (hidden with it, or not
   * made yet: nothing can be made below a folder these credentials cannot see). `readable`: those of `uids` the plan did
   * read, whose files go to the hidden folder from where they are (no write of them there can succeed). `libraryPanels`:
   * the tree's library panels in the hidden folder, neither created nor compared (not counted: PlanSummary.unreadable
   * counts dashboards). `inferred`: the folder (or the hidden one it goes below) is hidden only by inference, from
   * refused reads of dashboards whose files go to it (`/api`, where a folder's read proves nothing): not known to exist.
   * `usesPanels`: those of `uids` the plan read whose write uses a library panel of the tree in the hidden folder (never
   * written by this plan): set apart, as their save would hold a panel that shows an error (review-65a H1); counted in
   * PlanSummary.usesHiddenPanels, not PlanSummary.unreadable.
   * `usedOnlyByThem`: the tree's library panels elsewhere that only dashboards set apart use (these, or another such
   * warning's: named by the warning of the first of them), not written (nothing but a held dashboard needs them).
   * `formerFolder` (with its title and directory): git shows these refused dashboards' files came from that folder, which
   * most likely still holds them in Grafana (the move was never applied), where the folder their files go to (`uid`) is not
   * proven hidden: that one is not taken as hidden on their account, so it is planned as any other;
   * `formerFolderShown`: the listing shows that folder (it is not what hides them either).
   */
  | {
      kind: 'unreadable';
      uid: string | null;
      folderTitle: string | null;
      folderDir: string | null;
      folderHidden: boolean;
      below?: string;
      inferred?: true;
      uids: string[];
      files: string[];
      titles: string[];
      readable?: string[];
      libraryPanels?: { uid: string; file: string; name: string }[];
      usesPanels?: string[];
      /** The folder the files go to is not in Grafana (`/apis` read it: absent; this plan creates it): not what hides them. */
      folderAbsent?: true;
      usedOnlyByThem?: { uid: string; file: string; name: string }[];
      formerFolder?: string;
      formerFolderTitle?: string;
      formerFolderDir?: string;
      formerFolderShown?: true;
      /** The hiding folder (this one, `below`, or `formerFolder`) has (had) its directory at the tree's top level: no move to the top level hid it, its own permissions were changed (walk-65 L4). */
      hidingFolderAtTop?: true;
    }
  /**
   * The clone's git history is shallow (actions/checkout's default depth 1): prune may leave out what a full clone's history
   * shows to be this tree's (`uid`: the folder concerned, null for the whole plan). Before: a `kind: "other"` message.
   * `deletes`: prune deletes whose edit made in Grafana it could not check (unprovenInShallowClone), by uid.
   */
  | { kind: 'shallow-history'; uid: string | null; message: string; actionMessage?: string; deletes?: string[] }
  /**
   * `file`, `line`, `col` and `rule`: a finding of the tree the plan repeats (a config file's glob that matches nothing), for its annotation's place and title.
   * `actionMessage` (here, on shallow-history and on note): the text in the Action's words (its inputs for the CLI's flags), where its advice
   * differs; `message` holds the CLI's. Both are saved, as a plan one shell made may be shown or applied by the other (wordedForShells).
   */
  | { kind: 'other'; uid: string | null; message: string; actionMessage?: string; file?: string; line?: number; col?: number; rule?: string; files?: string[] }
  /** Information, not a problem: shown apart from the warnings (text "Notes:", markdown NOTE, an Action notice). */
  /** `code`: what the note is about, for readers of the JSON (NoteCode). */
  | {
      kind: 'note';
      uid: string | null;
      message: string;
      actionMessage?: string;
      code?: NoteCode;
      /** `trash-unseen` where "Recently deleted" could not be listed: the creates it names and the failure (an unreviewed apply holds them). */
      uids?: string[];
      trashUnread?: string;
    };

/**
 * The notes that carry a code: the field changes of a classic file whose dashboard Grafana stores as v2 (`v2-…`), or of a
 * v2 file whose dashboard Grafana stores as a classic one (`classic-…`), come from Grafana's conversion, or are not shown;
 * a live edit someone else saved is in a commit of this branch (`edit-in-git`: no drift); the file's schemaVersion is
 * below Grafana's copy and the write keeps it (`schema-version-older`); the plan's credentials cannot write, as the
 * Action's `read-only-token` input says they need not (`read-only-token`, in place of the `read-only` warning); a plan
 * through `/api` (api "legacy") that creates dashboards on 12.4 or later could not look into "Recently deleted", which
 * only `/apis` lists (`trash-not-read`); creates whose files the tree held before this commit, on a Grafana whose "Recently
 * deleted" shows these credentials only the entries they deleted, or where it could not be listed (`trash-unseen`); dashsync's first
 * version of a dashboard the plan changes, whose message as saved `/api` did not answer, so `[uncommitted]` is not seen (`push-message-unread`); `--prune all` leaves the dashboards and library panels without a file in the
 * folders config `externalFolders` lists (`external-folders`).
 */
type NoteCode =
  | 'read-only-token'
  | 'v2-content-converted'
  | 'v2-content-not-shown'
  | 'classic-content-converted'
  | 'classic-content-not-shown'
  | 'edit-in-git'
  | 'schema-version-older'
  | 'trash-not-read'
  | 'trash-unseen'
  | 'push-message-unread'
  | 'external-folders';

export interface PlanSummary {
  create: number;
  update: number;
  move: number;
  delete: number;
  /** Dashboards that match their file (or differ only where Grafana rewrote dashsync's own push). */
  unchanged: number;
  /**
   * Dashboards that differ from their file but another tool owns (file provisioning, Terraform, Git
   * Sync, …): left as they are, so neither a change nor unchanged. Absent in plans of older releases.
   */
  untouched?: number;
  /**
   * Dashboards whose files differ from Grafana only in labels or annotations that Grafana keeps none of (legacy SQL
   * storage, or written through `/api`; a note names them): nothing to write, so neither a change nor unchanged.
   * Present only when not 0.
   */
  labelsNotKept?: number;
  /**
   * Live dashboards prune left alone because their only file is outside this run's include/exclude
   * (another environment's or shard's): not deletes. Present only when not 0.
   */
  outsideSelection?: number;
  /**
   * Live dashboards and library panels without a file that prune left to another environment of this Grafana org: its
   * include/exclude selects the file git last held them in (else the one pull would write for them) and this run's does not
   * (a warning names the environment). Present only when not 0.
   */
  otherEnvironments?: number;
  /**
   * Live dashboards and library panels without a file that prune left to another environment of this Grafana org that
   * deploys them with prune off: it selects their file, or deploys a file in their folder where none that prunes does
   * (claimPruneOff; a warning names it). No plan
   * deletes them. Present only when not 0.
   */
  pruneOff?: number;
  /**
   * Live dashboards and library panels without a file at the General level, which prune's `folders` scope never deletes
   * (a warning names them): not deletes. Present only when not 0.
   */
  generalLevel?: number;
  /**
   * Live dashboards without a file that prune's `folders` scope left alone in folders with the uid a
   * directory of this tree would get, which this tree's git history never held (another tree's in the
   * same org; a warning names the folders): not deletes. Present only when not 0.
   */
  notThisTree?: number;
  /**
   * Live dashboards without a file that prune's `folders` scope left alone in folders only git history could show to be
   * this tree's, in a shallow clone whose history stops short (a warning names the folders): not deletes. Present only when not 0.
   */
  shallowHistory?: number;
  /**
   * Live dashboards without a file directly in folders the tree holds only as a parent (`"parentOnly": true` in their
   * `_folder.json`; a note names the folders): not this tree's, not deletes. Present only when not 0.
   */
  parentOnly?: number;
  /**
   * Live dashboards and library panels without a file that `--prune all` left alone in the folders config `externalFolders`
   * lists, or below them (another tree's; a note names them): not deletes. Present only when not 0.
   */
  externalFolders?: number;
  /**
   * Tree dashboards these credentials can neither read nor write (a folder's permissions hide them: the `unreadable`
   * warnings name them): neither changes nor unchanged, and what the plan could not compare. Present only when not 0.
   */
  unreadable?: number;
  /**
   * Tree dashboards the plan read whose files go to a folder hidden from these credentials (the `unreadable` warnings'
   * `readable`): no move there can succeed, so not moved (apply holds them). Present only when not 0.
   */
  notMovedIntoHidden?: number;
  /**
   * Tree dashboards the plan read whose write uses a library panel of the tree in a folder hidden from these credentials (the
   * `unreadable` warnings' `usesPanels`): that panel is never written, so neither are they (apply holds them). Present only when not 0.
   */
  usesHiddenPanels?: number;
  /**
   * The tree's library panels in a folder hidden from these credentials (the `unreadable` warnings' `libraryPanels`): neither
   * created nor compared (apply holds them); a plan with any exits 1 (review-65a M2). Present only when not 0.
   */
  unreadableLibraryPanels?: number;
  /**
   * Creates marked `replacesHeld` (a change of uid whose old dashboard prune holds): counted here, not in `create`, since the apply
   * does not make them and exits 1; a plan with any exits 1 too (review-66b M2). Present only when not 0.
   */
  uidChangesHeld?: number;
  folderCreate: number;
  /** Folder updates that only rename: a folder whose parent changes is counted in folderMove. */
  folderUpdate: number;
  /** Folder updates that change the parent (isFolderMove), renamed too or not. Recounted from the actions when a saved plan is read (plans of earlier releases counted them in folderUpdate). */
  folderMove: number;
  folderDelete: number;
  /** Managed folders that left the tree but stay for the library panels in them (a warning names them). Present only when not 0. */
  folderKept?: number;
  libraryPanelCreate: number;
  libraryPanelUpdate: number;
  libraryPanelMove: number;
  libraryPanelDelete: number;
}

/** What a plan was computed against; apply refuses another. @public */
export interface PlanTarget {
  /** The base URL with the planning run's secrets redacted: what is shown. */
  url: string;
  /** urlSha256 of the URL as sent, which apply compares (absent in plans from before it was recorded: the shown URL is compared). */
  urlSha256?: string;
  /** The org id the run was given (flag, GRAFANA_ORG_ID, config); null: the credentials' own org. */
  orgId: number | null;
  /** With no org id given: the org the credentials acted in (GET /api/user), which apply compares with an org id given then; absent when not known (older plans). */
  credentialsOrgId?: number;
  grafanaVersion: string | null;
  /** Which Grafana API served the plan's reads; absent = `legacy` (`/api`). Each write action records where it writes. */
  api?: GrafanaApiKind;
  /** The config environment (`--env`) the plan was made for (SPEC §15), null when none was selected; apply refuses a plan made for another one. */
  environment: string | null;
}

/**
 * A `pull_request` run's commit as the pull request knows it: `head`, the pull request's head commit. When the plan's
 * `git.sha` is `head`, the head itself was checked out; otherwise `git.sha` is GitHub's test merge of it into the base
 * branch `baseRef` (at `base`, the merge commit's first parent, where git showed it; null where it could not).
 */
export interface PullRequestCommit {
  head: string;
  base: string | null;
  baseRef: string | null;
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  createdAt: string;
  tool: { name: 'dashsync'; version: string };
  target: PlanTarget;
  /** The commit planned; `pullRequest` (optional; the Action on a `pull_request` event only): what that commit is to the pull request. */
  git: { sha: string | null; subject: string | null; actor: string | null; pullRequest?: PullRequestCommit };
  /** Tree root relative to the working directory. */
  root: string;
  /**
   * The `--include`/`--exclude` globs the plan's command line gave (absent when it gave none, and in plans from before it
   * was recorded): the selection is decided when planning, and a command advised after its apply plans with it again.
   */
  commandLineSelection?: { include?: string[]; exclude?: string[] };
  /**
   * The command line's flags that chose the plan's Grafana and tree (`--config`, `--root`, `--api`, `--url`…: RunSelection,
   * its environment being the target's; absent when it gave none, in the Action, and in plans from before it was recorded):
   * `dashsync show` repeats them in the commands it prints, as the plan run did.
   */
  selection?: RecordedSelection;
  /**
   * The config's environments, in its order (absent without environments, and in plans from before it was recorded):
   * `dashsync show DIR` prints a plan directory in that order, as `plan --all-envs` printed it.
   */
  configEnvironments?: string[];
  /**
   * `one-step`: an apply made this plan and applied it at once, no one reviewing it (the Action's one-step apply saves it to
   * `plan-file`). An apply of this file keeps the edits made in Grafana it would overwrite (its drift) untouched, as that apply
   * did, unless --force: a plan no one reviewed does not become a reviewed one by being left on disk. Absent on a plan `plan`
   * saved, and in plans from before it was recorded.
   */
  unreviewed?: 'one-step';
  prune: PruneScope;
  /** Prune's `folders` scope as planned: every folder dashsync manages (empty when prune is off). Apply refuses a delete outside it. */
  managedFolders: string[];
  deleteMode: DeleteMode;
  /** `sha256:` of the config's `inputs` map and minRefreshInterval (hashContentSettings); apply refuses when they changed. */
  settingsHash: string;
  /**
   * Folder writes (parents first), library panel writes, dashboards in tree order, then deletes
   * (dashboards, library panels, then folders children first).
   */
  actions: PlanAction[];
  warnings: PlanWarning[];
  summary: PlanSummary;
}

/**
 * Whether a plan's warning is said as a note (under `Notes:`, a NOTE box, the Action's notice): the notes, and the dashboards
 * prune leaves to the other tools that manage them (walk-62 L2: information, repeated on every prune, nothing to act on).
 */
export function isNote(warning: PlanWarning): boolean {
  return warning.kind === 'note' || warning.kind === 'owned-no-file';
}

export function dashboardActions(plan: Pick<Plan, 'actions'>): DashboardAction[] {
  return plan.actions.filter((action): action is DashboardAction => action.kind === 'dashboard');
}

export function folderActions(plan: Pick<Plan, 'actions'>): FolderAction[] {
  return plan.actions.filter((action): action is FolderAction => action.kind === 'folder');
}

/** A folder `update` that puts the folder under another parent (the saved plan keeps it an `update`; plan and apply say it is a move). */
export function isFolderMove(folder: FolderAction): boolean {
  return folder.action === 'update' && folder.live !== null && folder.live.parentUid !== folder.parentUid;
}

export function libraryPanelActions(plan: Pick<Plan, 'actions'>): LibraryPanelAction[] {
  return plan.actions.filter((action): action is LibraryPanelAction => action.kind === 'library-panel');
}

/** The progress of a long step (planning or applying dashboards), for a progress bar. */
export interface ProgressEvent {
  phase: 'plan' | 'apply';
  done: number;
  total: number;
  /** Plan only, once one is asked: the edit-history lookups (drift check) of the dashboards to update, answered and asked so far. */
  history?: { done: number; total: number };
}
