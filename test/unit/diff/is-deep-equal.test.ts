import { describe, expect, it } from 'vitest';
import { diffDashboards } from '../../../src/diff/diff-dashboards.js';
import { isDeepEqual } from '../../../src/diff/is-deep-equal.js';

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
