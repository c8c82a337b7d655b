import pLimit from 'p-limit';
import type { Settings } from '../config/types.js';
import { GrafanaHttpError, PlanFileError } from '../errors.js';
import type { GrafanaApi } from '../grafana/types.js';
import type { ProgressEvent } from '../plan/create-plan.js';
import { readDesired } from '../plan/read-desired.js';
import type { DashboardAction, Plan } from '../plan/types.js';
import { applyFolderChanges, applyFolderDeletes } from './apply-folders.js';
import { checkPlanTarget } from './check-plan-target.js';
import { deleteDashboardAction } from './delete-dashboard-action.js';
import { saveDashboardAction } from './save-dashboard-action.js';
import { emptyApplyResult, type ApplyResult } from './types.js';

export interface ApplyPlanOptions {
  plan: Plan;
  settings: Settings;
  client: GrafanaApi;
  /** Rendered commit message (carries the dashsync marker). */
  message: string;
  force: boolean;
  onProgress?: (event: ProgressEvent) => void;
  /** Ctrl-C: stop starting new work; requests in flight finish. */
  signal?: AbortSignal;
}

/**
 * Makes Grafana match a plan: folders (parents first) → creates/updates/moves (bounded
 * concurrency) → deletes (each backed up first) → empty managed folders (children first).
 * One dashboard's failure or conflict never stops the others.
 */
export async function applyPlan(options: ApplyPlanOptions): Promise<ApplyResult> {
  const { plan, settings, client } = options;
  checkPlanTarget(plan, { url: client.url, orgId: client.orgId }, settings);
  const writes = plan.dashboards.filter((d) => d.action === 'create' || d.action === 'update' || d.action === 'move');
  const deletes = plan.dashboards.filter((d) => d.action === 'delete');
  await verifyFilesUnchanged(writes, settings);

  const result = emptyApplyResult();
  let unauthorized = false;
  const stopped = () => unauthorized || (options.signal?.aborted ?? false);
  const uniqueTitles = options.force ? (await client.serverInfo()).uniqueTitlesPerFolder : false;
  const total = writes.length + deletes.length;
  let done = 0;
  const tick = () => options.onProgress?.({ phase: 'apply', done: ++done, total });
  const record = (action: DashboardAction, error: unknown) => {
    if (error instanceof GrafanaHttpError && error.status === 401) unauthorized = true;
    result.failures.push({ uid: action.uid, title: action.title, action: action.action, message: (error as Error).message });
  };

  await applyFolderChanges(plan.folders, client, result, stopped);

  const limit = pLimit(settings.concurrency);
  await Promise.all(
    writes.map((action) =>
      limit(async () => {
        if (stopped()) return;
        try {
          const outcome = await saveDashboardAction(action, { client, settings, message: options.message, force: options.force, uniqueTitles });
          if (outcome.kind === 'conflict') result.conflicts.push(outcome.conflict);
          else if (outcome.kind === 'refused') result.failures.push({ uid: action.uid, title: action.title, action: action.action, message: outcome.message });
          else (action.action === 'create' ? result.created : action.action === 'move' ? result.moved : result.updated).push(action.uid);
        } catch (error) {
          record(action, error);
        }
        tick();
      }),
    ),
  );

  await Promise.all(
    deletes.map((action) =>
      limit(async () => {
        if (stopped()) return;
        try {
          const outcome = await deleteDashboardAction(action, { client, backupDir: settings.backupDir, deleteMode: plan.deleteMode });
          if (outcome.kind === 'deleted') {
            result.deleted.push(action.uid);
            result.backups.push(outcome.backup);
          } else if (outcome.kind === 'conflict') result.conflicts.push(outcome.conflict);
          else if (outcome.kind === 'skipped') result.skipped.push({ uid: action.uid, reason: outcome.reason });
        } catch (error) {
          record(action, error);
        }
        tick();
      }),
    ),
  );

  await applyFolderDeletes(
    plan.folders.filter((f) => f.action === 'folder-delete'),
    client,
    result,
    stopped,
  );
  result.interrupted = options.signal?.aborted ?? false;
  return result;
}

/** Every file the plan pushes must still have the content that was reviewed — checked before the first write. */
async function verifyFilesUnchanged(writes: DashboardAction[], settings: Settings): Promise<void> {
  const limit = pLimit(Math.max(4, settings.concurrency));
  const changed = await Promise.all(
    writes.map((action) =>
      limit(async () => {
        if (!action.file || !action.contentHash) return `${action.uid} (no file in the plan)`;
        try {
          const desired = await readDesired(action.file, settings);
          return desired.hash === action.contentHash ? null : action.file;
        } catch {
          return `${action.file} (unreadable)`;
        }
      }),
    ),
  );
  const stale = changed.filter((file): file is string => file !== null);
  if (stale.length > 0) {
    throw new PlanFileError(
      `${stale.length} file(s) changed since the plan was made (${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', …' : ''}); nothing was applied. Run dashsync plan again and review it`,
    );
  }
}
