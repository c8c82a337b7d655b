import type { Plan } from '../plan/types.js';
import { foldSharedChanges, type SharedChanges } from './fold-shared-changes.js';
import { diffCodeBlock, renderDiffLines } from './markdown-diff-parts.js';
import { renderDiffBlock, renderPlanMarkdown, renderPlanMarkdownHead } from './render-plan-markdown.js';

export interface SizeLimit {
  maxSize: number;
  /** How the destination counts: bytes for the job summary, characters for a comment. */
  size: (text: string) => number;
  /** Where every diff is, in markdown: `the [job summary](…)`, `` `plan.json` ``. */
  elsewhere: string;
  /** Appended when even the tables had to be cut, saying where the whole plan is. */
  note: string;
}

/** Diff lines per shared group and per dashboard once the plan no longer fits whole. */
const FOLDED_LINES = 10;
/** Dashboards a shared group names before `… and N more`. */
const NAMED_UIDS = 3;

/**
 * The plan's markdown shortened until it fits: fewer diff lines per dashboard first; then each
 * change several dashboards make alike shown once, and as many dashboards' own diffs as fit,
 * with one note saying what is left out and where it is; if even the tables do not fit, a cut at
 * a whole line (a code block or `<details>` left open is closed) followed by the note.
 */
export function renderPlanMarkdownWithin(plan: Plan, limit: SizeLimit): string {
  for (const maxChangesPerDashboard of [100, 20]) {
    const markdown = renderPlanMarkdown(plan, { maxChangesPerDashboard });
    if (limit.size(markdown) <= limit.maxSize) return markdown;
  }
  const { head, changed, names } = renderPlanMarkdownHead(plan, { maxChangesPerDashboard: 5 });
  const top = `${head.join('\n').trimEnd()}\n`;
  const { shared, own } = foldSharedChanges(changed);
  const withDiff = changed.filter((d) => own.get(d.uid)!.length > 0 || d.action === 'move');
  const reserve = limit.size(foldedNote(shared.length > 0, withDiff.length, limit.elsewhere));
  let budget = limit.maxSize - limit.size(top) - reserve;
  if (budget < 0) return `${cutAtLine(renderPlanMarkdown(plan, { maxChangesPerDashboard: 0 }), limit.maxSize - limit.size(limit.note), limit.size)}${limit.note}`;
  const parts: string[] = [];
  const take = (lines: string[]): boolean => {
    const text = `\n${lines.join('\n')}\n`;
    if (limit.size(text) > budget) return false;
    parts.push(text);
    budget -= limit.size(text);
    return true;
  };
  if (shared.length > 0) take(['**Changes several dashboards make alike, each shown once:**']);
  for (const group of shared) if (!take(renderSharedGroup(group))) break;
  let shown = 0;
  for (const d of withDiff) {
    const ownChanges = own.get(d.uid)!;
    const folded = d.changes.length - ownChanges.length;
    const footer = folded > 0 ? `and ${folded} change${folded === 1 ? '' : 's'} shared with other dashboards, shown above` : undefined;
    if (!take(renderDiffBlock(d, names, ownChanges, FOLDED_LINES, footer).slice(0, -1))) break;
    shown += 1;
  }
  return `${top}${parts.join('')}${foldedNote(shared.length > 0, withDiff.length - shown, limit.elsewhere)}`;
}

/** One group: which dashboards, then the changes they share. */
function renderSharedGroup(group: SharedChanges): string[] {
  const named = group.uids.slice(0, NAMED_UIDS).join(', ');
  const more = group.uids.length > NAMED_UIDS ? `, … and ${group.uids.length - NAMED_UIDS} more` : '';
  const diff = [`# ${group.uids.length} dashboards: ${named}${more}`, ...renderDiffLines(group.changes.slice(0, FOLDED_LINES))];
  if (group.changes.length > FOLDED_LINES) diff.push(`# … and ${group.changes.length - FOLDED_LINES} more changes`);
  return diffCodeBlock(diff);
}

function foldedNote(folded: boolean, omitted: number, elsewhere: string): string {
  const what = [
    folded ? 'a change several dashboards make alike is shown once' : '',
    omitted > 0 ? `the diffs of ${omitted} more dashboard${omitted === 1 ? '' : 's'} are left out` : '',
    `each diff shows at most ${FOLDED_LINES} changes`,
  ].filter(Boolean);
  return `\n> [!NOTE]\n> The plan is too long to show every diff here: ${what.join('; ')}. Every diff is in ${elsewhere}.\n`;
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
