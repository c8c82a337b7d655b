import type { Shell } from '../describe-error.js';
import type { DashboardAction, Plan } from '../plan/types.js';
import { foldSharedChanges, type SharedChanges } from './fold-shared-changes.js';
import { diffCodeBlock, renderDiffLines } from './markdown-diff-parts.js';
import { moreChanges } from './more-changes.js';
import { renderDiffBlock, renderPlanMarkdown, renderPlanMarkdownHead } from './render-plan-markdown.js';
import type { UnreviewedWhy } from '../apply/types.js';

export interface SizeLimit {
  maxSize: number;
  /** How the destination counts: bytes for the job summary, characters for a comment. */
  size: (text: string) => number;
  /** Where every diff is, in markdown: `the [job summary](…)`, `` `plan.json` ``. */
  elsewhere: string;
  /** The note after a cut table, given what was listed (`746 of 2,000 dashboards listed …; no diff shown`). */
  cutNote: (listed: string) => string;
  /** Whose knobs the plan's advice names (default the CLI's). */
  shell?: Shell;
  /** Applied in this step unreviewed: its drift warnings say it is kept (describeWarningsIn). */
  driftKept?: UnreviewedWhy | false;
}

/** The plan's markdown within a limit, and what it leaves out (null when every diff is there). */
export interface PlanMarkdownWithin {
  text: string;
  leftOut: string | null;
}

/** Diff lines per dashboard in the first shortening. */
const FEWER_LINES = 20;
/** Diff lines per shared group and per dashboard once the plan no longer fits whole. */
const FOLDED_LINES = 10;
/** Dashboards a shared group names before `… and N more`. */
const NAMED_UIDS = 3;

/**
 * The plan's markdown shortened until it fits: fewer diff lines per dashboard first; then each
 * change several dashboards make alike shown once, and as many dashboards' own diffs as fit,
 * with one note saying what is left out and where it is; if even the tables do not fit, the rows
 * a reviewer must see first (deletes, creates last) as far as they fit, then a note counting them.
 */
export function renderPlanMarkdownWithin(plan: Plan, limit: SizeLimit): PlanMarkdownWithin {
  for (const maxChangesPerDashboard of [100, FEWER_LINES]) {
    const markdown = renderPlanMarkdown(plan, { maxChangesPerDashboard, shell: limit.shell, driftKept: limit.driftKept });
    if (limit.size(markdown) <= limit.maxSize) return { text: markdown, leftOut: maxChangesPerDashboard === 100 ? null : `each diff shows at most ${FEWER_LINES} changes` };
  }
  const { head, changed, names } = renderPlanMarkdownHead(plan, { maxChangesPerDashboard: 5, shell: limit.shell, driftKept: limit.driftKept });
  const top = `${head.join('\n').trimEnd()}\n`;
  const { shared, own } = foldSharedChanges(changed);
  const withDiff = changed.filter((d) => own.get(d.uid)!.length > 0 || d.action === 'move');
  const reserve = limit.size(foldedNote({ folded: shared.length > 0, groupsLeftOut: shared.length, groups: shared.length, dashboardsLeftOut: changed.length, more: false }, limit.elsewhere));
  let budget = limit.maxSize - limit.size(top) - reserve;
  if (budget < 0) return renderCutTable(plan, limit);
  const parts: string[] = [];
  const take = (lines: string[]): boolean => {
    const text = `\n${lines.join('\n')}\n`;
    if (limit.size(text) > budget) return false;
    parts.push(text);
    budget -= limit.size(text);
    return true;
  };
  if (shared.length > 0) take(['**Changes several dashboards make alike, each shown once:**']);
  let groupsShown = 0;
  while (groupsShown < shared.length && take(renderSharedGroup(shared[groupsShown]!))) groupsShown += 1;
  const sharedChanges = countSharedChanges(shared, groupsShown);
  const leftOut = new Set(shared.slice(groupsShown).flatMap((group) => group.uids));
  let stopped = false;
  for (const d of withDiff) {
    if (!stopped && take(renderDiffBlock(d, names, own.get(d.uid)!, FOLDED_LINES, sharedFooter(sharedChanges.get(d.uid))).slice(0, -1))) continue;
    stopped = true;
    leftOut.add(d.uid);
  }
  const groupsLeftOut = shared.length - groupsShown;
  const summary = { folded: shared.length > 0, groupsLeftOut, groups: shared.length, dashboardsLeftOut: leftOut.size, more: groupsLeftOut === 0 };
  return {
    text: `${top}${parts.join('')}${foldedNote(summary, limit.elsewhere)}`,
    leftOut: leftOut.size > 0 ? dashboardsLeftOut(summary) : `each diff shows at most ${FOLDED_LINES} changes`,
  };
}

/**
 * Only the head, its dashboard rows in review order as far as they fit (so a cut drops creates
 * before any delete), and a note counting what is listed and what is not.
 */
function renderCutTable(plan: Plan, limit: SizeLimit): PlanMarkdownWithin {
  const { head, changed, rowsFrom } = renderPlanMarkdownHead(plan, { maxChangesPerDashboard: 0, reviewOrder: true, shell: limit.shell, driftKept: limit.driftKept });
  const before = rowsFrom < 0 ? head : head.slice(0, rowsFrom);
  const rows = rowsFrom < 0 ? [] : head.slice(rowsFrom, rowsFrom + changed.length);
  const budget = limit.maxSize - limit.size(limit.cutNote(describeListed(changed, changed.length, true)));
  const kept = cutAtLine(before.join('\n'), budget, limit.size);
  let used = limit.size(kept);
  let shown = 0;
  if (kept.length === before.join('\n').length) {
    while (shown < rows.length && used + 1 + limit.size(rows[shown]!) <= budget) used += 1 + limit.size(rows[shown++]!);
  }
  const listed = describeListed(changed, shown);
  return { text: `${[kept, ...rows.slice(0, shown)].join('\n')}${limit.cutNote(listed)}`, leftOut: listed };
}

/**
 * `746 of 2,000 dashboards listed (deletes first, creates last); not listed: 1,254 creates; no diff shown`.
 * `longest` gives the longest such text for this plan, to reserve room before the rows are counted.
 */
function describeListed(changed: DashboardAction[], shown: number, longest = false): string {
  const notListed = new Map<string, number>();
  for (const d of longest ? changed : changed.slice(shown)) notListed.set(d.action, (notListed.get(d.action) ?? 0) + 1);
  const counts = [...notListed].map(([action, n]) => `${count(n)} ${action}${n === 1 ? '' : 's'}`);
  const listed = shown === changed.length && !longest ? `all ${count(shown)} dashboards listed` : `${count(shown)} of ${count(changed.length)} dashboards listed (deletes first, creates last); not listed: ${counts.join(', ')}`;
  return `${listed}; no diff shown`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Per dashboard, how many of its changes are in groups shown (the first `groupsShown`) and in groups left out. */
function countSharedChanges(shared: SharedChanges[], groupsShown: number): Map<string, { shown: number; leftOut: number }> {
  const counts = new Map<string, { shown: number; leftOut: number }>();
  for (const [i, group] of shared.entries()) {
    for (const uid of group.uids) {
      const entry = counts.get(uid) ?? { shown: 0, leftOut: 0 };
      entry[i < groupsShown ? 'shown' : 'leftOut'] += group.changes.length;
      counts.set(uid, entry);
    }
  }
  return counts;
}

/** A block's last line: its changes shared with other dashboards, shown above or left out. */
function sharedFooter(counts: { shown: number; leftOut: number } | undefined): string | undefined {
  if (!counts) return undefined;
  const changes = (n: number) => `${n} change${n === 1 ? '' : 's'} shared with other dashboards`;
  const parts = [counts.shown > 0 ? `${changes(counts.shown)}, shown above` : '', counts.leftOut > 0 ? `${changes(counts.leftOut)}, left out here` : ''];
  return `and ${parts.filter(Boolean).join('; and ')}`;
}

/** One group: which dashboards, then the changes they share. */
function renderSharedGroup(group: SharedChanges): string[] {
  const named = group.uids.slice(0, NAMED_UIDS).join(', ');
  const more = group.uids.length > NAMED_UIDS ? `, … and ${group.uids.length - NAMED_UIDS} more` : '';
  const diff = [`# ${group.uids.length} dashboards: ${named}${more}`, ...renderDiffLines(group.changes.slice(0, FOLDED_LINES))];
  if (group.changes.length > FOLDED_LINES) diff.push(`# ${moreChanges(group.changes.length - FOLDED_LINES)}`);
  return diffCodeBlock(diff);
}

interface FoldedSummary {
  folded: boolean;
  groupsLeftOut: number;
  groups: number;
  dashboardsLeftOut: number;
  /** Every shared change is shown, so a dashboard left out is one more beyond those shown. */
  more: boolean;
}

function dashboardsLeftOut({ dashboardsLeftOut: n, more }: FoldedSummary): string {
  return `the diffs of ${count(n)}${more ? ' more' : ''} dashboard${n === 1 ? '' : 's'} ${n === 1 ? 'is' : 'are'} left out${more ? '' : ' in whole or in part'}`;
}

function foldedNote(summary: FoldedSummary, elsewhere: string): string {
  const what = [
    summary.folded ? 'a change several dashboards make alike is shown once' : '',
    summary.groupsLeftOut > 0 ? `${count(summary.groupsLeftOut)} of the ${count(summary.groups)} sets of changes several dashboards share are not shown` : '',
    summary.dashboardsLeftOut > 0 ? dashboardsLeftOut(summary) : '',
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
