import type { DashboardInPlace } from './hold-out-unselected-targets.js';
import type { PassedOverFolders } from './read-passed-over-folders.js';
import type { TooDeepFolder } from './find-too-deep-folder.js';
import type { UidClash } from './describe-uid-clash.js';
import type { Diagnostic } from '../errors.js';
import type { DashboardOwner, LiveLibraryPanel } from '../grafana/port.js';
import type { SavedCopy } from './save-replaced-file.js';
import type { FileRemoval } from '../git/find-removed-dashboard-files.js';
import type { RunSelection } from '../report/next-command.js';

/** Which live dashboards a pull writes. */
export type PullScope =
  | { kind: 'all' }
  /** These folders and every folder below them; `general` = the root level only. */
  | { kind: 'folders'; uids: string[] }
  /**
   * What the tree already holds: its uids, and every live dashboard in its folders (and below). `passedOver`: the folders
   * of its directories that hold only subdirectories and that git never showed holding a dashboard (readPassedOverFolders):
   * not its folders, though those below them are.
   */
  | { kind: 'managed'; passedOver?: readonly string[] }
  /** Just these dashboards (`dashsync pull <uid…>`). */
  | { kind: 'uids'; uids: string[] };

/** The `_folder.json` files of the tree by root-relative directory: the uid and title each says; null = present but invalid. */
export type FolderFiles = Map<string, { uid: string; title: string; parentOnly?: true } | null>;

/** A dashboard file's library panels: its uid (for a file with errors that names none, its path) and the panel uids it uses. */
export interface FileLibraryUses {
  uid: string;
  panels: string[];
}

/** A folder of the pull: where it lives in the tree, and the `_folder.json` it needs. */
export interface FolderTarget {
  uid: string;
  title: string;
  /** Root-relative directory, forward slashes. */
  dir: string;
  /** `_folder.json` content to keep in `dir`; null when the directory name and path already say it all. `parentOnly`: held only as a parent (mapFolderDirs). */
  folderFile: { uid: string; title: string; parentOnly?: true } | null;
  /** Why the folder gets a new `dir` though its files sit elsewhere (findHeldFolderDirs): a note only once the pull puts a file there (sayNewDirNotes). */
  newDirNote?: string;
}

/** One live dashboard and the file it goes to. */
export interface DashboardTarget {
  uid: string;
  title: string;
  /** Root-relative file path, forward slashes. */
  file: string;
  /** The file it lives in now when it must move (its live folder changed); removed after the write. */
  previousFile: string | null;
  /** Root-relative path of the file that holds this uid now (`file` or `previousFile`); null for a new one. */
  existingFile: string | null;
  /** A new one's file before it was removed (git): `file` itself, or where it was and why pull did not write there. */
  formerFile?: FormerFile;
}

/** The file a new dashboard (or library panel) was in before it was removed. */
export interface FormerFile {
  /** Root-relative in a plan; as shown to the user in an event. */
  file: string;
  removal: FileRemoval;
  /** Why pull writes elsewhere: another file (or directory) is at that path now, or it is not in the directory of the dashboard's folder now. Absent: pull writes it there. */
  left?: 'taken' | 'elsewhere';
}

/** One live library panel and the `_library/` file it goes to (fields as for dashboards). */
export interface LibraryPanelTarget {
  uid: string;
  name: string;
  file: string;
  previousFile: string | null;
  existingFile: string | null;
  formerFile?: FormerFile;
}

/** A file of the tree whose dashboard no longer exists in Grafana. */
export interface OnlyInGit {
  /** Root-relative file path. */
  file: string;
  uid: string;
  title: string;
  /** The folder of its directory in the tree; null = General. */
  folderUid: string | null;
}

/** A `_library/` file in the pull's scope whose library panel is not among those Grafana lists to these credentials. */
export interface LibraryOnlyInGit {
  /** Root-relative file path. */
  file: string;
  uid: string;
  name: string;
  /** The folder of its directory in the tree; null = General. */
  folderUid: string | null;
}

/**
 * A live dashboard or library panel pull leaves alone because its file is outside the selection:
 * the file holding its uid, or the one pull would write (a new one, or a move to another folder's
 * directory), which no run with this selection would read. Or a folder whose `_folder.json` says
 * other than Grafana, in a directory where the selection holds no file (another run's folder).
 */
export interface SkippedTarget {
  uid: string;
  /** The dashboard's title or the library panel's name. */
  title: string;
  /** Root-relative: the file holding its uid, or the one pull would write. */
  file: string;
  /** Why the file is not this run's, in words after its path (`is excluded by …`); for a folder, a clause of its own. */
  why: string;
  /** Absent for a dashboard. */
  resource?: 'library-panel' | 'folder';
  /** Set when `file` is one pull would write: a new file, or the move of `from` (its folder changed in Grafana). */
  unwritten?: { kind: 'new' } | { kind: 'move'; from: string };
  /** A dashboard whose removed file pull does not write back: dashsync pruned it after that removal (holdOutPrunedDashboards). */
  prunedBefore?: true;
  /** A dashboard whose removed file pull does not write back: Grafana holds it as the file was before the commit that removed it (holdOutUnappliedRemovals). */
  removalNotApplied?: true;
  /** A dashboard another tool keeps whose removed file pull does not write back (holdOutOwnedRemovals). */
  leftToOwner?: true;
  /** A dashboard dashsync never pushed whose removed file pull does not write back, as api "legacy" cannot see its owner (holdOutUnpushedRemovals). */
  ownerUnseen?: true;
  /** The same where these credentials may not read the version history that says whether dashsync saved it last (not known). */
  historyUnread?: true;
  /** A dashboard in a folder config `externalFolders` lists, which a pull not naming its uid does not write (holdOutExternalFolders). */
  externalFolder?: true;
}

export interface PullPlan {
  /** Parents before children. */
  folders: FolderTarget[];
  dashboards: DashboardTarget[];
  /** The library panels the pulled dashboards use (and, for a whole or managed pull, those the tree holds). */
  libraryPanels: LibraryPanelTarget[];
  onlyInGit: OnlyInGit[];
  /** `_library/` files whose panel Grafana does not list (what --prune may delete; none for `pull <uid…>`). */
  libraryOnlyInGit: LibraryOnlyInGit[];
  /** Live dashboards and library panels whose uid a file outside the config's include/exclude holds: not written (another run's file). */
  skipped: SkippedTarget[];
  /**
   * A managed pull (no flags, a tree that is not empty): how many live dashboards no file of the tree holds
   * that `--all` would write (`--all` or `--folder` pulls them); those `--all` would skip count in notConsidered.
   */
  unfiled: UnfiledDashboard[];
  /** A managed pull: the new live library panels (no file holds them) that `--all` would write with those dashboards; counted on the same hint. */
  unfiledLibraryPanels: number;
  /** A managed pull: live dashboards no file holds in folders these credentials cannot read (no pull writes them): counted apart on the hint. */
  unfiledHidden: number;
  /**
   * A managed pull: live dashboards that another run owns — the file holding the uid, or the new file
   * pull would write, is outside the config's include/exclude. Not pulled, not listed: counted.
   */
  notConsidered: number;
  /** A managed pull: live library panels `--all` would list as skipped (file outside the selection) that it neither writes nor lists. */
  notConsideredLibraryPanels: number;
  /** Live folders deeper than the tree holds: what lives in them is not pulled (an error line each). */
  tooDeep: TooDeepFolder[];
  /** Live dashboards not pulled because a folder has their uid (the tree needs each uid once): an error line each. */
  uidClashes: UidClash[];
  /** Things the operator should know that do not stop the pull. */
  notes: string[];
  /**
   * Files that keep their place though Grafana has their dashboard or library panel in a folder whose directory this run's
   * selection leaves out (holdOutUnselectedTargets): each a note after `notes`, worded once the file's outcome is known (a file
   * left as it is keeps its content too).
   */
  inPlace?: DashboardInPlace[];
}

/** What pull does with a file whose dashboard or library panel Grafana does not list (decideDashboardPrune, decideLibraryPrune). */
export type PruneDecision =
  /** --prune deletes the file; `why`: what could not be told of it (a `deleted` line's words after the uid's). */
  | { action: 'delete'; why?: string }
  /** --prune leaves the file, for this reason (a `kept` line). */
  | { action: 'keep'; why: string }
  /**
   * No --prune: an "only in git" line; `why` says when --prune would keep it all the same. `shared`: kept so because other
   * environments deploy the file too, which leaves apply's half of the summary's hint true of it (a create not applied here yet).
   */
  | { action: 'list'; why?: string; shared?: true }
  /** No --prune, and pull cannot tell whether it is gone: a note (after the file's path), no line. */
  | { action: 'note'; note: string };

/** What happened to one file. `kept`: it holds a change Grafana does not have yet; `refused`: both changed (a `_folder.json`: it differs and git does not hold it). */
type PullOutcome = 'created' | 'updated' | 'moved' | 'unchanged' | 'kept' | 'refused';

export interface PullFileEvent {
  outcome: PullOutcome | 'pruned' | 'only-in-git' | 'folder-file';
  /** Path as shown to the user (relative to the working directory). */
  file: string;
  uid: string;
  /** Set for a library panel's file; absent for dashboards and folder files. */
  resource?: 'library-panel';
  /** For moves: where it was. */
  from?: string;
  /** Who else keeps it, with where (describeManager): apply never writes it; `also provisioned from file x (allowUiUpdates)` for one it writes, which that file feeds too. */
  owner?: string;
  /** Why a file was kept or refused, in words; for an updated one, what Grafana's version replaced where its line names that. */
  why?: string;
  /**
   * An updated dashboard file whose committed content Grafana's version replaced before any push of dashsync's, Grafana
   * holding it in none of the versions compared: the commit that brought that content (full hash), the file's path there from
   * the repository's top (`git show <commit>:<path>`), and Grafana's versions compared (`allCompared`: every one before the live one).
   */
  replacedCommit?: { commit: string; path: string; versionsCompared: number[]; allCompared: boolean };
  /**
   * A kept or refused file that is a copy of another environment's variant changed in git (the variant as shown, and the commit
   * holding what Grafana has, or had from dashsync's push): its changes are its own, not applied yet.
   */
  copiedFrom?: { file: string; commit: string };
  /** A created file: which datasources it holds as this run's `${DS_…}` placeholders, or left literal and why. */
  inputs?: string;
  /** A file written that the config's other environments deploy too (walk-73 L2): their next apply takes the change. */
  alsoDeployedBy?: string[];
  /**
   * An only-in-git file other environments deploy too, which --prune keeps (its `why` names them): the summary's hint says of it
   * only that apply creates it here (a create not applied here yet), not that pull --prune deletes it.
   */
  sharedOnlyInGit?: true;
  /** `--force` replaced or deleted a file git did not hold as it was: what git held of it, and where its copy is. */
  saved?: SavedCopy;
  /** A created file of a dashboard or library panel whose file was removed before: written back at that path, or where that path was and why not. */
  formerFile?: FormerFile;
}

export interface PullResult {
  dryRun: boolean;
  /** Only changes (created, updated, moved, pruned, only-in-git, folder files); unchanged files are counted, not listed. */
  events: PullFileEvent[];
  /** Dashboard files, folder files (kept, refused), and (only in git, failed, skipped) every file. */
  counts: Record<PullOutcome | 'pruned' | 'onlyInGit' | 'failed' | 'skipped', number>;
  /** Library panel files written, moved, unchanged, deleted, kept or refused: counted apart, as apply does (`Library panels: 1 created`). Absent = none. */
  libraryCounts?: Record<'created' | 'updated' | 'moved' | 'unchanged' | 'pruned' | 'kept' | 'refused', number>;
  /**
   * Pulled dashboards another manager keeps (file provisioning, Git Sync, Terraform…) whose files this pull wrote (or would:
   * a dry run), not those it left unchanged: apply never writes them, but for those provisioned with allowUiUpdates.
   */
  owned: { uid: string; owner: DashboardOwner }[];
  /** Live dashboards, library panels and folders left alone because their file is outside the selection (files as shown to the user). */
  skipped: SkippedTarget[];
  /** Live dashboards without a file that a managed pull left out (PullPlan.unfiled), for the hint. */
  unfiled: UnfiledDashboard[];
  /** New live library panels `--all` would write with them (PullPlan.unfiledLibraryPanels). */
  unfiledLibraryPanels: number;
  /** Live dashboards without a file in folders these credentials cannot read (PullPlan.unfiledHidden). */
  unfiledHidden: number;
  /** With `unfiled`: the folders a refresh passed over (their directories hold only subdirectories, git shows no dashboard there), and why git could not tell. */
  passedOver?: PassedOverFolders;
  /** Live dashboards a managed pull left to the runs whose selection holds their files (PullPlan.notConsidered). */
  notConsidered: number;
  /** Live library panels a managed pull left to those runs (PullPlan.notConsideredLibraryPanels). */
  notConsideredLibraryPanels: number;
  /** Lists the selection comes from, as the not-considered and no-file lines name them (`environment "production"'s include in …`). */
  selectionFrom?: string;
  /** What chose this run's Grafana (--env, …): the commands its lines advise repeat it. */
  selection?: RunSelection;
  /** What this pull was asked for (`--folder a`, `--all`, uids): the `pull --prune` its only-in-git line advises covers the same files. */
  scopeWords?: string[];
  /** uids of the refused dashboard files (for the `pull --force <uid…>` hint). */
  refusedUids: string[];
  /** Git gave no evidence (not a git repository, no git): the refusal hint is no git advice. */
  outsideGit?: true;
  /** uids of the folders whose `_folder.json` was refused (named in the same hint: `pull <uid…>` takes a folder's uid). */
  refusedFolderUids: string[];
  /** uids of the library panels whose file was refused (named in the same hint: `pull <uid…>` takes a library panel's uid). */
  refusedLibraryUids: string[];
  /** Problems: files not written (unsafe path, write error), dashboards that vanished, bad existing files. */
  problems: Diagnostic[];
  notes: string[];
  interrupted: boolean;
  /** Ctrl-C came before these were fetched, or cut their fetch off: none of their files was touched (files as shown to the user). */
  notStarted: NotStartedTarget[];
  /** Why `--prune` deleted nothing although files were prunable (over maxDeletes, or Grafana lists no dashboard at all): one error line. */
  pruneRefusal?: string;
  /** Ctrl-C came before the files whose dashboards or library panels are gone were looked at: none was listed or deleted. */
  goneNotChecked?: true;
}

/** A dashboard or library panel an interrupted pull did not start. */
interface NotStartedTarget {
  uid: string;
  file: string;
  resource?: 'library-panel';
}

/** A live library panel and the dashboards Grafana connects to it. */
export interface LiveLibraryUse {
  panel: LiveLibraryPanel;
  users: string[];
}

/** A live dashboard no file of the tree holds, as the no-file hint names it. */
export interface UnfiledDashboard {
  uid: string;
  title: string;
}
