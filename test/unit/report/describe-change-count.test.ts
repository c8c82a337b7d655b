import { describe, expect, it } from 'vitest';
import { diffContent } from '../../../src/diff/diff-content.js';
import { diffV2Specs } from '../../../src/diff/diff-v2-specs.js';
import type { FieldChange } from '../../../src/diff/types.js';
import { describeChangeCount } from '../../../src/report/describe-change-count.js';
import { changesCell } from '../../../src/report/markdown-diff-parts.js';
import { grid, gridItem, panel as v2Panel, query, rows, tabs, v2Spec } from '../v2-builders.js';

// The markdown plan's Changes cell (and each diff block's summary) for the changes the diff finds: a reviewer reads
// "1 panel added", not "4 fields", for one panel inserted above three (which the grid moves down by itself: diff-60).

type Panel = Record<string, unknown>;
const panel = (title: string, y: number, extra: Panel = {}): Panel => ({
  type: 'timeseries',
  title,
  gridPos: { x: 0, y, w: 24, h: 8 },
  targets: [{ refId: 'A', expr: `${title.toLowerCase()}_total` }],
  ...extra,
});
const row = (title: string, y: number, panels: Panel[]): Panel => ({ type: 'row', title, collapsed: true, gridPos: { x: 0, y, w: 24, h: 1 }, panels });
const NO_METADATA = { labels: {}, annotations: {} };
const cell = (live: Panel[], file: Panel[], action = 'update', extra: Panel = {}) =>
  changesCell({
    action,
    changes: diffContent({ schema: 'v1', spec: { uid: 'svc', panels: live }, metadata: NO_METADATA }, { schema: 'v1', spec: { uid: 'svc', panels: file, ...extra }, metadata: NO_METADATA }),
  });

const [CPU, MEMORY, DISK] = [panel('CPU', 0), panel('Memory', 8), panel('Disk', 16)];

describe('the markdown Changes cell', () => {
  it('a panel inserted above three: one panel added (the three go down by themselves)', () => {
    expect(cell([CPU, MEMORY, DISK], [panel('Errors', 0), panel('CPU', 8), panel('Memory', 16), panel('Disk', 24)])).toBe('1 panel added');
  });

  it('a panel removed (the one below goes up by itself); and an edit besides counts as a field', () => {
    expect(cell([CPU, MEMORY, DISK], [CPU, panel('Disk', 8)])).toBe('1 panel removed');
    expect(cell([CPU, MEMORY, DISK], [CPU, panel('Disk', 8, { description: 'Free space' })], 'update', { refresh: '1m' })).toBe('1 panel removed, 2 fields');
  });

  it('panels with ids, added at the end and removed: by id as by place', () => {
    const withIds = [CPU, MEMORY].map((p, i) => ({ ...p, id: i + 1 }));
    expect(cell(withIds, [withIds[0]!, { ...panel('Errors', 8), id: 3 }])).toBe('1 panel added, 1 panel removed');
    expect(cell([CPU], [CPU, panel('Errors', 8)])).toBe('1 panel added');
  });

  it('changes that move no panel are fields, as before', () => {
    expect(cell([CPU], [{ ...CPU, title: 'CPU busy' }])).toBe('1 field');
    expect(cell([CPU], [{ ...CPU, gridPos: { x: 0, y: 0, w: 12, h: 6 } }])).toBe('2 fields');
    expect(cell([CPU], [CPU], 'move')).toBe('folder');
    expect(cell([CPU], [CPU, panel('Errors', 8)], 'move')).toBe('folder + 1 panel added');
  });

  it('a list reordered with no panel moved says so; the order a move brings is the move', () => {
    const sideBySide = [panel('CPU', 0, { gridPos: { x: 0, y: 0, w: 12, h: 8 } }), panel('Memory', 0, { gridPos: { x: 12, y: 0, w: 12, h: 8 } })];
    expect(cell(sideBySide, [sideBySide[1]!, sideBySide[0]!])).toBe('panels reordered');
    expect(cell([CPU, MEMORY], [panel('Memory', 0), panel('CPU', 8)])).toBe('2 panels moved');
  });

  it('a collapsed row inserted with its panels is a row added (the rows below and their panels go down by themselves)', () => {
    const live = [row('Overview', 0, [panel('CPU', 1)]), row('Details', 1, [panel('Disk', 2)])];
    const file = [row('Alerts', 0, [panel('Firing', 1)]), row('Overview', 1, [panel('CPU', 2)]), row('Details', 2, [panel('Disk', 3)])];
    expect(cell(live, file)).toBe('1 row added');
  });

  it('a panel in a collapsed row added: a panel added (the one below it goes down by itself)', () => {
    expect(cell([row('Overview', 0, [CPU])], [row('Overview', 0, [panel('Errors', 1), panel('CPU', 9)])])).toBe('1 panel added');
  });

  it('a row collapsed (its panels taken into it) or expanded: the row collapsed or expanded, not its panels removed and added, nor moved', () => {
    const withIds = (panels: Panel[]) => panels.map((p, i) => ({ ...p, id: i + 1 }));
    const open = { type: 'row', title: 'Overview', collapsed: false, gridPos: { x: 0, y: 0, w: 24, h: 1 }, panels: [] };
    const [cpu, memory] = [panel('CPU', 1), panel('Memory', 9)];
    const expanded = withIds([open, cpu, memory]);
    const collapsed = [{ ...expanded[0]!, collapsed: true, panels: [expanded[1]!, expanded[2]!] }];
    expect(cell(expanded, collapsed)).toBe('1 row collapsed');
    expect(cell(collapsed, expanded)).toBe('1 row expanded');
    // Without ids (as 11.2's /api keeps the file), and one of them edited on the way: its edit a field.
    const edited = { ...memory, description: 'RSS' };
    expect(cell([open, cpu, memory], [{ ...open, collapsed: true, panels: [cpu, edited] }])).toBe('1 row collapsed, 1 field');
  });

  it('titles holding brackets, dots and quotes are read whole', () => {
    const odd = panel('a"].gridPos.y [x]', 0);
    expect(cell([CPU], [odd, panel('CPU', 8)])).toBe('1 panel added');
  });

  it('a v2 element added with its placement is one panel added; one below it that went down with it is no move (diff-62)', () => {
    const elements = { 'panel-1': v2Panel(1, 'CPU', [query('A', 'cpu')]) };
    const live = v2Spec({ elements, layout: grid(gridItem('panel-1', 0, 0)) });
    const added = v2Spec({ elements: { ...elements, 'panel-2': v2Panel(2, 'Errors', [query('A', 'errors')]) }, layout: grid(gridItem('panel-2', 0, 0), gridItem('panel-1', 0, 8)) });
    expect(changesCell({ action: 'update', changes: diffV2Specs(live, added) })).toBe('1 panel added');
    expect(changesCell({ action: 'update', changes: diffV2Specs(added, live) })).toBe('1 panel removed');
    // Put below a gap: a move.
    const gapped = { ...added, layout: grid(gridItem('panel-2', 0, 0), gridItem('panel-1', 0, 12)) };
    expect(changesCell({ action: 'update', changes: diffV2Specs(live, gapped) })).toBe('1 panel added, 1 panel moved');
  });

  it('a v2 row collapsed or expanded counts as a classic one does (diff-61), an empty classic row too', () => {
    const elements = { 'panel-1': v2Panel(1, 'CPU', [query('A', 'cpu')]), 'panel-2': v2Panel(2, 'Memory', [query('A', 'mem')]) };
    const layout = (collapse: boolean) => rows({ title: 'Overview', layout: grid(gridItem('panel-1')), collapse }, { title: 'Details', layout: grid(gridItem('panel-2')) });
    const [open, shut] = [v2Spec({ elements, layout: layout(false) }), v2Spec({ elements, layout: layout(true) })];
    expect(changesCell({ action: 'update', changes: diffV2Specs(open, shut) })).toBe('1 row collapsed');
    expect(changesCell({ action: 'update', changes: diffV2Specs(shut, open) })).toBe('1 row expanded');
    const inTab = (collapse: boolean) => v2Spec({ elements, layout: tabs({ title: 'Infra', layout: layout(collapse) }) });
    expect(changesCell({ action: 'update', changes: diffV2Specs(inTab(false), inTab(true)) })).toBe('1 row collapsed');
    const empty = (collapsed: boolean) => [CPU, { type: 'row', title: 'Spare', collapsed, gridPos: { x: 0, y: 8, w: 24, h: 1 }, panels: [] }];
    expect(cell(empty(false), empty(true))).toBe('1 row collapsed');
  });

  it("a panel's own `collapsed` (not a row's) counts as a field, not as a row collapsed (review-61)", () => {
    const notes = (collapsed?: boolean) => [CPU, { id: 2, type: 'text', title: 'Notes', gridPos: { x: 0, y: 8, w: 24, h: 4 }, ...(collapsed === undefined ? {} : { collapsed }) }];
    expect(cell(notes(), notes(true))).toBe('1 field');
    expect(cell(notes(false), notes(true))).toBe('1 field');
  });

  it('a v2 element placed twice comes with both placements; one taken from a grid into an auto grid is one move', () => {
    const autoGrid = (...names: string[]) => ({ kind: 'AutoGridLayout', spec: { maxColumnCount: 3, items: names.map((name) => ({ kind: 'AutoGridLayoutItem', spec: { element: { kind: 'ElementReference', name } } })) } });
    const elements = { 'panel-1': v2Panel(1, 'CPU', [query('A', 'cpu')]) };
    const live = v2Spec({ elements, layout: tabs({ title: 'Health', layout: grid(gridItem('panel-1')) }, { title: 'Resources', layout: autoGrid() }) });
    const twice = v2Spec({
      elements: { ...elements, 'panel-2': v2Panel(2, 'Errors', [query('A', 'errors')]) },
      layout: tabs({ title: 'Health', layout: grid(gridItem('panel-2'), gridItem('panel-1', 0, 8)) }, { title: 'Resources', layout: autoGrid('panel-2') }),
    });
    expect(changesCell({ action: 'update', changes: diffV2Specs(live, twice) })).toBe('1 panel added');
    const taken = v2Spec({ elements, layout: tabs({ title: 'Health', layout: grid() }, { title: 'Resources', layout: autoGrid('panel-1') }) });
    expect(changesCell({ action: 'update', changes: diffV2Specs(live, taken) })).toBe('1 panel moved');
  });

  it('every kind counted at once reads in one order: comes and goes, rows moved, collapsed, expanded, renamed, tabs renamed, panels moved, fields', () => {
    const changes: FieldChange[] = [
      { path: 'panels[id=2 "CPU"].targets[0].expr', kind: 'changed', before: 'cpu_total', after: 'rate(cpu_total[1m])' },
      { path: 'panels[id=2 "CPU"].gridPos.y', kind: 'changed', before: 0, after: 4 },
      { path: 'panels[id=7 "Load"].gridPos.x', kind: 'changed', before: 0, after: 12 },
      { path: 'panels[id=3 "Hosts"].gridPos.y', kind: 'changed', before: 9, after: 1, rows: true },
      { path: 'panels[id=3 "Hosts"].collapsed', kind: 'changed', before: false, after: true, rows: true },
      { path: 'panels[id=4 "Jobs"].collapsed', kind: 'changed', before: true, after: false, rows: true },
      { path: 'panels[id=6 "DB"].title', kind: 'changed', before: 'Db', after: 'DB', rows: true },
      { path: 'layout[tab "Infra"].title', kind: 'changed', before: 'infra', after: 'Infra' },
      { path: 'panels[id=9 "Net"]', kind: 'added', after: { type: 'row', id: 9, title: 'Net', panels: [] } },
      { path: 'panels[id=5 "Disk"]', kind: 'removed', before: { type: 'timeseries', id: 5, title: 'Disk' } },
      { path: 'panels[id=8 "Errors"]', kind: 'removed', before: { type: 'timeseries', id: 8, title: 'Errors' } },
    ];
    expect(describeChangeCount(changes)).toBe('1 row added, 2 panels removed, 1 row moved, 1 row collapsed, 1 row expanded, 1 row renamed, 1 tab renamed, 2 panels moved, 1 field');
  });
});
