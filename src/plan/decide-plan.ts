import type { TrashEntriesSeen } from '../grafana/trash-entries-seen.js';
import type { Shell } from '../describe-error.js';
import type { LibraryPanelHolderState } from '../grafana/library-elements/judge-library-panel-holders.js';
import { formerParentsOf, type FolderEvidence } from './known-folder-uids.js';
import { posix, relative, sep } from 'node:path';
import { findUidsDifferingInCase } from '../check/find-uids-differing-in-case.js';
import { InputError } from '../errors.js';
import type { Tree } from '../files/types.js';
import type { Capabilities, DashboardOwner, ListedDashboard, LastSave, LiveFolder, LiveLibraryPanel } from '../grafana/port.js';
import type { DashboardDecision } from './decide-dashboard.js';
import { decideDeletes, type OwnersUnseen } from './decide-deletes.js';
import { describePruneOffSelects, type LeftToOthers } from './find-left-to-other-environments.js';
import type { HistoryCut } from './describe-not-pruned.js';
import { decideManagedFolders } from './decide-managed-folders.js';
import { authorshipNotChecked, decideDrift, driftNotChecked, heldInGitNote, historyCutNotes, shallowDeletesNotChecked } from './decide-drift.js';
import type { HeldInGit } from './find-held-in-git.js';
import { moveToLiveFolder } from './move-to-live-folder.js';
import type { DeletesInGit } from './find-deletes-held-in-git.js';
import { decideFolders } from './decide-folders.js';
import { decideLabelsThroughApi, labelsUnseenThroughApi } from './decide-labels-through-api.js';
import { dropMigratedSchemaVersion } from './drop-migrated-schema-version.js';
import { noteOlderSchemaVersions } from './note-older-schema-version.js';
import { decideLibraryPanels, holdsNoLibraryPanel } from './decide-library-panels.js';
import { findFolderDashboardClashes } from './find-folder-dashboard-clashes.js';
import { findFolderTitleClashes } from './find-folder-title-clashes.js';
import { findTitleClashes } from './find-title-clashes.js';
import { ownerBlocksUpdates } from '../grafana/ownership.js';
import { orderTitleHandovers } from './order-title-handovers.js';
import { sortWarnings } from './sort-warnings.js';
import { notesPush } from '../grafana/content-note.js';
import { summarizePlan } from './summarize-plan.js';
import { countUnreadable, withPanelsOnlyTheyUse } from './set-apart-unreadable.js';
import { isAuthoredChange } from './is-authored-change.js';
import { describeSecondSource } from '../grafana/ownership.js';
import { PLAN_FORMAT_VERSION, type DashboardAction, type FolderAction, type LibraryPanelAction, type LibraryPanelUser, type LiveDashboardState, type Plan, type PlanWarning } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';
import type { RunSelection } from '../report/next-command.js';

export interface PlanInput {
  /** What the plan records about itself and its target. */
  header: Pick<Plan, 'createdAt' | 'tool' | 'target' | 'git' | 'root' | 'commandLineSelection' | 'selection' | 'configEnvironments' | 'prune' | 'deleteMode' | 'settingsHash'>;
  capabilities: Capabilities;
  tree: Tree;
  liveFolders: Map<string, LiveFolder>;
  /** Every live dashboard of the org (summaries). */
  liveDashboards: ListedDashboard[];
  /** decideDashboard for every dashboard of the tree, in tree order. */
  dashboards: DashboardDecision[];
  /** Live state of each prune candidate (selectPruneCandidates); null = gone. */
  pruneCandidates: { uid: string; live: LiveDashboardState | null }[];
  /** api "legacy" on Grafana 12+: only the prune candidates dashsync pushed are deleted (decideDeletes' OwnersUnseen). */
  ownersUnseen?: OwnersUnseen;
  /** What prune leaves to the other environments of this Grafana org (findLeftToOtherEnvironments): no candidates, one warning, and no folder delete. */
  leftToOthers?: LeftToOthers;
  /** This run's selection (runSelectionOf): a command the warnings advise repeats it. */
  runSelection?: RunSelection;
  /** `--prune folders`: the owners of the General level's dashboards without a file that another tool keeps. */
  generalLevelOwners?: ReadonlyMap<string, DashboardOwner>;
  /**
   * The newest save of each dashboard decided as an update or move; `unreadable` when the
   * credentials may not read history. Also settles rewrite candidates (DashboardDecision).
   */
  lastSaves: Map<string, LastSave | 'unreadable' | 'unconvertible'>;
  /** Library panels: decideLibraryPanel for each of the tree (tree order), every live element, the connections read, and the uids config marks external. */
  /** The drift candidates whose live content a committed version of their file holds (findHeldInGit): a note naming the commit, no drift warning. */
  heldInGit?: HeldInGit;
  /** What git told of prune's deletes edited in Grafana (findDeletesHeldInGit): `shallow`, their removed files were looked for in a shallow clone. */
  deletesInGit?: Pick<DeletesInGit, 'shallow'>;
  /** Prune candidates whose edit since dashsync's push is told by its push record or git, the push older than Grafana's history (drift's pushBeyondHistory). */
  pushesBeyondHistory?: ReadonlySet<string>;
  /**
   * Prune candidates someone else saved last whose history Grafana trimmed, with nothing on them recording a push (`/api`),
   * that no removed file of this shallow clone holds: whether dashsync deployed them, so that an edit goes with them, is not
   * known (a full clone's removed file would say). Deleted as planned; the plan says so (shallowDeletesNotChecked).
   */
  unprovenInShallowClone?: ReadonlySet<string>;
  /** The folder uids this tree's git history shows it held (knownFolderUids), when prune may take a folder no directory holds; else undefined. */
  knownFolders?: ReadonlySet<string>;
  /** Why git history ties each known folder to this tree (folderEvidence). */
  folderEvidence?: ReadonlyMap<string, FolderEvidence>;
  /** Folders of directories git held with only subdirectories in them (shellFolderUids): deleted once empty when their directory left the tree. */
  shellFolders?: ReadonlySet<string>;
  /** Folder uids config marks another tree's (`externalFolders`): never managed. */
  externalFolders?: readonly string[];
  /** The live folders config `externalFolders` lists and those below them (foldersListedExternal): no prune scope takes what is in them. */
  externalFolderUids?: ReadonlySet<string>;
  /** The config file in use, as messages name it (Settings.configFile). */
  configFile?: string;
  /** How much git history there was to ask: none (not a repository, no commit), or a shallow clone's; undefined: all of it, or not asked. */
  historyCut?: HistoryCut;
  /** Whose words the warnings' advice takes (the CLI's flags by default, or the Action's inputs). */
  shell?: Shell;
  /** Why GET /api/user failed when authorship asked it (GrafanaPort.identityFailure): one notice. */
  identityFailure?: string | null;
  /** Files the tree does not read though they look like its own (readTree's look-alike diagnostics): one warning each. */
  lookAlikes?: readonly PlanWarning[];
  /** Folders planned as creates whose read was refused (readLiveFolders): one warning each. */
  unverifiedFolders?: readonly string[];
  /**
   * The tree's dashboards these credentials can neither read nor write, by folder (setApartUnreadable): named and counted,
   * and a folder hidden from them (`folderHidden`) is not created (Grafana would refuse it: it exists).
   */
  unreadable?: readonly Extract<PlanWarning, { kind: 'unreadable' }>[];
  /** Whether Grafana 11's "Recently deleted" is on (null: not known); absent: not asked (taken as possibly on). */
  recentlyDeletedOn?: boolean | null;
  libraryPanels?: {
    writes: LibraryPanelAction[];
    live: LiveLibraryPanel[];
    connections: Map<string, string[]>;
    external: ReadonlySet<string>;
    /**
     * The prune candidates' v2 users found in the dashboards (already in `connections`), or `unseen` where they cannot
     * be read (see LibraryPanelPlanInput); `asked`: the candidates whose users were read (readCandidateUsers).
     */
    v2Users?: { found: Map<string, string[]>; unseen: boolean; asked?: ReadonlySet<string> };
    /** The candidates' connected dashboards the listing lacks, each read (readHoldersOutsideListing; Grafana 11 only). */
    holdersOutsideListing?: ReadonlyMap<string, LibraryPanelHolderState>;
    /** Grafana lists the candidates' connections to these credentials in full (readConnectionsListedInFull). */
    connectionsListedInFull?: boolean;
    /** The candidates' users in "Recently deleted" that Grafana no longer counts (readRecentlyDeletedUsers; unified storage only). */
    recentlyDeletedUsers?: ReadonlyMap<string, readonly LibraryPanelUser[]>;
    /** Where those were read: these credentials are not known to be shown every entry there (readTrashEntriesSeen). */
    recentlyDeletedSeen?: Exclude<TrashEntriesSeen, 'all'>;
    /** Where that trash's list was asked for and could not be read: its failure (DecideLibraryPanelsInput.recentlyDeletedUnread). */
    recentlyDeletedUnread?: string;
  };
}

/**
 * Pure: the whole plan from plain data — folder actions, library panels, the dashboards'
 * decisions, prune's deletes, and the warnings (owner, drift, title clashes, uid clashes where
 * the server has one uid space), in the order apply runs them. Refuses (InputError, unpositioned) a library
 * panel whose name a panel that prune keeps, or cannot delete before it, holds (decideLibraryPanels' refusals).
 */
export function decidePlan(input: PlanInput): Plan {
  const { header, liveFolders, liveDashboards } = input;
  // The library panels only the dashboards set apart use are held with them: nothing else needs their write.
  const unreadableWarnings = withPanelsOnlyTheyUse(input.unreadable ?? [], input.tree, input.libraryPanels?.writes ?? [], input.libraryPanels?.connections ?? new Map());
  const hiddenFolders = new Set(unreadableWarnings.flatMap((warning) => (warning.folderHidden && warning.uid !== null ? [warning.uid] : [])));
  const folders = decideFolders(hiddenFolders.size === 0 ? input.tree.folders : input.tree.folders.filter((folder) => !hiddenFolders.has(folder.uid)), liveFolders);
  const throughApi = input.dashboards.map((decision) =>
    decideLabelsThroughApi(
      dropMigratedSchemaVersion(settleRewrite(decision, input.lastSaves.get(decision.action.uid)), decision.fileSchemaVersion, input.capabilities),
      decision.metadataDropped,
      input.capabilities.apisKeepsLabels,
    ),
  );
  const decided = throughApi.map((decision) => decision.action);
  const deleteInput = {
    tree: input.tree,
    scope: header.prune,
    liveDashboards,
    liveFolders,
    candidates: input.pruneCandidates,
    leftToOthers: input.leftToOthers,
    runSelection: input.runSelection,
    generalLevelOwners: input.generalLevelOwners,
    planned: decided,
    knownFolders: input.knownFolders,
    shellFolders: input.shellFolders,
    externalFolders: input.externalFolders,
    externalFolderUids: input.externalFolderUids,
    configFile: input.configFile,
    folderEvidence: input.folderEvidence,
    rootShown: header.root,
    historyCut: input.historyCut,
    headCommit: header.git.sha,
    shell: input.shell,
    ownersUnseen: input.ownersUnseen,
  };
  const dashboardDeletes = decideDeletes(deleteInput).dashboards;
  // The tree's library panels in a hidden folder (no write can succeed: it may be there, unlisted), and those only held
  // dashboards use: named by the warning, and no write.
  const heldPanels = new Set(unreadableWarnings.flatMap((warning) => [...(warning.libraryPanels ?? []), ...(warning.usedOnlyByThem ?? [])].map((panel) => panel.uid)));
  const libraryWrites = (input.libraryPanels?.writes ?? []).filter((write) => !heldPanels.has(write.uid));
  const liveLibraryPanels = input.libraryPanels?.live ?? [];
  const noLibraryPanel = holdsNoLibraryPanel({ writes: libraryWrites, live: liveLibraryPanels, tree: input.tree });
  const library = decideLibraryPanels({
    tree: input.tree,
    writes: libraryWrites,
    live: liveLibraryPanels,
    connections: input.libraryPanels?.connections ?? new Map(),
    v2Users: input.libraryPanels?.v2Users,
    scope: header.prune,
    // As the dashboards' prune sees them (their history included): createPlan read the users of the panels there.
    // Without a library panel they are never asked.
    managedFolders: noLibraryPanel ? new Set() : decideManagedFolders(input.tree, liveFolders, input.knownFolders, input.externalFolders, undefined, input.folderEvidence && formerParentsOf(input.folderEvidence)).managed,
    external: input.libraryPanels?.external ?? new Set(),
    externalFolders: input.externalFolderUids,
    leftToOthers: new Set(input.leftToOthers?.libraryPanels.map((left) => left.panel.uid)),
    dashboards: [...decided, ...dashboardDeletes],
    liveDashboards,
    softDeleteTrash: input.capabilities.softDeleteTrash,
    holdersOutsideListing: input.libraryPanels?.holdersOutsideListing,
    connectionsListedInFull: input.libraryPanels?.connectionsListedInFull,
    trashLetsGo: input.capabilities.softDeleteTrash && !input.capabilities.trashHoldsLibraryPanels,
    heldInGit: input.heldInGit?.libraryPanels,
    deletesKeepConnections: input.capabilities.trashHoldsLibraryPanels && header.deleteMode === 'soft' && input.recentlyDeletedOn !== false,
    trashedByPlanKeep: input.capabilities.softDeleteTrash && !input.capabilities.trashHoldsLibraryPanels && header.deleteMode === 'soft' && input.recentlyDeletedOn !== false,
    recentlyDeletedUsers: input.libraryPanels?.recentlyDeletedUsers,
    recentlyDeletedSeen: input.libraryPanels?.recentlyDeletedSeen,
    recentlyDeletedUnread: input.libraryPanels?.recentlyDeletedUnread,
    runSelection: input.runSelection,
  });
  if (library.refusals.length > 0) throw new InputError(library.refusals, true);
  // The folder deletes again, now that the library panels staying in (or leaving) each folder are known.
  const deletes = decideDeletes({ ...deleteInput, libraryPanels: library.folderUse, generalLevelPanels: library.generalLevel, externalFolderPanels: library.inExternalFolders });
  const fromTree = library.dashboards.slice(0, decided.length);
  const dashboards = input.capabilities.uniqueTitlesPerFolder ? orderTitleHandovers([...fromTree, ...deletes.dashboards]) : [...fromTree, ...deletes.dashboards];
  const planned = dashboards.slice(0, fromTree.length);

  const unkeptByStorage = unkeptByStorageUids(input.dashboards);
  // Those whose labels the plan shows as removals have a warning of their own.
  const droppedByApi = input.dashboards.filter((decision, index) => decision.metadataDropped && throughApi[index]!.warning === null).map((decision) => decision.action.uid);
  const written = new Set(planned.filter((action) => action.action !== 'noop').map((action) => action.uid));
  const unreadable: string[] = [];
  const unconvertible: string[] = [];
  const drift: PlanWarning[] = [];
  const heldEdits: PlanWarning[] = [];
  const metadataAsLive = new Set(input.dashboards.filter((decision) => decision.metadataAsLive).map((decision) => decision.action.uid));
  const createdFolders = new Map(folders.filter((folder) => folder.action === 'create').map((folder) => [folder.uid, folder]));
  for (const action of planned) {
    const lastSave = input.lastSaves.get(action.uid);
    if (lastSave === 'unreadable') unreadable.push(action.uid);
    else if (lastSave === 'unconvertible') unconvertible.push(action.uid);
    else if (lastSave && (action.action === 'update' || action.action === 'move') && !movesToSameFolderAnew(action, createdFolders, liveFolders)) {
      const drifted = decideDrift(action, lastSave, metadataAsLive.has(action.uid));
      if (drifted === null) continue;
      // A move of a dashboard file provisioning also keeps (allowUiUpdates) was made in Grafana: said, with what its provisioner does (walk-62 M4).
      const owner = action.live?.owner;
      const warning = action.action === 'move' && owner?.manager === 'provisioning' && !ownerBlocksUpdates(owner) ? { ...drifted, provisionedFrom: owner.id } : drifted;
      const held = input.heldInGit?.held.get(action.uid);
      const movedOnly = input.heldInGit?.movedOnly?.get(action.uid);
      if (held === undefined && movedOnly !== undefined && warning.sameContent === undefined && action.file !== null && action.live !== null) {
        const moveTo = moveToLiveFolder(action.file, action.live.folderUid, input.tree, input.header.root);
        drift.push({ ...warning, movedOnlyIn: movedOnly.commit, liveFolderTitle: action.live.folderTitle, file: action.file, ...(moveTo !== undefined && { moveTo }) });
      } else if (held === undefined) drift.push(warning);
      // Its live version is the one the file was added with (adoption's pull): no edit in Grafana to speak of. Nor is dashsync's
      // own push of a file not committed then, now that a commit holds it (review-68a L4): it is a push like any other.
      else if (!held.imported && warning.uncommittedPush !== true) heldEdits.push(heldInGitNote(warning, held));
    }
  }
  // A delete of a dashboard dashsync pushed and someone saved since (createPlan read only those): that edit goes with it.
  // Their history unread: whether such an edit goes with them is not known, and the plan says so.
  const unreadDeletes: string[] = [];
  const unconvertibleDeletes: string[] = [];
  const unprovenDeletes = deletes.dashboards.filter((action) => input.unprovenInShallowClone?.has(action.uid)).map((action) => action.uid);
  for (const action of deletes.dashboards) {
    const lastSave = input.lastSaves.get(action.uid);
    if (lastSave === 'unreadable') unreadDeletes.push(action.uid);
    else if (lastSave === 'unconvertible') unconvertibleDeletes.push(action.uid);
    const warning = lastSave && typeof lastSave !== 'string' ? decideDrift(action, lastSave) : null;
    if (warning !== null) drift.push({ ...warning, pruned: true, ...(input.pushesBeyondHistory?.has(action.uid) && { pushBeyondHistory: true as const }) });
  }
  // A drift is compared with git where git may hold the edit: an update's with its file's last committed versions
  // (findHeldInGit), a prune delete's with the removed file's (findDeletesHeldInGit; a library panel's delete too,
  // findPrunedPanelsHeldInGit, though not marked cut short). A shallow clone cuts either short: each such drift says so itself, for the apply that keeps it (its conflict line names the
  // fix), and the history-cut note counts it.
  const cutShort = (warning: PlanWarning): PlanWarning => (isCutByShallowClone(warning, input) ? { ...warning, shallowHistory: true } : warning);
  const comparedWithGit = (warning: PlanWarning): boolean => warning.kind === 'drift' && (warning.pruned !== true || (warning.resource === undefined && input.deletesInGit !== undefined));
  const compared = [...drift, ...library.warnings].filter(comparedWithGit);
  const shallow = compared.some((warning) => isCutByShallowClone(warning, input));
  const warnings = [
    ...input.dashboards.flatMap((decision) => nonNull(decision.warning)),
    ...input.dashboards.flatMap((decision) => nonNull(decision.conversionNote ?? null)),
    ...planned.flatMap(secondSourceNote),
    ...drift.map(cutShort),
    ...historyCutNotes(compared.length, { ...input.heldInGit, shallow }),
    ...heldEdits,
    ...deletes.warnings,
    ...describePruneOffSelects(input.leftToOthers, [...deletes.dashboards, ...library.deletes], liveFolders),
    ...library.warnings.map(cutShort),
    ...driftNotChecked(unreadable, 'forbidden'),
    ...driftNotChecked(unconvertible, 'unconvertible'),
    ...driftNotChecked(unreadDeletes, 'forbidden', true),
    ...driftNotChecked(unconvertibleDeletes, 'unconvertible', true),
    ...shallowDeletesNotChecked(unprovenDeletes, input.runSelection),
    ...authorshipNotChecked(input.identityFailure ?? null),
    ...(input.unverifiedFolders ?? []).filter((uid) => !hiddenFolders.has(uid)).map(describeUnverifiedFolder),
    ...unreadableWarnings,
    ...(input.lookAlikes ?? []),
    ...schemaMigrations(decided, input.dashboards, input.capabilities),
    ...noteOlderSchemaVersions(planned),
    ...notLabelKeeping(unkeptByStorage.filter((uid) => written.has(uid))),
    ...labelsNowKept(labelsEarlierStorageDropped(input.dashboards, decided, input.lastSaves)),
    ...labelsThroughApi(droppedByApi.filter((uid) => written.has(uid))),
    ...throughApi.flatMap((decision) => nonNull(decision.warning)),
    ...labelsUnseenThroughApi(header.target.api, header.target.grafanaVersion, planned),
    ...findTitleClashes(dashboards, liveDashboards, (uid) => folders.find((folder) => folder.uid === uid)?.title ?? liveFolders.get(uid)?.title, !input.capabilities.uniqueTitlesPerFolder),
    ...(input.capabilities.uniqueTitlesPerFolder ? findFolderTitleClashes(folders, liveFolders) : []),
    ...(input.capabilities.uniqueTitlesPerFolder ? findFolderDashboardClashes(folders, dashboards, liveFolders, liveDashboards) : []),
    ...uidCaseClashes(input.tree, header.root),
  ];
  const actions = [...folders, ...library.writes, ...planned, ...deletes.dashboards, ...library.deletes, ...deletes.folders];
  const untouched = new Set(input.dashboards.filter((decision) => decision.warning?.kind === 'provisioned').map((decision) => decision.action.uid));
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    ...header,
    managedFolders: deletes.managedFolders,
    actions,
    warnings: sortWarnings(warnings),
    summary: summarizePlan(
      actions,
      { untouched, labelsNotKept: new Set([...unkeptByStorage, ...droppedByApi]) },
      { outsideSelection: deletes.outsideSelection, folderKept: deletes.keptFolders, generalLevel: deletes.generalLevel, notThisTree: deletes.notThisTree, otherEnvironments: deletes.otherEnvironments, pruneOff: deletes.pruneOff, shallowHistory: deletes.shallowHistory, parentOnly: deletes.parentOnly, externalFolders: deletes.externalFolders },
      countUnreadable(unreadableWarnings),
    ),
  };
}

/** A drift git was asked about in a shallow clone (an update's in findHeldInGit, a prune delete's in findDeletesHeldInGit): a full clone may hold its edit. */
function isCutByShallowClone(warning: PlanWarning, input: Pick<PlanInput, 'heldInGit' | 'deletesInGit'>): warning is Extract<PlanWarning, { kind: 'drift' }> {
  if (warning.kind !== 'drift') return false;
  if (warning.pruned !== true) return input.heldInGit?.shallow === true;
  return warning.resource === undefined && input.deletesInGit?.shallow === true;
}

/**
 * A move whose content compared equal to Grafana's, into a folder this plan creates with the title and parent of the one
 * Grafana has it in (a tree made by hand from another tool's folders: findFolderRenames, in createPlan, says how to keep the old uid):
 * the file holds every edit made in Grafana and the dashboard stays in the same folder as anyone sees it, so no drift
 * warning, which a migrated tree would get on every dashboard. Any other move keeps it: someone may have moved the
 * dashboard in Grafana, and applying moves it back.
 */
function movesToSameFolderAnew(action: DashboardAction, createdFolders: ReadonlyMap<string, FolderAction>, liveFolders: ReadonlyMap<string, LiveFolder>): boolean {
  if (action.action !== 'move' || action.changes.length > 0 || action.folderUid === null || !action.live?.folderUid) return false;
  const created = createdFolders.get(action.folderUid);
  const old = liveFolders.get(action.live.folderUid);
  return created !== undefined && old !== undefined && created.title === old.title && created.parentUid === old.parentUid;
}

/**
 * A dashboard that differs only where Grafana rewrote dashsync's last push of this very content
 * (its record matches the file, and that push is still the newest save): no change. A move stays
 * a move, without content changes. Labels and annotations are never Grafana's rewrites, and
 * unified storage changes them without a new generation (a kubectl label edit): their changes
 * stay, also where the object carries no record and only the newest version's message names the
 * content (a dashboard dashsync pushed on legacy SQL storage and the upgrade to 13 moved to unified
 * storage, which keeps them; legacy storage itself shows none as changes: notLabelKeeping).
 * Anything else stays as decided.
 */
function settleRewrite(decision: DashboardDecision, lastSave: LastSave | 'unreadable' | 'unconvertible' | undefined): DashboardAction {
  const { action } = decision;
  if (!isRewriteOfLastPush(decision, lastSave)) return action;
  const authored = action.changes.filter(isAuthoredChange);
  if (action.action === 'move' || authored.length > 0) return { ...action, changes: authored };
  const { write: _write, ...rest } = action;
  return { ...rest, action: 'noop', changes: [], dependsOn: [] };
}

function isRewriteOfLastPush(decision: DashboardDecision, lastSave: LastSave | 'unreadable' | 'unconvertible' | undefined): boolean {
  // A labels-only edit makes the last save someone else's, but leaves the spec as pushed: its rewrite is still Grafana's.
  if (decision.specAsPushed) return true;
  if (lastSave === undefined || typeof lastSave === 'string' || lastSave.byDashsync !== true) return false;
  return decision.rewriteCandidate || (decision.unrecordedSha256 !== undefined && notesPush(lastSave, decision.action.live?.version ?? -1, decision.unrecordedSha256));
}


/**
 * The updates that only add the labels and annotations of a file whose very content dashsync pushed where no record of
 * that push was kept (its newest version's message names the content, and the object carries neither the record nor the
 * labels): legacy SQL storage dropped both, and Grafana has since moved the dashboard to unified storage (12.4's startup
 * move, the upgrade to 13), which keeps them.
 */
function labelsEarlierStorageDropped(decisions: DashboardDecision[], settled: DashboardAction[], lastSaves: PlanInput['lastSaves']): string[] {
  return decisions.flatMap((decision, index) => {
    const action = settled[index]!;
    const onlyAdded = action.action === 'update' && action.changes.length > 0 && action.changes.every((change) => change.kind === 'added' && isAuthoredChange(change));
    const pushedUnrecorded = decision.unrecordedSha256 !== undefined && isRewriteOfLastPush(decision, lastSaves.get(decision.action.uid));
    return onlyAdded && pushedUnrecorded ? [action.uid] : [];
  });
}

/** One note for them (labelsEarlierStorageDropped): a write nobody committed, and why. */
function labelsNowKept(uids: string[]): PlanWarning[] {
  return uidsNote(uids, (shown, count) => {
    const one = count === 1;
    return (
      `labels and annotations now kept: ${shown} ${one ? 'gets' : 'get'} the labels and annotations ${one ? 'its file holds' : 'their files hold'}, which Grafana's earlier storage ` +
      `(legacy SQL) did not keep; Grafana has moved ${one ? 'it' : 'them'} to unified storage, which keeps them (nothing else changes)`
    );
  });
}

/**
 * The dashboards whose files' labels or annotations Grafana does not keep: Grafana's answer says their storage keeps
 * none (legacy SQL storage: DashboardDecision.metadataNotKept). A dashboard without a record on a storage that keeps
 * them (moved from legacy storage by the upgrade to 13) is not one: its labels are planned as an update.
 */
function unkeptByStorageUids(decisions: DashboardDecision[]): string[] {
  return decisions.filter((decision) => decision.metadataNotKept === true).map((decision) => decision.action.uid);
}

/**
 * A note for each classic write through `/apis` that Grafana's migration raises to its schemaVersion (null: not known).
 * When that schemaVersion is only a floor (a hidden or newer release), a file at the floor may be raised past it
 * (a hidden 12.3 or 13 migrates 41 to 42): its note says `maybe`, to at least the next one.
 * `actions`: the decisions' actions as settled (Grafana's rewrite of dashsync's own push is no write).
 */
function schemaMigrations(actions: DashboardAction[], decisions: DashboardDecision[], capabilities: Capabilities): PlanWarning[] {
  const target = capabilities.apisSchemaVersion;
  if (target === null) return [];
  const floor = capabilities.apisSchemaVersionAtLeast;
  return actions.flatMap((action, index) => {
    const from = decisions[index]!.fileSchemaVersion;
    if (from === undefined || action.action === 'noop' || action.file === null || decisions[index]!.migratedBefore) return [];
    const note = { kind: 'schema-migration' as const, uid: action.uid, title: action.title, file: action.file, from };
    if (from < target) return [{ ...note, to: target, ...(floor ? { atLeast: true as const } : {}) }];
    return floor && from === target ? [{ ...note, to: target + 1, atLeast: true as const, maybe: true as const }] : [];
  });
}

/**
 * One note for the dashboards the plan writes whose labels and annotations their storage keeps none of (unkeptByStorageUids).
 * Those it does not write are only counted (PlanSummary.labelsNotKept): a server setting the tree cannot change would
 * otherwise put the same note on every plan.
 */
function notLabelKeeping(uids: string[]): PlanWarning[] {
  return uidsNote(
    uids,
    (shown, count) =>
      `labels and annotations not kept: ${shown} ${count === 1 ? 'is' : 'are'} written to Grafana's legacy SQL storage, which keeps none of a file's labels and annotations, ` +
      'so they are not shown as changes; move the dashboards to unified storage to keep them',
  );
}

/** A write of a dashboard its provisioning file also feeds (allowUiUpdates), which may overwrite it later: a note naming that file. */
function secondSourceNote(action: DashboardAction): PlanWarning[] {
  if (action.action !== 'update' && action.action !== 'move') return [];
  const source = describeSecondSource(action.live?.owner ?? null);
  return source === null ? [] : [{ kind: 'note', uid: action.uid, message: `second source: ${action.uid} ${quoteText(action.live!.title || action.title)} (${action.file}) is ${source}` }];
}

/**
 * One note for the resource files with labels or annotations the plan writes through `/api` (Grafana 11 has no
 * `/apis`; 12+ with --api legacy): Grafana keeps none of them, which the plan cannot show as a change. Those it does
 * not write are only counted, as for notLabelKeeping.
 */
function labelsThroughApi(uids: string[]): PlanWarning[] {
  return uidsNote(
    uids,
    (shown, count) =>
      `labels and annotations not kept: ${shown} ${count === 1 ? 'goes' : 'go'} through /api, which keeps none of a file's labels and annotations ` +
      '(Grafana 11 has no /apis; on 12 and later --api auto writes such a file through /apis)',
  );
}

/**
 * One note naming the uids (sorted, the first 5 and how many more); none when there are none. A note, not a warning:
 * Grafana holds none of these labels, so no write loses any (the write that would remove labels Grafana holds is
 * decideLabelsThroughApi's `labels removed` warning).
 */
function uidsNote(uids: string[], message: (shown: string, count: number) => string): PlanWarning[] {
  if (uids.length === 0) return [];
  const sorted = [...uids].sort();
  const shown = sorted.slice(0, 5).join(', ') + (sorted.length > 5 ? `, … (${sorted.length - 5} more)` : '');
  return [{ kind: 'note', uid: null, message: message(shown, sorted.length) }];
}

/**
 * check's uid-differs-in-case, in the plan too: on Grafana over MySQL both files reach one dashboard, so one
 * update would overwrite (or, conflict-checked, be refused by) the other. `root`: the tree as the plan names it.
 */
function uidCaseClashes(tree: Tree, root: string): PlanWarning[] {
  const display = (absPath: string) => posix.join(root, relative(tree.root, absPath).split(sep).join('/'));
  // A finding of the tree (its rule and file): a run over several environments says it once, naming those whose plans hold it.
  return findUidsDifferingInCase(tree, display).map((clash) => {
    const file = display(clash.absPath);
    return { kind: 'other', uid: clash.uid, message: `${file}: ${clash.message}`, file, rule: 'uid-differs-in-case' };
  });
}

function nonNull<T>(value: T | null): T[] {
  return value === null ? [] : [value];
}

/** A folder to create that Grafana would not show these credentials: absent, or there and hidden. */
function describeUnverifiedFolder(uid: string): PlanWarning {
  return {
    kind: 'other',
    uid,
    message:
      `${unverifiedFolderOpening(uid)}, which Grafana answers a ` +
      `non-Admin for a folder that does not exist as for one hidden from it: planned as a create, which Grafana refuses if it exists`,
  };
}

function unverifiedFolderOpening(uid: string): string {
  return `folder ${uid} is not in Grafana's folder search and a read of it was refused (HTTP 403)`;
}

/** Whether `warning` is describeUnverifiedFolder's (the Action folds those into one note: foldUnverifiedFolders). */
export function isUnverifiedFolderWarning(warning: PlanWarning): warning is Extract<PlanWarning, { kind: 'other' }> & { uid: string } {
  return warning.kind === 'other' && warning.uid !== null && warning.message.startsWith(unverifiedFolderOpening(warning.uid));
}
