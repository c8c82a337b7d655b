import type { Plan } from '../plan/types.js';
import { renderPlanJson } from './render-plan-json.js';
import { renderPlanMarkdown } from './render-plan-markdown.js';
import { renderPlanText } from './render-plan-text.js';

export type PlanFormat = 'text' | 'markdown' | 'json';

/** Reporters chosen by name; each returns a string, only the CLI and the Action print. */
export function renderPlan(plan: Plan, format: PlanFormat, options: { color: boolean; verbose?: boolean }): string {
  if (format === 'json') return renderPlanJson(plan);
  if (format === 'markdown') return renderPlanMarkdown(plan, { verbose: options.verbose });
  return renderPlanText(plan, { color: options.color, verbose: options.verbose });
}
