import { describe, expect, it } from 'vitest';
import { diffDashboards } from '../../../src/diff/diff-dashboards.js';
import { diffV2Specs } from '../../../src/diff/diff-v2-specs.js';
import { isDeepEqual } from '../../../src/diff/is-deep-equal.js';
import { panel as v2Panel, query, v2Spec } from '../v2-builders.js';

// The diff leaves equal parts out of what it compares in detail (equal panels, members and
// elements are skipped, keyed elements in the same order are paired by position): these
// pin what a user reads when a change sits among many equal parts.

const panel = (id: number, title: string, expr = `up{panel="${id}"}`) => ({
  id,
  title,
  type: 'timeseries',
  gridPos: { h: 8, w: 12, x: 0, y: id * 8 },
  fieldConfig: { defaults: { thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: 80 }] } } },
  targets: [{ refId: 'A', expr }],
});
const row = (id: number, title: string, panels: unknown[]) => ({ id, title, type: 'row', collapsed: true, gridPos: { h: 1, w: 24, x: 0, y: 0 }, panels });

const dashboard = () => ({
  uid: 'svc',
  title: 'Service',
  tags: ['a', 'b'],
  time: { from: 'now-6h', to: 'now' },
  templating: { list: [{ name: 'cluster', query: 'c' }, { name: 'ns', query: 'n' }] },
  panels: [panel(1, 'CPU'), panel(2, 'Memory'), row(3, 'Details', [panel(4, 'Disk'), panel(5, 'Net'), panel(6, 'IO')]), panel(7, 'Errors')],
});

describe('diffDashboards next to equal parts', () => {
  it('reports the one changed query of one panel among many', () => {
    const desired = dashboard();
    desired.panels[1] = panel(2, 'Memory', 'sum(mem)');
    expect(diffDashboards(dashboard(), desired)).toEqual([
      { path: 'panels[id=2 "Memory"].targets[0].expr', kind: 'changed', before: 'up{panel="2"}', after: 'sum(mem)' },
    ]);
  });

  it('reports a threshold of a panel inside a collapsed row, the row and the panel named', () => {
    const desired = dashboard();
    const nested = panel(5, 'Net');
    nested.fieldConfig.defaults.thresholds.steps[1]!.value = 90;
    desired.panels[2] = row(3, 'Details', [panel(4, 'Disk'), nested, panel(6, 'IO')]);
    expect(diffDashboards(dashboard(), desired)).toEqual([
      { path: 'panels[id=3 "Details"].panels[id=5 "Net"].fieldConfig.defaults.thresholds.steps[1].value', kind: 'changed', before: 80, after: 90 },
    ]);
  });

  it('reports changes in the first and the last panel, and beside them a top-level field', () => {
    const desired = { ...dashboard(), title: 'Service 2' };
    desired.panels = [panel(1, 'CPU', 'a'), panel(2, 'Memory'), desired.panels[2]!, panel(7, 'Errors', 'b')];
    expect(diffDashboards(dashboard(), desired).map((change) => change.path)).toEqual([
      'panels[id=1 "CPU"].targets[0].expr',
      'panels[id=7 "Errors"].targets[0].expr',
      'title',
    ]);
  });

  it('reports reordered panels once, and a change in a moved panel by its label', () => {
    const live = dashboard();
    const desired = dashboard();
    desired.panels = [live.panels[1]!, panel(1, 'CPU', 'rate(cpu[1m])'), live.panels[2]!, live.panels[3]!];
    expect(diffDashboards(live, desired)).toEqual([
      {
        path: 'panels',
        kind: 'changed',
        before: ['id=1 "CPU"', 'id=2 "Memory"', 'id=3 "Details"', 'id=7 "Errors"'],
        after: ['id=2 "Memory"', 'id=1 "CPU"', 'id=3 "Details"', 'id=7 "Errors"'],
      },
      { path: 'panels[id=1 "CPU"].targets[0].expr', kind: 'changed', before: 'up{panel="1"}', after: 'rate(cpu[1m])' },
    ]);
  });

  it('reports a panel inserted before a changed one as added, and the change at its own panel', () => {
    const live = dashboard();
    const desired = dashboard();
    const inserted = panel(9, 'New');
    desired.panels = [live.panels[0]!, inserted, live.panels[1]!, live.panels[2]!, panel(7, 'Errors', 'sum(errors)')];
    expect(diffDashboards(live, desired)).toEqual([
      { path: 'panels[id=9 "New"]', kind: 'added', after: inserted },
      { path: 'panels[id=7 "Errors"].targets[0].expr', kind: 'changed', before: 'up{panel="7"}', after: 'sum(errors)' },
    ]);
  });

  it('gives a removed row back with its panels as the user wrote them, in their order', () => {
    const live = dashboard();
    const desired = { ...dashboard(), panels: [live.panels[0]!, live.panels[1]!, live.panels[3]!] };
    expect(diffDashboards(live, desired)).toEqual([{ path: 'panels[id=3 "Details"]', kind: 'removed', before: live.panels[2] }]);
  });

  it('reports a variable by name when variables are reordered and one changed', () => {
    const live = dashboard();
    const desired = { ...dashboard(), templating: { list: [{ name: 'ns', query: 'n2' }, { name: 'cluster', query: 'c' }] } };
    expect(diffDashboards(live, desired)).toEqual([
      { path: 'templating.list', kind: 'changed', before: ['name="cluster"', 'name="ns"'], after: ['name="ns"', 'name="cluster"'] },
      { path: 'templating.list[name="ns"].query', kind: 'changed', before: 'n', after: 'n2' },
    ]);
  });

  it('compares objects whose keys come in another order, and tells a renamed key from an equal count', () => {
    const live = { a: 1, b: { x: 1, y: [1, 2] }, c: 'c' };
    const desired = { c: 'c', b: { y: [1, 2], x: 2 }, a: 1 };
    expect(diffDashboards(live, desired)).toEqual([{ path: 'b.x', kind: 'changed', before: 1, after: 2 }]);
    expect(diffDashboards({ a: 1, b: { k: 1 } }, { a: 1, c: { k: 1 } })).toEqual([
      { path: 'b', kind: 'removed', before: { k: 1 } },
      { path: 'c', kind: 'added', after: { k: 1 } },
    ]);
  });

  it('does not take a missing __proto__ key for an empty object', () => {
    const live = JSON.parse('{"__proto__": {}, "a": 1}');
    const desired = JSON.parse('{"b": {}, "a": 1}');
    expect(isDeepEqual(live, desired)).toBe(false);
    expect(diffDashboards(live, desired)).toEqual([
      { path: '__proto__', kind: 'removed', before: {} },
      { path: 'b', kind: 'added', after: {} },
    ]);
  });
});

describe('diffV2Specs next to equal parts', () => {
  const elements = () => ({
    'panel-1': v2Panel(1, 'CPU', [query('A', 'rate(cpu[5m])'), query('B', 'up')]),
    'panel-2': v2Panel(2, 'Memory', [query('A', 'mem')]),
    'panel-3': v2Panel(3, 'Disk', [query('A', 'disk')]),
  });

  it('names the one changed query among equal elements', () => {
    const live = v2Spec({ elements: elements() });
    const desired = v2Spec({ elements: { ...elements(), 'panel-2': v2Panel(2, 'Memory', [query('A', 'sum(mem)')]) } });
    expect(diffV2Specs(live, desired)).toEqual([
      { path: 'elements["panel-2" "Memory"].spec.data.spec.queries[refId="A"].spec.query.spec.expr', kind: 'changed', before: 'mem', after: 'sum(mem)' },
    ]);
  });

  it('orders an element removed and one changed as the elements read', () => {
    const live = v2Spec({ elements: elements() });
    const { 'panel-1': _removed, ...rest } = elements();
    const desired = v2Spec({ elements: { ...rest, 'panel-3': v2Panel(3, 'Disk', [query('A', 'sum(disk)')]) } });
    expect(diffV2Specs(live, desired).map((change) => `${change.kind} ${change.path}`)).toEqual([
      'changed elements["panel-3" "Disk"].spec.data.spec.queries[refId="A"].spec.query.spec.expr',
      'removed elements["panel-1" "CPU"]',
    ]);
  });
});
