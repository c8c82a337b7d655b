import pLimit from 'p-limit';
import type { GitInfo } from '../config/read-git-info.js';
import type { Settings } from '../config/types.js';
import { InputError, InterruptedError } from '../errors.js';
import { readTree } from '../files/read-tree.js';
import type { DashboardEntry, Tree } from '../files/types.js';
import type { Folder, GrafanaApi, SearchHit } from '../grafana/types.js';
import { normalizeDashboard } from '../normalize/normalize-dashboard.js';
import { DASHSYNC_VERSION } from '../version.js';
import { detectDrift } from './detect-drift.js';
import { readDesired } from './read-desired.js';
import { planDashboard, toLiveState } from './plan-dashboard.js';
import { planFolderDeletes, planFolders } from './plan-folders.js';
import { managedFolderUids, selectPruneCandidates } from './select-prune-candidates.js';
import { summarizePlan } from './summarize-plan.js';
import { findTitleClashes } from './find-title-clashes.js';
import { PLAN_FORMAT_VERSION, type DashboardAction, type Plan, type PlanWarning } from './types.js';

export interface ProgressEvent {
  phase: 'plan' | 'apply';
  done: number;
  total: number;
}

export interface CreatePlanOptions {
  settings: Settings;
  client: GrafanaApi;
  git: GitInfo;
  onProgress?: (event: ProgressEvent) => void;
  /** Aborts between dashboards (Ctrl-C). */
  signal?: AbortSignal;
}

/**
 * Reads and validates the whole tree (nothing is sent to Grafana if any file is bad), then
 * fetches live state by uid with bounded concurrency and computes the plan. Holds at most
 * `concurrency` full dashboards at a time.
 */
export async function createPlan(options: CreatePlanOptions): Promise<Plan> {
  const { settings, client } = options;
  const { tree, diagnostics } = await readTree({
    root: settings.root,
    cwd: settings.cwd,
    include: settings.include,
    exclude: settings.exclude,
    inputs: settings.inputs,
    minRefreshInterval: settings.minRefreshInterval,
  });
  if (diagnostics.some((d) => d.severity === 'error')) throw new InputError(diagnostics);

  const [server, liveFolderList, liveIndex] = await Promise.all([
    client.serverInfo(),
    client.listAllFolders(),
    readLiveIndex(client),
  ]);
  const liveFolders = new Map(liveFolderList.map((folder) => [folder.uid, folder]));
  const folders = planFolders(tree.folders, liveFolders);

  const warnings: PlanWarning[] = [];
  let ownLogin: Promise<string | null> | undefined;
  const login = () => (ownLogin ??= client.currentLogin());
  const limit = pLimit(settings.concurrency);
  let done = 0;
  const total = tree.dashboards.length;
  options.onProgress?.({ phase: 'plan', done, total });

  const planOne = async (entry: DashboardEntry): Promise<DashboardAction> => {
    if (options.signal?.aborted) throw new InterruptedError('interrupted while planning; nothing was applied');
    const desired = await readDesired(entry.file, settings);
    if (desired.hash !== entry.contentHash) {
      throw new InputError([{ file: entry.file, severity: 'error', rule: 'file-changed', message: 'the file changed while dashsync was reading the tree; run again' }]);
    }
    const live = await client.getDashboard(entry.uid);
    const normalizedLive = live
      ? { dashboard: normalizeDashboard(live.dashboard, { minRefreshInterval: settings.minRefreshInterval }), meta: live.meta }
      : null;
    const action = planDashboard(entry, desired.model, normalizedLive, desired.hash);
    if (action.live?.provisioned && action.action !== 'noop') {
      warnings.push({
        kind: 'provisioned',
        uid: action.uid,
        title: action.title,
        message: `${action.uid} is provisioned in Grafana (file provisioning without UI updates); dashsync leaves it untouched`,
      });
      action.action = 'noop';
    } else if (action.action === 'update' || action.action === 'move') {
      const drift = await detectDrift(client, action, login);
      if (drift) warnings.push(drift);
    }
    done += 1;
    options.onProgress?.({ phase: 'plan', done, total });
    return action;
  };
  const dashboards = await Promise.all(tree.dashboards.map((entry) => limit(() => planOne(entry))));

  const deletes = await planDeletes(options, tree, liveIndex, liveFolders, warnings);
  dashboards.push(...deletes);
  warnings.push(...findTitleClashes(dashboards, liveIndex.values()));
  const folderDeletes = settings.prune ? planFolderDeletes(
    [...managedFolderUids(tree.folders, liveFolders)]
      .filter((uid) => !tree.folders.some((f) => f.uid === uid))
      .map((uid) => liveFolders.get(uid))
      .filter((f): f is Folder => f !== undefined),
    remainingByFolder(liveIndex, dashboards),
    liveFolders,
  ) : [];
  folders.push(...folderDeletes);

  return {
    formatVersion: PLAN_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    tool: { name: 'dashsync', version: DASHSYNC_VERSION },
    target: { url: client.url, orgId: client.orgId ?? null, grafanaVersion: server.version },
    git: options.git,
    root: relativeRoot(settings),
    prune: settings.prune,
    deleteMode: settings.deleteMode,
    folders,
    dashboards,
    warnings,
    summary: summarizePlan(dashboards, folders),
  };
}

async function readLiveIndex(client: GrafanaApi): Promise<Map<string, SearchHit>> {
  const index = new Map<string, SearchHit>();
  for await (const hit of client.search({ type: 'dash-db' })) index.set(hit.uid, hit);
  return index;
}

async function planDeletes(
  options: CreatePlanOptions,
  tree: Tree,
  liveIndex: Map<string, SearchHit>,
  liveFolders: Map<string, Folder>,
  warnings: PlanWarning[],
): Promise<DashboardAction[]> {
  const { settings, client } = options;
  if (!settings.prune) return [];
  const treeUids = new Set(tree.dashboards.map((d) => d.uid));
  const managed = managedFolderUids(tree.folders, liveFolders);
  const candidates = selectPruneCandidates(liveIndex.values(), treeUids, settings.prune, managed);
  const limit = pLimit(settings.concurrency);
  const actions = await Promise.all(
    candidates.map((hit) =>
      limit(async (): Promise<DashboardAction | null> => {
        const live = await client.getDashboard(hit.uid);
        if (!live) return null;
        const state = toLiveState(live);
        if (state.provisioned) {
          warnings.push({ kind: 'provisioned', uid: hit.uid, title: hit.title, message: `${hit.uid} has no file but is provisioned; prune never deletes provisioned dashboards` });
          return null;
        }
        return { action: 'delete', uid: hit.uid, title: state.title, file: null, folderUid: state.folderUid, live: state, changes: [], contentHash: null };
      }),
    ),
  );
  return actions.filter((a): a is DashboardAction => a !== null);
}

function remainingByFolder(liveIndex: Map<string, SearchHit>, dashboards: DashboardAction[]): Map<string, number> {
  const leaving = new Set(dashboards.filter((d) => d.action === 'delete' || d.action === 'move').map((d) => d.uid));
  const counts = new Map<string, number>();
  for (const hit of liveIndex.values()) {
    if (!leaving.has(hit.uid)) counts.set(hit.folderUid, (counts.get(hit.folderUid) ?? 0) + 1);
  }
  return counts;
}

function relativeRoot(settings: Settings): string {
  const rel = settings.root.startsWith(settings.cwd) ? settings.root.slice(settings.cwd.length).replace(/^[/\\]/, '') : settings.root;
  return rel.replace(/\\/g, '/') || '.';
}
