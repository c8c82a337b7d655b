/**
 * How many lines of one kind (a check rule, a plan warning's kind) text and markdown output print one by one: past it,
 * the rest of that kind is one `… and N more` line. JSON output, the Action's annotations and `--verbose` keep every one.
 */
export const LINES_PER_GROUP = 20;

/** Where the Action's reader finds every warning a group cut short: its annotations (it has no --verbose plan, no --format json). */
export const ANNOTATED_EACH = 'every one is an annotation of the step that made this plan';

export interface LimitedGroups<T> {
  /** The items printed one by one, in their order. */
  shown: T[];
  /** Per group, in the order the groups first appear: how many items were not printed. */
  hidden: Map<string, number>;
}

/**
 * Pure: the first `limit` items of each group, in their order, and how many of each group are left out. An item whose
 * group is null is always shown; `limit` undefined shows everything.
 */
export function limitPerGroup<T>(items: readonly T[], groupOf: (item: T) => string | null, limit: number | undefined): LimitedGroups<T> {
  const seen = new Map<string, number>();
  const hidden = new Map<string, number>();
  const shown: T[] = [];
  for (const item of items) {
    const group = groupOf(item);
    if (group === null || limit === undefined) {
      shown.push(item);
      continue;
    }
    const count = (seen.get(group) ?? 0) + 1;
    seen.set(group, count);
    if (count <= limit) shown.push(item);
    else hidden.set(group, (hidden.get(group) ?? 0) + 1);
  }
  return { shown, hidden };
}
