import { relative } from 'node:path';
import type { Settings } from '../config/types.js';
import type { DiscoveredTree } from '../files/discover-tree.js';
import { readUnselectedUids, type UidReads } from '../files/read-unselected-uids.js';
import type { Tree } from '../files/types.js';
import { toSlashes } from '../files/tree-paths.js';
import { findRemovedTreeFiles } from '../git/find-removed-dashboard-files.js';
import type { HistoryDeletionsReader } from '../git/read-history-deletions.js';
import type { GrafanaPort, ListedDashboard, LiveFolder, LiveLibraryPanel } from '../grafana/port.js';
import { readLibraryPanelConnections } from '../grafana/library-elements/read-library-panel-connections.js';
import { readV2Users } from './read-library-panel-input.js';
import { groupBy } from '../group-by.js';
import { joinAnd } from '../report/join-and.js';
import { otherEnvironmentSelection, renderNextCommand, type RunSelection } from '../report/next-command.js';
import { folderDirOf, type OrgEnvironment } from './claim-prune-off.js';
import { toLiveState } from './decide-dashboard.js';
import { ownerBlocksDelete } from '../grafana/ownership.js';
import { describeHeld } from './find-left-to-other-environments.js';
import { findPrunedByOthers, type PrunedBy, type PushedOnly } from './find-pruned-by-others.js';
import { parseRelease } from '../grafana/parse-release.js';
import { findDeletesHeldInGit } from './find-deletes-held-in-git.js';
import { readEditedSincePush } from './read-edited-since-push.js';
import type { LiveDashboard } from '../grafana/port.js';
import { readOwnersUnseen } from './read-owners-unseen.js';
import type { SincePushReader } from './read-since-push.js';
import { claimedDashboardUids, claimedLibraryPanelUids } from './select-prune-candidates.js';
import { foldersOtherToolsKeep } from './folders-other-tools-keep.js';
import type { PlanWarning } from './types.js';
import { wordedForShells } from './worded-for-shells.js';

/** The environments of this run's Grafana org, its own among them, in config order (Settings.environmentsSharingOrg); empty without one. */
export function orgEnvironmentsOf(settings: Pick<Settings, 'environment' | 'environmentsSharingOrg' | 'environmentSelections'>): OrgEnvironment[] {
  const { environment } = settings;
  const group = environment === undefined ? undefined : settings.environmentsSharingOrg.find((names) => names.includes(environment));
  return (group ?? []).flatMap((name) => {
    const selection = settings.environmentSelections[name];
    return selection === undefined ? [] : [[name, selection] as OrgEnvironment];
  });
}

/**
 * A plan with prune off (ops) where another environment of its Grafana org prunes (production): the dashboards and library
 * panels no file of the tree holds in the folders this run deploys files in that such an environment's plan deletes
 * (findPrunedByOthers), one warning per set of environments that delete them, so that ops' reviewers (its PR comment) do not
 * read ops' prune off as a keep. Left out, as those plans leave them: a dashboard another tool owns, one in a folder another
 * tool keeps (or below one: foldersOtherToolsKeep), an external library panel or a library variable. Reads the uids of the
 * files this run's selection leaves out (each file once per run: `uidReads`), the library panels when the plan did not
 * (`libraryPanels` undefined), and, only where there is such a dashboard or panel, each of them (a panel's connections) and
 * git's last file of each. An environment whose plan reads `/api` (api "legacy") on Grafana 12 or later deletes only what
 * dashsync saved last: its candidates are judged by their histories as its plan judges them (readOwnersUnseen, `pushes`: the
 * plan's shared reader), only where such an environment prunes; one whose history these credentials may not read is named
 * as one that environment's apply may delete, judged there (own-64), never counted as held or as a delete. Git's deleted files
 * are the plan's one walk (`historyDeletions`: rev-70c L5).
 */
export async function readPrunedByOthers(
  grafana: Pick<GrafanaPort, 'readDashboards' | 'listLibraryPanels' | 'libraryPanelConnections' | 'describeServer' | 'v2LibraryPanelUsers' | 'defaultDatasource' | 'namedDatasources' | 'writeTargetFor'>,
  settings: Pick<Settings, 'environment' | 'environmentsSharingOrg' | 'environmentSelections' | 'environmentGrafanas' | 'prune' | 'root' | 'cwd' | 'concurrency' | 'externalLibraryPanels' | 'inputs' | 'minRefreshInterval'> & Partial<Pick<Settings, 'configFile'>>,
  read: { tree: Tree; discovered: DiscoveredTree; uidReads: UidReads; liveDashboards: readonly ListedDashboard[]; liveFolders: ReadonlyMap<string, LiveFolder>; libraryPanels?: readonly LiveLibraryPanel[]; pushes: SincePushReader; historyDeletions: HistoryDeletionsReader },
  selection: RunSelection,
  signal?: AbortSignal,
): Promise<PlanWarning[]> {
  const org = orgEnvironmentsOf(settings);
  if (settings.prune !== false || !org.some(([name, { prune }]) => name !== settings.environment && prune !== false)) return [];
  const { tree, discovered } = read;
  const rootPath = (absPath: string) => toSlashes(relative(tree.root, absPath));
  const folders = [...tree.folders, ...tree.idleFolders];
  const folderOfDir = new Map<string, string | null>([['', null], ...folders.map((folder) => [folder.dir, folder.uid] as const)]);
  const deployed = new Set([...tree.dashboards, ...tree.libraryPanels].map((entry) => folderOfDir.get(folderDirOf(rootPath(entry.absPath)))).filter((uid) => uid !== undefined));
  // Another tool's folder, or one below it: those plans delete nothing there (decideDeletes).
  const keptByTools = foldersOtherToolsKeep(read.liveFolders);
  const inReach = (folderUid: string | null) => deployed.has(folderUid) && (folderUid === null || !keptByTools.has(folderUid));
  // What prune keeps: every file of the tree holds its dashboard or library panel, those this run's selection leaves out too.
  const leftOut = discovered.unselected ?? { dashboardFiles: [], libraryFiles: [] };
  const { outside } = readUnselectedUids(leftOut, { display: (absPath) => toSlashes(relative(settings.cwd, absPath)), selection: '', reads: read.uidReads });
  const claimed = new Set([...claimedDashboardUids(tree), ...outside.dashboardUids]);
  const claimedPanels = new Set([...claimedLibraryPanelUids(tree), ...outside.libraryPanelUids]);
  const unfiled = read.liveDashboards.filter((hit) => !claimed.has(hit.uid) && inReach(hit.folderUid));
  const external = new Set(settings.externalLibraryPanels);
  const livePanels = read.libraryPanels ?? (await grafana.listLibraryPanels());
  // Library variables are never pruned (selectLibraryPanelPruneCandidates).
  const panels = livePanels.filter((panel) => panel.kind === 1 && !claimedPanels.has(panel.uid) && !external.has(panel.uid) && inReach(panel.folderUid));
  if (unfiled.length + panels.length === 0) return [];
  // Each read, as the other environment's plan reads its prune's candidates: one another tool owns (provisioned, Terraform…)
  // is not deleted, one gone since is not either; the title (`/apis` lists none) names the file pull would write.
  const titles = new Map<string, string>();
  const heads: LiveDashboard[] = [];
  for await (const { uid, live } of grafana.readDashboards(unfiled.map((hit) => hit.uid), { concurrency: settings.concurrency, signal })) {
    if (live === null) continue;
    const state = toLiveState(live);
    if (state.owner && ownerBlocksDelete(state.owner)) continue;
    titles.set(uid, state.title);
    heads.push(live);
  }
  const deletable = unfiled.filter((hit) => titles.has(hit.uid));
  const connections = await readLibraryPanelConnections(grafana, panels.map((panel) => panel.uid), settings.concurrency);
  // Where Grafana leaves v2 dashboards out of the connections (12.3), the other plan looks in the dashboards for them and keeps
  // a panel one uses, or every candidate where its API cannot read them (readLibraryPanelInput): judged alike here.
  const v2Users = await readV2Users(grafana, new Set(panels.map((panel) => panel.uid)), { concurrency: settings.concurrency, ...(signal && { signal }) });
  // A panel Grafana counts more users of than it lists (users these credentials cannot read) may be kept for them.
  const unfiledPanels = v2Users.unseen
    ? []
    : panels.flatMap((panel) => {
        const users = [...new Set([...(connections.get(panel.uid) ?? []), ...(v2Users.found.get(panel.uid) ?? [])])];
        return panel.connectedDashboards > users.length ? [] : [{ uid: panel.uid, name: panel.name, folderUid: panel.folderUid, users }];
      });
  if (deletable.length + unfiledPanels.length === 0) return [];
  const removed = await findRemovedTreeFiles(tree.root, { dashboards: deletable.map((hit) => hit.uid), libraryPanels: unfiledPanels.map((panel) => panel.uid) }, { historyDeletions: read.historyDeletions });
  const pushedOnly = await readPushedOnly(grafana, settings, org, read, heads, signal);
  const treeFiles = [...discovered.dashboardFiles, ...discovered.libraryFiles, ...leftOut.dashboardFiles, ...leftOut.libraryFiles].map(rootPath);
  const paths = (found: ReadonlyMap<string, { path: string }>) => new Map([...found].map(([uid, file]) => [uid, file.path]));
  const prunedBy = findPrunedByOthers(
    { dashboards: deletable.map((hit) => ({ ...hit, title: titles.get(hit.uid)! })), libraryPanels: unfiledPanels },
    org,
    settings.environment,
    {
      treeDirs: new Map(folders.map((folder) => [folder.uid, folder.dir])),
      treeFiles,
      removedFiles: { dashboards: paths(removed.dashboards), libraryPanels: paths(removed.libraryPanels) },
      liveFolders: read.liveFolders,
    },
    pushedOnly,
  );
  const folderOf = new Map(unfiledPanels.map((panel) => [panel.uid, panel.folderUid]));
  return describePrunedByOthers(
    [
      ...[...prunedBy.dashboards].map(([hit, by]) => ({ kind: 'dashboard' as const, folderUid: hit.folderUid, by })),
      ...[...prunedBy.libraryPanels].map(([uid, by]) => ({ kind: 'library-panel' as const, folderUid: folderOf.get(uid)!, by })),
    ],
    read.liveFolders,
    selection,
  );
}

/**
 * The environments of `org` that prune and whose plans read `/api` (api "legacy", as the config sets it) on this Grafana, if it
 * runs 12 or later, with the candidates (`heads`) that count as dashsync's as in that plan (judgeSavedLastByDashsync: dashsync
 * saved it last, or git holds that newest save, findDeletesHeldInGit): those are all such a plan deletes (decideDeletes'
 * ownersUnseen), and `notJudged` those whose history these credentials may not read. Undefined where no such environment
 * prunes, or on 11.x.
 */
async function readPushedOnly(
  grafana: Parameters<typeof readPrunedByOthers>[0],
  settings: Parameters<typeof readPrunedByOthers>[1],
  org: readonly OrgEnvironment[],
  { pushes, historyDeletions }: { pushes: SincePushReader; historyDeletions: HistoryDeletionsReader },
  heads: readonly LiveDashboard[],
  signal: AbortSignal | undefined,
): Promise<PushedOnly | undefined> {
  const legacy = org.filter(([name, { prune }]) => name !== settings.environment && prune !== false && settings.environmentGrafanas?.[name]?.api === 'legacy').map(([name]) => name);
  if (legacy.length === 0 || heads.length === 0) return undefined;
  const { version } = await grafana.describeServer();
  const release = parseRelease(version);
  if (release === null || release.major < 12) return undefined;
  const edited = await readEditedSincePush(pushes, heads, settings.concurrency);
  const edits = new Map([...edited].flatMap(([uid, edit]) => (typeof edit === 'string' ? [] : [[uid, edit.save] as const])));
  const liveFolderOf = new Map(heads.map((head) => [head.uid, head.folderUid] as const));
  const inGit = await findDeletesHeldInGit(edits, (uid) => liveFolderOf.get(uid), grafana, settings, historyDeletions, signal);
  const seen = await readOwnersUnseen('legacy', version, pushes, heads, (uid) => inGit.held.has(uid), settings.concurrency);
  if (seen === undefined) return undefined;
  return { environments: new Set(legacy), pushed: seen.pushed, ...(seen.notJudged && seen.notJudged.size > 0 && { notJudged: seen.notJudged }) };
}

/** What one warning of describePrunedByOthers is about: a dashboard or library panel, its folder, and every environment that deletes it. */
interface PrunedHit {
  kind: 'dashboard' | 'library-panel';
  folderUid: string | null;
  by: readonly PrunedBy[];
}

/**
 * Pure: one warning per set of environments that delete dashboards or library panels in this run's folders (`1 dashboard in
 * folder "Team" that no file holds is deleted by environment production's next apply, which prunes there unless its
 * maxDeletes refuses that apply (dashsync plan --env production shows it); prune off here keeps only what no environment that
 * prunes owns; to keep it, give it a file in the tree`; several: `… is deleted by whichever of environments production and
 * staging applies next, as each prunes there unless its maxDeletes refuses that apply (dashsync plan --env production and
 * dashsync plan --env staging show it); …`). The command is this run's (`selection`), for that environment, with `--prune`
 * and `--include`/`--exclude` only where its plan in this run uses them (otherEnvironmentSelection); the Action's words name
 * its plan step's input.
 */
function describePrunedByOthers(pruned: readonly PrunedHit[], liveFolders: ReadonlyMap<string, LiveFolder>, selection: RunSelection = {}): PlanWarning[] {
  const keyOf = (hit: PrunedHit) => hit.by.map((by) => `${by.environment}${by.ownerNotJudged ? '\u0001' : ''}`).join('\u0000');
  return [...groupBy(pruned, keyOf)].map(([, hits]): PlanWarning => {
    // One environment's flags are one setting: its first hit's stand for all.
    const environments = hits[0]!.by;
    const counts = { dashboards: hits.filter((hit) => hit.kind === 'dashboard').length, libraryPanels: hits.filter((hit) => hit.kind === 'library-panel').length };
    const one = hits.length === 1;
    const held = describeHeld(counts, hits.map((hit) => hit.folderUid), liveFolders);
    const names = environments.map((by) => by.environment);
    const single = names.length === 1;
    const shows = (shell: 'cli' | 'action') =>
      shell === 'action'
        ? `the plan ${single ? 'step' : 'steps'} with ${joinAnd(names.map((name) => `environment: ${name}`))}`
        : joinAnd(environments.map((by) => renderNextCommand(otherEnvironmentSelection(selection, by), ['plan'])));
    const deleter = single
      ? `environment ${names[0]}'s next apply, which prunes there`
      : `whichever of environments ${joinAnd(names)} applies next, as each prunes there`;
    // Through /api on 12+ that environment deletes only what dashsync saved last, which these credentials may not read (own-64).
    const unjudged = environments.every((by) => by.ownerNotJudged);
    const verb = unjudged ? `may be deleted by ${deleter} through /api (api "legacy")` : `${one ? 'is' : 'are'} deleted by ${deleter}`;
    const when = unjudged
      ? `, if dashsync saved ${one ? 'it' : 'them'} last and its maxDeletes does not refuse that apply: its apply reads ${one ? 'its' : 'their'} version history, which these credentials may not read`
      : ' unless its maxDeletes refuses that apply';
    return {
      kind: 'other',
      uid: null,
      ...wordedForShells(
        (shell) =>
          `${held} that no file holds ${verb}${when} (${shows(shell)} ${single ? 'shows' : 'show'} ${one ? 'it' : 'them'}); ` +
          `prune off here keeps only what no environment that prunes owns; to keep ${one ? 'it, give it a file' : 'them, give each a file'} in the tree`,
      ),
    };
  });
}

