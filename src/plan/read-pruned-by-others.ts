import { relative } from 'node:path';
import type { Settings } from '../config/types.js';
import type { DiscoveredTree } from '../files/discover-tree.js';
import { readUnselectedUids, type UidReads } from '../files/read-unselected-uids.js';
import type { Tree } from '../files/types.js';
import { toSlashes } from '../files/tree-paths.js';
import { findRemovedTreeFiles } from '../git/find-removed-dashboard-files.js';
import type { GrafanaPort, ListedDashboard, LiveFolder } from '../grafana/port.js';
import { groupBy } from '../group-by.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import { folderDirOf, type OrgEnvironment } from './claim-prune-off.js';
import { toLiveState } from './decide-dashboard.js';
import { ownerBlocksDelete } from '../grafana/ownership.js';
import { describeHeld } from './find-left-to-other-environments.js';
import { findPrunedByOthers, type PrunedBy } from './find-pruned-by-others.js';
import { claimedDashboardUids } from './select-prune-candidates.js';
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
 * A plan with prune off (ops) where another environment of its Grafana org prunes (production): the dashboards no file of
 * the tree holds in the folders this run deploys files in that such an environment's plan deletes (findPrunedByOthers),
 * one warning per environment, so that ops' reviewers (its PR comment) do not read ops' prune off as a keep. Reads the
 * uids of the files this run's selection leaves out (each file once per run: `uidReads`), and, only when there is such a
 * dashboard, each of them and git's last file of each.
 */
export async function readPrunedByOthers(
  grafana: Pick<GrafanaPort, 'readDashboards'>,
  settings: Pick<Settings, 'environment' | 'environmentsSharingOrg' | 'environmentSelections' | 'prune' | 'root' | 'cwd' | 'concurrency'>,
  read: { tree: Tree; discovered: DiscoveredTree; uidReads: UidReads; liveDashboards: readonly ListedDashboard[]; liveFolders: ReadonlyMap<string, LiveFolder> },
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
  // What prune keeps: every file of the tree holds its dashboard, those this run's selection leaves out too.
  const leftOut = discovered.unselected ?? { dashboardFiles: [], libraryFiles: [] };
  const outside = readUnselectedUids({ dashboardFiles: leftOut.dashboardFiles, libraryFiles: [] }, { display: (absPath) => toSlashes(relative(settings.cwd, absPath)), selection: '', reads: read.uidReads });
  const claimed = new Set([...claimedDashboardUids(tree), ...outside.outside.dashboardUids]);
  const unfiled = read.liveDashboards.filter((hit) => !claimed.has(hit.uid) && deployed.has(hit.folderUid));
  if (unfiled.length === 0) return [];
  // Each read, as the other environment's plan reads its prune's candidates: one another tool owns (provisioned, Terraform…)
  // is not deleted, one gone since is not either; the title (`/apis` lists none) names the file pull would write.
  const titles = new Map<string, string>();
  for await (const { uid, live } of grafana.readDashboards(unfiled.map((hit) => hit.uid), { concurrency: settings.concurrency, signal })) {
    const state = live && toLiveState(live);
    if (state && !(state.owner && ownerBlocksDelete(state.owner))) titles.set(uid, state.title);
  }
  const deletable = unfiled.filter((hit) => titles.has(hit.uid));
  if (deletable.length === 0) return [];
  const removed = await findRemovedTreeFiles(tree.root, { dashboards: deletable.map((hit) => hit.uid), libraryPanels: [] });
  const treeFiles = [...discovered.dashboardFiles, ...discovered.libraryFiles, ...leftOut.dashboardFiles, ...leftOut.libraryFiles].map(rootPath);
  const prunedBy = findPrunedByOthers(
    deletable.map((hit) => ({ ...hit, title: titles.get(hit.uid)! })),
    org,
    settings.environment,
    {
      treeDirs: new Map(folders.map((folder) => [folder.uid, folder.dir])),
      treeFiles,
      removedFiles: new Map([...removed.dashboards].map(([uid, file]) => [uid, file.path])),
      liveFolders: read.liveFolders,
    },
  );
  return describePrunedByOthers([...prunedBy].map(([hit, by]) => ({ folderUid: hit.folderUid, ...by })), read.liveFolders, selection);
}

/**
 * Pure: one warning per environment that deletes dashboards in this run's folders (`1 dashboard in folder "Team" that no
 * file holds is deleted by environment production's next apply, which prunes there unless its maxDeletes refuses that apply (dashsync plan --env production shows
 * it); prune off here keeps only what no environment that prunes owns; to keep it, give it a file in the tree`). The command is this run's (`selection`), for that
 * environment, with `--prune` where it prunes only with this run's flag; the Action's words name its plan step's input.
 */
function describePrunedByOthers(pruned: readonly ({ folderUid: string | null } & PrunedBy)[], liveFolders: ReadonlyMap<string, LiveFolder>, selection: RunSelection = {}): PlanWarning[] {
  return [...groupBy(pruned, (hit) => hit.environment)].map(([environment, hits]): PlanWarning => {
    // One environment's prune is one setting: its first hit's stands for all.
    const runPrune = hits[0]!.runPrune;
    const holding = hits.map((hit) => hit.folderUid);
    const one = holding.length === 1;
    const held = describeHeld({ dashboards: holding.length, libraryPanels: 0 }, holding, liveFolders);
    const shows = (shell: 'cli' | 'action') => (shell === 'action' ? `the plan step with environment: ${environment}` : renderNextCommand({ ...selection, environment, prune: runPrune }, ['plan']));
    return {
      kind: 'other',
      uid: null,
      ...wordedForShells(
        (shell) =>
          `${held} that no file holds ${one ? 'is' : 'are'} deleted by environment ${environment}'s next apply, which prunes there unless its maxDeletes refuses that apply (${shows(shell)} shows ${one ? 'it' : 'them'}); ` +
          `prune off here keeps only what no environment that prunes owns; to keep ${one ? 'it, give it a file' : 'them, give each a file'} in the tree`,
      ),
    };
  });
}
