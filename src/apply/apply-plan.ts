import pLimit from 'p-limit';
import type { DeleteMode, Settings } from '../config/types.js';
import type { GrafanaApi } from '../grafana/types.js';
import type { ProgressEvent } from '../plan/create-plan.js';
import type { DashboardAction, Plan } from '../plan/types.js';
import { applyFolderChanges, applyFolderDeletes } from './apply-folders.js';
import { createApplyRun, type ApplyRun } from './apply-run.js';
import { checkPlanTarget } from './check-plan-target.js';
import { assertOrgAccess } from '../grafana/assert-org-access.js';
import { deleteDashboardAction } from './delete-dashboard-action.js';
import { createTitleTakeoverCheck } from './find-title-takeover.js';
import { saveDashboardAction, type SaveContext } from './save-dashboard-action.js';
import type { ApplyResult } from './types.js';
import { verifyPlanFiles } from './verify-plan-files.js';

export interface ApplyPlanOptions {
  plan: Plan;
  settings: Settings;
  client: GrafanaApi;
  /** Rendered commit message (carries the dashsync marker). */
  message: string;
  force: boolean;
  /** Overrides the plan's deleteMode (an explicit --delete-mode). */
  deleteMode?: DeleteMode;
  /**
   * Re-read every file before the first write (default true). A plan made a moment ago in
   * the same process may skip it: each save still checks its own file.
   */
  verifyFilesFirst?: boolean;
  onProgress?: (event: ProgressEvent) => void;
  /** Ctrl-C: stop starting new work; requests in flight finish. */
  signal?: AbortSignal;
}

/**
 * Makes Grafana match a plan: folders (parents first) → creates/updates/moves (bounded
 * concurrency) → deletes (each backed up first) → empty managed folders (children first).
 * One dashboard's failure or conflict never stops the others; Ctrl-C or a 401 stops new work.
 */
export async function applyPlan(options: ApplyPlanOptions): Promise<ApplyResult> {
  const { plan, settings, client } = options;
  checkPlanTarget(plan, { url: client.url, orgId: client.orgId }, settings);
  const writes = plan.dashboards.filter((d) => d.action === 'create' || d.action === 'update' || d.action === 'move');
  const deletes = plan.dashboards.filter((d) => d.action === 'delete');
  if (options.verifyFilesFirst ?? true) await verifyPlanFiles(writes, settings);
  await assertOrgAccess(client);

  const run = createApplyRun(options.signal);
  const uniqueTitles = options.force && (await client.serverInfo()).uniqueTitlesPerFolder;
  const saveContext: SaveContext = {
    client,
    settings,
    message: options.message,
    force: options.force,
    findTakeover: uniqueTitles ? createTitleTakeoverCheck(client) : null,
  };
  const total = writes.length + deletes.length;
  let done = 0;
  const tick = () => options.onProgress?.({ phase: 'apply', done: ++done, total });
  options.onProgress?.({ phase: 'apply', done, total });

  const failedFolders = await applyFolderChanges(plan.folders, client, run);

  const limit = pLimit(settings.concurrency);
  const each = (actions: DashboardAction[], apply: (action: DashboardAction) => Promise<void>) =>
    Promise.all(
      actions.map((action) =>
        limit(async () => {
          if (run.skipIfStopped()) return;
          try {
            await apply(action);
          } catch (error) {
            run.fail(action, error);
          }
          tick();
        }),
      ),
    );

  await each(writes, async (action) => {
    if (action.folderUid && failedFolders.has(action.folderUid)) {
      run.result.failures.push({ uid: action.uid, title: action.title, action: action.action, message: `not attempted: its folder ${action.folderUid} could not be made` });
      return;
    }
    const outcome = await saveDashboardAction(action, saveContext);
    if (outcome.kind === 'conflict') run.result.conflicts.push(outcome.conflict);
    else if (outcome.kind === 'refused') run.result.failures.push({ uid: action.uid, title: action.title, action: action.action, message: outcome.message });
    else savedList(run, action).push(action.uid);
  });

  const deleteContext = { client, backupDir: settings.backupDir, deleteMode: options.deleteMode ?? plan.deleteMode, force: options.force };
  await each(deletes, async (action) => {
    const outcome = await deleteDashboardAction(action, deleteContext);
    if (outcome.kind === 'deleted') {
      run.result.deleted.push(action.uid);
      run.result.backups.push(outcome.backup);
    } else if (outcome.kind === 'conflict') run.result.conflicts.push(outcome.conflict);
    else if (outcome.kind === 'skipped') run.result.skipped.push({ uid: action.uid, reason: outcome.reason });
    else run.result.skipped.push({ uid: action.uid, reason: 'already gone from Grafana; nothing to delete' });
  });

  await applyFolderDeletes(plan.folders, client, run);
  return run.finish();
}

function savedList(run: ApplyRun, action: DashboardAction): string[] {
  if (action.action === 'create') return run.result.created;
  return action.action === 'move' ? run.result.moved : run.result.updated;
}
