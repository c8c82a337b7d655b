import type { Plan } from '../plan/types.js';
import { escapeJsonOutput } from './escape-untrusted.js';
import { renderPlanMarkdown } from './render-plan-markdown.js';
import { renderPlanText } from './render-plan-text.js';

export type PlanFormat = 'text' | 'markdown' | 'json';

/** Reporters chosen by name; each returns a string, only the CLI and the Action print. */
export function renderPlan(plan: Plan, format: PlanFormat, options: { color: boolean }): string {
  if (format === 'json') return `${escapeJsonOutput(JSON.stringify(plan, null, 2))}\n`;
  if (format === 'markdown') return renderPlanMarkdown(plan);
  return renderPlanText(plan, { color: options.color });
}
