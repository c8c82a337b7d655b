import { isDeepEqual } from './is-deep-equal.js';

/**
 * Arrays whose elements have a stable identity are turned into objects keyed by that
 * identity before diffing, so an inserted panel is one `added` change instead of a
 * cascade of index shifts. Identity: a numeric `id` (panels, also inside rows), or the
 * `name` of variables and annotations. Both sides of a pair are keyed the same way, or
 * neither is.
 */
interface KeyedInfo {
  /** Readable label per element key: `id=4 "CPU"`, `id=4`, `name="cluster"`. */
  labels: Map<string, string>;
  /** Element keys in display order: desired order, then elements only live has. */
  order: string[];
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
}

const NAME_KEYED_PATHS = ['templating.list', 'annotations.list'];

/**
 * What an equal pair of subtrees becomes on both sides: they hold no change, so neither the
 * copy below nor deep-diff walks them (a changed dashboard usually differs in one panel).
 * No change path ever leads into one, so it never reaches a FieldChange.
 */
const UNCHANGED = 0;

/** Transforms live and desired together; returns fresh values (inputs are not mutated). */
export function matchArrayElements(
  live: unknown,
  desired: unknown,
  registry: KeyedRegistry,
  orderChanges: OrderChange[],
): [unknown, unknown] {
  return transformPair(live, desired, [], [], { registry, orderChanges });
}

function transformPair(
  live: unknown,
  desired: unknown,
  rawPath: string[],
  steps: (string | number)[],
  context: Context,
): [unknown, unknown] {
  if (live === undefined || desired === undefined) {
    return [transformOne(live, rawPath, context), transformOne(desired, rawPath, context)];
  }
  if (typeof live === 'object' && live !== null && isDeepEqual(live, desired)) return [UNCHANGED, UNCHANGED];
  const liveArray = Array.isArray(live) ? live : undefined;
  const desiredArray = Array.isArray(desired) ? desired : undefined;
  if (liveArray && desiredArray) {
    const identity = identityOf(liveArray, desiredArray, rawPath);
    if (identity) return transformKeyed(liveArray, desiredArray, identity, rawPath, steps, context);
    const liveOut: unknown[] = [];
    const desiredOut: unknown[] = [];
    const length = Math.max(liveArray.length, desiredArray.length);
    for (let i = 0; i < length; i += 1) {
      const [l, d] = transformPair(liveArray[i], desiredArray[i], rawPath, [...steps, i], context);
      if (i < liveArray.length) liveOut.push(l);
      if (i < desiredArray.length) desiredOut.push(d);
    }
    return [liveOut, desiredOut];
  }
  if (isObject(live) && isObject(desired)) {
    const liveOut: Record<string, unknown> = {};
    const desiredOut: Record<string, unknown> = {};
    for (const key of Object.keys(live)) {
      const [l, d] = transformPair(live[key], desired[key], [...rawPath, key], [...steps, key], context);
      setOwn(liveOut, key, l);
      if (Object.hasOwn(desired, key)) setOwn(desiredOut, key, d);
    }
    for (const key of Object.keys(desired)) {
      if (Object.hasOwn(live, key)) continue;
      setOwn(desiredOut, key, transformOne(desired[key], [...rawPath, key], context));
    }
    return [liveOut, desiredOut];
  }
  return [transformOne(live, rawPath, context), transformOne(desired, rawPath, context)];
}

/** A value with nothing to match against (only one side has it, or the types differ). */
function transformOne(value: unknown, rawPath: string[], context: Context): unknown {
  if (Array.isArray(value)) {
    const identity = identityOf(value, undefined, rawPath);
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

type Identity = 'id' | 'name';

function identityOf(live: unknown[] | undefined, desired: unknown[] | undefined, rawPath: string[]): Identity | undefined {
  const sides = [live, desired].filter((side): side is unknown[] => side !== undefined);
  if (sides.every((side) => uniqueKeys(side, 'id') !== undefined)) return 'id';
  if (NAME_KEYED_PATHS.includes(rawPath.join('.')) && sides.every((side) => uniqueKeys(side, 'name') !== undefined)) {
    return 'name';
  }
  return undefined;
}

function uniqueKeys(items: unknown[], identity: Identity): string[] | undefined {
  const keys = new Set<string>();
  for (const item of items) {
    if (!isObject(item)) return undefined;
    const value = item[identity];
    const valid = identity === 'id' ? typeof value === 'number' && Number.isFinite(value) : typeof value === 'string' && value !== '';
    if (!valid) return undefined;
    const key = elementKey(identity, value as string | number);
    if (keys.has(key)) return undefined;
    keys.add(key);
  }
  return [...keys];
}

/** Prefixed so that keys stay in insertion order (integer-like keys would be reordered). */
function elementKey(identity: Identity, value: string | number): string {
  return `${identity}:${value}`;
}

function transformKeyed(
  live: unknown[] | undefined,
  desired: unknown[] | undefined,
  identity: Identity,
  rawPath: string[],
  steps: (string | number)[],
  context: Context,
): [unknown, unknown] {
  const keyOf = (item: unknown): string => elementKey(identity, (item as Record<string, string | number>)[identity]!);
  const liveByKey = new Map((live ?? []).map((item) => [keyOf(item), item]));
  const desiredByKey = new Map((desired ?? []).map((item) => [keyOf(item), item]));
  const info: KeyedInfo = { labels: new Map(), order: [] };
  for (const key of [...desiredByKey.keys(), ...liveByKey.keys()]) {
    if (info.labels.has(key)) continue;
    info.order.push(key);
    info.labels.set(key, labelOf(identity, (desiredByKey.get(key) ?? liveByKey.get(key)) as Record<string, unknown>));
  }

  const pairs = new Map<string, [unknown, unknown]>();
  for (const key of info.order) {
    pairs.set(key, transformPair(liveByKey.get(key), desiredByKey.get(key), rawPath, [...steps, key], context));
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

function labelOf(identity: Identity, item: Record<string, unknown>): string {
  if (identity === 'name') return `name=${JSON.stringify(item.name)}`;
  return typeof item.title === 'string' && item.title !== '' ? `id=${item.id} ${JSON.stringify(item.title)}` : `id=${item.id}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Plain assignment, except for `__proto__`, which must stay an ordinary key (as JSON.parse makes it). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
