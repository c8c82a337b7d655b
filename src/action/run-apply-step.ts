import * as core from '@actions/core';
import { access, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { applyPlan } from '../apply/apply-plan.js';
import { applySucceeded, type ApplyResult } from '../apply/types.js';
import { readGitInfo, type GitInfo } from '../config/read-git-info.js';
import { renderCommitMessage } from '../config/render-commit-message.js';
import { PlanFileError } from '../errors.js';
import type { GrafanaApi } from '../grafana/types.js';
import { createPlan } from '../plan/create-plan.js';
import { readPlanFile, writePlanFile } from '../plan/plan-file.js';
import { hasChanges } from '../plan/summarize-plan.js';
import type { Plan } from '../plan/types.js';
import { renderApplyProblems, renderApplyReport, renderApplySummary } from '../report/render-apply-result.js';
import { renderPlanText } from '../report/render-plan-text.js';
import { outputsFromApply, setOutputs } from './action-outputs.js';
import { appendJobSummary, renderPlanSummary } from './append-job-summary.js';
import { emitPlanWarnings } from './emit-annotations.js';
import { printUntrusted } from './print-untrusted.js';
import { createActionClient, type StepContext, type StepFailure } from './step-context.js';

/**
 * `command: apply`: applies the saved plan at `plan-file` exactly when that file exists;
 * otherwise plans and applies in one step (and saves that plan to `plan-file`).
 * Conflicts and failures fail the step.
 */
export async function runApplyStep(context: StepContext): Promise<StepFailure> {
  const { inputs, settings, env } = context;
  const client = createActionClient(settings);
  try {
    const git = await readGitInfo(settings.cwd, env);
    const planPath = resolve(settings.cwd, inputs.planFile);
    const saved = await exists(planPath);
    const plan = saved ? await readSavedPlan(planPath, context) : await planNow(context, client, git, planPath);
    setOutputs({ 'has-changes': hasChanges(plan.summary), 'plan-file': inputs.planFile });
    if (!hasChanges(plan.summary)) {
      core.info('Nothing to apply: Grafana already matches the tree.');
      await appendJobSummary('## dashsync apply\n\nNothing to apply: Grafana already matches the tree.\n', env);
      return undefined;
    }
    const result = await applyPlan({
      plan,
      settings,
      client,
      message: renderCommitMessage(settings.message, git),
      force: inputs.args.force,
      signal: context.signal,
    });
    setOutputs(outputsFromApply(plan.summary, result, inputs.planFile));
    for (const line of renderApplyProblems(result).split('\n').filter(Boolean)) core.error(line);
    printUntrusted(renderApplyReport(result, { cwd: settings.cwd }));
    await appendJobSummary(renderApplyMarkdown(result, saved ? inputs.planFile : undefined), env);
    return applySucceeded(result) ? undefined : describeFailure(result);
  } finally {
    await client.close();
  }
}

async function readSavedPlan(planPath: string, context: StepContext): Promise<Plan> {
  const { inputs } = context;
  const plan = await readPlanFile(planPath);
  // The saved plan already lists its deletes; a different prune here would not do what it says.
  if (inputs.prune !== undefined && inputs.prune !== plan.prune) {
    throw new PlanFileError(
      `input "prune" is ${String(inputs.prune)} but ${inputs.planFile} was planned with prune ${String(plan.prune)}; ` +
        'prune is decided when planning: set it on the plan step, or remove it from the apply step',
    );
  }
  core.info(
    `Applying the saved plan ${inputs.planFile} (made ${plan.createdAt}${plan.git.sha ? ` for commit ${plan.git.sha.slice(0, 12)}` : ''})`,
  );
  return plan;
}

async function planNow(context: StepContext, client: GrafanaApi, git: GitInfo, planPath: string): Promise<Plan> {
  const { inputs, settings, env } = context;
  core.notice(`No plan file at ${inputs.planFile}: planning and applying in one step`);
  const plan = await createPlan({ settings, client, git, signal: context.signal });
  await mkdir(dirname(planPath), { recursive: true });
  await writePlanFile(planPath, plan);
  printUntrusted(renderPlanText(plan, { color: false }));
  emitPlanWarnings(plan, { cwd: settings.cwd, workspace: env.GITHUB_WORKSPACE });
  await appendJobSummary(renderPlanSummary(plan, inputs.planFile), env);
  return plan;
}

function renderApplyMarkdown(result: ApplyResult, planFile: string | undefined): string {
  const out = ['## dashsync apply', ''];
  if (planFile) out.push(`Applied the saved plan \`${planFile}\`.`, '');
  out.push(`**${renderApplySummary(result)}**`, '');
  const problems = renderApplyProblems(result).split('\n').filter(Boolean);
  if (problems.length > 0) {
    out.push('> [!CAUTION]');
    for (const line of problems) out.push(`> - ${line.replace(/[<>]/g, (ch) => (ch === '<' ? '&lt;' : '&gt;'))}`);
    out.push('');
  }
  for (const skip of result.skipped) out.push(`- skipped \`${skip.uid}\`: ${skip.reason}`);
  return `${out.join('\n')}\n`;
}

function describeFailure(result: ApplyResult): string {
  const parts = [
    result.conflicts.length ? `${result.conflicts.length} conflict${result.conflicts.length === 1 ? '' : 's'}` : '',
    result.failures.length ? `${result.failures.length} failed` : '',
    result.stoppedBy === 'interrupt' ? 'interrupted' : result.stoppedBy === 'unauthorized' ? 'stopped by 401 Unauthorized' : '',
  ].filter(Boolean);
  return `apply did not finish cleanly (${parts.join(', ')}): ${renderApplySummary(result)}. Run the plan again to review what changed in Grafana.`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
