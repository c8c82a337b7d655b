import type { TrashEntriesSeen } from '../grafana/trash-entries-seen.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import type { PruneScope } from '../config/types.js';
import type { Diagnostic } from '../errors.js';
import type { Tree } from '../files/types.js';
import type { ListedDashboard, LiveLibraryPanel } from '../grafana/port.js';
import type { LibraryPanelHolderState } from '../grafana/library-elements/judge-library-panel-holders.js';
import { toLiveLibraryPanelState } from './decide-library-panel.js';
import { decideDrift, judgedSave } from './decide-drift.js';
import { describeLibraryReach } from './describe-library-reach.js';
import { ownerLabel } from '../grafana/ownership.js';
import { describeLibraryPanelUsers } from '../report/describe-library-panel-users.js';
import { findNameHandovers } from './find-name-handovers.js';
import { handoverName } from './handover-name.js';
import { claimedLibraryPanelUids } from './select-prune-candidates.js';
import { actionId, type ActionId, type DashboardAction, type LibraryPanelAction, type LibraryPanelUser, type PlanWarning } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';
import { describeUnseenTrashEntries } from '../report/describe-trash-sight.js';
import { plural } from '../plural.js';
import { groupBy } from '../group-by.js';

export interface LibraryPanelPlanInput {
  tree: Tree;
  /** decideLibraryPanel for every library panel of the tree, in tree order. */
  writes: LibraryPanelAction[];
  /** Every live library element (panels and variables). */
  live: LiveLibraryPanel[];
  /** Dashboard uids Grafana connects to a library panel: read for those the plan changes or may delete, where Grafana counts any. */
  connections: Map<string, string[]>;
  /**
   * Grafana 12.3 leaves v2 dashboards out of a library panel's connections (and lets the panel be deleted under them):
   * the prune candidates' v2 users found in the dashboards themselves (`found`, also in `connections`), or `unseen`
   * when the org holds v2 dashboards this API cannot read — then no candidate is deleted. Absent: the release counts them.
   */
  v2Users?: { found: Map<string, string[]>; unseen: boolean };
  scope: PruneScope;
  managedFolders: Set<string>;
  external: ReadonlySet<string>;
  /** The live folders config `externalFolders` lists, and those below them (foldersListedExternal): no prune scope takes a panel there. */
  externalFolders?: ReadonlySet<string>;
  /** Library panels without a file that prune leaves to another environment of this Grafana org (findLeftToOtherEnvironments): not deleted here. */
  leftToOthers?: ReadonlySet<string>;
  /** Every dashboard action of the plan (saves, noops and deletes). */
  dashboards: DashboardAction[];
  liveDashboards: ListedDashboard[];
  /** Grafana 11: a dashboard in "Recently deleted" keeps its connections (listed, and counted in `connectedDashboards`). */
  softDeleteTrash?: boolean;
  /**
   * Connected dashboards the search listing lacks, each read (judgeLibraryPanelHolders): the listing leaves out those
   * in "Recently deleted" and those these credentials cannot read alike, so only a read tells a trashed holder from a
   * live one. Absent, or a uid not in it: a user like any other.
   */
  holdersOutsideListing?: ReadonlyMap<string, LibraryPanelHolderState>;
  /**
   * Grafana lists every connection to these credentials (an org Admin, or permissions that read every dashboard:
   * connectionsListedInFull): a count above the listed ones is rows of dashboards that no longer exist, which the
   * panel's delete drops. Otherwise such a gap keeps the panel (`unseen`).
   */
  connectionsListedInFull?: boolean;
  /** Grafana 11.6 and later 11.x: such a holder does not keep the panel (its delete drops their connections, PR #99612). */
  trashLetsGo?: boolean;
  /** Library panels whose live element a committed version of their file holds (findHeldInGit; a pruned one's removed file: findPrunedPanelsHeldInGit): no drift warning. */
  heldInGit?: ReadonlySet<string>;
  /**
   * The plan's dashboard deletes leave their library panel connections in place: Grafana 11's soft delete into "Recently
   * deleted" (on, or not known to be off) keeps them until the purge, and before 11.6 they block the panel's delete. Such
   * a delete frees no name for this apply.
   */
  deletesKeepConnections?: boolean;
  /**
   * Grafana 11.6 and later 11.x with a soft delete: the plan's dashboard deletes move them to "Recently deleted", where
   * Grafana would let the panel go under them (PR #99612), so that one restored from there showed an error in its place.
   * dashsync keeps a panel while dashboards this plan soft-deletes use it (--delete-mode hard lets it go).
   */
  trashedByPlanKeep?: boolean;
  /**
   * Where Grafana no longer counts a dashboard in "Recently deleted" as a library panel's user (unified storage, 12.4 and
   * 13: GrafanaPort.recentlyDeletedLibraryPanelUsers): the prune candidates' users waiting there, by panel uid. Present
   * (even empty) only where the trash could be read, which also means the plan's own dashboard deletes land there. A
   * delete of such a panel goes ahead (Grafana allows it, and dashsync cannot empty that trash), and its warning names them.
   */
  recentlyDeletedUsers?: ReadonlyMap<string, readonly LibraryPanelUser[]>;
  /**
   * Where `recentlyDeletedUsers` was read: these credentials are not known to be shown every entry of that trash
   * (TrashEntriesSeen: Grafana shows one only to whoever deleted the dashboard and to those who may set its permissions),
   * so others may wait there unseen: each delete's warning says so.
   */
  recentlyDeletedSeen?: Exclude<TrashEntriesSeen, 'all'>;
  /**
   * Where that trash's list was asked for and could not be read (`recentlyDeletedUsers` then absent): its failure. A delete of
   * a prune candidate goes ahead as where the list is read (Grafana allows it), and its warning says the users there are not known.
   */
  recentlyDeletedUnread?: string;
  /** This run's selection (runSelectionOf): the restore the warnings advise repeats it (--env, --api…). */
  runSelection?: RunSelection;
}

export interface DecidedLibraryPanels {
  writes: LibraryPanelAction[];
  deletes: LibraryPanelAction[];
  /** The dashboard actions, each save depending on the library panel writes it uses. */
  dashboards: DashboardAction[];
  warnings: PlanWarning[];
  /**
   * Tree panels whose save Grafana would refuse because a panel prune keeps, or cannot delete before that save, holds
   * their name in their folder (`library-name-held`, on the panel's file): the plan stops on them.
   */
  refusals: Diagnostic[];
  /**
   * For folder deletes: live library panels that stay in each folder (how many, and which, with why the plan
   * leaves each), and the actions that take one out (by action id → its live folder).
   */
  folderUse: { stayingByFolder: Map<string | null, number>; staying: Map<string | null, StayingLibraryPanel[]>; leaving: Map<ActionId, string | null> };
  /** `folders` scope: the General level's library panels without a file, which that scope never deletes (named in the General level's warning). */
  generalLevel: LiveLibraryPanel[];
  /** `all` scope: the library panels without a file in `externalFolders`, which that scope leaves too (named in the note that says so). */
  inExternalFolders: LiveLibraryPanel[];
}

/** A live library panel the plan leaves in its folder, and why (for the line of a folder it keeps). */
export interface StayingLibraryPanel {
  uid: string;
  name: string;
  /**
   * in-use: dashboards that stay use it; variable: a library variable (dashsync leaves those alone); external: listed in
   * externalLibraryPanels; v2-unseen: v2 dashboards may use it and this API cannot read them; other: prune does not reach it.
   */
  why: 'in-use' | 'variable' | 'external' | 'v2-unseen' | 'other';
}

/**
 * No library panel in the tree's files, in Grafana, or among the panels the tree's dashboards use: decideLibraryPanels has
 * nothing to decide and leaves every dashboard action as it is (a plan of dashboards alone skips its passes over them).
 */
export function holdsNoLibraryPanel(input: Pick<LibraryPanelPlanInput, 'writes' | 'live' | 'tree'>): boolean {
  return input.writes.length === 0 && input.live.length === 0 && input.tree.dashboards.every((entry) => entry.libraryPanels.length === 0);
}

/**
 * Pure: library panels across the plan. Each write names the dashboards it reaches (the tree's
 * users and Grafana's connections), warns when someone else changed it in Grafana, and waits for
 * the write or delete of a panel that gives up the folder and name it takes (orderNameHandovers); each
 * dashboard save waits for the library panels it uses; prune deletes the live library panels in
 * scope that have no file, unless a dashboard that stays still uses one (Grafana refuses that
 * delete; the warning names the dashboards) — a delete waits for the dashboard saves and deletes
 * that let go of it.
 */
export function decideLibraryPanels(input: LibraryPanelPlanInput): DecidedLibraryPanels {
  if (holdsNoLibraryPanel(input)) {
    const none = { stayingByFolder: new Map(), staying: new Map(), leaving: new Map() };
    return { writes: [], deletes: [], dashboards: input.dashboards, warnings: [], refusals: [], folderUse: none, generalLevel: [], inExternalFolders: [] };
  }
  const outside = input.holdersOutsideListing ?? new Map<string, LibraryPanelHolderState>();
  // A connected dashboard's title is read where the listing had none (titlesToRead, read by createPlan); still none: gone since.
  // Built the first time a panel's users are named: a plan with no library panel to write or prune never needs it.
  let titles: Map<string, string> | undefined;
  const titleOf = (uid: string): string => (titles ??= dashboardTitles(input, outside)).get(uid) ?? '';
  // Whose each user is: another tool's (its mark on /apis), or no file of this tree holds it (another team's, another repository's).
  const ownerOf = new Map(input.liveDashboards.flatMap((hit) => (hit.owner ? [[hit.uid, hit.owner] as const] : [])));
  // The tree's files outside this run's selection are the tree's too: another run of it deploys them.
  const treeUids = new Set([...input.tree.dashboards.map((entry) => entry.uid), ...(input.tree.outsideSelection?.dashboardUids ?? [])]);
  const keptBy = (uid: string): string | undefined => {
    const owner = ownerOf.get(uid);
    return owner ? ownerLabel(owner) : treeUids.has(uid) ? undefined : 'no file in this tree';
  };
  // A dashboard the plan deletes has no owner left to tell of a panel's change (walk-71 L4): said deleted instead.
  const deletedByPlan = new Set(input.dashboards.filter((dashboard) => dashboard.action === 'delete').map((dashboard) => dashboard.uid));
  // A delete's users are those the plan deletes or saves without it: whose they are changes nothing.
  const users = (uids: Iterable<string>, marked = true): LibraryPanelUser[] =>
    [...new Set(uids)].sort().map((uid) => {
      const deleted = marked && deletedByPlan.has(uid);
      const by = marked && !deleted ? keptBy(uid) : undefined;
      return { uid, title: titleOf(uid), ...(by !== undefined && { keptBy: by }), ...(deleted && { deletedByPlan: true as const }) };
    });
  const uses = input.tree.dashboards.flatMap((entry) => entry.libraryPanels.map((panel) => ({ panel, user: entry.uid })));
  const treeUsers = groupBy(uses, ({ panel }) => panel, ({ user }) => user);

  const liveByUid = new Map(input.live.map((panel) => [panel.uid, panel]));
  const warnings: PlanWarning[] = [];
  const usedWrites = input.writes.map((write) => {
    const usedBy = users([...(treeUsers.get(write.uid) ?? []), ...(input.connections.get(write.uid) ?? [])]);
    const live = liveByUid.get(write.uid);
    if (live && (write.action === 'update' || write.action === 'move') && !input.heldInGit?.has(write.uid)) {
      const drift = decideDrift({ uid: write.uid, title: write.title, live: { title: live.name } }, judgedSave(live));
      if (drift?.kind === 'drift') warnings.push({ ...drift, resource: 'library-panel' });
    }
    return { ...write, usedBy };
  });
  const reach = describeLibraryReach(usedWrites);
  if (reach !== null) warnings.push(reach);

  const written = new Set(usedWrites.filter((w) => w.action !== 'noop').map((w) => w.uid));
  const entryByUid = new Map(input.tree.dashboards.map((entry) => [entry.uid, entry]));
  const dashboards = input.dashboards.map((dashboard) => {
    if (dashboard.action === 'delete' || dashboard.action === 'noop') return dashboard;
    const libraryPanels = entryByUid.get(dashboard.uid)?.libraryPanels ?? [];
    if (libraryPanels.length === 0) return dashboard;
    const uses = libraryPanels.filter((uid) => written.has(uid)).map((uid) => actionId('library-panel', uid));
    return { ...dashboard, libraryPanels, dependsOn: [...new Set([...dashboard.dependsOn, ...uses])] };
  });

  // A dashboard lets go of a library panel when the plan deletes it, or saves it without the panel.
  const letsGo = new Map<string, DashboardAction>();
  for (const dashboard of dashboards) {
    if (dashboard.action === 'delete' || dashboard.action === 'create' || dashboard.action === 'update' || dashboard.action === 'move') letsGo.set(dashboard.uid, dashboard);
  }
  const planned: LibraryPanelAction[] = [];
  const inUse = new Map<string, LibraryPanelUser[]>();
  const v2Unseen = new Set<string>();
  // Grafana 11 lists a dashboard in "Recently deleted" among the connections; so does it one these credentials cannot read.
  const inTrash = (uid: string) => input.softDeleteTrash === true && outside.get(uid)?.state === 'trashed';
  const unreadable = (uid: string) => outside.get(uid)?.state === 'unreadable';
  const trashedByPlan = (uid: string) => input.trashedByPlanKeep === true && letsGo.get(uid)?.action === 'delete';
  for (const panel of selectLibraryPanelPruneCandidates(input.live, claimedLibraryPanelUids(input.tree), input.external, input.scope, input.managedFolders, input.externalFolders)) {
    if (input.leftToOthers?.has(panel.uid)) continue;
    // The tree's own users too: one the plan creates, or that newly takes the panel, is not among Grafana's connections yet.
    const listed = input.connections.get(panel.uid) ?? [];
    const connected = listed.filter((uid) => !(input.trashLetsGo === true && inTrash(uid)));
    const holders = [...new Set([...connected, ...(treeUsers.get(panel.uid) ?? [])])];
    const staying = holders.filter((uid) => {
      const dashboard = letsGo.get(uid);
      if (dashboard?.action === 'delete') return trashedByPlan(uid);
      return !dashboard || (entryByUid.get(uid)?.libraryPanels ?? []).includes(panel.uid);
    });
    // Grafana counts every connection but lists, below org Admin, only those of dashboards the credentials may read.
    const unseen = input.connectionsListedInFull !== true ? Math.max(0, panel.connectedDashboards - listed.length) : 0;
    if (staying.length > 0 || unseen > 0) {
      const uncounted = new Set(input.v2Users?.found.get(panel.uid) ?? []);
      warnings.push({ kind: 'other', uid: panel.uid, message: describeKeptPanel(panel, users(staying, false), { inTrash, trashedByPlan, unreadable, unseen }, uncounted) });
      inUse.set(panel.uid, users(staying, false));
      continue;
    }
    if (input.v2Users?.unseen === true) {
      warnings.push({ kind: 'other', uid: panel.uid, message: describeUnseenV2Users(panel) });
      v2Unseen.add(panel.uid);
      continue;
    }
    const waiting = input.recentlyDeletedUsers && waitingInTrash(panel.uid, input.recentlyDeletedUsers, users(holders.filter((uid) => letsGo.get(uid)?.action === 'delete'), false));
    if (waiting && waiting.users.length > 0) {
      warnings.push({ kind: 'other', uid: panel.uid, message: describeDeletedUnderTrash(panel, waiting, input.runSelection) + describePartialTrash(input.recentlyDeletedSeen, 'others') });
    } else if (waiting && input.recentlyDeletedSeen !== undefined) {
      warnings.push({ kind: 'other', uid: panel.uid, message: describeTrashUnseen(panel, input.recentlyDeletedSeen, input.runSelection) });
    } else if (input.recentlyDeletedUnread !== undefined) {
      warnings.push({ kind: 'other', uid: panel.uid, message: describeTrashUnread(panel, input.recentlyDeletedUnread, input.runSelection) });
    }
    planned.push({
      kind: 'library-panel',
      action: 'delete',
      uid: panel.uid,
      title: panel.name,
      file: null,
      folderUid: panel.folderUid,
      live: toLiveLibraryPanelState(panel),
      contentHash: null,
      changes: [],
      usedBy: users(holders, false),
      dependsOn: holders.map((uid) => actionId('dashboard', uid)).sort(),
      ...(waiting && waiting.users.length > 0 ? { inRecentlyDeleted: waiting.users } : {}),
    });
  }
  const deletedDashboards = new Set(dashboards.filter((dashboard) => dashboard.action === 'delete').map((dashboard) => actionId('dashboard', dashboard.uid)));
  const handedOver = orderNameHandovers(usedWrites, planned, { live: input.live, inUse, v2Unseen, deletedDashboards, deletesKeepConnections: input.deletesKeepConnections === true, trashedByPlan });
  const { writes, deletes } = handedOver;
  // A pruned panel dashsync created and someone changed since: that change goes with it, unless its removed file's commits
  // hold it (a panel handing its name over is renamed by the taker's save first, so it is not among them).
  for (const panel of deletes) {
    const live = liveByUid.get(panel.uid);
    if (!live || panel.handsNameOver || live.created?.byDashsync !== true || input.heldInGit?.has(panel.uid)) continue;
    const drift = decideDrift({ uid: panel.uid, title: panel.title, live: { title: live.name } }, judgedSave(live));
    if (drift !== null) warnings.push({ ...drift, resource: 'library-panel', pruned: true });
  }
  const why = (panel: LiveLibraryPanel): StayingLibraryPanel['why'] =>
    inUse.has(panel.uid) ? 'in-use' : v2Unseen.has(panel.uid) ? 'v2-unseen' : panel.kind !== 1 ? 'variable' : input.external.has(panel.uid) ? 'external' : 'other';
  const generalLevel = input.scope === 'folders' ? generalLevelPanelsKept(input.live, claimedLibraryPanelUids(input.tree), input.external, input.leftToOthers) : [];
  const inExternalFolders = input.scope === 'all' && input.externalFolders !== undefined ? externalFolderPanelsKept(input.live, claimedLibraryPanelUids(input.tree), input.external, input.externalFolders) : [];
  return { writes, deletes, dashboards, warnings, refusals: handedOver.refusals, folderUse: folderUse(input.live, [...writes, ...deletes], why), generalLevel, inExternalFolders };
}

/** The General level's library panels (not variables) without a file that are not another tree's or environment's: `--prune folders` keeps them, said. */
function generalLevelPanelsKept(live: LiveLibraryPanel[], treeUids: ReadonlySet<string>, external: ReadonlySet<string>, leftToOthers: ReadonlySet<string> | undefined): LiveLibraryPanel[] {
  return live.filter((panel) => panel.kind === 1 && panel.folderUid === null && !treeUids.has(panel.uid) && !external.has(panel.uid) && !leftToOthers?.has(panel.uid));
}

/** The library panels (not variables) without a file in the folders `externalFolders` lists or below them: `--prune all` keeps them, said. */
function externalFolderPanelsKept(live: LiveLibraryPanel[], treeUids: ReadonlySet<string>, external: ReadonlySet<string>, externalFolders: ReadonlySet<string>): LiveLibraryPanel[] {
  return live.filter((panel) => panel.kind === 1 && panel.folderUid !== null && externalFolders.has(panel.folderUid) && !treeUids.has(panel.uid) && !external.has(panel.uid));
}

/** What orderNameHandovers needs besides the writes and deletes. */
interface HandoverContext {
  live: LiveLibraryPanel[];
  /** Prune candidates kept because dashboards that stay use them: those dashboards. */
  inUse: ReadonlyMap<string, LibraryPanelUser[]>;
  /** Prune candidates kept because v2 dashboards this API cannot read may use them. */
  v2Unseen: ReadonlySet<string>;
  /** The dashboard deletes of the plan (action ids): they let go of a library panel before any write, where a delete disconnects. */
  deletedDashboards: ReadonlySet<ActionId>;
  deletesKeepConnections: boolean;
  /** A dashboard this plan soft-deletes that keeps the panels it uses (DecideLibraryPanelsInput.trashedByPlanKeep). */
  trashedByPlan: (uid: string) => boolean;
}

/**
 * Each write waits for the panel that gives up the folder and name it takes (Grafana allows a name once per folder):
 * another write, or a delete of this plan. An unheld delete, or one whose holders are all deleted first, runs before
 * that write (derivePhases). One that dashboards the plan saves still hold cannot go first (they are saved after the
 * library panel writes, perhaps with this very panel, and Grafana refuses to delete a panel in use): it hands the name
 * over instead (`handsNameOver`: apply renames it to a free name just before the write; its delete waits for them). A
 * holder that Grafana 11's soft delete keeps connected never lets go in this apply, and a panel without a file that prune
 * keeps (in use) keeps the name: both are refusals, as Grafana would refuse the save (findLibraryPanelProblems refused
 * any other holder).
 */
function orderNameHandovers(
  writes: LibraryPanelAction[],
  deletes: LibraryPanelAction[],
  context: HandoverContext,
): { writes: LibraryPanelAction[]; deletes: LibraryPanelAction[]; refusals: Diagnostic[] } {
  const placed = (action: LibraryPanelAction, deleted: boolean) => ({ uid: action.uid, folderUid: action.folderUid, name: action.title, live: action.live, ...(deleted ? { deleted: true as const } : {}) });
  const { waitsFor } = findNameHandovers([...writes.map((write) => placed(write, false)), ...deletes.map((deleted) => placed(deleted, true))]);
  const deleted = new Map(deletes.map((action) => [action.uid, action]));
  const planned = new Set(writes.map((write) => write.uid));
  const nameKey = (folderUid: string | null, name: string) => `${folderUid ?? ''}\u0000${name}`;
  const kept = new Map(context.live.filter((panel) => panel.kind === 1 && !planned.has(panel.uid) && !deleted.has(panel.uid)).map((panel) => [nameKey(panel.folderUid, panel.name), panel]));
  const refusals: Diagnostic[] = [];
  const refuse = (write: LibraryPanelAction, message: string) => refusals.push({ file: write.file!, severity: 'error', rule: 'library-name-held', message });
  const handovers = new Map<string, NonNullable<LibraryPanelAction['handsNameOver']>>();
  const takenNames = namesTaken(context.live, writes);
  const ordered = writes.map((write) => {
    const holder = waitsFor.get(write.uid);
    const keeper = write.action === 'noop' ? undefined : kept.get(nameKey(write.folderUid, write.title));
    if (keeper !== undefined) refuse(write, describeNameKept(write, keeper, context.inUse.get(keeper.uid) ?? (context.v2Unseen.has(keeper.uid) ? 'v2-unseen' : undefined), context.trashedByPlan));
    if (holder === undefined) return write;
    const heldDelete = deleted.get(holder);
    const waitForIt = { ...write, dependsOn: [...write.dependsOn, actionId('library-panel', holder)] };
    if (heldDelete === undefined || heldDelete.dependsOn.length === 0) return waitForIt;
    const trashed = context.deletesKeepConnections ? heldDelete.dependsOn.filter((id) => context.deletedDashboards.has(id)) : [];
    if (trashed.length > 0) {
      refuse(write, describeNameHeldInTrash(write, heldDelete, new Set(trashed)));
      return write;
    }
    if (heldDelete.dependsOn.every((id) => context.deletedDashboards.has(id))) return waitForIt;
    handovers.set(holder, { to: write.uid, renameTo: freeHandoverName(heldDelete, write.uid, takenNames) });
    return write;
  });
  const handing = deletes.map((action) => {
    const handover = handovers.get(action.uid);
    return handover === undefined ? action : { ...action, handsNameOver: handover };
  });
  return { writes: ordered, deletes: handing, refusals };
}

/** Folder → the names (lower case: MySQL compares them so) its library elements have now or take in this plan. */
function namesTaken(live: readonly LiveLibraryPanel[], writes: readonly LibraryPanelAction[]): Map<string | null, Set<string>> {
  const taken = new Map<string | null, Set<string>>();
  const add = (folderUid: string | null, name: string) => {
    const names = taken.get(folderUid) ?? new Set<string>();
    names.add(name.toLowerCase());
    taken.set(folderUid, names);
  };
  for (const panel of live) add(panel.folderUid, panel.name);
  for (const write of writes) add(write.folderUid, write.title);
  return taken;
}

/**
 * The name a panel that hands its name over carries until its delete: no element of its folder has it now or takes it
 * in this plan (Grafana keeps a name to 150 characters; uids to 40, so this fits). Marked taken for the next one.
 */
function freeHandoverName(holder: LibraryPanelAction, takerUid: string, taken: Map<string | null, Set<string>>): string {
  const names = taken.get(holder.folderUid) ?? new Set<string>();
  let name = handoverName(holder.uid, takerUid);
  for (let n = 2; names.has(name.toLowerCase()); n += 1) name = handoverName(holder.uid, takerUid, n);
  names.add(name.toLowerCase());
  taken.set(holder.folderUid, names);
  return name;
}

const RENAME_FOR_ONE_APPLY = 'give this panel another name (or folder) for one apply and take the name back in a later commit';

/** `trashed`: the holders (action ids) the plan soft-deletes into Grafana 11's "Recently deleted", which keeps them connected. */
function describeNameHeldInTrash(write: LibraryPanelAction, holder: LibraryPanelAction, trashed: ReadonlySet<ActionId>): string {
  const uids = new Set([...trashed].map((id) => id.replace(/^dashboard:/, '')));
  const named = describeLibraryPanelUsers(holder.usedBy.filter((user) => uids.has(user.uid)));
  const why =
    `which prune deletes, but dashboards ${named} are connected to it and this plan soft-deletes them into Grafana 11's "Recently deleted", ` +
    'which keeps them connected until they are purged (Grafana refuses to delete a panel in use)';
  return describeNameHeld(write, holder.uid, holder.live!.folderUid, holder.live!.folderTitle, why, `apply with --delete-mode hard (which purges them), or ${RENAME_FOR_ONE_APPLY}`);
}

/** `staying`: the dashboards that keep the panel, or `v2-unseen` (v2 dashboards this API cannot read may use it). */
function describeNameKept(
  write: LibraryPanelAction,
  keeper: LiveLibraryPanel,
  staying: readonly LibraryPanelUser[] | 'v2-unseen' | undefined,
  trashedByPlan: (uid: string) => boolean,
): string {
  if (staying === undefined || staying === 'v2-unseen') {
    const why = staying === undefined ? 'prune keeps it' : 'prune keeps it, as v2 dashboards this API cannot read may use it (use api: auto or k8s to let dashsync look in them)';
    return describeNameHeld(write, keeper.uid, keeper.folderUid, keeper.folderTitle, `which has no file but stays: ${why}`, RENAME_FOR_ONE_APPLY);
  }
  if (staying.every((user) => trashedByPlan(user.uid))) {
    const why = `which has no file but stays: dashboards ${describeLibraryPanelUsers(staying)} use it and this plan soft-deletes them into "Recently deleted", where dashsync keeps their panel (restored, they show it)`;
    return describeNameHeld(write, keeper.uid, keeper.folderUid, keeper.folderTitle, why, `apply with --delete-mode hard (which purges them), or ${RENAME_FOR_ONE_APPLY}`);
  }
  const why = `which has no file but stays: dashboards ${describeLibraryPanelUsers(staying)} are connected to it and stay (Grafana refuses to delete a panel in use)`;
  return describeNameHeld(write, keeper.uid, keeper.folderUid, keeper.folderTitle, why, `${RENAME_FOR_ONE_APPLY}, or first apply a commit that moves those dashboards off ${keeper.uid}`);
}

function describeNameHeld(write: LibraryPanelAction, holderUid: string, folderUid: string | null, folderTitle: string, why: string, fix: string): string {
  const where = folderUid === null ? 'the General level' : `folder ${quoteText(folderTitle)}`;
  return `takes the name ${quoteText(write.title)} in ${where} from library panel ${holderUid}, ${why}; Grafana allows a name once per folder, so it would refuse this panel's save: ${fix}`;
}

function describeKeptPanel(
  panel: LiveLibraryPanel,
  staying: LibraryPanelUser[],
  holders: { inTrash: (uid: string) => boolean; trashedByPlan: (uid: string) => boolean; unreadable: (uid: string) => boolean; unseen: number },
  uncounted: ReadonlySet<string>,
): string {
  const waiting = staying.filter((user) => holders.inTrash(user.uid));
  const hidden = staying.filter((user) => holders.unreadable(user.uid));
  const using = staying.filter((user) => !holders.inTrash(user.uid) && !holders.unreadable(user.uid));
  const leaving = using.filter((user) => holders.trashedByPlan(user.uid));
  const toTrash = leaving.length > 0 ? ` (this plan moves ${describeLibraryPanelUsers(leaving)} to "Recently deleted": kept while they wait there, so that one restored from there shows it; --delete-mode hard lets it go)` : '';
  const v2 = using.filter((user) => uncounted.has(user.uid));
  const v2Note = v2.length > 0 && v2.length < using.length ? ` (v2 dashboards, which this Grafana does not count: ${describeLibraryPanelUsers(v2)})` : '';
  const cannotRead = hidden.map((user) => user.uid);
  const unlisted =
    holders.unseen > 0
      ? [
          // Every release's delete ignores rows of dashboards that no longer exist: 11.x and 12 drop them first, 13 looks its
          // users up by search (settled: src/sandbox/README.md, library elements, Delete and "below org Admin").
          `${holders.unseen} it does not list to these credentials (dashboards they cannot read, or rows left by dashboards deleted long ago, which Grafana's ` +
            'delete ignores; plan as an org Admin (a user, or a token of that role), who is shown every connection, to have it deleted if none is a dashboard)',
        ]
      : [];
  const groups = [
    ...(using.length > 0 ? [`${describeLibraryPanelUsers(using)}${toTrash}${v2Note}`] : []),
    ...(waiting.length > 0
      ? [
          `in Grafana's "Recently deleted": ${describeLibraryPanelUsers(waiting)} (Grafana 11 before 11.6 counts them until they are purged: ` +
            'empty them from "Recently deleted" in Grafana to let it go; --delete-mode hard purges only the dashboards an apply deletes)',
        ]
      : []),
    ...(cannotRead.length > 0 ? [`dashboards these credentials cannot read: ${cannotRead.join(', ')} (plan with credentials that read every dashboard to see them)`] : []),
    ...unlisted,
  ];
  const why =
    using.length > 0 && v2.length === using.length && waiting.length + cannotRead.length + unlisted.length === 0
      ? 'dashsync never deletes a library panel in use; this Grafana does not count v2 dashboards as using one and would let it go'
      : using.length > 0 && leaving.length === using.length && waiting.length + cannotRead.length + unlisted.length === 0
        ? 'Grafana 11.6 and later would delete it under them'
        : 'Grafana refuses to delete a library panel in use';
  const counted = holders.unseen > 0 ? `has no file, and Grafana counts ${plural(staying.length + holders.unseen, 'connection')} to it` : `has no file but is used by ${plural(staying.length, 'dashboard')}`;
  return `library panel ${panel.uid} ${quoteText(panel.name)} ${counted}: ${groups.join('; ')}; not deleted (${why})`;
}

/** The dashboards in "Recently deleted" that use a panel prune deletes: those already there, and those this plan moves there (`moved`). */
interface WaitingInTrash {
  users: LibraryPanelUser[];
  moved: ReadonlySet<string>;
}

function waitingInTrash(panelUid: string, already: ReadonlyMap<string, readonly LibraryPanelUser[]>, movedThere: readonly LibraryPanelUser[]): WaitingInTrash {
  const byUid = new Map([...(already.get(panelUid) ?? []), ...movedThere].map((user) => [user.uid, user]));
  return { users: [...byUid.keys()].sort().map((uid) => byUid.get(uid)!), moved: new Set(movedThere.map((user) => user.uid)) };
}

/**
 * A panel prune deletes although dashboards in "Recently deleted" use it: Grafana on unified storage (12.4, 13) counts
 * them no more and allows the delete, and dashsync cannot empty that trash, so keeping the panel for them would keep it
 * for as long as Grafana keeps them there (up to a year). The warning names them and how one comes back whole.
 */
function describeDeletedUnderTrash(panel: LiveLibraryPanel, waiting: WaitingInTrash, selection: RunSelection | undefined): string {
  const moved = waiting.users.filter((user) => waiting.moved.has(user.uid));
  const by = moved.length === 0 ? '' : ` (this plan moves ${describeLibraryPanelUsers(moved)} there)`;
  return (
    `library panel ${panel.uid} ${quoteText(panel.name)} has no file and prune deletes it, but dashboards in Grafana's "Recently deleted" use it: ` +
    `${describeLibraryPanelUsers(waiting.users)}${by}; Grafana no longer counts them as its users and lets it go, so one taken back from there ` +
    `shows an error in its place unless ${renderNextCommand(selection, ['restore', panel.uid])} brings the panel back first (apply backs it up before the delete)`
  );
}

/**
 * Where these credentials are not known to see every entry of "Recently deleted" (TrashEntriesSeen), the clause that says
 * `others` (or `some`) using the panel may wait there unseen.
 */
function describePartialTrash(seen: Exclude<TrashEntriesSeen, 'all'> | undefined, which: 'others' | 'some'): string {
  if (seen === undefined) return '';
  return `; ${describeUnseenTrashEntries(seen, which)} (plan with an org Admin's token to see ${seen === 'readable' ? 'every entry' : 'entries others deleted'})`;
}

/** A panel prune deletes where the trash shows these credentials none of its users, but may hide some (describePartialTrash). */
function describeTrashUnseen(panel: LiveLibraryPanel, seen: Exclude<TrashEntriesSeen, 'all'>, selection: RunSelection | undefined): string {
  return (
    `library panel ${panel.uid} ${quoteText(panel.name)} has no file and prune deletes it; no dashboard in Grafana's "Recently deleted" that these ` +
    `credentials can see uses it${describePartialTrash(seen, 'some')}; one taken back from there would show an error in the panel's place ` +
    `unless ${renderNextCommand(selection, ['restore', panel.uid])} brings the panel back first (apply backs it up before the delete)`
  );
}

/** A panel prune deletes where "Recently deleted" was asked for its users and its list could not be read (`why`). */
function describeTrashUnread(panel: LiveLibraryPanel, why: string, selection: RunSelection | undefined): string {
  return (
    `library panel ${panel.uid} ${quoteText(panel.name)} has no file and prune deletes it; whether a dashboard in Grafana's "Recently deleted" uses it ` +
    `cannot be told: its list could not be read (${why}); one taken back from there would show an error in the panel's place ` +
    `unless ${renderNextCommand(selection, ['restore', panel.uid])} brings the panel back first (apply backs it up before the delete)`
  );
}

/** Which releases leave v2 dashboards out of a library panel's users (src/sandbox/README.md, library elements). */
export const V2_UNCOUNTED_RELEASES =
  '(12.0–12.3 count none; 12.4 and later leave out those saved before 12.4 unless Grafana re-indexed them, as 13 does on its first start over legacy storage)';

function describeUnseenV2Users(panel: LiveLibraryPanel): string {
  return (
    `library panel ${panel.uid} ${quoteText(panel.name)} has no file and Grafana connects no dashboard to it, but this Grafana may not count v2 dashboards ` +
    `as using a library panel ${V2_UNCOUNTED_RELEASES}, and the org holds v2 dashboards, which /api cannot read; ` +
    `not deleted (use api: auto or k8s to let dashsync look in them)`
  );
}

/**
 * Pure: live library panels without a file that prune would delete — panels only (dashsync
 * leaves library variables alone), never the external ones (`externalLibraryPanels`, and those in `externalFolders`:
 * foldersListedExternal); `folders` scope: only inside managed folders (never the shared General level); `all`: the whole org.
 */
export function selectLibraryPanelPruneCandidates(
  live: LiveLibraryPanel[],
  treeUids: ReadonlySet<string>,
  external: ReadonlySet<string>,
  scope: PruneScope,
  managedFolders: ReadonlySet<string>,
  externalFolders: ReadonlySet<string> = new Set(),
): LiveLibraryPanel[] {
  if (scope === false) return [];
  return live
    .filter((panel) => panel.kind === 1 && !treeUids.has(panel.uid) && !external.has(panel.uid))
    .filter((panel) => panel.folderUid === null || !externalFolders.has(panel.folderUid))
    .filter((panel) => scope === 'all' || (panel.folderUid !== null && managedFolders.has(panel.folderUid)))
    .sort((a, b) => a.uid.localeCompare(b.uid));
}

function folderUse(live: LiveLibraryPanel[], actions: LibraryPanelAction[], why: (panel: LiveLibraryPanel) => StayingLibraryPanel['why']): DecidedLibraryPanels['folderUse'] {
  const leaving = new Map<ActionId, string | null>();
  for (const action of actions) {
    if (action.live && (action.action === 'delete' || action.action === 'move')) leaving.set(actionId('library-panel', action.uid), action.live.folderUid);
  }
  const kept = live.filter((panel) => !leaving.has(actionId('library-panel', panel.uid)));
  const staying = groupBy(kept, (panel) => panel.folderUid, (panel): StayingLibraryPanel => ({ uid: panel.uid, name: panel.name, why: why(panel) }));
  const stayingByFolder = new Map<string | null, number>([...staying].map(([folderUid, panels]) => [folderUid, panels.length]));
  return { stayingByFolder, staying, leaving };
}

/** The title of every dashboard a library panel's users may name: the plan's own, the listing's, and the live holders the listing lacks. */
function dashboardTitles(input: Pick<LibraryPanelPlanInput, 'liveDashboards' | 'dashboards'>, outside: ReadonlyMap<string, LibraryPanelHolderState>): Map<string, string> {
  const titles = new Map<string, string>();
  for (const hit of input.liveDashboards) if (hit.title !== null) titles.set(hit.uid, hit.title);
  for (const dashboard of input.dashboards) titles.set(dashboard.uid, dashboard.title);
  for (const [uid, holder] of outside) if (holder.state === 'live' && !titles.has(uid)) titles.set(uid, holder.title);
  return titles;
}
