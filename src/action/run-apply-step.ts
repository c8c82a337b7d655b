import { pathExists } from '../files/path-exists.js';
import * as core from '@actions/core';
import { runApply } from '../apply/run-apply.js';
import { applySucceeded, type ApplyResult } from '../apply/types.js';
import { describeError } from '../describe-error.js';
import { InterruptedError, markNothingApplied, PlanFileError } from '../errors.js';
import { hasChanges } from '../plan/summarize-plan.js';
import type { Plan } from '../plan/types.js';
import { describeApplyEvent, renderApplyEvent } from '../report/render-apply-event.js';
import { trashNotReadBy } from '../apply/preview-restore-source.js';
import { describeFailureCounts, renderApplyProblems, renderApplyStop, renderApplySummary, renderBackupsWritten, renderNothingToApply, setApartHeld, uploadedBackupDir } from '../report/render-apply-result.js';
import { renderSetApartCounts } from '../report/render-summary.js';
import { escapeMarkdown, escapeText, markdownCode } from '../report/escape-untrusted.js';
import { renderNoReviewedPlan } from './render-no-reviewed-plan.js';
import { describePlanCommit } from '../report/describe-plan-commit.js';
import { renderAlreadyHeld, renderNotCovered } from '../report/render-not-covered.js';
import { renderDeletesMarkdown } from '../report/render-deletes-markdown.js';
import { describeRerunFirst, workflowJobOf, type WorkflowJob } from '../report/rerun-job.js';
import { withRetriesMarkdown } from '../report/retry-count.js';
import type { ActionInputs } from './action-inputs.js';
import { outputsFromApply } from './action-outputs.js';
import { createActionProgress } from './action-progress.js';
import { foldUnverifiedFolders } from '../plan/fold-unverified-folders.js';
import { appendJobSummary } from './append-job-summary.js';
import { printUntrusted, resumeCommands } from './print-untrusted.js';
import { publishPlan } from './publish-plan.js';
import { resolvePlanFile } from './resolve-plan-file.js';
import { createActionGrafana, type StepContext, type StepFailure } from './step-context.js';
import { warnShallowCheckout } from './warn-shallow-checkout.js';
import { emitConflict, emitFailure, emitNotCovered } from './emit-annotations.js';
import { runSelectionOf, type RunSelection } from '../report/next-command.js';
import { underRequirePlan } from '../report/plan-again.js';
import { describeBackupsOnlyCopy } from './describe-backups-only-copy.js';
import { readBackupsUpload } from './read-backups-upload.js';
import { shorten } from '../report/shorten-path.js';

/**
 * `command: apply`: applies the saved plan at `plan-file` exactly when that file exists;
 * otherwise plans and applies in one step (and saves that plan to `plan-file`) — unless the
 * plan was required (`require-plan`) or `plan-file` names a file of its own: then a missing
 * file fails the step before anything is sent.
 * Each outcome is logged the moment it is known (problems as error annotations), so a
 * cancelled or killed job still shows what was done. Conflicts and failures fail the step.
 */
export async function runApplyStep(context: StepContext): Promise<StepFailure> {
  const { inputs, settings, env } = context;
  // The Action's next step is a re-run of its job: its messages name it.
  const job = workflowJobOf(env);
  const planPath = resolvePlanFile(inputs.planFile, settings.cwd, env.GITHUB_WORKSPACE);
  const saved = await pathExists(planPath);
  const selection: RunSelection = { ...runSelectionOf(settings), job, ...(saved && { savedPlanFile: inputs.planFile }) };
  if (!saved) refuseUnlessOneStepAllowed(inputs);
  const progress = createActionProgress(env);
  const grafana = await createActionGrafana(settings, context.signal, progress.onRetry).catch((error: unknown) => {
    throw markNothingApplied(error);
  });
  let planned = false;
  // The run's warnings (a delete limit raised past the plan's deletes, …): annotations as they come, and in the job summary.
  const warned: string[] = [];
  // The saves --force made over a version saved in Grafana after the plan: in the job summary too, not only in the log.
  const forced: ForcedLine[] = [];
  try {
    const { plan, result, source, notCovered, alreadyHeld } = await runApply({
      settings,
      grafana,
      env,
      // As the input gives it (relative to the working directory, as resolvePlanFile read it): a refusal names it so.
      planFile: saved ? inputs.planFile : undefined,
      savedPlan: saved ? context.savedPlan : undefined,
      force: inputs.args.force,
      // A plan made here is reviewed by no one: it overwrites no edit made in Grafana unless args holds --force.
      keepUnreviewedDrift: 'one-step',
      shell: 'action',
      deleteMode: inputs.args.deleteMode,
      readOnly: { overrideFlag: 'ignore-read-only: true', override: inputs.ignoreReadOnly },
      signal: context.signal,
      onProgress: progress.onProgress,
      onPlan: (plan, source) => {
        planned = true;
        // Known from here on, whatever comes next: a step refused after reading the plan still says whether it had changes.
        Object.assign(context.outputs, { 'has-changes': hasChanges(plan.summary), 'plan-file': inputs.planFile });
        progress.stop();
        if (source === 'saved') return announceSavedPlan(plan, context);
        // Saved marked unreviewed: a later apply of the file (the step run again in this workspace) keeps its drift as this one does.
        return warnShallowCheckout(plan, settings.root)
          .then((warned) => publishPlan({ ...foldUnverifiedFolders(warned), unreviewed: 'one-step' }, context, null, inputs.args.force ? false : 'one-step'))
          .then(() => undefined);
      },
      onEvent: (event) => {
        const line = renderApplyEvent(event, { cwd: settings.cwd, shell: 'action', selection });
        if (line === null) return;
        if (event.forcedOver !== undefined) forced.push({ line: describeApplyEvent(event, settings.cwd, 'action', selection) ?? line.line, dashboard: event.kind === 'dashboard' });
        if (event.outcome === 'warning' || line.stream === 'stderr') resumeCommands();
        if (event.outcome === 'warning') {
          // An annotation and the summary's WARNING box say what it is: the line's own `warning: ` would be said twice.
          core.warning(withoutWarningWord(line.line));
          warned.push(withoutWarningWord(describeApplyEvent(event, settings.cwd, 'action', selection) ?? ''));
        }
        else if (event.outcome === 'conflict') emitConflict(line.line, event.conflict?.file ?? undefined, { cwd: settings.cwd, workspace: env.GITHUB_WORKSPACE });
        else if (line.stream === 'stderr') emitFailure(line.line, event.outcome === 'failed' ? event.file : null, { cwd: settings.cwd, workspace: env.GITHUB_WORKSPACE });
        else printUntrusted(line.line);
      },
    }).catch(async (error: unknown) => {
      // Cancelled before the plan was known: nothing was sent, and the job page says so (the log alone is easy to miss).
      if (error instanceof InterruptedError && !planned) {
        await appendJobSummary(renderInterruptedBeforePlan(error, job), env);
        context.failureSummarized = true;
      }
      throw inputs.requirePlan ? underRequirePlan(error) : error;
    });
    progress.end();
    const heldLines = (alreadyHeld ?? []).map(({ file }) => renderAlreadyHeld(file));
    for (const line of heldLines) printUntrusted(line);
    const notCoveredNote = renderNotCovered(notCovered, selection, 'action');
    if (notCovered !== undefined && notCoveredNote !== null) {
      resumeCommands();
      emitNotCovered(notCovered, selection, { cwd: settings.cwd, workspace: env.GITHUB_WORKSPACE });
    }
    // The note in the job summary, where "applied" is read: a quote block after the outcome.
    const notCoveredMarkdown =
      heldLines.map((line) => `\n${escapeMarkdown(line)}\n`).join('') + (notCoveredNote === null ? '' : `\n> [!NOTE]\n> ${escapeMarkdown(notCoveredNote)}\n`);
    const reviewedPlan = saved && plan.unreviewed === undefined;
    const savedBy = saved ? inputs.planFile : undefined;
    const unreviewed = reviewedPlan ? '' : `${renderNoReviewedPlan(plan, undefined, savedBy)}\n\n`;
    if (!result) {
      core.info(renderNothingToApply(source, plan.summary, plan.target.environment));
      context.settle('writing its job summary and closing its connections');
      progress.printNote(settings.timeoutMs);
      await appendJobSummary(withRetriesMarkdown(`${applyHeading(plan)}\n\n${unreviewed}${renderNothingToApply(source, plan.summary, plan.target.environment)}\n${notCoveredMarkdown}`, progress.retried(settings.timeoutMs)), env);
      return undefined;
    }
    Object.assign(context.outputs, outputsFromApply(plan.summary, result, inputs.planFile));
    const stops = renderApplyStop(result, 'action', undefined, selection).split('\n').filter(Boolean);
    if (stops.length > 0) resumeCommands();
    for (const line of stops) core.error(line);
    progress.printNote(settings.timeoutMs);
    printUntrusted(renderApplySummary(result));
    // The outcome is printed: a cancel from here on leaves the apply as it ended (its exit code the apply's), saying so.
    context.settle('writing its job summary and closing its connections');
    const backupsWritten = renderBackupsWritten(result, { ...settings, trashNotRead: result.deleted.length > 0 && (await trashNotReadBy(grafana)) !== null }, 'action', selection);
    if (backupsWritten !== null) printUntrusted(backupsWritten);
    // Where the backups are the only copy of what was deleted, a job that does not upload them loses it with the runner (walk-69 H1).
    const onlyCopy = await describeUnkeptOnlyCopy(result, settings, env, selection);
    if (onlyCopy !== null) {
      core.warning(onlyCopy);
      warned.push(onlyCopy);
    }
    resumeCommands();
    const reviewed = reviewedPlan ? `Applied the saved plan ${markdownCode(inputs.planFile)}.` : renderNoReviewedPlan(plan, result, savedBy);
    await appendJobSummary(withRetriesMarkdown(renderApplyMarkdown(result, { heading: applyHeading(plan), reviewed, forced }, backupsWritten, selection, warned, renderDeletesMarkdown(result, plan, settings.cwd)) + notCoveredMarkdown, progress.retried(settings.timeoutMs)), env);
    return applySucceeded(result) ? undefined : describeFailure(result);
  } finally {
    progress.end();
    await grafana.close();
  }
}

/**
 * No plan file: planning and applying in one step is what a push without a pull request does,
 * but not what a step that requires the reviewed plan, or names a plan file of its own, means —
 * a typo or an artifact downloaded elsewhere must not turn into an unreviewed apply.
 */
function refuseUnlessOneStepAllowed(inputs: ActionInputs): void {
  const named = escapeText(inputs.planFile);
  if (inputs.requirePlan) {
    throw markNothingApplied(
      new PlanFileError(
        `no plan file at ${named} and require-plan is true`,
        "Put the reviewed plan there before this step (e.g. download the pull request's plan artifact), or set require-plan: false to plan and apply in one step",
      ),
    );
  }
  if (!inputs.planFileIsDefault) {
    throw markNothingApplied(
      new PlanFileError(
        `no plan file at ${named}`,
        'A plan-file of its own must exist (is the name right, and was the plan downloaded to it?); to plan and apply in one step when there is no reviewed plan, leave plan-file out',
      ),
    );
  }
  core.warning(`No reviewed plan: no plan file at ${named}, so this step plans and applies in one step (set require-plan: true to refuse that)`);
}

function renderInterruptedBeforePlan(error: InterruptedError, job: WorkflowJob): string {
  const described = describeError(error, 'action', job);
  return `## dashsync apply — ${escapeMarkdown(described.line + (described.hint ?? ''))}\n\nThe run was cancelled before anything was written to Grafana. ${escapeMarkdown(describeRerunFirst(job))} to plan and apply.\n`;
}

/** The saved plan already lists its deletes: a different prune here would not do what it says. */
function announceSavedPlan(plan: Plan, context: StepContext): void {
  const { inputs } = context;
  if (inputs.prune !== undefined && inputs.prune !== plan.prune) {
    throw new PlanFileError(
      `input "prune" is ${String(inputs.prune)} but ${inputs.planFile} was planned with prune ${String(plan.prune)}: prune is decided when planning`,
      'Set it on the plan step, or remove it from the apply step',
    );
  }
  const selection = inputs.args.include.length > 0 ? '--include' : inputs.args.exclude.length > 0 ? '--exclude' : undefined;
  if (selection) {
    throw new PlanFileError(
      `input "args" holds ${selection}, but ${inputs.planFile} applies whole: ${selection} is decided when planning`,
      "Set it on the plan step's args, or remove it from the apply step",
    );
  }
  // require-plan refuses to apply without a reviewed plan: a file an earlier one-step apply saved is not one (review-63b).
  if (inputs.requirePlan && plan.unreviewed !== undefined) {
    throw new PlanFileError(
      `${inputs.planFile} was saved by an earlier one-step apply, which no one reviewed, and require-plan is true`,
      "Put the reviewed plan there before this step (e.g. download the pull request's plan artifact), or set require-plan: false to apply it as a plan no one reviewed",
    );
  }
  // When and for which commit come from the plan file, which a pull request can carry: escaped like every other text from outside.
  const commit = describePlanCommit(plan.git);
  const unreviewed = plan.unreviewed === undefined ? '' : `; an earlier one-step apply made it and no one reviewed it, so this step leaves every edit made in Grafana it would overwrite untouched (a conflict) unless args holds --force`;
  core.info(escapeText(`Applying the saved plan ${inputs.planFile} (made ${plan.createdAt}${commit === null ? '' : ` for ${commit}`})${unreviewed}`));
}

function withoutWarningWord(line: string): string {
  return line.replace(/^warning: /, '');
}

/** A line of a save --force made over an edit; `dashboard`: Grafana's version history keeps what it replaced. */
interface ForcedLine {
  line: string;
  dashboard: boolean;
}

/** `## dashsync apply · production`: the environment the plan was made for, as the plan's summary names it. */
function applyHeading(plan: Plan): string {
  return plan.target.environment ? `## dashsync apply · ${escapeMarkdown(plan.target.environment)}` : '## dashsync apply';
}

function renderApplyMarkdown(
  result: ApplyResult,
  /** `forced`: the lines of the saves --force made over a version saved in Grafana after the plan. */
  { heading, reviewed, forced }: { heading: string; reviewed: string; forced: readonly ForcedLine[] },
  backupsWritten: string | null,
  selection: RunSelection,
  warned: readonly string[],
  deletes: readonly string[],
): string {
  const out = [heading, ''];
  out.push(reviewed, '');
  out.push(`**${renderApplySummary(result)}**`, '');
  if (forced.length > 0) {
    const edits = forced.length === 1 ? 'an edit' : `${forced.length} edits`;
    // Library panels and folders have no version history: what --force replaced of them is gone.
    const kept = forced.every((entry) => entry.dashboard) ? 'each version it replaced' : 'each dashboard version it replaced; library panels and folders keep none';
    out.push('> [!WARNING]', `> --force overwrote ${edits} saved in Grafana after the plan (Grafana's version history keeps ${kept}):`);
    out.push(...forced.map((entry) => `> - ${escapeMarkdown(entry.line)}`), '');
  }
  if (warned.length > 0) out.push('> [!WARNING]', ...warned.map((line) => `> - ${escapeMarkdown(line)}`), '');
  if (backupsWritten !== null) out.push(escapeMarkdown(backupsWritten), '');
  out.push(...deletes);
  const problems = renderApplyProblems(result, 'action', selection).split('\n').filter(Boolean);
  if (problems.length > 0) {
    out.push('> [!CAUTION]');
    // Titles and Grafana's messages inside: escaped as markdown, so none becomes a link, emphasis or HTML.
    for (const line of problems) out.push(`> - ${escapeMarkdown(line)}`);
    out.push('');
  }
  for (const skip of result.skipped) out.push(`- skipped ${markdownCode(skip.uid)}: ${escapeMarkdown(skip.reason)}`);
  return `${out.join('\n')}\n`;
}

function describeFailure(result: ApplyResult): string {
  const parts = [
    result.missingLibraryPanels?.length ? `${result.missingLibraryPanels.length} saved with a missing library panel` : '',
    result.conflicts.length ? `${result.conflicts.length} conflict${result.conflicts.length === 1 ? '' : 's'}` : '',
    ...describeFailureCounts(result.failures),
    result.unknown.length ? `${result.unknown.length} unknown` : '',
    ...renderSetApartCounts(setApartHeld(result)),
    result.stoppedBy ? STOPPED[result.stoppedBy] : '',
  ].filter(Boolean);
  // Each cause already has its next step on its own line (a conflict's, a failure's "re-run the job to finish", a stop's):
  // a second, general one here would contradict them.
  return `apply did not finish cleanly (${parts.join(', ')}): ${renderApplySummary(result)}. What to do is on each problem's line above`;
}

const STOPPED = { interrupt: 'interrupted', unauthorized: 'stopped by 401 Unauthorized', unreachable: 'stopped: Grafana stopped answering', 'writes-refused': 'stopped: Grafana refuses every write' } as const;

/** The warning where the backups are the only copy of what the apply deleted and the job is not known to upload them; null otherwise. */
async function describeUnkeptOnlyCopy(result: ApplyResult, settings: StepContext['settings'], env: StepContext['env'], selection: RunSelection): Promise<string | null> {
  const only = result.backupOnlyCopy;
  if (only === undefined) return null;
  // The workflow's own text (a reusable workflow's `uses:`) is in it: escaped as every line from outside.
  const warning = describeBackupsOnlyCopy(only, await readBackupsUpload(env, settings.backupDir), shorten(uploadedBackupDir(settings.backupDir, selection), settings.cwd));
  return warning === null ? null : escapeText(warning);
}
