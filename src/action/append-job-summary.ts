import { appendFile } from 'node:fs/promises';
import type { Plan } from '../plan/types.js';
import { renderPlanMarkdown } from '../report/render-plan-markdown.js';

/** GitHub refuses a step summary above 1 MiB; stay below it with room for the apply report. */
const MAX_SUMMARY_BYTES = 1000 * 1024;

/** Appends markdown to the job summary; does nothing outside a runner (no GITHUB_STEP_SUMMARY). */
export async function appendJobSummary(markdown: string, env: Record<string, string | undefined>): Promise<void> {
  const path = env.GITHUB_STEP_SUMMARY;
  if (!path) return;
  await appendFile(path, markdown.endsWith('\n') ? `${markdown}\n` : `${markdown}\n\n`, 'utf8');
}

/**
 * The plan's markdown, shortened until it fits: fewer diff lines per dashboard first, then
 * a cut with a pointer to the plan file (which always holds everything).
 */
export function renderPlanSummary(plan: Plan, planFile: string, maxBytes = MAX_SUMMARY_BYTES): string {
  for (const maxChangesPerDashboard of [100, 20, 5, 0]) {
    const markdown = renderPlanMarkdown(plan, { maxChangesPerDashboard });
    if (Buffer.byteLength(markdown) <= maxBytes) return markdown;
  }
  const note = `\n\n> [!NOTE]\n> The plan is too large for the job summary and was cut here; the full plan is in \`${planFile}\`.\n`;
  const markdown = renderPlanMarkdown(plan, { maxChangesPerDashboard: 0 });
  return `${cutToBytes(markdown, maxBytes - Buffer.byteLength(note))}${note}`;
}

/** Cuts at the last whole line that fits, so no table row or HTML tag is left half-written. */
function cutToBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8').subarray(0, Math.max(0, maxBytes));
  const decoded = bytes.toString('utf8');
  const lastNewline = decoded.lastIndexOf('\n');
  return lastNewline > 0 ? decoded.slice(0, lastNewline) : '';
}
