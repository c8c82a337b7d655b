import { relative } from 'node:path';
import pLimit from 'p-limit';
import type { GitInfo } from '../config/read-git-info.js';
import type { Settings } from '../config/types.js';
import { ConfigError, InputError, InterruptedError } from '../errors.js';
import { readTree } from '../files/read-tree.js';
import { assertOrgAccess } from '../grafana/assert-org-access.js';
import type { DashboardEntry } from '../files/types.js';
import type { GrafanaApi, SearchHit } from '../grafana/types.js';
import { normalizeDashboard } from '../normalize/normalize-dashboard.js';
import { DASHSYNC_VERSION } from '../version.js';
import { createDriftChecker } from './detect-drift.js';
import { findFolderUidConflicts, sharesFolderUidSpace } from './find-folder-uid-conflicts.js';
import { findTitleClashes } from './find-title-clashes.js';
import { planDashboard } from './plan-dashboard.js';
import { planDeletes } from './plan-deletes.js';
import { planFolders } from './plan-folders.js';
import { readDesired } from './read-desired.js';
import { sortWarnings } from './sort-warnings.js';
import { summarizePlan } from './summarize-plan.js';
import { PLAN_FORMAT_VERSION, type DashboardAction, type Plan, type PlanWarning } from './types.js';
import { hashContentSettings } from './hash-content-settings.js';

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
 * Reads and validates the whole tree first (nothing is sent to Grafana if any file is bad),
 * then fetches live state by uid with bounded concurrency and computes the plan. At most
 * `concurrency` full dashboards (file + live) are in memory at once; the live index holds
 * search hits only.
 */
export async function createPlan(options: CreatePlanOptions): Promise<Plan> {
  const { settings, client } = options;
  refuseShardedPrune(settings);
  const { tree, diagnostics } = await readTree(settings);
  if (diagnostics.some((d) => d.severity === 'error')) throw new InputError(diagnostics);

  await assertOrgAccess(client);
  const [server, liveFolderList, liveIndex] = await Promise.all([client.serverInfo(), client.listAllFolders(), readLiveIndex(client)]);
  const liveFolders = new Map(liveFolderList.map((folder) => [folder.uid, folder]));
  const folders = planFolders(tree.folders, liveFolders);

  const warnings: PlanWarning[] = [];
  const drift = createDriftChecker(client);
  const limit = pLimit(settings.concurrency);
  const total = tree.dashboards.length;
  let done = 0;
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
        message: `${action.uid} "${action.title}" (${entry.file}) is provisioned in Grafana from a file that does not allow UI updates; dashsync leaves it untouched (${action.changes.length} difference(s) not applied)`,
      });
      action.action = 'noop';
      action.changes = [];
    } else if (action.action === 'update' || action.action === 'move') {
      const warning = await drift.check(action);
      if (warning) warnings.push(warning);
    }
    done += 1;
    options.onProgress?.({ phase: 'plan', done, total });
    return action;
  };
  const dashboards = await Promise.all(tree.dashboards.map((entry) => limit(() => planOne(entry))));

  const deletes = await planDeletes({ client, tree, scope: settings.prune, concurrency: settings.concurrency, liveIndex, liveFolders, planned: dashboards });
  dashboards.push(...deletes.dashboards);
  folders.push(...deletes.folders);
  warnings.push(
    ...deletes.warnings,
    ...drift.notes(),
    ...findTitleClashes(dashboards, liveIndex.values()),
    ...(sharesFolderUidSpace(server.version) ? findFolderUidConflicts(dashboards, liveFolders) : []),
  );

  return {
    formatVersion: PLAN_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    tool: { name: 'dashsync', version: DASHSYNC_VERSION },
    target: { url: client.url, orgId: client.orgId ?? null, grafanaVersion: server.version, environment: settings.environment ?? null },
    git: options.git,
    root: relativeRoot(settings),
    prune: settings.prune,
    deleteMode: settings.deleteMode,
    contentSettingsHash: hashContentSettings(settings),
    folders,
    dashboards,
    warnings: sortWarnings(warnings),
    summary: summarizePlan(dashboards, folders),
  };
}

/**
 * A run that reads only part of the tree (include/exclude) cannot tell a dashboard whose file
 * it skipped from one whose file was deleted, so prune would delete the skipped ones.
 */
function refuseShardedPrune(settings: Settings): void {
  if (settings.prune === false || (settings.include.length === 0 && settings.exclude.length === 0)) return;
  throw new ConfigError([
    'prune cannot be combined with include/exclude: dashboards whose files this run skips would be planned as deletes. ' +
      'Prune from a run over the whole tree, or drop --prune (or "prune" in dashsync.config.json) for sharded runs',
  ]);
}

/** Every live dashboard as a search hit (uid, title, folder): for title clashes and prune. */
async function readLiveIndex(client: GrafanaApi): Promise<Map<string, SearchHit>> {
  const index = new Map<string, SearchHit>();
  for await (const hit of client.search({ type: 'dash-db' })) index.set(hit.uid, hit);
  return index;
}

function relativeRoot(settings: Settings): string {
  return relative(settings.cwd, settings.root).replace(/\\/g, '/') || '.';
}
