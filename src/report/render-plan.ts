import type { Plan } from '../plan/types.js';
import { renderPlanJson } from './render-plan-json.js';
import { renderPlanMarkdown } from './render-plan-markdown.js';
import { renderPlanText } from './render-plan-text.js';
import { withRetriesMarkdown, type RetrySummary } from './retry-count.js';
import type { RunSelection } from './next-command.js';

export type PlanFormat = 'text' | 'markdown' | 'json';

/**
 * Reporters chosen by name; each returns a string, only the CLI and the Action print. `retried`: the run's retries, which
 * json and markdown carry (their reader may never see stderr, where text's note goes); `selection`: the run's, which the
 * advice's commands repeat.
 */
export function renderPlan(plan: Plan, format: PlanFormat, options: { color: boolean; verbose?: boolean; retried?: RetrySummary | null; selection?: RunSelection }): string {
  const selection = options.selection === undefined ? {} : { selection: options.selection };
  // A plan an apply made and applied unreviewed (a file the Action's one-step apply saved): its drift reads as an apply of it keeps it.
  const driftKept = plan.unreviewed ?? false;
  if (format === 'json') return renderPlanJson(plan, options.retried ?? null);
  if (format === 'markdown') return withRetriesMarkdown(renderPlanMarkdown(plan, { verbose: options.verbose, driftKept, ...selection }), options.retried ?? null);
  return renderPlanText(plan, { color: options.color, verbose: options.verbose, driftKept, ...selection });
}
