import { appendFile } from 'node:fs/promises';
import type { Plan } from '../plan/types.js';
import { describePlanFile } from './describe-plan-file.js';
import { renderPlanMarkdownWithin, type PlanMarkdownWithin } from '../report/render-plan-markdown-within.js';
import type { UnreviewedWhy } from '../apply/types.js';

/** GitHub refuses a step summary above 1 MiB; stay below it with room for the apply report. */
const MAX_SUMMARY_BYTES = 1000 * 1024;

/** Appends markdown to the job summary; does nothing outside a runner (no GITHUB_STEP_SUMMARY). */
export async function appendJobSummary(markdown: string, env: Record<string, string | undefined>): Promise<void> {
  const path = env.GITHUB_STEP_SUMMARY;
  if (!path) return;
  await appendFile(path, markdown.endsWith('\n') ? `${markdown}\n` : `${markdown}\n\n`, 'utf8');
}

/** The plan's markdown within the job summary's limit; when cut, it points to the plan file (which always holds everything). */
export function renderPlanSummary(plan: Plan, planFile: string, maxBytes = MAX_SUMMARY_BYTES, driftKept: UnreviewedWhy | false = false): PlanMarkdownWithin {
  const file = describePlanFile(planFile);
  const cutNote = (listed: string) => `\n\n> [!NOTE]\n> The plan is too large for the job summary and was cut here: ${listed}. The full plan is in ${file}.\n`;
  return renderPlanMarkdownWithin(plan, { maxSize: maxBytes, size: (text) => Buffer.byteLength(text), elsewhere: file, cutNote, shell: 'action', driftKept });
}
