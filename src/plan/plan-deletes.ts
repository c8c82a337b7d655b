import pLimit from 'p-limit';
import type { PruneScope } from '../config/types.js';
import type { Tree } from '../files/types.js';
import type { Folder, GrafanaApi, SearchHit } from '../grafana/types.js';
import { toLiveState } from './plan-dashboard.js';
import { planFolderDeletes } from './plan-folders.js';
import { managedFolderUids, selectPruneCandidates } from './select-prune-candidates.js';
import type { DashboardAction, FolderAction, PlanWarning } from './types.js';

export interface PlanDeletesInput {
  client: GrafanaApi;
  tree: Tree;
  scope: PruneScope;
  concurrency: number;
  /** Every live dashboard of the org (search hits only, never full models). */
  liveIndex: Map<string, SearchHit>;
  liveFolders: Map<string, Folder>;
  /** The create/update/move/noop actions already planned (moves free a folder too). */
  planned: DashboardAction[];
}

export interface PlannedDeletes {
  dashboards: DashboardAction[];
  folders: FolderAction[];
  warnings: PlanWarning[];
}

/**
 * Prune (SPEC §7), as planned deletes: live dashboards without a file in scope, fetched one
 * by one (bounded) to record the live version and skip provisioned ones; then the managed
 * folders whose directory left the tree and that will be empty, children first.
 */
export async function planDeletes(input: PlanDeletesInput): Promise<PlannedDeletes> {
  if (input.scope === false) return { dashboards: [], folders: [], warnings: [] };
  const { client, tree, liveIndex, liveFolders } = input;
  const treeUids = new Set(tree.dashboards.map((d) => d.uid));
  const managed = managedFolderUids(tree.folders, liveFolders);
  const candidates = selectPruneCandidates(liveIndex.values(), treeUids, input.scope, managed);
  const warnings: PlanWarning[] = [];
  const limit = pLimit(input.concurrency);
  const fetched = await Promise.all(
    candidates.map((hit) =>
      limit(async (): Promise<DashboardAction | null> => {
        const live = await client.getDashboard(hit.uid);
        if (!live) return null;
        const state = toLiveState(live);
        // Provisioned even where the provider allows UI edits (meta.provisioned is then false):
        // the provisioning file would bring it back, so prune leaves it alone.
        if (state.provisioned || live.meta.provisionedExternalId !== '') {
          warnings.push({
            kind: 'provisioned',
            uid: hit.uid,
            title: state.title,
            message: `${hit.uid} "${state.title}" has no file but is provisioned in Grafana; prune never deletes provisioned dashboards`,
          });
          return null;
        }
        return { action: 'delete', uid: hit.uid, title: state.title, file: null, folderUid: state.folderUid, live: state, changes: [], contentHash: null };
      }),
    ),
  );
  const dashboards = fetched.filter((a): a is DashboardAction => a !== null);

  const treeFolderUids = new Set(tree.folders.map((f) => f.uid));
  const leftTree = [...managed].filter((uid) => !treeFolderUids.has(uid)).map((uid) => liveFolders.get(uid));
  const folders = planFolderDeletes(
    leftTree.filter((f): f is Folder => f !== undefined),
    remainingByFolder(liveIndex, [...input.planned, ...dashboards]),
    liveFolders,
  );
  return { dashboards, folders, warnings };
}

/** Live dashboards per folder uid that stay where they are after the plan. */
function remainingByFolder(liveIndex: Map<string, SearchHit>, actions: DashboardAction[]): Map<string, number> {
  const leaving = new Set(actions.filter((d) => d.action === 'delete' || d.action === 'move').map((d) => d.uid));
  const counts = new Map<string, number>();
  for (const hit of liveIndex.values()) {
    if (!leaving.has(hit.uid)) counts.set(hit.folderUid, (counts.get(hit.folderUid) ?? 0) + 1);
  }
  return counts;
}
