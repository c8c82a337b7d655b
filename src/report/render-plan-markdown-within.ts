import type { Plan } from '../plan/types.js';
import { renderPlanMarkdown } from './render-plan-markdown.js';

export interface SizeLimit {
  maxSize: number;
  /** How the destination counts: bytes for the job summary, characters for a comment. */
  size: (text: string) => number;
  /** Appended when the plan had to be cut, saying where the whole of it is. */
  note: string;
}

/**
 * The plan's markdown shortened until it fits: fewer diff lines per dashboard first, then a
 * cut at a whole line (a code block or `<details>` left open is closed) followed by the note.
 */
export function renderPlanMarkdownWithin(plan: Plan, limit: SizeLimit): string {
  for (const maxChangesPerDashboard of [100, 20, 5, 0]) {
    const markdown = renderPlanMarkdown(plan, { maxChangesPerDashboard });
    if (limit.size(markdown) <= limit.maxSize) return markdown;
  }
  const markdown = renderPlanMarkdown(plan, { maxChangesPerDashboard: 0 });
  return `${cutAtLine(markdown, limit.maxSize - limit.size(limit.note), limit.size)}${limit.note}`;
}

function cutAtLine(text: string, budget: number, size: (text: string) => number): string {
  const kept: string[] = [];
  let used = 0;
  let fence: string | undefined;
  let openDetails = 0;
  for (const line of text.split('\n')) {
    const nextFence = fence === undefined ? /^(```|~~~~~~)/.exec(line)?.[1] : line === fence ? undefined : fence;
    const nextDetails = openDetails + (line.startsWith('<details>') ? 1 : 0) - (line === '</details>' ? 1 : 0);
    const closers = (nextFence === undefined ? 0 : size(nextFence) + 1) + nextDetails * (size('</details>') + 1);
    const cost = size(line) + (kept.length > 0 ? 1 : 0);
    if (used + cost + closers > budget) break;
    kept.push(line);
    used += cost;
    fence = nextFence;
    openDetails = nextDetails;
  }
  if (fence !== undefined) kept.push(fence);
  for (let i = 0; i < openDetails; i += 1) kept.push('</details>');
  return kept.join('\n');
}
