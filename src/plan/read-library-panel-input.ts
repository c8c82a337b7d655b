import type { Diagnostic } from '../errors.js';
import { locateLibraryPanelRefs } from '../files/locate-library-panel-refs.js';
import { readUtf8File } from '../files/read-utf8-file.js';
import type { Settings } from '../config/types.js';
import { InputError } from '../errors.js';
import type { Tree } from '../files/types.js';
import { readLibraryPanelConnections } from '../grafana/library-elements/read-library-panel-connections.js';
import type { ListedDashboard, GrafanaPort, LiveFolder, LiveLibraryPanel, TrashUnread, V2LibraryPanelUsersOptions } from '../grafana/port.js';
import { judgeLibraryPanelHolders, type LibraryPanelHolderState } from '../grafana/library-elements/judge-library-panel-holders.js';
import { connectionsListedInFull } from '../grafana/library-elements/connections-listed-in-full.js';
import { trashEntriesSeen, type TrashEntriesSeen } from '../grafana/trash-entries-seen.js';
import { decideLibraryPanel } from './decide-library-panel.js';
import { selectLibraryPanelPruneCandidates } from './decide-library-panels.js';
import type { PlanInput } from './decide-plan.js';
import { findLibraryPanelProblems, type LibraryPanelProblem } from './find-library-panel-problems.js';
import { readDesiredLibraryPanel } from './read-desired-library-panel.js';
import { decideManagedFolders } from './decide-managed-folders.js';
import { claimedLibraryPanelUids } from './select-prune-candidates.js';
import { foldersListedExternal } from './external-folders-kept.js';
import type { LibraryPanelAction, LibraryPanelUser } from './types.js';
import { locateInFile } from '../files/locate-in-file.js';
import { runSelectionOf } from '../report/next-command.js';
import { treePathTests } from '../files/select-tree-paths.js';
import { toSlashes } from '../files/tree-paths.js';
import { relative, resolve } from 'node:path';

/** Library panels matter when the tree holds or uses one, or prune may delete one. */
export function usesLibraryPanels(tree: Tree, settings: Settings): boolean {
  return settings.prune !== false || tree.libraryPanels.length > 0 || tree.dashboards.some((entry) => entry.libraryPanels.length > 0);
}

/**
 * The library panel part of the plan's input: problems found against the live library stop the
 * plan before anything is written; each file is read again and decided; the dashboards Grafana
 * connects are read for the panels the plan may delete, and for those it changes where Grafana counts any (the
 * candidates' v2 users are looked for later, once the dashboards are decided: readCandidateUsers from createPlan).
 */
export async function readLibraryPanelInput(
  grafana: GrafanaPort,
  settings: Settings,
  tree: Tree,
  liveFolders: Map<string, LiveFolder>,
  live: LiveLibraryPanel[],
): Promise<NonNullable<PlanInput['libraryPanels']>> {
  const external = new Set(settings.externalLibraryPanels);
  // The tree's own folders only: those only git's history or the dashboards' history shows to be managed are added by createPlan's second pass.
  const managedFolders = decideManagedFolders(tree, liveFolders, new Set()).managed;
  const externalFolders = foldersListedExternal(settings.externalFolders, liveFolders);
  await refuseLibraryPanelProblems(settings, tree, { live, external }, managedFolders, externalFolders);

  const liveByUid = new Map(live.map((panel) => [panel.uid, panel]));
  const writes: LibraryPanelAction[] = tree.libraryPanels.map((entry) => {
    const desired = readDesiredLibraryPanel(entry.file, settings);
    if (desired.hash !== entry.contentHash) {
      throw new InputError([{ file: entry.file, severity: 'error', rule: 'file-changed', message: 'the file changed while dashsync was planning; run again' }]);
    }
    return decideLibraryPanel(entry, desired.content, liveByUid.get(entry.uid) ?? null, desired.hash);
  });
  const changed = writes.filter((write) => write.action === 'update' || write.action === 'move').map((write) => liveByUid.get(write.uid)!);
  // "used by" of a changed panel: where the count is not to be trusted (13.0 before PR #121903 says 0), every one is asked.
  const trusted = (await grafana.describeServer()).capabilities.connectionCountTrusted;
  const asked = changed.filter((panel) => !trusted || panel.connectedDashboards > 0).map((panel) => panel.uid);
  const connections = await readLibraryPanelConnections(grafana, asked, settings.concurrency);
  return readCandidateUsers(grafana, settings, tree, { writes, live, connections, external, v2Users: { found: new Map(), unseen: false } }, { managed: managedFolders, external: externalFolders });
}

type LibraryPanelInput = NonNullable<PlanInput['libraryPanels']>;

/**
 * Problems found against the live library (findLibraryPanelProblems) stop the plan, each reference positioned in its file.
 * Run again once the dashboards' history has shown more folders to be managed: a tree dashboard using a panel in one of
 * those is refused as in a folder the tree manages directly (prune would delete the panel under it).
 */
export async function refuseLibraryPanelProblems(
  settings: Settings,
  tree: Tree,
  { live, external }: Pick<LibraryPanelInput, 'live' | 'external'>,
  managedFolders: ReadonlySet<string>,
  externalFolders?: ReadonlySet<string>,
): Promise<void> {
  const outsideHolders = orgEnvironmentsSelecting(settings, tree.libraryPanelsOutsideSelection?.files);
  const problems = findLibraryPanelProblems({ tree, live, external, scope: settings.prune, managedFolders, ...(externalFolders && { externalFolders }), configFile: settings.configFile, selection: runSelectionOf(settings), ...(outsideHolders && { outsideHolders }) });
  if (problems.length > 0) throw new InputError(await positionProblems(problems, tree));
}

/**
 * In a run of an environment, for each of `files` (uid → path from the working directory), the other environments whose
 * include/exclude select it and that may deploy to this Grafana org (all but those the config file places in another:
 * one without a url in it may deploy here), in config order; undefined in a run of no environment.
 */
function orgEnvironmentsSelecting(settings: Settings, files: ReadonlyMap<string, string> | undefined): Map<string, string[]> | undefined {
  if (settings.environment === undefined || files === undefined || files.size === 0) return undefined;
  const others = Object.entries(settings.environmentSelections).filter(([name]) => name !== settings.environment && settings.environmentsInOtherOrgs[name] === undefined);
  const rootPaths = new Map([...files].map(([uid, file]) => [uid, toSlashes(relative(settings.root, resolve(settings.cwd, file)))]));
  const testsOf = treePathTests([...rootPaths.values()]);
  const selecting = others.map(([name, selection]) => ({ name, selects: testsOf(selection.include, selection.exclude) }));
  return new Map([...rootPaths].map(([uid, path]) => [uid, selecting.filter((other) => other.selects(path)).map((other) => other.name)]));
}

/** Where the v2 users of the prune candidates are looked for (createPlan, once the dashboards are decided). */
export interface V2UserScan {
  /** Whether a connected dashboard may let go of the panel in this plan (the tree's, and the dashboards prune deletes): a panel any other holds stays anyway. */
  mayLetGo: (dashboardUid: string) => boolean;
  /** Dashboards the plan read as v1 (not asked again over `/api`). */
  readAsV1: ReadonlySet<string>;
  signal?: AbortSignal;
}

/**
 * The users of the library panels prune may delete (`folders.managed`: prune's `folders` scope; none in `folders.external`,
 * foldersListedExternal) whose users are not read yet: their
 * connections, always (not their count: 13.0 before PR #121903 counts a table its dashboards no longer write, so
 * a panel in use says 0). With `v2` (the last call, createPlan), where Grafana may leave v2 dashboards out of them
 * (12 on: 12.3 counts none, and no backfill of those saved before 12.4 was found), the v2 dashboards that hold the
 * candidates no staying dashboard holds: one pass, only when there is such a candidate.
 */
export async function readCandidateUsers(
  grafana: GrafanaPort,
  settings: Settings,
  tree: Tree,
  input: LibraryPanelInput,
  folders: { managed: ReadonlySet<string>; external: ReadonlySet<string> },
  v2?: V2UserScan,
): Promise<LibraryPanelInput> {
  const candidates = selectLibraryPanelPruneCandidates(input.live, claimedLibraryPanelUids(tree), input.external, settings.prune, folders.managed, folders.external);
  const asked = input.v2Users?.asked ?? new Set<string>();
  const fresh = candidates.filter((panel) => !asked.has(panel.uid));
  const connections = new Map(input.connections);
  const read = await readLibraryPanelConnections(grafana, fresh.map((panel) => panel.uid), settings.concurrency);
  for (const [uid, dashboards] of read) connections.set(uid, dashboards);
  const allAsked = new Set([...asked, ...fresh.map((panel) => panel.uid)]);
  if (!v2) return { ...input, connections, v2Users: { found: input.v2Users?.found ?? new Map(), unseen: input.v2Users?.unseen ?? false, asked: allAsked } };

  const unheld = new Set(candidates.filter((panel) => (connections.get(panel.uid) ?? []).every(v2.mayLetGo)).map((panel) => panel.uid));
  const scanned = await readV2Users(grafana, unheld, { concurrency: settings.concurrency, signal: v2.signal, readAsV1: v2.readAsV1 });
  // Only the v2 users Grafana leaves out (12.4 and later count the ones saved since).
  const uncounted = new Map<string, string[]>();
  for (const [uid, dashboards] of scanned.found) {
    const counted = new Set(connections.get(uid) ?? []);
    const missing = dashboards.filter((dashboard) => !counted.has(dashboard));
    if (missing.length > 0) uncounted.set(uid, missing);
    connections.set(uid, [...counted, ...missing]);
  }
  return { ...input, connections, v2Users: { found: uncounted, unseen: scanned.unseen, asked: allAsked } };
}

/**
 * Where Grafana may leave v2 dashboards out of a library panel's connections (Capabilities.v2LibraryPanelUsesUncounted),
 * the candidates' v2 users are looked for in the dashboards themselves; `unseen` when this API cannot read them.
 */
export async function readV2Users(grafana: Pick<GrafanaPort, 'describeServer' | 'v2LibraryPanelUsers'>, candidates: ReadonlySet<string>, options: V2LibraryPanelUsersOptions): Promise<{ found: Map<string, string[]>; unseen: boolean }> {
  if (candidates.size === 0 || !(await grafana.describeServer()).capabilities.v2LibraryPanelUsesUncounted) return { found: new Map(), unseen: false };
  const found = await grafana.v2LibraryPanelUsers(candidates, options);
  return found === null ? { found: new Map(), unseen: true } : { found, unseen: false };
}

/** The key of a library panel file that a problem of these rules is about. */
const LIBRARY_FILE_KEYS = new Map([['library-name-taken', 'name'], ['library-name-swap', 'name'], ['library-name-held', 'name'], ['library-uid-taken', 'uid']]);

/** `decide`'s refusals (decidePlan: library-name-held) with the line:col in their files, as the problems found before. */
export async function positionRefusals<T>(decide: () => T, tree: Tree): Promise<T> {
  try {
    return decide();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(await positionProblems(error.diagnostics, tree), error.afterReads);
  }
}

/** Each problem about a reference gets the line:col of that reference in its dashboard file. */
async function positionProblems(problems: LibraryPanelProblem[], tree: Tree): Promise<Diagnostic[]> {
  const absPathByFile = new Map(tree.dashboards.map((entry) => [entry.file, entry.absPath]));
  const libraryAbsPaths = new Map(tree.libraryPanels.map((entry) => [entry.file, entry.absPath]));
  const texts = new Map<string, string | undefined>();
  const positioned: Diagnostic[] = [];
  for (const { refUid, ...diagnostic } of problems) {
    const key = LIBRARY_FILE_KEYS.get(diagnostic.rule);
    const libraryFile = key === undefined ? undefined : libraryAbsPaths.get(diagnostic.file);
    if (key !== undefined && libraryFile !== undefined) {
      positioned.push({ ...diagnostic, ...locateInFile(libraryFile, [key]) });
      continue;
    }
    const absPath = absPathByFile.get(diagnostic.file);
    if (refUid === undefined || absPath === undefined) {
      positioned.push(diagnostic);
      continue;
    }
    if (!texts.has(absPath)) texts.set(absPath, (await readUtf8File(absPath, diagnostic.file)).text);
    const text = texts.get(absPath);
    const at = text === undefined ? undefined : locateLibraryPanelRefs(text, new Set([refUid])).get(refUid);
    positioned.push({ ...diagnostic, ...at });
  }
  return positioned;
}

/**
 * Where Grafana 11's "Recently deleted" keeps connections (Capabilities.softDeleteTrash): the dashboards connected to the
 * prune candidates (`asked`) that the search listing lacks, each read once — the listing leaves out trashed dashboards and
 * those these credentials cannot read alike (judgeLibraryPanelHolders). Elsewhere none are read.
 */
export async function readHoldersOutsideListing(
  grafana: GrafanaPort,
  input: LibraryPanelInput,
  listed: readonly ListedDashboard[],
  concurrency: number,
): Promise<Map<string, LibraryPanelHolderState> | undefined> {
  if (!(await grafana.describeServer()).capabilities.softDeleteTrash) return undefined;
  const known = new Set(listed.map((hit) => hit.uid));
  const asked = input.v2Users?.asked ?? new Set<string>();
  const missing = [...asked].flatMap((uid) => input.connections.get(uid) ?? []).filter((uid) => !known.has(uid));
  return missing.length === 0 ? new Map() : judgeLibraryPanelHolders(grafana, missing, { concurrency });
}

/**
 * Where Grafana no longer counts a dashboard in "Recently deleted" as a library panel's user (unified storage, 12.4 and
 * 13), the prune candidates' users waiting there (GrafanaPort.recentlyDeletedLibraryPanelUsers: one pass over the trash
 * list), so that a delete of one names them. Asked only where there is a candidate; absent where there is no such trash to
 * read; TrashUnread where its list was asked for and could not be read.
 */
export async function readRecentlyDeletedUsers(grafana: GrafanaPort, input: LibraryPanelInput): Promise<ReadonlyMap<string, LibraryPanelUser[]> | TrashUnread | undefined> {
  const asked = input.v2Users?.asked ?? new Set<string>();
  if (asked.size === 0) return undefined;
  return (await grafana.recentlyDeletedLibraryPanelUsers(asked)) ?? undefined;
}

/**
 * Where the trash was read for the candidates' users (readRecentlyDeletedUsers), whether these credentials are shown
 * every entry of it (trashEntriesSeen: the release, then the permissions read, one per port, which a plan that writes
 * dashboards has made already): undefined when they are, or when it was not read.
 */
export async function readTrashEntriesSeen(grafana: GrafanaPort, users: ReadonlyMap<string, LibraryPanelUser[]> | undefined): Promise<Exclude<TrashEntriesSeen, 'all'> | undefined> {
  if (users === undefined) return undefined;
  const seen = await trashEntriesSeen(grafana);
  return seen === 'all' ? undefined : seen;
}

/**
 * Whether Grafana lists the prune candidates' connections to these credentials in full: `connectedDashboards` counts
 * every connection, while `…/connections` leaves out, below org Admin, the dashboards the credentials may not read (11.x,
 * 12 and 13 alike), and on 11.x never lists a row whose dashboard no longer exists, which the panel's delete drops
 * (src/sandbox/README.md, library elements). So where they are listed in full (connectionsListedInFull: an org Admin, or
 * a token whose permissions read every dashboard) a count above the listed connections means such rows, taken as not
 * keeping the panel (on 11.x its delete drops them; on 12 and 13 that is UNCONFIRMED, and a refused delete says so at apply). Asked only where a candidate's count is above its listed connections; false when not known.
 */
export async function readConnectionsListedInFull(grafana: GrafanaPort, input: LibraryPanelInput): Promise<boolean> {
  const asked = input.v2Users?.asked ?? new Set<string>();
  const gap = input.live.some((panel) => asked.has(panel.uid) && panel.connectedDashboards > (input.connections.get(panel.uid) ?? []).length);
  return gap && (await connectionsListedInFull(grafana));
}
