import { posix } from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../config/config-keys.js';
import type { PruneScope } from '../config/types.js';
import { FOLDER_FILE } from '../files/discover-tree.js';
import type { Tree } from '../files/types.js';
import { deriveFolderUid } from '../files/folder-uid.js';
import { describeManager, ownerBlocksDelete, ownerKindName } from '../grafana/ownership.js';
import { foldersOtherToolsKeep } from './folders-other-tools-keep.js';
import type { DashboardOwner, ListedDashboard, LiveFolder, LiveLibraryPanel } from '../grafana/port.js';
import { decideFolderDeletes } from './decide-folders.js';
import { decideManagedFolders } from './decide-managed-folders.js';
import { formerParentsOf, type FolderEvidence } from './known-folder-uids.js';
import { claimedDashboardUids, selectPruneCandidates } from './select-prune-candidates.js';
import { describeExternalFoldersKept } from './external-folders-kept.js';
import { describeGeneralLevelKept, describeNotThisTree, describeParentOnlyKept, describePassedOver, type HistoryCut } from './describe-not-pruned.js';
import type { DecidedLibraryPanels, StayingLibraryPanel } from './decide-library-panels.js';
import { countLeftToOthers, describeLeftToOthers, type LeftToOthers } from './find-left-to-other-environments.js';
import { actionId, type DashboardAction, type FolderAction, type LiveDashboardState, type PlanWarning } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';
import type { RunSelection } from '../report/next-command.js';
import { plural } from '../plural.js';

export interface DecideDeletesInput {
  tree: Tree;
  scope: PruneScope;
  /** Every live dashboard of the org (summaries, never models). */
  liveDashboards: ListedDashboard[];
  liveFolders: Map<string, LiveFolder>;
  /** What Grafana holds for each prune candidate (selectPruneCandidates); null = gone since it was listed. */
  candidates: { uid: string; live: LiveDashboardState | null }[];
  /** What prune leaves to the other environments of this Grafana org (findLeftToOtherEnvironments; not among `candidates`): never deleted here, one warning. */
  leftToOthers?: LeftToOthers;
  /** This run's selection (runSelectionOf): the command that prunes what is left to another environment repeats it. */
  runSelection?: RunSelection;
  /** `folders` scope: the General level's dashboards without a file another tool keeps, by uid (named with the other owned ones, not as the General level's). */
  generalLevelOwners?: ReadonlyMap<string, DashboardOwner>;
  /** The create/update/move/noop actions already decided (moves empty a folder too). */
  planned: DashboardAction[];
  /** Library panels that stay in each folder, and those the plan takes out (decideLibraryPanels). */
  libraryPanels?: DecidedLibraryPanels['folderUse'];
  /** `folders` scope: the General level's library panels without a file (decideLibraryPanels' `generalLevel`), named with its dashboards. */
  generalLevelPanels?: readonly LiveLibraryPanel[];
  /** The folder uids this tree's git history shows it held (knownFolderUids; decideManagedFolders' `known`); undefined: not asked, nothing beyond the tree's directories to tell. */
  knownFolders?: ReadonlySet<string>;
  /** Folders of directories git held with only subdirectories in them (shellFolderUids): deleted once empty when their directory left the tree. */
  shellFolders?: ReadonlySet<string>;
  /** Folder uids config marks another tree's (`externalFolders`): never managed, never named as unproven. */
  externalFolders?: readonly string[];
  /** The config file in use, where a warning says to list a folder under `externalFolders` (default dashsync.config.json). */
  configFile?: string;
  /** The live folders config `externalFolders` lists and those below them (foldersListedExternal): no scope prunes in them; `all` says so once. */
  externalFolderUids?: ReadonlySet<string>;
  /** `all` scope: the library panels without a file in those folders (decideLibraryPanels' `inExternalFolders`), named with the dashboards. */
  externalFolderPanels?: readonly LiveLibraryPanel[];
  /** Why git history ties each known folder to this tree (folderEvidence): a folder pruned on that evidence alone is said so. */
  folderEvidence?: ReadonlyMap<string, FolderEvidence>;
  /** The tree's root as the plan's lines name it (relative to where dashsync ran; `.` by default): a path of the tree is shown under it. */
  rootShown?: string;
  /** Git history cut short: none to ask (not a repository, no commit) or a shallow clone's; said in the warnings about folders not known to be the tree's. */
  historyCut?: HistoryCut;
  /** The commit being applied (full sha): a folder whose directory it removed is pruned as asked, said in a note, not a warning. */
  headCommit?: string | null;
  /** api "legacy" on a Grafana whose `/api` hides other tools' ownership (OwnersUnseen): only the candidates dashsync saved last are deleted. */
  ownersUnseen?: OwnersUnseen;
}

/**
 * A plan through `/api` (api "legacy") on Grafana 12 or later, whose `meta.provisioned` shows classic file provisioning only
 * (Terraform, Git Sync, kubectl and plugin ownership is `grafana.app/managedBy` on `/apis`): `grafana` names the release for
 * the warning (`Grafana 13`), `pushed` holds the prune candidates dashsync saved last (or whose newest save git holds),
 * `notJudged` those whose history these credentials may not read: planned, for the apply to judge (DashboardAction.ownerNotJudged).
 */
export interface OwnersUnseen {
  grafana: string;
  pushed: ReadonlySet<string>;
  notJudged?: ReadonlySet<string>;
  /** Held as not `pushed`, where Grafana could not list the history (12+, an entry it cannot convert): whether dashsync saved it last is not known. */
  unlisted?: ReadonlySet<string>;
  /** The run asked for api "auto" and read /api, as /apis did not answer: `--api auto` is the run that was made. */
  apisUnanswered?: true;
}

export interface DecidedDeletes {
  dashboards: DashboardAction[];
  folders: FolderAction[];
  warnings: PlanWarning[];
  /** Prune's `folders` scope: every managed folder (sorted; empty when prune is off). */
  managedFolders: string[];
  /** Live dashboards in scope that prune leaves alone because only a file outside this run's include/exclude holds their uid. */
  outsideSelection: number;
  /** Live dashboards and library panels without a file at the General level, which the `folders` scope never deletes (one warning names them). */
  generalLevel: number;
  /** Live dashboards and library panels without a file that prune leaves to another environment of this Grafana org, which selects their directory (one warning per environment). */
  otherEnvironments: number;
  /** Of what prune left to other environments, what is left to ones with prune off (no plan deletes it): not in `otherEnvironments`. */
  pruneOff: number;
  /** Live dashboards without a file in folders rules 2 and 3 would take but git does not show to be this tree's, and in folders of directories that hold only subdirectories git never showed holding a dashboard (a warning names each kind). */
  notThisTree: number;
  /** The same, in a shallow clone, whose history may stop before the evidence (counted apart: a full clone may prune them). */
  shallowHistory: number;
  /** Live dashboards without a file directly in folders the tree holds only as a parent (`"parentOnly"`; one note names the folders). */
  parentOnly: number;
  /** Managed folders that left the tree but stay, because library panels or dashboards the plan does not delete are in them (each has its warning). */
  keptFolders: number;
  /** `all` scope: live dashboards and library panels without a file in the folders config `externalFolders` lists (one note names them). */
  externalFolders: number;
}

/**
 * Pure: prune (SPEC §7) as planned deletes — the candidates Grafana still has and nobody
 * else owns (a provisioned dashboard would come back; another tool's is not ours), then the
 * managed folders whose directory left the tree and that will be empty, children first.
 */
export function decideDeletes(input: DecideDeletesInput): DecidedDeletes {
  if (input.scope === false) return { dashboards: [], folders: [], warnings: [], managedFolders: [], outsideSelection: 0, generalLevel: 0, otherEnvironments: 0, pruneOff: 0, notThisTree: 0, shallowHistory: 0, parentOnly: 0, keptFolders: 0, externalFolders: 0 };
  const { tree, liveFolders } = input;
  const warnings: PlanWarning[] = [];
  const dashboards: DashboardAction[] = [];
  const owned: { uid: string; owner: DashboardOwner }[] = [];
  const keptByTools = foldersOtherToolsKeep(liveFolders);
  const inKeptFolders: { uid: string; folder: LiveFolder }[] = [];
  const unseen: string[] = [];
  const notJudged: string[] = [];
  for (const { uid, live } of [...input.candidates].sort((a, b) => a.uid.localeCompare(b.uid))) {
    if (!live || (live.folderUid !== null && input.externalFolderUids?.has(live.folderUid))) continue;
    if (ownerBlocksDelete(live.owner)) {
      owned.push({ uid, owner: live.owner! });
      continue;
    }
    const keeper = live.folderUid === null ? undefined : keptByTools.get(live.folderUid);
    if (keeper) {
      inKeptFolders.push({ uid, folder: keeper });
      continue;
    }
    const judgedAtApply = input.ownersUnseen?.notJudged?.has(uid) === true;
    if (input.ownersUnseen && !input.ownersUnseen.pushed.has(uid) && !judgedAtApply) {
      unseen.push(uid);
      continue;
    }
    if (judgedAtApply) notJudged.push(uid);
    dashboards.push({ kind: 'dashboard', action: 'delete', uid, title: live.title, file: null, folderUid: live.folderUid, live, changes: [], contentHash: null, dependsOn: [], ...(judgedAtApply && { ownerNotJudged: true as const }) });
  }

  if (input.scope === 'folders') for (const [uid, owner] of input.generalLevelOwners ?? []) owned.push({ uid, owner });
  owned.sort((a, b) => a.uid.localeCompare(b.uid));
  if (owned.length > 0) warnings.push({ ...ownedWithoutFile(owned), ...(input.ownersUnseen && { ownersUnseen: true as const }) });
  const unanswered = input.ownersUnseen?.apisUnanswered && { apisUnanswered: true as const };
  if (unseen.length > 0) {
    const unlisted = unseen.filter((uid) => input.ownersUnseen!.unlisted?.has(uid));
    warnings.push({ kind: 'owners-not-seen', uid: null, uids: unseen, grafana: input.ownersUnseen!.grafana, ...unanswered, ...(unlisted.length > 0 && { unlisted }) });
  }
  if (notJudged.length > 0) warnings.push({ kind: 'owners-not-judged', uid: null, uids: notJudged, grafana: input.ownersUnseen!.grafana, ...unanswered });
  if (inKeptFolders.length > 0) warnings.push({ kind: 'other', uid: inKeptFolders[0]!.folder.uid, message: describeKeptInOwnedFolders(inKeptFolders) });

  const { managed, unproven, passedOver, parentOnly, shells } = decideManagedFolders(tree, liveFolders, input.knownFolders, input.externalFolders, input.shellFolders, input.folderEvidence && formerParentsOf(input.folderEvidence));
  const treeFolderUids = new Set([...tree.folders, ...tree.idleFolders].map((f) => f.uid));
  const leftTree = [...[...managed].filter((uid) => !treeFolderUids.has(uid)), ...shells].map((uid) => liveFolders.get(uid));
  const leaving = new Map(
    [...input.planned, ...dashboards].filter((d) => d.action === 'delete' || d.action === 'move').map((d) => [d.uid, d.live?.folderUid ?? null] as const),
  );
  const remainingDashboards = remainingByFolder(input.liveDashboards, leaving);
  const remaining = new Map(remainingDashboards);
  for (const [folderUid, count] of input.libraryPanels?.stayingByFolder ?? []) remaining.set(folderUid, (remaining.get(folderUid) ?? 0) + count);
  const leftFolders: ReadonlySet<string> = new Set(input.leftToOthers?.folders.keys());
  const candidates = leftTree.filter((f): f is LiveFolder => f !== undefined && !keptByTools.has(f.uid) && !leftFolders.has(f.uid));
  const folders = withDirsStillThere(tree, decideFolderDeletes(
    candidates,
    remaining,
    liveFolders,
    new Map([...[...leaving].map(([uid, from]) => [actionId('dashboard', uid), from] as const), ...(input.libraryPanels?.leaving ?? [])]),
  ));
  // A folder kept for the library panels in it is said so, with them: a delete would take them along (or be refused).
  const deleted = new Set(folders.map((folder) => folder.uid));
  let keptFolders = 0;
  const ownedUids = new Set(owned.map((dashboard) => dashboard.uid));
  for (const folder of [...candidates].sort((a, b) => a.uid.localeCompare(b.uid))) {
    if (deleted.has(folder.uid)) continue;
    const panels = input.libraryPanels?.staying.get(folder.uid) ?? [];
    if (panels.length > 0) {
      keptFolders += 1;
      warnings.push({ kind: 'other', uid: folder.uid, message: describeFolderKeptForPanels(folder, panels, remainingDashboards.get(folder.uid) ?? 0) });
      continue;
    }
    const staying = input.liveDashboards.filter((hit) => hit.folderUid === folder.uid && !leaving.has(hit.uid)).map((hit) => hit.uid).sort();
    if (staying.length === 0) continue;
    keptFolders += 1;
    warnings.push({ kind: 'other', uid: folder.uid, message: describeFolderKeptForDashboards(folder, staying, ownedUids) });
  }
  warnings.push(...describePrunedOnHistory(leftTree.filter((f): f is LiveFolder => f !== undefined), folders, dashboards, input.folderEvidence, { tree, headCommit: input.headCommit ?? null, configFile: input.configFile ?? DEFAULT_CONFIG_FILE, rootShown: input.rootShown ?? '.' }));
  const claimed = claimedDashboardUids(tree);
  // What the `folders` scope leaves alone that the operator may expect gone: said, with how to prune it.
  const unprovenFolders = input.scope !== 'folders' ? [] : unproven.map((uid) => liveFolders.get(uid)).filter((f): f is LiveFolder => f !== undefined);
  const notThisTree = unprovenFolders.length === 0 ? 0 : selectPruneCandidates(input.liveDashboards, claimed, 'folders', new Set(unproven)).length;
  // Empty ones are no news: prune would leave them alone either way (audit-ux-11 A14: "0 dashboards … not pruned").
  if (notThisTree > 0) warnings.push(describeNotThisTree(unprovenFolders, notThisTree, input.historyCut, input.configFile));
  // Whatever kept the evidence from git (a pull of a nested folder, a shallow clone, a move of the tree), a tree folder's dashboards left out are counted and named.
  const passedOverKept = input.scope === 'folders' ? selectPruneCandidates(input.liveDashboards, claimed, 'folders', new Set(passedOver)) : [];
  const notInTree = passedOverKept.length;
  if (notInTree > 0) warnings.push(describePassedOver([...new Set(passedOverKept.map((hit) => hit.folderUid!))].map((uid) => liveFolders.get(uid)!), notInTree, input.historyCut));
  // Held only as a parent, by the operator's word: not this tree's, and said as such (a note), never silently.
  const parentOnlyKept = input.scope === 'folders' ? selectPruneCandidates(input.liveDashboards, claimed, 'folders', new Set(parentOnly)) : [];
  if (parentOnlyKept.length > 0) warnings.push(describeParentOnlyKept([...new Set(parentOnlyKept.map((hit) => hit.folderUid!))].map((uid) => liveFolders.get(uid)!), parentOnlyKept.length));
  const shallow = input.historyCut === 'shallow';
  const atGeneral = input.scope === 'folders' ? generalLevelKept(input.liveDashboards, claimed, input.generalLevelOwners) : [];
  const panelsAtGeneral = input.scope === 'folders' ? (input.generalLevelPanels ?? []) : [];
  if (atGeneral.length + panelsAtGeneral.length > 0) warnings.push(describeGeneralLevelKept(atGeneral, panelsAtGeneral, input.ownersUnseen !== undefined));
  if (input.leftToOthers) warnings.push(...describeLeftToOthers(input.leftToOthers, liveFolders, input.runSelection));
  // What the config says is another tree's, `--prune all` leaves too: said once, as the operator asked for the whole org.
  const external = input.externalFolderUids ?? new Set<string>();
  const inExternal = input.scope === 'all' && external.size > 0 ? selectPruneCandidates(input.liveDashboards, claimed, 'all', new Set()).filter((hit) => hit.folderUid !== null && external.has(hit.folderUid)) : [];
  const panelsInExternal = input.scope === 'all' ? (input.externalFolderPanels ?? []) : [];
  if (inExternal.length + panelsInExternal.length > 0) warnings.push(describeExternalFoldersKept(inExternal, panelsInExternal, liveFolders, input.configFile ?? DEFAULT_CONFIG_FILE));
  const outsideSelection = countOutsideSelection(input, managed);
  const keptForYaml = describeKeptForYaml(input, managed);
  if (keptForYaml) warnings.push(keptForYaml);
  // A shell folder the plan deletes is recorded with the managed ones: apply refuses a folder delete outside them.
  const deletedShells = folders.map((folder) => folder.uid).filter((uid) => shells.includes(uid));
  return { dashboards, folders, warnings, managedFolders: [...managed, ...deletedShells].sort(), outsideSelection, generalLevel: atGeneral.length + panelsAtGeneral.length, ...countLeftToOthers(input.leftToOthers), notThisTree: shallow ? 0 : notThisTree + notInTree, shallowHistory: shallow ? notThisTree + notInTree : 0, parentOnly: parentOnlyKept.length, keptFolders, externalFolders: inExternal.length + panelsInExternal.length };
}

/**
 * One line per folder no directory holds that the plan deletes, or deletes dashboards in: the path git held, and the commit that
 * removed it. A removal by the planned commit (HEAD), or in the working tree, is what the operator just did: a note. An older one
 * may be another tree's folder by now: a warning.
 */
function describePrunedOnHistory(
  leftTree: LiveFolder[],
  folders: FolderAction[],
  dashboards: DashboardAction[],
  evidence: ReadonlyMap<string, FolderEvidence> | undefined,
  at: { tree: Tree; headCommit: string | null; configFile: string; rootShown: string },
): PlanWarning[] {
  if (evidence === undefined) return [];
  // The evidence and the tree's directories are root-relative; every other line names a path under the root as shown.
  const shown = (path: string) => (at.rootShown === '.' ? path : `${at.rootShown}/${path}`);
  const touched = new Set([...folders.map((folder) => folder.uid), ...dashboards.map((dashboard) => dashboard.folderUid)]);
  // A directory still there (holding no file the tree reads) is named by the folder-delete line itself.
  for (const folder of folders) if (folder.dir !== null) touched.delete(folder.uid);
  const heldNow = new Map([...at.tree.folders, ...at.tree.idleFolders].map((folder) => [folder.dir, folder.uid]));
  const deletedFolders = new Set(folders.map((folder) => folder.uid));
  return leftTree
    .filter((folder) => touched.has(folder.uid) && evidence.has(folder.uid))
    .sort((a, b) => a.uid.localeCompare(b.uid))
    .map((folder): PlanWarning => {
      const { path: rootPath, removed } = evidence.get(folder.uid)!;
      const path = shown(rootPath);
      const name = `folder ${quoteText(folder.title)} (${folder.uid})`;
      if (removed !== null && removed.commit !== at.headCommit) {
        return {
          kind: 'other',
          uid: folder.uid,
          message: `${deletedFolders.has(folder.uid) ? name : `the dashboards of ${name}`} ${deletedFolders.has(folder.uid) ? 'is' : 'are'} pruned because this tree's git history held ${path}, removed in ${removed.commit.slice(0, 12)} on ${removed.date}; if another tree deploys it now, list its uid under "externalFolders" in ${at.configFile}`,
        };
      }
      const dir = rootPath.endsWith(`/${FOLDER_FILE}`) ? posix.dirname(rootPath) : rootPath;
      const now = heldNow.get(dir);
      // A case-insensitive checkout holds `Team/` for `team/` too: nothing was removed.
      const merged = now === undefined ? [...heldNow.keys()].find((held) => held !== dir && held.toLowerCase() === dir.toLowerCase()) : undefined;
      const how =
        removed !== null
          ? `the planned commit (${removed.commit.slice(0, 12)}) removed ${path}`
          : now !== undefined
            ? `HEAD holds ${path}, and the working tree gives ${shown(dir)} the folder ${now} instead (not committed yet)`
            : merged !== undefined
              ? `HEAD holds ${path}, which this checkout holds as ${shown(merged)}, one directory with it (a case-insensitive file system: see the dir-name-case warning)`
              : `HEAD holds ${path}, which the working tree no longer has (removed, not committed yet)`;
      // Kept (its own line says why): only the dashboards in it are pruned.
      const what = deletedFolders.has(folder.uid) ? `${name} is pruned` : `the dashboards of ${name} are pruned`;
      return { kind: 'note', uid: folder.uid, message: `${what}: ${how}` };
    });
}

/** A folder delete whose directory is still there, holding only files the tree does not read, names it (`dir`): it did not leave the tree. */
function withDirsStillThere(tree: Tree, folders: FolderAction[]): FolderAction[] {
  const dirByUid = new Map((tree.dirsWithoutDashboards ?? []).map((dir) => [deriveFolderUid(dir), dir]));
  return folders.map((folder) => ({ ...folder, dir: dirByUid.get(folder.uid) ?? folder.dir }));
}

const STAYS_BECAUSE: Record<StayingLibraryPanel['why'], string> = {
  'in-use': 'dashboards still use it',
  variable: 'a library variable, which dashsync leaves alone',
  external: 'listed in externalLibraryPanels',
  'v2-unseen': 'v2 dashboards may use it, and /api cannot read them',
  other: 'this plan does not delete it',
};

function describeFolderKeptForPanels(folder: LiveFolder, panels: StayingLibraryPanel[], dashboards: number): string {
  const named = [...panels].sort((a, b) => a.uid.localeCompare(b.uid)).map((panel) => `library panel ${panel.uid} ${quoteText(panel.name)} (${STAYS_BECAUSE[panel.why]})`);
  const alsoDashboards = dashboards > 0 ? ` and ${plural(dashboards, 'dashboard')} that ${dashboards === 1 ? 'stays' : 'stay'}` : '';
  return `folder ${folder.uid} ${quoteText(folder.title)} has no directory in the tree but is kept: it holds ${named.join(', ')}${alsoDashboards}; a folder delete would take them along. It goes once it holds none`;
}

/** Dashboards without a file in folders another tool keeps: prune leaves them, by folder. Server text: escaped when printed. */
function describeKeptInOwnedFolders(kept: { uid: string; folder: LiveFolder & { owner?: DashboardOwner } }[]): string {
  const byFolder = new Map<string, { folder: LiveFolder & { owner?: DashboardOwner }; uids: string[] }>();
  for (const { uid, folder } of kept) {
    const entry = byFolder.get(folder.uid) ?? { folder, uids: [] };
    entry.uids.push(uid);
    byFolder.set(folder.uid, entry);
  }
  const folders = [...byFolder.values()].map(({ folder, uids }) => {
    const named = uids.length > 10 ? `${uids.slice(0, 10).join(', ')}, …` : uids.join(', ');
    return `folder ${quoteText(folder.title)} (${folder.uid}), ${describeManager(folder.owner!)}: ${named}`;
  });
  return `${kept.length} dashboard${kept.length === 1 ? '' : 's'} without a file ${kept.length === 1 ? 'is' : 'are'} in a folder another tool manages; prune never deletes in such a folder, nor the folder: ${folders.join('; ')}`;
}

/** A folder that left the tree but holds dashboards prune leaves (other tools', or outside the selection): kept, and why. */
function describeFolderKeptForDashboards(folder: LiveFolder, staying: string[], owned: ReadonlySet<string>): string {
  const named = staying.length > 10 ? `${staying.slice(0, 10).join(', ')}, …` : staying.join(', ');
  const whose = staying.every((uid) => owned.has(uid)) ? 'other tools manage' : 'prune leaves';
  return `folder ${quoteText(folder.title)} (${folder.uid}) kept: it holds ${staying.length} dashboard${staying.length === 1 ? '' : 's'} ${whose} (${named}), and a folder delete would take them along. It goes once it holds none`;
}

/** The live dashboards that would be candidates but for a file outside the selection that holds their uid. */
function countOutsideSelection(input: DecideDeletesInput, managed: Set<string>): number {
  const outside = input.tree.outsideSelection?.dashboardUids;
  if (outside === undefined || outside.size === 0) return 0;
  const planned = new Set(input.tree.dashboards.map((entry) => entry.uid));
  return selectPruneCandidates(input.liveDashboards, planned, input.scope, managed).filter((hit) => outside.has(hit.uid)).length;
}

/**
 * The live dashboards prune would delete but for a YAML file of the tree that names them (a Git Sync or kubectl resource dashsync does
 * not read): kept, counted and named, so that converting the file (or deleting it) is the operator's choice, not a silent delete.
 */
function describeKeptForYaml(input: DecideDeletesInput, managed: Set<string>): PlanWarning | undefined {
  const yaml = input.tree.yamlDashboardUids;
  if (yaml === undefined || yaml.size === 0) return undefined;
  const others = claimedDashboardUids({ ...input.tree, yamlDashboardUids: undefined });
  const kept = selectPruneCandidates(input.liveDashboards, others, input.scope, managed).filter((hit) => yaml.has(hit.uid));
  if (kept.length === 0) return undefined;
  const named = kept.slice(0, 10).map((hit) => `${hit.uid} (${yaml.get(hit.uid)})`).join(', ');
  const count = kept.length === 1 ? '1 dashboard' : `${kept.length} dashboards`;
  return {
    kind: 'other',
    uid: null,
    message: `prune keeps ${count} without a .json file because a YAML file of the tree names ${kept.length === 1 ? 'it' : 'them'}: ${named}${kept.length > 10 ? ', …' : ''}; dashsync reads only .json: convert the file to manage the dashboard, or delete it to let prune delete the dashboard`,
  };
}

/** `--prune folders`: the General level's dashboards without a file that no other tool owns (the warning names them; none is deleted). */
export function generalLevelKept(liveDashboards: readonly ListedDashboard[], claimed: ReadonlySet<string>, owners: ReadonlyMap<string, DashboardOwner> | undefined): ListedDashboard[] {
  return liveDashboards.filter((hit) => hit.folderUid === null && !claimed.has(hit.uid) && !owners?.has(hit.uid));
}

/** Live dashboards per folder uid that stay where they are after the plan. */
function remainingByFolder(liveDashboards: ListedDashboard[], leaving: Map<string, string | null>): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (const hit of liveDashboards) {
    if (!leaving.has(hit.uid)) counts.set(hit.folderUid, (counts.get(hit.folderUid) ?? 0) + 1);
  }
  return counts;
}

/**
 * One warning for every live dashboard without a file that prune leaves to its owner (Terraform, Git Sync, file
 * provisioning, …): the pull note's advice is to delete those files, after which each plan would otherwise repeat one line per dashboard.
 */
function ownedWithoutFile(owned: { uid: string; owner: DashboardOwner }[]): PlanWarning {
  const owners: Record<string, number> = {};
  for (const { owner } of owned) owners[ownerKindName(owner)] = (owners[ownerKindName(owner)] ?? 0) + 1;
  return { kind: 'owned-no-file', uid: null, uids: owned.map((entry) => entry.uid), owners };
}
