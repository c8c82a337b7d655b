import { describe, expect, it } from 'vitest';
import { createRng as random } from '../../../scripts/lib/generate-dashboards.mjs';
import { diffContent } from '../../../src/diff/diff-content.js';
import { withRowRenames } from '../../../src/diff/mark-row-renames.js';
import { diffDashboards, diffDocuments } from '../../../src/diff/diff-dashboards.js';
import { withoutMigrationDefaults } from '../../../src/diff/drop-migration-defaults.js';
import { isDeepEqual } from '../../../src/diff/is-deep-equal.js';
import { bySpecField, V1_KEYING, type KeyingRules } from '../../../src/diff/keying-rules.js';
import { renderPath, type PathSegment } from '../../../src/diff/render-path.js';
import type { FieldChange } from '../../../src/diff/types.js';

// The diff compares a changed dashboard only along the paths to its differences (equal parts
// are skipped, the equality walk's findings reused). Here it is checked against a reference that
// compares everything, on seeded random pairs: a difference it misses would be a plan that says
// "no change", or a field list that hides one.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** An own member, whatever its name (`__proto__` too, as JSON.parse makes it). */
function put(target: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const KEYS = ['a', 'b', 'expr', 'refId', 'title', 'value', '__proto__', 'constructor', 'toString', '10', '2', 'é', 'Z'];

function generator(next: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const leaf = (): Json => pick<Json>([null, true, false, 0, -1, 1.5, 80, '', 'x', 'up', '0', 'null', 'A']);
  const value = (depth: number): Json => {
    const roll = next();
    if (depth <= 0 || roll < 0.5) return leaf();
    if (roll < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => (next() < 0.5 ? leaf() : value(depth - 1)));
    const object: Record<string, Json> = {};
    for (let i = Math.floor(next() * 4); i > 0; i -= 1) put(object, pick(KEYS), value(depth - 1));
    return object;
  };
  const target = (): Json => {
    const object: Record<string, Json> = { refId: pick(['A', 'B', 'C']), expr: pick(['up', 'sum(x)', 'rate(y[5m])']) };
    if (next() < 0.3) put(object, pick(KEYS), value(2));
    return object;
  };
  const panel = (ids: number[], depth: number): Json => {
    const object: Record<string, Json> = {};
    if (next() < 0.92) object.id = pick(ids);
    object.title = pick(['CPU', 'Memory', 'Disk', '']);
    object.type = depth > 0 && next() < 0.25 ? 'row' : pick(['timeseries', 'stat']);
    object.targets = Array.from({ length: Math.floor(next() * 3) }, target);
    if (object.type === 'row') object.panels = Array.from({ length: Math.floor(next() * 3) }, () => panel(ids, depth - 1));
    if (next() < 0.4) put(object, pick(KEYS), value(2));
    return object;
  };
  const variable = (): Json => {
    const object: Record<string, Json> = { query: pick(['a', 'b']) };
    if (next() < 0.9) object.name = pick(['cluster', 'ns', 'job', '']);
    return object;
  };
  const dashboard = (): Json => {
    // Few ids, so duplicates (index comparison) come up as well as unique ones (matched by id).
    const ids = next() < 0.5 ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : [1, 2, 3];
    const object: Record<string, Json> = {
      title: pick(['Service', 'Other']),
      tags: Array.from({ length: Math.floor(next() * 4) }, () => pick(['a', 'b', 'a'])),
      panels: Array.from({ length: Math.floor(next() * 6) }, () => panel(ids, 2)),
      templating: { list: Array.from({ length: Math.floor(next() * 3) }, variable) },
    };
    if (next() < 0.5) put(object, pick(KEYS), value(3));
    return object;
  };
  return { pick, value, leaf, panel, dashboard };
}

const copy = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A random edit somewhere in `value` (returns the edited value: the root itself may be replaced). */
function mutate(value: Json, next: () => number, make: ReturnType<typeof generator>): Json {
  if (Array.isArray(value)) {
    const roll = next();
    if (value.length > 1 && roll < 0.2) {
      // Reorder: two elements swap.
      const i = Math.floor(next() * value.length);
      const j = Math.floor(next() * value.length);
      [value[i], value[j]] = [value[j]!, value[i]!];
      if (next() < 0.5) return mutate(value, next, make);
      return value;
    }
    if (roll < 0.3) {
      value.splice(Math.floor(next() * (value.length + 1)), 0, isObject(value[0]) && 'title' in value[0] ? make.panel([1, 2, 3, 11], 1) : make.value(2));
      return value;
    }
    if (value.length > 0 && roll < 0.4) {
      value.splice(Math.floor(next() * value.length), 1);
      return value;
    }
    if (value.length === 0) return next() < 0.5 ? [make.leaf()] : make.leaf();
    const i = Math.floor(next() * value.length);
    value[i] = mutate(value[i]!, next, make);
    return value;
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    const roll = next();
    if (keys.length === 0 || roll < 0.15) {
      put(value, make.pick(KEYS), make.value(2));
      return value;
    }
    const key = make.pick(keys);
    if (roll < 0.25) {
      delete value[key];
      return value;
    }
    if (roll < 0.3) {
      value[key] = null;
      return value;
    }
    if (roll < 0.35) {
      // The same members in another order.
      const entries = Object.entries(value).reverse();
      for (const k of keys) delete value[k];
      for (const [k, v] of entries) put(value, k, v);
      return mutate(value, next, make);
    }
    put(value, key, mutate(value[key]!, next, make));
    return value;
  }
  return next() < 0.8 ? make.leaf() : make.value(2);
}

/** Every difference, comparing everything: what the diff must report (its order aside). */
function referenceDiff(live: Json | undefined, desired: Json | undefined, rules: KeyingRules = V1_KEYING): FieldChange[] {
  const out: FieldChange[] = [];
  const walk = (a: Json | undefined, b: Json | undefined, rawPath: string[], segments: PathSegment[]) => {
    const path = renderPath(segments);
    if (a === undefined) return void out.push({ path, kind: 'added', after: b });
    if (b === undefined) return void out.push({ path, kind: 'removed', before: a });
    if (Array.isArray(a) && Array.isArray(b)) {
      const found = rules.arrayIdentities(rawPath).find((candidate) => [a, b].every((items) => uniqueKeys(items, candidate.key)));
      const keyOf = (item: Json) => found!.key(item as Record<string, unknown>)!;
      // Elements no identity keys may be paired by the rules' own pairing (panels by content), whose keys are taken as they are.
      const keyed = found ? { identity: found, liveKeys: a.map(keyOf), desiredKeys: b.map(keyOf) } : rules.pairElements?.(rawPath, a, b);
      if (!keyed) {
        for (let i = 0; i < Math.max(a.length, b.length); i += 1) walk(a[i], b[i], rawPath, [...segments, { index: i }]);
        return;
      }
      const { identity, liveKeys, desiredKeys } = keyed;
      for (const [index, key] of desiredKeys.entries()) {
        const at = liveKeys.indexOf(key);
        const liveItem = at === -1 ? undefined : a[at];
        const label = identity.label({ live: liveItem as Record<string, unknown> | undefined, desired: b[index] as Record<string, unknown> });
        walk(liveItem, b[index], rawPath, [...segments, { label }]);
      }
      for (const [index, key] of liveKeys.entries()) {
        if (!desiredKeys.includes(key)) walk(a[index], undefined, rawPath, [...segments, { label: identity.label({ live: a[index] as Record<string, unknown> }) }]);
      }
      const before = liveKeys.filter((key) => desiredKeys.includes(key));
      const after = desiredKeys.filter((key) => liveKeys.includes(key));
      if (before.some((key, i) => key !== after[i])) {
        const liveLabel = (key: string) => identity.label({ live: a[liveKeys.indexOf(key)] as Record<string, unknown> });
        const desiredLabel = (key: string) => identity.label({ desired: b[desiredKeys.indexOf(key)] as Record<string, unknown> });
        out.push({ path, kind: 'changed', before: before.map(liveLabel), after: after.map(desiredLabel) });
      }
      return;
    }
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
      const labelOf = rules.objectLabels?.(rawPath);
      for (const key of keys) {
        const label = labelOf?.(key);
        walk(Object.hasOwn(a, key) ? a[key] : undefined, Object.hasOwn(b, key) ? b[key] : undefined, [...rawPath, key], [...segments, label === undefined ? { key } : { label }]);
      }
      return;
    }
    if (!isDeepEqual(a, b)) out.push({ path, kind: 'changed', before: a, after: b });
  };
  walk(live, desired, [], []);
  return out;
}

function uniqueKeys(items: Json[], key: (item: Record<string, unknown>) => string | undefined): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    if (!isObject(item)) return false;
    const k = key(item);
    if (k === undefined || seen.has(k)) return false;
    seen.add(k);
  }
  return true;
}

/** Order-free form of a change list: one JSON text per change (objects written with their keys sorted). */
function asSet(changes: FieldChange[]): string[] {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : isObject(value)
        ? Object.fromEntries(Object.keys(value).sort().map((key) => [key === '__proto__' ? '«__proto__»' : key, sorted(value[key])]))
        : value;
  return changes.map((change) => JSON.stringify(sorted(change))).sort();
}

describe('diffDashboards against a diff that compares everything (seeded random pairs)', () => {
  it('reports exactly the differences of 2,000 random pairs', () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 2000; seed += 1) {
      const next = random(seed);
      const make = generator(next);
      const live = make.dashboard();
      let desired = copy(live);
      for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits -= 1) desired = mutate(desired, next, make);
      const actual = diffDashboards(copy(live), copy(desired));
      const expected = referenceDiff(live, desired);
      if (JSON.stringify(asSet(actual)) !== JSON.stringify(asSet(expected))) {
        failures.push(`seed ${seed}: got ${JSON.stringify(asSet(actual))}, expected ${JSON.stringify(asSet(expected))}`);
      }
      if ((actual.length === 0) !== isDeepEqual(live, desired)) failures.push(`seed ${seed}: ${actual.length} change(s) for ${isDeepEqual(live, desired) ? 'equal' : 'different'} dashboards`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});

/** `value` with every object and array in it frozen. */
function frozen(value: Json): Json {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) frozen(item);
    Object.freeze(value);
  }
  return value;
}

/** What Grafana's migration may do to a stored dashboard's panels, at random: give refIds, add fieldConfig halves, drop nulls, add keys. */
function migrated(value: Json, next: () => number): Json {
  if (Array.isArray(value)) return value.map((item) => migrated(item, next));
  if (!isObject(value)) return value;
  const out: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) if (!(item === null && next() < 0.5)) put(out, key, key === 'refId' && next() < 0.3 ? 'B' : migrated(item, next));
  if ('targets' in out && next() < 0.3) put(out, 'fieldConfig', next() < 0.5 ? { defaults: {}, overrides: [] } : { defaults: {} });
  if ('targets' in out && next() < 0.2) put(out, 'transparent', false);
  return out;
}

describe("diffContent's shortcuts past the equality walk against the migration rule applied to the whole dashboard (seeded random pairs)", () => {
  it('gives the same change list, in the same order, for 2,000 random pairs with some of what the migration writes', () => {
    const noMetadata = { labels: {}, annotations: {} };
    const failures: string[] = [];
    for (let seed = 1; seed <= 2000; seed += 1) {
      const next = random(seed * 104729);
      const make = generator(next);
      const file = make.dashboard() as Record<string, unknown>;
      let live = next() < 0.5 ? migrated(copy(file as Json), next) : copy(file as Json);
      for (let edits = Math.floor(next() * 3); edits > 0; edits -= 1) live = mutate(live, next, make);
      if (!isObject(live)) continue;
      // Frozen: the diff copies what it gives another form, and a write to either side (the file's is the content pushed) throws.
      const actual = diffContent({ schema: 'v1', spec: frozen(copy(live)) as Record<string, unknown>, metadata: noMetadata }, { schema: 'v1', spec: frozen(copy(file as Json)) as Record<string, unknown>, metadata: noMetadata });
      // A row's own title change is marked as the row's (withRowRenames), whichever way it was found.
      const whole = isDeepEqual(live, file) ? [] : withRowRenames(diffDashboards(withoutMigrationDefaults(copy(live) as Record<string, unknown>, copy(file as Json) as Record<string, unknown>), copy(file as Json)), file as Record<string, unknown>);
      if (JSON.stringify(actual) !== JSON.stringify(whole)) failures.push(`seed ${seed}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(whole)}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});

/** Rules of the v2 kind (identities read from `spec.<field>`, a map by name with labels), on a v2-like document. */
const V2_LIKE: KeyingRules = {
  arrayIdentities: (rawPath) => (rawPath.at(-1) === 'queries' ? [bySpecField('refId')] : rawPath.join('.') === 'variables' ? [bySpecField('name')] : []),
  objectLabels: (rawPath) => (rawPath.join('.') === 'elements' ? (key) => (key.startsWith('panel-') ? `${JSON.stringify(key)} "P"` : undefined) : undefined),
};

function v2Document(next: () => number, make: ReturnType<typeof generator>): Json {
  const query = (): Json => ({ kind: 'Query', spec: { refId: make.pick(['A', 'B', 'C']), expr: make.pick(['up', 'x']) } });
  const elements: Record<string, Json> = {};
  for (let i = Math.floor(next() * 4); i > 0; i -= 1) {
    put(elements, make.pick(['panel-1', 'panel-2', 'panel-3', 'other', '__proto__']), { kind: 'Panel', spec: { title: make.pick(['CPU', 'Mem']), queries: Array.from({ length: Math.floor(next() * 3) }, query) } });
  }
  const variable = (): Json => ({ kind: 'QueryVariable', spec: next() < 0.9 ? { name: make.pick(['a', 'b', 'c']) } : {} });
  return { title: 'V2', elements, variables: Array.from({ length: Math.floor(next() * 3) }, variable), layout: make.value(2) };
}

describe('diffDocuments with v2-like rules against the reference (seeded random pairs)', () => {
  it('reports exactly the differences of 1,000 random pairs (some 200 of them in labelled or keyed parts)', () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 1000; seed += 1) {
      const next = random(seed * 7919);
      const make = generator(next);
      const live = v2Document(next, make);
      let desired = copy(live);
      for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits -= 1) desired = mutate(desired, next, make);
      const actual = diffDocuments(copy(live), copy(desired), V2_LIKE);
      const expected = referenceDiff(live, desired, V2_LIKE);
      if (JSON.stringify(asSet(actual)) !== JSON.stringify(asSet(expected))) {
        failures.push(`seed ${seed}: got ${JSON.stringify(asSet(actual))}, expected ${JSON.stringify(asSet(expected))}`);
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});

describe('diffDashboards where an array meets an object', () => {
  it('reports `[]` against `{}` as a change, not as equal', () => {
    const live = { uid: 'x', title: 'T', templating: { list: [{ name: 'env', current: [] }] } };
    const desired = { uid: 'x', title: 'T', templating: { list: [{ name: 'env', current: {} }] } };
    expect(diffDashboards(live, desired)).toEqual([{ path: 'templating.list[name="env"].current', kind: 'changed', before: [], after: {} }]);
    expect(diffDashboards(desired, live)).toEqual([{ path: 'templating.list[name="env"].current', kind: 'changed', before: {}, after: [] }]);
  });

  it('reports panels matched by id against an object holding the same members as one change', () => {
    const live = { panels: [{ id: 1, options: { items: [{ id: 7, v: 1 }] } }] };
    const desired = { panels: [{ id: 1, options: { items: { 'id:7': { id: 7, v: 1 } } } }] };
    expect(diffDashboards(live, desired)).toEqual([
      { path: 'panels[id=1].options.items', kind: 'changed', before: [{ id: 7, v: 1 }], after: { 'id:7': { id: 7, v: 1 } } },
    ]);
  });

  it('reports an object that became an array as one change, not as its members removed', () => {
    expect(diffDashboards({ a: { x: 1 } }, { a: [] })).toEqual([{ path: 'a', kind: 'changed', before: { x: 1 }, after: [] }]);
  });
});
