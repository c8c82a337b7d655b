import * as core from '@actions/core';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { readGitInfo } from '../config/read-git-info.js';
import { createPlan } from '../plan/create-plan.js';
import { writePlanFile } from '../plan/plan-file.js';
import { renderPlanText } from '../report/render-plan-text.js';
import { outputsFromPlan, setOutputs } from './action-outputs.js';
import { appendJobSummary, renderPlanSummary } from './append-job-summary.js';
import { emitPlanWarnings } from './emit-annotations.js';
import { postPlanComment } from './post-plan-comment.js';
import { printUntrusted } from './print-untrusted.js';
import { createActionClient, type StepContext, type StepFailure } from './step-context.js';

/** `command: plan`: the plan in the log and the job summary, saved to `plan-file` for a later apply. */
export async function runPlanStep(context: StepContext): Promise<StepFailure> {
  const { inputs, settings, env } = context;
  const client = createActionClient(settings);
  try {
    const git = await readGitInfo(settings.cwd, env);
    const plan = await createPlan({ settings, client, git, signal: context.signal });
    const planPath = resolve(settings.cwd, inputs.planFile);
    await mkdir(dirname(planPath), { recursive: true });
    await writePlanFile(planPath, plan);
    printUntrusted(renderPlanText(plan, { color: false }));
    emitPlanWarnings(plan, { cwd: settings.cwd, workspace: env.GITHUB_WORKSPACE });
    core.info(`Saved the plan to ${inputs.planFile}; apply it with command: apply and plan-file: ${inputs.planFile}`);
    await appendJobSummary(renderPlanSummary(plan, inputs.planFile), env);
    setOutputs(outputsFromPlan(plan.summary, inputs.planFile));
    if (inputs.comment) await postPlanComment(plan, inputs, env);
    return undefined;
  } finally {
    await client.close();
  }
}
