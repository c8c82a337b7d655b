import { mapStrings } from '../files/resolve-inputs.js';

/** A datasource placeholder of the file that pull's version holds as a literal: no input of this run maps that value. */
export interface LiteralOverPlaceholder {
  /** The input the file named there (`DS_PROMETHEUS`). */
  name: string;
  /** The literal written in its place (`thanos-prod`). */
  value: string;
}

const BARE_DATASOURCE_PLACEHOLDER = /^\$\{(DS_[A-Za-z0-9_]+)\}$/;

/** Grafana's built-in datasources (its own annotations, Mixed, a dashboard's panel results): no input maps them, and none is meant to. */
const BUILT_IN_DATASOURCES = new Set(['grafana', '-- Grafana --', '-- Mixed --', '-- Dashboard --']);

/**
 * Pure: where `written` (the file as it was, placeholders kept) holds a bare `${DS_…}` and `pulled` (what pull writes, in the
 * same schema) holds a literal at the same place: someone pointed that panel at a datasource no input maps, and every other
 * environment deploying the file would get it. The same place is found by the array items' own keys where they have one (a
 * panel's `id`, a query's `refId`, a variable's `name`), not by position: Grafana sorts panels by position on save, so a panel
 * dragged above another sits at another index (review-66a L3); a keyed item Grafana's version lacks has no counterpart. A
 * built-in datasource is no such literal. Each name and value once, in the file's order.
 */
export function findLiteralsOverPlaceholders(written: unknown, pulled: unknown): LiteralOverPlaceholder[] {
  const found = new Map<string, LiteralOverPlaceholder>();
  mapStrings(written, [], (text, path) => {
    const name = BARE_DATASOURCE_PLACEHOLDER.exec(text)?.[1];
    if (name === undefined) return text;
    const now = counterpartAt(written, pulled, path);
    if (typeof now === 'string' && now !== '' && !now.includes('$') && !BUILT_IN_DATASOURCES.has(now)) found.set(`${name}\0${now}`, { name, value: now });
    return text;
  });
  return [...found.values()];
}

/** The keys an array item is known by, in the order tried. */
const ITEM_KEYS = ['id', 'refId', 'name'] as const;

/**
 * What `pulled` holds where `written` holds `path`: an array item with a key (ITEM_KEYS) is matched by it, and has no
 * counterpart where no item of Grafana's has that key's value (a panel deleted there, another added at its index, is not
 * it: review-67b L1); an item without a key, or whose key's value is not unique on both sides, by its position.
 */
function counterpartAt(written: unknown, pulled: unknown, path: readonly (string | number)[]): unknown {
  let mine = written;
  let theirs = pulled;
  for (const key of path) {
    if (theirs === null || typeof theirs !== 'object') return undefined;
    const keyed = Array.isArray(mine) && Array.isArray(theirs) && typeof key === 'number' ? uniqueItemKeyOf(mine, theirs, key) : undefined;
    mine = mine !== null && typeof mine === 'object' ? (mine as Record<string | number, unknown>)[key] : undefined;
    if (keyed !== undefined) theirs = (theirs as readonly unknown[]).find((each) => holdsKey(each, keyed));
    else if (Object.hasOwn(theirs, key)) theirs = (theirs as Record<string | number, unknown>)[key];
    else return undefined;
  }
  return theirs;
}

/**
 * The key `mine[index]` is matched by: undefined where it has none, or where its value repeats in either array (two
 * transformations `{"id": "organize"}` in one panel): such an item goes by position, as one without a key (rev-67c L4).
 */
function uniqueItemKeyOf(mine: readonly unknown[], theirs: readonly unknown[], index: number): ItemKey | undefined {
  const keyed = itemKeyOf(mine[index]);
  if (keyed === undefined) return undefined;
  const holding = (items: readonly unknown[]) => items.filter((each) => holdsKey(each, keyed)).length;
  return holding(mine) === 1 && holding(theirs) <= 1 ? keyed : undefined;
}

type ItemKey = { key: (typeof ITEM_KEYS)[number]; value: unknown };

function holdsKey(item: unknown, keyed: ItemKey): boolean {
  return item !== null && typeof item === 'object' && (item as Record<string, unknown>)[keyed.key] === keyed.value;
}

/** The first key of ITEM_KEYS `item` has, with its value; undefined where it has none (or is no object). */
function itemKeyOf(item: unknown): ItemKey | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const key = ITEM_KEYS.find((each) => ['string', 'number'].includes(typeof (item as Record<string, unknown>)[each]));
  return key === undefined ? undefined : { key, value: (item as Record<string, unknown>)[key] };
}
