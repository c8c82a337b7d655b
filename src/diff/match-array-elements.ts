import { firstDifference, type DifferencePath } from './is-deep-equal.js';
import type { ArrayIdentity, KeyingRules } from './keying-rules.js';

/**
 * Arrays whose elements have a stable identity (see KeyingRules) are turned into objects
 * keyed by that identity before diffing, so an inserted panel is one `added` change instead
 * of a cascade of index shifts. Both sides of a pair are keyed the same way, or neither is.
 * Objects the rules call maps by name keep their shape and get labels for their keys.
 */
interface KeyedInfo {
  /** Readable label per key: `id=4 "CPU"`, `name="cluster"`; a key without one reads as an ordinary key. */
  labels: Map<string, string>;
  /** Keys in display order: desired order, then keys only live has. */
  order: string[];
  /** True for an array turned into an object (turned back for before/after values). */
  fromArray: boolean;
}

/** Keyed containers (both sides) → how to render and order their keys. */
export type KeyedRegistry = WeakMap<object, KeyedInfo>;

export interface OrderChange {
  /** Raw steps into the transformed documents: object keys, array indexes, element keys. */
  steps: (string | number)[];
  before: string[];
  after: string[];
}

interface Context {
  registry: KeyedRegistry;
  orderChanges: OrderChange[];
  rules: KeyingRules;
}

/**
 * What an equal pair of subtrees becomes on both sides: they hold no change, so neither the
 * copy below nor deep-diff walks them (a changed dashboard usually differs in one panel).
 * No change path ever leads into one, so it never reaches a FieldChange.
 */
const UNCHANGED = 0;

/**
 * Transforms live and desired together; returns fresh values (inputs are not mutated).
 * `difference`: firstDifference(live, desired) when the caller has it (the walk is not repeated).
 */
export function matchArrayElements(
  live: unknown,
  desired: unknown,
  registry: KeyedRegistry,
  orderChanges: OrderChange[],
  rules: KeyingRules,
  difference?: DifferencePath,
): [unknown, unknown] {
  return transformPair(live, desired, [], [], { registry, orderChanges, rules }, difference);
}

/**
 * `known`: where live and desired first differ, when the equality walk of an enclosing pair
 * already found it (see firstDifference); undefined when not known.
 */
function transformPair(
  live: unknown,
  desired: unknown,
  rawPath: string[],
  steps: (string | number)[],
  context: Context,
  known?: DifferencePath,
): [unknown, unknown] {
  if (live === undefined || desired === undefined) {
    return [transformOne(live, rawPath, context), transformOne(desired, rawPath, context)];
  }
  const difference = known ?? (typeof live === 'object' && live !== null ? firstDifference(live, desired) : []);
  if (difference === null) return [UNCHANGED, UNCHANGED];
  const liveArray = Array.isArray(live) ? live : undefined;
  const desiredArray = Array.isArray(desired) ? desired : undefined;
  if (liveArray && desiredArray) {
    const identity = identityOf(liveArray, desiredArray, rawPath, context.rules);
    if (identity) return transformKeyed(liveArray, desiredArray, identity, rawPath, steps, context, difference);
    const liveOut: unknown[] = [];
    const desiredOut: unknown[] = [];
    const length = Math.max(liveArray.length, desiredArray.length);
    for (let i = 0; i < length; i += 1) {
      const [l, d] = transformChild(liveArray[i], desiredArray[i], knownAt(difference, i, difference[0]), rawPath, [...steps, i], context);
      if (i < liveArray.length) liveOut.push(l);
      if (i < desiredArray.length) desiredOut.push(d);
    }
    return [liveOut, desiredOut];
  }
  if (isObject(live) && isObject(desired)) {
    const liveOut: Record<string, unknown> = {};
    const desiredOut: Record<string, unknown> = {};
    const keys = Object.keys(live);
    // The walk went through live's keys in this order.
    const differsAt = difference.length > 0 ? keys.indexOf(difference[0] as string) : undefined;
    keys.forEach((key, index) => {
      const [l, d] = transformChild(live[key], desired[key], knownAt(difference, index, differsAt), [...rawPath, key], [...steps, key], context);
      setOwn(liveOut, key, l);
      if (Object.hasOwn(desired, key)) setOwn(desiredOut, key, d);
    });
    for (const key of Object.keys(desired)) {
      if (Object.hasOwn(live, key)) continue;
      setOwn(desiredOut, key, transformOne(desired[key], [...rawPath, key], context));
    }
    const labelOf = context.rules.objectLabels?.(rawPath);
    if (labelOf) {
      const info: KeyedInfo = { labels: new Map(), order: [], fromArray: false };
      for (const key of new Set([...Object.keys(desired), ...Object.keys(live)])) {
        info.order.push(key);
        const label = labelOf(key);
        if (label !== undefined) info.labels.set(key, label);
      }
      context.registry.set(liveOut, info);
      context.registry.set(desiredOut, info);
    }
    return [liveOut, desiredOut];
  }
  return [transformOne(live, rawPath, context), transformOne(desired, rawPath, context)];
}

/**
 * What the container's walk (its difference) says of its child at `position`, the child it
 * differed at being at `differsAt`: 'equal' before it, the rest of the path at it, nothing after
 * it or when the walk stopped at the container itself.
 */
function knownAt(difference: DifferencePath, position: number, differsAt: string | number | undefined): DifferencePath | 'equal' | undefined {
  if (typeof differsAt !== 'number' || differsAt < 0 || position > differsAt) return undefined;
  return position < differsAt ? 'equal' : difference.slice(1);
}

/** A child pair: as transformPair, or as an equal pair without walking it again. */
function transformChild(live: unknown, desired: unknown, known: DifferencePath | 'equal' | undefined, rawPath: string[], steps: (string | number)[], context: Context): [unknown, unknown] {
  if (known !== 'equal') return transformPair(live, desired, rawPath, steps, context, known);
  return typeof live === 'object' && live !== null ? [UNCHANGED, UNCHANGED] : [live, desired];
}

/** A value with nothing to match against (only one side has it, or the types differ). */
function transformOne(value: unknown, rawPath: string[], context: Context): unknown {
  if (Array.isArray(value)) {
    const identity = identityOf(value, undefined, rawPath, context.rules);
    if (identity) return transformKeyed(value, undefined, identity, rawPath, [], context)[0];
    return value.map((item) => transformOne(item, rawPath, context));
  }
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(out, key, transformOne(item, [...rawPath, key], context));
    return out;
  }
  return value;
}

function identityOf(live: unknown[] | undefined, desired: unknown[] | undefined, rawPath: string[], rules: KeyingRules): ArrayIdentity | undefined {
  const sides = [live, desired].filter((side): side is unknown[] => side !== undefined);
  return rules.arrayIdentities(rawPath).find((identity) => sides.every((side) => hasUniqueKeys(side, identity)));
}

function hasUniqueKeys(items: unknown[], identity: ArrayIdentity): boolean {
  const keys = new Set<string>();
  for (const item of items) {
    if (!isObject(item)) return false;
    const key = identity.key(item);
    if (key === undefined || keys.has(key)) return false;
    keys.add(key);
  }
  return true;
}

function transformKeyed(
  live: unknown[] | undefined,
  desired: unknown[] | undefined,
  identity: ArrayIdentity,
  rawPath: string[],
  steps: (string | number)[],
  context: Context,
  difference: DifferencePath = [],
): [unknown, unknown] {
  const keyOf = (item: unknown): string => identity.key(item as Record<string, unknown>)!;
  const liveByKey = new Map((live ?? []).map((item) => [keyOf(item), item]));
  const desiredByKey = new Map((desired ?? []).map((item) => [keyOf(item), item]));
  const info: KeyedInfo = { labels: new Map(), order: [], fromArray: true };
  for (const key of [...desiredByKey.keys(), ...liveByKey.keys()]) {
    if (info.labels.has(key)) continue;
    info.order.push(key);
    info.labels.set(key, identity.label((desiredByKey.get(key) ?? liveByKey.get(key)) as Record<string, unknown>));
  }

  // The equality walk compared the elements index by index: an element before the one it
  // differed at is paired with itself here (an equal element has the same key).
  // Without a differing index (the walk stopped at the arrays themselves) nothing is known.
  const differsAt = difference[0];
  const liveIndex = typeof differsAt === 'number' ? new Map([...liveByKey.keys()].map((key, index) => [key, index])) : undefined;
  const desiredIndex = liveIndex && new Map([...desiredByKey.keys()].map((key, index) => [key, index]));
  const pairs = new Map<string, [unknown, unknown]>();
  for (const key of info.order) {
    const index = liveIndex?.get(key);
    const known = index !== undefined && index === desiredIndex?.get(key) ? knownAt(difference, index, differsAt) : undefined;
    pairs.set(key, transformChild(liveByKey.get(key), desiredByKey.get(key), known, rawPath, [...steps, key], context));
  }
  const build = (keys: Iterable<string>, side: 0 | 1): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = pairs.get(key)![side];
    return out;
  };
  const liveOut = live ? build(liveByKey.keys(), 0) : undefined;
  const desiredOut = desired ? build(desiredByKey.keys(), 1) : undefined;
  for (const container of [liveOut, desiredOut]) if (container) context.registry.set(container, info);

  if (live && desired) {
    const common = (keys: Iterable<string>, other: Map<string, unknown>) => [...keys].filter((key) => other.has(key));
    const before = common(liveByKey.keys(), desiredByKey);
    const after = common(desiredByKey.keys(), liveByKey);
    if (before.some((key, i) => key !== after[i])) {
      const label = (key: string) => info.labels.get(key)!;
      context.orderChanges.push({ steps, before: before.map(label), after: after.map(label) });
    }
  }
  return [liveOut, desiredOut];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Plain assignment, except for `__proto__`, which must stay an ordinary key (as JSON.parse makes it). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
