import { InterruptedError, markNothingApplied, RequestInterruptedError } from '../errors.js';
import { countGuardedDeletes, findRaisedDeleteLimit } from '../plan/delete-limit.js';
import type { DashboardAction, LibraryPanelAction, PlanAction } from '../plan/types.js';
import { describeRaisedDeleteLimit } from '../report/describe-delete-limit.js';
import type { ApplyPlanOptions } from './apply-plan.js';
import type { ApplyEvent } from './types.js';
import { checkBackupDirWritable } from './check-backup-dir.js';
import { checkLibraryPanelsLeft } from './check-library-panels-left.js';
import { checkOlderRelease } from './check-older-release.js';
import { checkPlanApi, checkPlanGrafanaVersion, checkPlanTarget } from './check-plan-target.js';
import { derivePhases } from './derive-phases.js';
import { targetOfRun } from './target-of-run.js';
import { verifyDeletesUnheld } from './verify-deletes-unheld.js';
import { verifyCreateDigests, verifyPlanFiles } from './verify-plan-files.js';

/** What a plan writes, without its noops. */
export interface PlannedWrites {
  dashboards: DashboardAction[];
  libraryWrites: LibraryPanelAction[];
}

/**
 * Every stop of an apply before its first write, in order: the target and the delete guard, the order of the work, a
 * saved plan's files, the backup directory of its deletes, the API and release Grafana runs, the library panels a saved plan's dashboards use, the caller's
 * last checks (`beforeWrites`); then the release warning and, only once nothing can stop the apply any more, the
 * caller's question (`confirm`): what the answer does not decide is never asked. Whatever ends the run here says that
 * nothing was applied (markNothingApplied). Returns the phases to work through.
 */
export async function checkBeforeWrites(options: ApplyPlanOptions, writes: PlannedWrites): Promise<PlanAction[][]> {
  try {
    return await runChecks(options, writes);
  } catch (error) {
    throw markNothingApplied(error instanceof RequestInterruptedError ? new InterruptedError('interrupted before the first write') : error);
  }
}

async function runChecks(options: ApplyPlanOptions, { dashboards, libraryWrites }: PlannedWrites): Promise<PlanAction[][]> {
  const { plan, settings, grafana } = options;
  checkPlanTarget(plan, await targetOfRun(grafana, plan), settings);
  const phases = derivePhases(plan.actions);
  // Every file is checked before Grafana sees a single request.
  const verifyFilesFirst = options.verifyFilesFirst ?? true;
  if (verifyFilesFirst) {
    await verifyPlanFiles([...libraryWrites, ...dashboards.filter((d) => d.action !== 'delete')], settings);
    // A delete was decided from the tree the plan was made from; a file that holds its uid now keeps it.
    await verifyDeletesUnheld(plan, settings);
  }
  // Each delete is sent only once its backup is written: a backupDir that cannot take one is said now, not after other writes.
  if (countGuardedDeletes(plan).total > 0) await checkBackupDirWritable(settings.backupDir, settings.cwd);
  // Which API this run uses is known after its first request (discovery, with api: auto).
  await grafana.checkAccess();
  checkPlanApi(plan, grafana.api, settings.api);
  const server = await grafana.describeServer();
  const olderRelease = checkPlanGrafanaVersion(plan, server.version) === 'older-release' ? await checkOlderRelease(plan, dashboards, server, grafana, settings) : null;
  // This run's own plan read its updates' files after Grafana's answer, its creates' only in the tree pass: one edited since stops it here.
  if (!verifyFilesFirst) verifyCreateDigests(dashboards, settings);
  // A saved plan may meet Grafana after another apply deleted a library panel its dashboards use (a plan made now has just read them).
  if (verifyFilesFirst) await checkLibraryPanelsLeft(grafana, dashboards, libraryWrites);
  await options.beforeWrites?.();
  if (olderRelease !== null) options.onEvent?.(applyWarning(olderRelease));
  // A limit raised past the plan's deletes (the reviewed plan's, or the config's by --max-deletes) is said before they are sent.
  const raised = findRaisedDeleteLimit(plan, settings);
  if (raised !== null) options.onEvent?.(applyWarning(describeRaisedDeleteLimit(raised, 'cli'), { raisedDeleteLimit: raised }));
  if (options.confirm === undefined) return phases;
  await options.confirm();
  // The answer may have taken minutes: a create's file edited meanwhile stops the apply as one edited before.
  if (!verifyFilesFirst) verifyCreateDigests(dashboards, settings);
  return phases;
}

/** A warning about the whole apply, not one of its actions (uid ''). */
export function applyWarning(message: string, extra: Pick<ApplyEvent, 'raisedDeleteLimit'> = {}): ApplyEvent {
  return { kind: 'dashboard', uid: '', title: '', action: 'apply', outcome: 'warning', file: null, message, ...extra };
}
