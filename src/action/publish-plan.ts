import { writePlanFile } from '../plan/plan-file.js';
import type { Plan } from '../plan/types.js';
import { renderPlanText } from '../report/render-plan-text.js';
import { withRetriesMarkdown, type RetrySummary } from '../report/retry-count.js';
import { appendJobSummary, renderPlanSummary } from './append-job-summary.js';
import { emitPlanWarnings } from './emit-annotations.js';
import { printUntrusted, resumeCommands } from './print-untrusted.js';
import type { StepContext } from './step-context.js';
import type { UnreviewedWhy } from '../apply/types.js';

/**
 * A plan made in this step: saved to `plan-file`, printed to the log, its warnings annotated, its markdown in the job summary
 * (with the note of the retries it took, `retried`, where the step ends with the plan). Returns what the job summary left
 * out (null when it holds the whole plan), for the pull-request comment that points to it. `driftKept`: the one-step apply without
 * --force applies it next, leaving each drift untouched as a conflict: its warnings say that, not that applying replaces the edit.
 */
export async function publishPlan(plan: Plan, context: StepContext, retried: RetrySummary | null = null, driftKept: UnreviewedWhy | false = false): Promise<string | null> {
  const { inputs, settings, env } = context;
  await writePlanFile(inputs.planFile, plan, settings.cwd, 'action');
  // args: --verbose lists every warning in the log as the CLI's does; the job summary keeps folding (GitHub caps its size).
  printUntrusted(renderPlanText(plan, { color: false, verbose: settings.verbose, shell: 'action', driftKept }));
  resumeCommands();
  emitPlanWarnings(plan, { cwd: settings.cwd, workspace: env.GITHUB_WORKSPACE }, driftKept);
  const summary = renderPlanSummary(plan, inputs.planFile, undefined, driftKept);
  await appendJobSummary(withRetriesMarkdown(summary.text, retried), env);
  return summary.leftOut;
}
