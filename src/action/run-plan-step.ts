import * as core from '@actions/core';
import { writtenKindsOf } from '../plan/add-access-notes.js';
import { createPlan } from '../plan/create-plan.js';
import { escapeText } from '../report/escape-untrusted.js';
import { describeUnreadablePlan, setsDashboardsApart } from '../report/describe-unreadable.js';
import { createActionProgress } from './action-progress.js';
import { foldUnverifiedFolders } from '../plan/fold-unverified-folders.js';
import { noteReadOnlyToken } from './note-read-only-token.js';
import { outputsFromPlan } from './action-outputs.js';
import { planCommentTree } from './plan-comment-tree.js';
import { postPlanComment } from './post-plan-comment.js';
import { publishPlan } from './publish-plan.js';
import { checkPlanPath } from '../plan/plan-file.js';
import { readPullRequestCommit } from './read-pull-request-commit.js';
import { resolvePlanFile } from './resolve-plan-file.js';
import { createActionGrafana, type StepContext, type StepFailure } from './step-context.js';
import { warnShallowCheckout } from './warn-shallow-checkout.js';

/** `command: plan`: the plan in the log and the job summary, saved to `plan-file` for a later apply. */
export async function runPlanStep(context: StepContext): Promise<StepFailure> {
  const { inputs, settings, env } = context;
  resolvePlanFile(inputs.planFile, settings.cwd, env.GITHUB_WORKSPACE);
  // A plan-file that could not be saved is refused before the plan reads Grafana.
  await checkPlanPath(inputs.planFile, settings.root, settings.cwd, 'action');
  const progress = createActionProgress(env);
  const grafana = await createActionGrafana(settings, context.signal, progress.onRetry);
  try {
    const { git, pullRequest, checkoutMoved } = await readPullRequestCommit(settings.cwd, env);
    // The base branch's name comes from the event payload: escaped.
    if (checkoutMoved !== null) core.notice(escapeText(checkoutMoved));
    const made = await createPlan({ settings, grafana, git, signal: context.signal, onProgress: progress.onProgress, shell: 'action' });
    const planned = pullRequest === null ? made : { ...made, git: { ...made.git, pullRequest } };
    const checked = foldUnverifiedFolders(await warnShallowCheckout(planned, settings.root));
    // The token's permissions only where the plan read them (it writes a dashboard, folder or library panel): the port keeps that answer, so no request is added.
    const plan = inputs.readOnlyToken ? noteReadOnlyToken(checked, writtenKindsOf(checked).length > 0 ? await grafana.dashboardPermissions() : null) : checked;
    progress.end();
    const retried = progress.retried(settings.timeoutMs);
    const summaryLeftOut = await publishPlan(plan, context, retried);
    core.info(`Saved the plan to ${inputs.planFile}; apply it with command: apply and plan-file: ${inputs.planFile}`);
    // The plan is printed and saved: a cancel from here on leaves the step to end as it is (its comment posted), saying so.
    context.settle(inputs.comment ? 'posting its plan comment and closing its connections' : 'closing its connections');
    progress.printNote(settings.timeoutMs);
    Object.assign(context.outputs, outputsFromPlan(plan.summary, inputs.planFile, plan.warnings));
    if (inputs.comment) {
      const tree = planCommentTree(inputs.path, settings.root, env.GITHUB_WORKSPACE?.trim() || settings.cwd);
      await postPlanComment(plan, inputs, env, { tree, summaryLeftOut, retried, timeoutMs: settings.timeoutMs });
    }
    // Published as any plan, but not a whole one: the step fails, as its apply would (the comment is this plan's, not marked out of date).
    return setsDashboardsApart(plan.summary) ? describeUnreadablePlan(plan.summary, 'action') : undefined;
  } finally {
    progress.end();
    await grafana.close();
  }
}
