import { describe, expect, it } from 'vitest';
import { diffDashboards } from '../../../src/diff/diff-dashboards.js';
import { firstDifference, isDeepEqual } from '../../../src/diff/is-deep-equal.js';
import { generateDashboards } from '../../../scripts/lib/generate-dashboards.mjs';

const dashboard = () => ({
  uid: 'abc',
  title: 'CPU',
  panels: [
    { id: 1, title: 'A', targets: [{ expr: 'up' }] },
    { id: 2, title: 'B', targets: [] },
  ],
  templating: { list: [{ name: 'cluster', query: 'label_values(up, cluster)' }] },
});

describe('isDeepEqual', () => {
  it('is true for equal documents whatever the key order', () => {
    const reordered = JSON.parse('{"templating":{"list":[{"query":"label_values(up, cluster)","name":"cluster"}]},"panels":[{"targets":[{"expr":"up"}],"title":"A","id":1},{"id":2,"title":"B","targets":[]}],"title":"CPU","uid":"abc"}');
    expect(isDeepEqual(dashboard(), reordered)).toBe(true);
  });

  it('sees a changed leaf, a missing key, an extra key, an array length and an element order', () => {
    const changed = dashboard();
    changed.panels[1]!.title = 'C';
    expect(isDeepEqual(dashboard(), changed)).toBe(false);
    const missing: Record<string, unknown> = dashboard();
    delete missing.templating;
    expect(isDeepEqual(dashboard(), missing)).toBe(false);
    expect(isDeepEqual(dashboard(), { ...dashboard(), refresh: '' })).toBe(false);
    expect(isDeepEqual([1, 2], [1, 2, 3])).toBe(false);
    const swapped = dashboard();
    swapped.panels.reverse();
    expect(isDeepEqual(dashboard(), swapped)).toBe(false);
  });

  it('tells apart values of different types that print alike', () => {
    expect(isDeepEqual({ a: [] }, { a: {} })).toBe(false);
    expect(isDeepEqual({ a: null }, { a: {} })).toBe(false);
    expect(isDeepEqual({ a: 1 }, { a: '1' })).toBe(false);
    expect(isDeepEqual({ a: undefined }, { b: undefined })).toBe(false);
  });

  it('compares __proto__ keys as data', () => {
    const a = JSON.parse('{"__proto__": {"x": 1}}');
    expect(isDeepEqual(a, JSON.parse('{"__proto__": {"x": 1}}'))).toBe(true);
    expect(isDeepEqual(a, JSON.parse('{"__proto__": {"x": 2}}'))).toBe(false);
    expect(isDeepEqual(a, {})).toBe(false);
  });
});

describe('diffDashboards on equal and nearly equal documents', () => {
  it('returns no change for equal documents and still reports a pure reorder of panels', () => {
    expect(diffDashboards(dashboard(), dashboard())).toEqual([]);
    const swapped = dashboard();
    swapped.panels.reverse();
    expect(diffDashboards(dashboard(), swapped)).toEqual([
      { path: 'panels', kind: 'changed', before: ['id=1 "A"', 'id=2 "B"'], after: ['id=2 "B"', 'id=1 "A"'] },
    ]);
  });
});

describe('diffDashboards skips equal subtrees', () => {
  it('reports only the changed leaf, an added panel and a removed key, never the untouched panels', () => {
    const live = {
      ...dashboard(),
      panels: [
        { id: 1, title: 'A', targets: [{ expr: 'up', refId: 'A' }], options: { legend: { show: true } } },
        { id: 2, title: 'B', targets: [{ expr: 'rate(x[1m])', refId: 'A' }], options: { legend: { show: true } } },
      ],
    };
    const desired = {
      ...dashboard(),
      panels: [
        { id: 1, title: 'A', targets: [{ expr: 'up', refId: 'A' }], options: { legend: { show: true } } },
        { id: 2, title: 'B', targets: [{ expr: 'rate(x[2m])', refId: 'A' }], options: {} },
        { id: 3, title: 'C', targets: [] },
      ],
    };
    expect(diffDashboards(live, desired)).toEqual([
      { path: 'panels[id=2 "B"].options.legend', kind: 'removed', before: { show: true } },
      { path: 'panels[id=2 "B"].targets[0].expr', kind: 'changed', before: 'rate(x[1m])', after: 'rate(x[2m])' },
      { path: 'panels[id=3 "C"]', kind: 'added', after: { id: 3, title: 'C', targets: [] } },
    ]);
  });
});

describe('firstDifference', () => {
  it('is null for equal values and names the steps to the first pair that differs', () => {
    expect(firstDifference(dashboard(), dashboard())).toBeNull();
    const changed = dashboard();
    changed.panels[1]!.targets = [{ expr: 'down' }];
    expect(firstDifference(dashboard(), changed)).toEqual(['panels', 1, 'targets']);
    expect(firstDifference({ a: 1, b: 2 }, { a: 1, c: 2 })).toEqual(['b']);
    expect(firstDifference({ a: 1 }, { a: 1, b: 2 })).toEqual([]);
    expect(firstDifference([1, 2], [1, 3])).toEqual([1]);
    expect(firstDifference({ a: [] }, { a: {} })).toEqual(['a']);
  });
});

/** Every leaf of a JSON value, as the steps leading to it. */
function leafPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, [...path, index]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...path, key]));
  return [path];
}

function withLeaf(document: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(document)) as Record<string | number, unknown>;
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

describe('diffDashboards skips only what the equality walk found equal', () => {
  // The walk's shortcut must never hide a change: every leaf of generated dashboards, before and
  // after the first difference, in keyed panels, rows, variables and plain arrays.
  const dashboards = generateDashboards({ count: 6, seed: 7 }).map((entry) => JSON.parse(JSON.stringify(entry.dashboard)) as unknown);

  it('reports each changed leaf once, with its values', () => {
    let checked = 0;
    for (const original of dashboards) {
      const leaves = leafPaths(original).filter((path) => !path.includes('id') && !path.includes('name'));
      for (let i = 0; i < leaves.length; i += Math.max(1, Math.floor(leaves.length / 40))) {
        const path = leaves[i]!;
        const changed = withLeaf(original, path, 'changed-by-test');
        const changes = diffDashboards(original, changed);
        expect(changes, path.join('.')).toHaveLength(1);
        expect(changes[0]).toMatchObject({ kind: 'changed', after: 'changed-by-test' });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('reports both of two changed leaves, the first and the last', () => {
    for (const original of dashboards) {
      const leaves = leafPaths(original).filter((path) => !path.includes('id') && !path.includes('name'));
      const changed = withLeaf(withLeaf(original, leaves[0]!, 'first'), leaves[leaves.length - 1]!, 'last');
      expect(diffDashboards(original, changed).map((change) => change.after)).toEqual(['first', 'last']);
    }
  });
});
