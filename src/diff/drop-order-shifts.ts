import { isPlainObject } from '../files/is-plain-object.js';
import type { FieldChange } from './types.js';

type Json = Record<string, unknown>;

/** The most entries of one list weighed against each other: a longer list keeps every position shown. */
const MOST_ENTRIES = 400;

/**
 * Pure: a v2 review layout's (reviewV2Spec) `position` changes left out where they only follow what happened around them
 * in their list (an auto grid's items, a layout's rows or tabs): another entry dragged past them, added or removed. Of
 * the entries both sides hold in one list, those that keep their order with the most others (the longest run in order
 * on both sides; of runs as long, the one whose entries moved least) stayed, and their positions' changes go; the
 * others were moved, and theirs are the lines a reviewer reads (`layout["panel-5" "Queue depth"].position: 5 → 1`, one
 * panel dragged to the front, not five). `labelOf` names a review layout key as the changes' paths do.
 */
export function withoutOrderShifts(changes: FieldChange[], live: unknown, desired: unknown, labelOf: (key: string) => string | undefined): FieldChange[] {
  if (!changes.some((change) => change.path.endsWith('.position')) || !isPlainObject(live) || !isPlainObject(desired)) return changes;
  const atPath = new Map(changes.flatMap((change, at) => (change.kind === 'changed' && change.path.endsWith('.position') ? [[change.path, at] as const] : [])));
  const lists = new Map<string, { position: [number, number]; at?: number }[]>();
  for (const [key, entry] of Object.entries(desired)) {
    const held = live[key];
    if (!isPlainObject(entry) || !isPlainObject(held) || typeof entry.position !== 'number' || typeof held.position !== 'number') continue;
    const list = listOf(key, entry);
    if (list !== listOf(key, held)) continue;
    const label = labelOf(key);
    const at = label === undefined ? undefined : atPath.get(`layout[${label}].position`);
    const entries = lists.get(list) ?? (lists.set(list, []), lists.get(list)!);
    entries.push({ position: [held.position, entry.position], ...(at !== undefined && { at }) });
  }
  const shifts = new Set<number>();
  for (const entries of lists.values()) {
    if (entries.length > MOST_ENTRIES || !entries.some((entry) => entry.at !== undefined)) continue;
    for (const entry of inOrder(entries)) if (entry.at !== undefined) shifts.add(entry.at);
  }
  return shifts.size === 0 ? changes : changes.filter((_, at) => !shifts.has(at));
}

/** The list a review layout entry is in: a placement's tab and row; a section's enclosing sections and its kind. */
function listOf(key: string, entry: Json): string {
  if (!key.startsWith('section:')) return JSON.stringify(['element', entry.tab ?? null, entry.row ?? null]);
  const steps = JSON.parse(key.slice('section:'.length)) as [string, string][];
  return JSON.stringify(['section', steps.slice(0, -1), steps.at(-1)![0]]);
}

/**
 * The entries that stayed in order: the longest run whose live and desired positions both rise (ordered by live
 * position), of runs as long the one whose entries moved the least in all.
 */
function inOrder<T extends { position: [number, number] }>(entries: T[]): T[] {
  const sorted = [...entries].sort((a, b) => a.position[0] - b.position[0]);
  const moved = (entry: T) => Math.abs(entry.position[1] - entry.position[0]);
  // best[i]: the longest run ending at sorted[i] (its length, what its entries moved in all, the entry before it).
  const best: { length: number; moved: number; before: number }[] = [];
  sorted.forEach((entry, i) => {
    let pick = { length: 1, moved: moved(entry), before: -1 };
    for (let j = 0; j < i; j += 1) {
      if (sorted[j]!.position[1] >= entry.position[1]) continue;
      const length = best[j]!.length + 1;
      const total = best[j]!.moved + moved(entry);
      if (length > pick.length || (length === pick.length && total < pick.moved)) pick = { length, moved: total, before: j };
    }
    best.push(pick);
  });
  let end = -1;
  best.forEach((run, i) => {
    if (end === -1 || run.length > best[end]!.length || (run.length === best[end]!.length && run.moved < best[end]!.moved)) end = i;
  });
  const run: T[] = [];
  for (let i = end; i !== -1; i = best[i]!.before) run.push(sorted[i]!);
  return run;
}
