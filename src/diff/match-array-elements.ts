import { firstDifference, type DifferencePath } from './is-deep-equal.js';
import { findArrayIdentity, type ArrayKeys } from './find-array-identity.js';
import type { KeyedInfo, KeyedRegistry, OrderChange } from './keyed-registry.js';
import type { ElementSides, KeyingRules } from './keying-rules.js';

/**
 * Arrays whose elements have a stable identity (see KeyingRules) are turned into objects
 * keyed by that identity before diffing, so an inserted panel is one `added` change instead
 * of a cascade of index shifts. Both sides of a pair are keyed the same way, or neither is.
 * Objects the rules call maps by name keep their shape and get labels for their keys.
 */

/** What one transform records into and is ruled by. */
interface Context {
  registry: KeyedRegistry;
  orderChanges: OrderChange[];
  rules: KeyingRules;
}

/**
 * What an equal pair of array elements becomes on both sides: they hold no change, so neither
 * the copy below nor deep-diff walks them (a changed dashboard usually differs in one panel).
 * No change path ever leads into one, so it never reaches a FieldChange. An equal pair of
 * object members (or of keyed elements) is left out of both copies instead: deep-diff does not
 * even visit its key.
 */
const UNCHANGED = 0;

/** What the equality walk of the enclosing pair says of a child: equal, where it differs, or nothing. */
type Known = DifferencePath | typeof EQUAL | undefined;
const EQUAL = 'equal';

/**
 * Transforms live and desired together; returns fresh values (inputs are not mutated).
 * `difference`: firstDifference(live, desired) when the caller has it (the walk is not repeated).
 * Only the path to each difference is copied: every equal pair on the way becomes UNCHANGED
 * without a copy or a path of its own.
 */
export function matchArrayElements(
  live: unknown,
  desired: unknown,
  registry: KeyedRegistry,
  orderChanges: OrderChange[],
  rules: KeyingRules,
  difference?: DifferencePath,
): [unknown, unknown] {
  const context = { registry, orderChanges, rules };
  if (live === undefined || desired === undefined) return [transformOne(live, [], context), transformOne(desired, [], context)];
  const known = difference ?? (isContainer(live) ? firstDifference(live, desired) : []);
  if (known === null) return [UNCHANGED, UNCHANGED];
  return transformPair(live, desired, [], [], context, known);
}

/** A pair known to differ (`difference` says where the walk found it), both sides present. */
function transformPair(
  live: unknown,
  desired: unknown,
  rawPath: string[],
  steps: (string | number)[],
  context: Context,
  difference: DifferencePath,
): [unknown, unknown] {
  if (Array.isArray(live) && Array.isArray(desired)) {
    const keyed = findArrayIdentity(live, desired, context.rules.arrayIdentities(rawPath)) ?? context.rules.pairElements?.(rawPath, live, desired);
    if (keyed) return transformKeyed(live, desired, keyed, rawPath, steps, context, difference);
    return transformByIndex(live, desired, rawPath, steps, context, difference);
  }
  if (isObject(live) && isObject(desired)) return transformObject(live, desired, rawPath, steps, context, difference);
  // An array on one side, an object on the other: as they are, so that deep-diff reports the pair as one
  // change. Keyed, the array would be an object too, and `[]` would read as equal to `{}`.
  if (isContainer(live) && isContainer(desired)) return [live, desired];
  return [transformOne(live, rawPath, context), transformOne(desired, rawPath, context)];
}

function transformByIndex(live: unknown[], desired: unknown[], rawPath: string[], steps: (string | number)[], context: Context, difference: DifferencePath): [unknown, unknown] {
  const liveOut: unknown[] = [];
  const desiredOut: unknown[] = [];
  const differsAt = difference[0];
  const length = Math.max(live.length, desired.length);
  for (let i = 0; i < length; i += 1) {
    const pair = transformChild(live[i], desired[i], knownAt(difference, i, differsAt), rawPath, undefined, steps, i, context);
    if (i < live.length) liveOut.push(pair[0]);
    if (i < desired.length) desiredOut.push(pair[1]);
  }
  return [liveOut, desiredOut];
}

function transformObject(
  live: Record<string, unknown>,
  desired: Record<string, unknown>,
  rawPath: string[],
  steps: (string | number)[],
  context: Context,
  difference: DifferencePath,
): [unknown, unknown] {
  const liveOut: Record<string, unknown> = {};
  const desiredOut: Record<string, unknown> = {};
  const keys = Object.keys(live);
  // The walk went through live's keys in this order.
  const differsAt = difference.length > 0 ? keys.indexOf(difference[0] as string) : undefined;
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index]!;
    const inDesired = Object.hasOwn(desired, key);
    const pair = transformChild(live[key], inDesired ? desired[key] : undefined, knownAt(difference, index, differsAt), rawPath, key, steps, key, context);
    if (pair === EQUAL_PAIR) continue;
    setOwn(liveOut, key, pair[0]);
    if (inDesired) setOwn(desiredOut, key, pair[1]);
  }
  for (const key of Object.keys(desired)) {
    if (Object.hasOwn(live, key)) continue;
    setOwn(desiredOut, key, transformOne(desired[key], [...rawPath, key], context));
  }
  const labelOf = context.rules.objectLabels?.(rawPath);
  if (labelOf) {
    let order: string[] | undefined;
    const info: KeyedInfo = {
      labelOf,
      positionOf: (key) => (order ??= [...new Set([...Object.keys(desired), ...keys])]).indexOf(key),
      fromArray: false,
    };
    context.registry.set(liveOut, info);
    context.registry.set(desiredOut, info);
  }
  return [liveOut, desiredOut];
}

/**
 * What the container's walk (its difference) says of its child at `position`, the child it
 * differed at being at `differsAt`: equal before it, the rest of the path at it, nothing after
 * it or when the walk stopped at the container itself.
 */
function knownAt(difference: DifferencePath, position: number, differsAt: string | number | undefined): Known {
  if (typeof differsAt !== 'number' || differsAt < 0 || position > differsAt) return undefined;
  return position < differsAt ? EQUAL : difference.slice(1);
}

/** An equal pair (see UNCHANGED); containers test for this very array. */
const EQUAL_PAIR: [unknown, unknown] = [UNCHANGED, UNCHANGED];

/**
 * A child pair, `step` below `steps` (`rawKey`: the object key that extends `rawPath`; array
 * elements do not): an equal pair without a copy (nor a walk, when the enclosing walk found it
 * equal), two leaves as they are, else as transformPair. Paths are copied only on the way to a
 * difference.
 */
function transformChild(
  live: unknown,
  desired: unknown,
  known: Known,
  rawPath: string[],
  rawKey: string | undefined,
  steps: (string | number)[],
  step: string | number,
  context: Context,
): [unknown, unknown] {
  if (known === EQUAL || live === desired) return EQUAL_PAIR;
  const liveIsContainer = isContainer(live);
  if (!liveIsContainer && !isContainer(desired)) return [live, desired];
  if (live === undefined || desired === undefined) {
    const childPath = rawKey === undefined ? rawPath : [...rawPath, rawKey];
    return [transformOne(live, childPath, context), transformOne(desired, childPath, context)];
  }
  const difference = known ?? (liveIsContainer ? firstDifference(live, desired) : []);
  // An equal pair (most of them past the first difference) costs no path of its own.
  if (difference === null) return EQUAL_PAIR;
  return transformPair(live, desired, rawKey === undefined ? rawPath : [...rawPath, rawKey], [...steps, step], context, difference);
}

/** A value with nothing to match against (only one side has it, or the types differ). */
function transformOne(value: unknown, rawPath: string[], context: Context): unknown {
  if (Array.isArray(value)) {
    const keyed = findArrayIdentity(value, undefined, context.rules.arrayIdentities(rawPath));
    if (keyed) return transformKeyed(value, undefined, keyed, rawPath, [], context)[0];
    return value.map((item) => transformOne(item, rawPath, context));
  }
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(out, key, transformOne(item, [...rawPath, key], context));
    return out;
  }
  return value;
}

/** `desired` undefined: only live has this array (transformOne); it is keyed alone. */
function transformKeyed(
  live: unknown[],
  desired: unknown[] | undefined,
  { identity, liveKeys, desiredKeys }: ArrayKeys,
  rawPath: string[],
  steps: (string | number)[],
  context: Context,
  difference: DifferencePath = [],
): [unknown, unknown] {
  const liveOut: Record<string, unknown> = {};
  const desiredOut: Record<string, unknown> | undefined = desired && {};
  // The equality walk compared the elements index by index: an element before the one it
  // differed at is paired with itself here (an equal element has the same key).
  const differsAt = difference[0];
  const sides = (key: string, which: 'live' | 'desired' | 'both'): ElementSides => {
    const liveAt = which === 'desired' ? -1 : liveKeys.indexOf(key);
    const desiredAt = which === 'live' ? -1 : desiredKeys.indexOf(key);
    return {
      live: liveAt >= 0 ? (live[liveAt] as Record<string, unknown>) : undefined,
      desired: desiredAt >= 0 ? (desired![desiredAt] as Record<string, unknown>) : undefined,
    };
  };
  const labelOf = (key: string): string | undefined => {
    const both = sides(key, 'both');
    return both.live || both.desired ? identity.label(both) : undefined;
  };
  if (desired && sameKeys(liveKeys, desiredKeys)) {
    // The common case (the same elements in the same order): paired by index, no lookup.
    for (let index = 0; index < liveKeys.length; index += 1) {
      const key = liveKeys[index]!;
      const pair = transformChild(live[index], desired[index], knownAt(difference, index, differsAt), rawPath, undefined, steps, key, context);
      if (pair === EQUAL_PAIR) continue;
      liveOut[key] = pair[0];
      desiredOut![key] = pair[1];
    }
  } else {
    const desiredIndex = new Map(desiredKeys.map((key, index) => [key, index]));
    const paired = new Map<string, [unknown, unknown]>();
    for (let index = 0; index < liveKeys.length; index += 1) {
      const key = liveKeys[index]!;
      const at = desiredIndex.get(key);
      const known = at === index ? knownAt(difference, index, differsAt) : undefined;
      const pair = transformChild(live[index], at === undefined ? undefined : desired![at], known, rawPath, undefined, steps, key, context);
      if (at !== undefined) paired.set(key, pair);
      if (pair !== EQUAL_PAIR) liveOut[key] = pair[0];
    }
    if (desired) {
      desiredKeys.forEach((key, index) => {
        const pair = paired.get(key);
        if (pair !== EQUAL_PAIR) desiredOut![key] = pair ? pair[1] : transformOne(desired[index], rawPath, context);
      });
      const before = liveKeys.filter((key) => paired.has(key));
      const after = desiredKeys.filter((key) => paired.has(key));
      if (before.some((key, i) => key !== after[i])) {
        // Each order as its side reads: the old order by the old titles.
        const labelAs = (which: 'live' | 'desired') => (key: string) => identity.label(sides(key, which));
        context.orderChanges.push({ steps, before: before.map(labelAs('live')), after: after.map(labelAs('desired')) });
      }
    }
  }
  let order: string[] | undefined;
  const info: KeyedInfo = {
    labelOf,
    positionOf: (key) => (order ??= [...new Set([...desiredKeys, ...liveKeys])]).indexOf(key),
    fromArray: true,
  };
  context.registry.set(liveOut, info);
  if (desiredOut) context.registry.set(desiredOut, info);
  return [liveOut, desiredOut];
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Plain assignment, except for `__proto__`, which must stay an ordinary key (as JSON.parse makes it). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
