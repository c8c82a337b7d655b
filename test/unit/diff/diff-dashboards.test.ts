import { describe, expect, it } from 'vitest';
import { diffDashboards } from '../../../src/diff/diff-dashboards.js';

const panel = (id: number, title: string, extra: object = {}) => ({ id, title, type: 'timeseries', ...extra });

describe('diffDashboards', () => {
  it('returns no changes for equal documents, whatever the key order', () => {
    expect(diffDashboards({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it.each([
    [
      'a changed query names the panel by id and title',
      { panels: [panel(4, 'CPU', { targets: [{ expr: 'rate(x[5m])' }] })] },
      { panels: [panel(4, 'CPU', { targets: [{ expr: 'rate(x[1m])' }] })] },
      [{ path: 'panels[id=4 "CPU"].targets[0].expr', kind: 'changed', before: 'rate(x[5m])', after: 'rate(x[1m])' }],
    ],
    [
      'a panel without a title is named by id only',
      { panels: [{ id: 7, type: 'text' }] },
      { panels: [{ id: 7, type: 'stat' }] },
      [{ path: 'panels[id=7].type', kind: 'changed', before: 'text', after: 'stat' }],
    ],
    [
      'panels nested in a row',
      { panels: [panel(1, 'Row', { type: 'row', panels: [panel(2, 'Mem', { unit: 'bytes' })] })] },
      { panels: [panel(1, 'Row', { type: 'row', panels: [panel(2, 'Mem', { unit: 'decbytes' })] })] },
      [{ path: 'panels[id=1 "Row"].panels[id=2 "Mem"].unit', kind: 'changed', before: 'bytes', after: 'decbytes' }],
    ],
    [
      'variables by name',
      { templating: { list: [{ name: 'cluster', query: 'a' }, { name: 'ns', query: 'b' }] } },
      { templating: { list: [{ name: 'cluster', query: 'a' }, { name: 'ns', query: 'c' }] } },
      [{ path: 'templating.list[name="ns"].query', kind: 'changed', before: 'b', after: 'c' }],
    ],
    [
      'a key that is not an identifier is quoted',
      { options: { 'my key': 1, 'a.b': 2 } },
      { options: { 'my key': 3, 'a.b': 2 } },
      [{ path: 'options["my key"]', kind: 'changed', before: 1, after: 3 }],
    ],
    [
      'added and removed fields',
      { title: 'A', old: true },
      { title: 'A', tags: ['x'] },
      [
        { path: 'old', kind: 'removed', before: true },
        { path: 'tags', kind: 'added', after: ['x'] },
      ],
    ],
    [
      'an appended element of a plain array',
      { tags: ['a'] },
      { tags: ['a', 'b'] },
      [{ path: 'tags[1]', kind: 'added', after: 'b' }],
    ],
    [
      'a changed type',
      { refresh: false },
      { refresh: '1m' },
      [{ path: 'refresh', kind: 'changed', before: false, after: '1m' }],
    ],
    ['whole documents of another type', [1], { a: 1 }, [{ path: '', kind: 'changed', before: [1], after: { a: 1 } }]],
  ])('%s', (_name, live, desired, expected) => {
    expect(diffDashboards(live, desired)).toEqual(expected);
  });

  it('reports a panel inserted in the middle as one added change, with the panel as the user wrote it', () => {
    const live = { panels: [panel(1, 'A'), panel(2, 'B')] };
    const inserted = panel(9, 'New', { panels: [], targets: [{ expr: 'up' }] });
    const desired = { panels: [panel(1, 'A'), inserted, panel(2, 'B')] };
    expect(diffDashboards(live, desired)).toEqual([{ path: 'panels[id=9 "New"]', kind: 'added', after: inserted }]);
  });

  it('reports a removed panel as one removed change', () => {
    const live = { panels: [panel(1, 'A'), panel(2, 'B'), panel(3, 'C')] };
    const desired = { panels: [panel(1, 'A'), panel(3, 'C')] };
    expect(diffDashboards(live, desired)).toEqual([{ path: 'panels[id=2 "B"]', kind: 'removed', before: panel(2, 'B') }]);
  });

  it('keeps nested panels of an added row as arrays', () => {
    const row = panel(5, 'Row', { type: 'row', panels: [panel(6, 'X')] });
    expect(diffDashboards({ panels: [] }, { panels: [row] })).toEqual([{ path: 'panels[id=5 "Row"]', kind: 'added', after: row }]);
  });

  it('reports a pure reorder of matched panels once, by label', () => {
    const live = { panels: [panel(1, 'A'), panel(2, 'B')] };
    const desired = { panels: [panel(2, 'B'), panel(1, 'A')] };
    expect(diffDashboards(live, desired)).toEqual([
      { path: 'panels', kind: 'changed', before: ['id=1 "A"', 'id=2 "B"'], after: ['id=2 "B"', 'id=1 "A"'] },
    ]);
  });

  it('a reorder with a retitled panel lists the old order by the old titles and the new order by the new', () => {
    const live = { panels: [panel(1, 'Clients'), panel(2, 'B')] };
    const desired = { panels: [panel(2, 'B'), panel(1, 'Connected clients')] };
    expect(diffDashboards(live, desired)).toEqual([
      { path: 'panels', kind: 'changed', before: ['id=1 "Clients"', 'id=2 "B"'], after: ['id=2 "B"', 'id=1 "Connected clients"'] },
      { path: 'panels[id=1].title', kind: 'changed', before: 'Clients', after: 'Connected clients' },
    ]);
  });

  it('falls back to indexes when ids repeat', () => {
    const live = { panels: [{ id: 1, title: 'A' }, { id: 1, title: 'B' }] };
    const desired = { panels: [{ id: 1, title: 'A' }, { id: 1, title: 'C' }] };
    expect(diffDashboards(live, desired)).toEqual([{ path: 'panels[1].title', kind: 'changed', before: 'B', after: 'C' }]);
  });

  it('labels a retitled panel by its id alone, so the old value is not read under the new title', () => {
    expect(diffDashboards({ panels: [panel(4, 'Old')] }, { panels: [panel(4, 'New')] })).toEqual([
      { path: 'panels[id=4].title', kind: 'changed', before: 'Old', after: 'New' },
    ]);
  });

  it('orders changes as the document reads: sorted keys, panels in desired order, indexes ascending', () => {
    const live = {
      title: 'T',
      panels: [panel(10, 'Ten', { targets: [{ expr: 'a' }, { expr: 'b' }] }), panel(2, 'Two')],
      annotations: { list: [] },
    };
    const desired = {
      title: 'U',
      panels: [panel(10, 'Ten', { targets: [{ expr: 'a2' }, { expr: 'b2' }] }), panel(2, 'Two', { unit: 's' })],
      annotations: { list: [{ name: 'Deploys' }] },
    };
    expect(diffDashboards(live, desired).map((c) => c.path)).toEqual([
      'annotations.list[name="Deploys"]',
      'panels[id=10 "Ten"].targets[0].expr',
      'panels[id=10 "Ten"].targets[1].expr',
      'panels[id=2 "Two"].unit',
      'title',
    ]);
  });

  it('does not mutate its inputs and keeps __proto__ keys as data', () => {
    const live = JSON.parse('{"panels": [{"id": 1, "title": "A"}], "__proto__": {"x": 1}}');
    const desired = JSON.parse('{"panels": [{"id": 1, "title": "B"}], "__proto__": {"x": 2}}');
    const copies = [structuredClone(live), structuredClone(desired)];
    expect(diffDashboards(live, desired).map((c) => c.path)).toEqual(['__proto__.x', 'panels[id=1].title']);
    expect([live, desired]).toEqual(copies);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('is serialisable: no library objects, no undefined fields', () => {
    const changes = diffDashboards({ a: 1, panels: [panel(1, 'A')] }, { b: 2, panels: [] });
    expect(JSON.parse(JSON.stringify(changes))).toEqual(changes);
    for (const change of changes) expect(Object.getPrototypeOf(change)).toBe(Object.prototype);
  });
});
