import { describe, expect, it } from 'vitest';
import { diffContent } from '../../../src/diff/diff-content.js';
import type { FieldChange } from '../../../src/diff/types.js';
import { describeChangeCount } from '../../../src/report/describe-change-count.js';
import { describePanelMove, panelMoveDiffLines } from '../../../src/report/describe-panel-move.js';
import { describeRowCollapse } from '../../../src/report/describe-row-collapse.js';
import { renderDiffLines } from '../../../src/report/markdown-diff-parts.js';

// Panels with ids in another place: moved from one collapsed row to another, or swapped (find-panel-moves.ts). The
// e2e test (test/e2e/plan/plan-panel-pairing.test.ts) has the id-less files on 12 and 13.

type Panel = Record<string, unknown>;

const panel = (id: number, title: string, y: number, expr: string): Panel => ({
  id,
  type: 'timeseries',
  title,
  gridPos: { x: 0, y, w: 24, h: 8 },
  targets: [{ refId: 'A', expr }],
});
const row = (id: number, title: string | undefined, y: number, panels: Panel[]): Panel => ({ id, type: 'row', ...(title ? { title } : {}), collapsed: true, gridPos: { x: 0, y, w: 24, h: 1 }, panels });

const NO_METADATA = { labels: {}, annotations: {} };
function planned(live: Panel[], file: Panel[]): FieldChange[] {
  const spec = (panels: Panel[]) => ({ uid: 'svc', title: 'Service', schemaVersion: 42, panels: structuredClone(panels) });
  return diffContent({ schema: 'v1', spec: spec(live), metadata: NO_METADATA }, { schema: 'v1', spec: spec(file), metadata: NO_METADATA });
}

describe('panels with ids in another place', () => {
  it('a panel moved from one collapsed row to another, retitled: paired by its id, its title its own change', () => {
    const memory = panel(3, 'Memory', 1, 'process_resident_memory_bytes');
    const changes = planned([row(1, 'Hosts', 0, [panel(2, 'CPU', 1, 'cpu'), memory]), row(4, 'Processes', 1, [])], [row(1, 'Hosts', 0, [panel(2, 'CPU', 1, 'cpu')]), row(4, 'Processes', 1, [{ ...memory, title: 'RSS' }])]);
    expect(changes).toEqual([
      { path: 'panels[id=4 "Processes"].panels[id=3]', kind: 'moved', from: 'panels[id=1 "Hosts"].panels[id=3 "Memory"]', before: 'Hosts', after: 'Processes' },
      { path: 'panels[id=4 "Processes"].panels[id=3].title', kind: 'changed', before: 'Memory', after: 'RSS' },
    ]);
  });

  it('an untitled row: said as such', () => {
    const memory = panel(3, 'Memory', 1, 'mem');
    const changes = planned([row(1, undefined, 0, [memory]), row(4, 'Processes', 1, [])], [row(1, undefined, 0, []), row(4, 'Processes', 1, [memory])]);
    expect(changes).toEqual([{ path: 'panels[id=4 "Processes"].panels[id=3 "Memory"]', kind: 'moved', from: 'panels[id=1].panels[id=3 "Memory"]', before: null, after: 'Processes' }]);
  });

  it('a panel moved between two rows of one title (or two untitled rows): each row named by which of them it is too', () => {
    const memory = panel(3, 'Memory', 1, 'mem');
    const [moved] = planned([row(1, 'Same', 0, [memory]), row(4, 'Same', 1, [])], [row(1, 'Same', 0, []), row(4, 'Same', 1, [memory])]);
    expect(describePanelMove(moved!)).toBe('moved from row "Same" (1st) to row "Same" (2nd)');
    expect(panelMoveDiffLines(moved!)).toEqual(['- panels[id=1 "Same"].panels[id=3 "Memory"]: moved to row "Same" (2nd)', '+ panels[id=4 "Same"].panels[id=3 "Memory"]: moved from row "Same" (1st)']);
    expect(moved).toMatchObject({ nthRowBefore: 1, nthRowAfter: 2 });
    // A plan saved before (no nthRow): the collapsed rows by their places, as then.
    const { nthRowBefore: _before, nthRowAfter: _after, ...saved } = moved!;
    expect(describePanelMove(saved)).toBe('moved from row "Same" (id 1) to row "Same" (id 4)');
    const { id: _id, ...idless } = memory;
    const untitled = (y: number, panels: Panel[]): Panel => ({ type: 'row', collapsed: true, gridPos: { x: 0, y, w: 24, h: 1 }, panels });
    const [idlessMove] = planned([untitled(0, [idless]), untitled(1, [])], [untitled(0, []), untitled(1, [idless])]);
    expect(describePanelMove(idlessMove!)).toBe('moved from an untitled row (1st) to an untitled row (2nd)');
    // Rows of two titles need no place.
    const [other] = planned([row(1, 'Hosts', 0, [memory]), row(4, 'Same', 1, [])], [row(1, 'Hosts', 0, []), row(4, 'Same', 1, [memory])]);
    expect(describePanelMove(other!)).toBe('moved from row "Hosts" to row "Same"');
  });

  it('two rows swapped and a panel moved between them: counted as two rows and one panel', () => {
    const memory = panel(3, 'Memory', 1, 'mem');
    const changes = planned([row(1, 'Hosts', 0, [memory]), row(4, 'Processes', 1, [])], [row(4, 'Processes', 0, [memory]), row(1, 'Hosts', 1, [])]);
    expect(changes.map(({ kind, path }) => `${kind} ${path}`)).toEqual(['moved panels[id=4 "Processes"]', 'moved panels[id=4 "Processes"].panels[id=3 "Memory"]']);
    expect(describeChangeCount(changes)).toBe('2 rows moved, 1 panel moved');
  });

  it('a panel removed from one row and another of other ids and nothing alike added to another: removed and added', () => {
    const changes = planned([row(1, 'Hosts', 0, [panel(3, 'Memory', 1, 'mem')]), row(4, 'Processes', 1, [])], [row(1, 'Hosts', 0, []), row(4, 'Processes', 1, [panel(5, 'Threads', 1, 'threads')])]);
    expect(changes.map(({ path, kind }) => `${kind} ${path}`)).toEqual(['removed panels[id=1 "Hosts"].panels[id=3 "Memory"]', 'added panels[id=4 "Processes"].panels[id=5 "Threads"]']);
  });

  it('a panel removed from one row and another of another id sharing a title word and a query added to another: removed and added, as in one list', () => {
    const changes = planned([row(1, 'Hosts', 0, [panel(3, 'CPU usage', 1, 'cpu')]), row(4, 'Processes', 1, [])], [row(1, 'Hosts', 0, []), row(4, 'Processes', 1, [panel(9, 'Memory usage', 1, 'cpu')])]);
    expect(changes.map(({ path, kind }) => `${kind} ${path}`)).toEqual(['removed panels[id=1 "Hosts"].panels[id=3 "CPU usage"]', 'added panels[id=4 "Processes"].panels[id=9 "Memory usage"]']);
  });

  it('two panels swapped: one change, without the list order besides', () => {
    const [cpu, memory, disk] = [panel(1, 'CPU', 0, 'cpu'), panel(2, 'Memory', 8, 'mem'), panel(3, 'Disk', 16, 'disk')];
    expect(planned([cpu, memory, disk], [{ ...memory, gridPos: cpu.gridPos }, { ...cpu, gridPos: memory.gridPos }, disk])).toEqual([
      { path: 'panels[id=2 "Memory"]', kind: 'moved', swappedWith: 'panels[id=1 "CPU"]', before: { x: 0, y: 8 }, after: { x: 0, y: 0 } },
    ]);
  });

  it('two panels that each moved, one also resized: no swap', () => {
    const [cpu, memory] = [panel(1, 'CPU', 0, 'cpu'), panel(2, 'Memory', 8, 'mem')];
    const changes = planned([cpu, memory], [{ ...cpu, gridPos: { x: 0, y: 8, w: 12, h: 8 } }, { ...memory, gridPos: cpu.gridPos }]);
    expect(changes.some((change) => change.kind === 'moved')).toBe(false);
  });

  it('two panels side by side that both moved down: no swap', () => {
    const [left, right] = [{ ...panel(1, 'CPU', 0, 'cpu'), gridPos: { x: 0, y: 0, w: 12, h: 8 } }, { ...panel(2, 'Memory', 0, 'mem'), gridPos: { x: 12, y: 0, w: 12, h: 8 } }];
    const changes = planned([left, right], [{ ...left, gridPos: { x: 0, y: 8, w: 12, h: 8 } }, { ...right, gridPos: { x: 12, y: 8, w: 12, h: 8 } }]);
    expect(changes.map(({ path, kind }) => `${kind} ${path}`)).toEqual(['changed panels[id=1 "CPU"].gridPos.y', 'changed panels[id=2 "Memory"].gridPos.y']);
  });
});

// diff-60: what the grid does by itself (panels stack up) is no move; a move between the top level and a row; three or
// more panels that went round; the guard that two ids are two panels, in panelLikeness.
const sized = (p: Panel, gridPos: Partial<{ x: number; y: number; w: number; h: number }>): Panel => ({ ...p, gridPos: { ...(p.gridPos as object), ...gridPos } });
const openRow = (id: number, title: string, y: number): Panel => ({ id, type: 'row', title, collapsed: false, gridPos: { x: 0, y, w: 24, h: 1 }, panels: [] });
const lines = (changes: FieldChange[]) => changes.map((change) => (change.kind === 'moved' ? `> ${change.path}: ${describePanelMove(change)}` : `${change.kind} ${change.path}`));

describe('the grid stacking panels up is not a move', () => {
  const [cpu, memory, disk] = [panel(1, 'CPU', 0, 'cpu'), panel(2, 'Memory', 9, 'mem'), panel(4, 'Disk', 18, 'disk')];
  const hosts = openRow(3, 'Hosts', 8);
  const live = [cpu, hosts, memory, sized(disk, { y: 17 })];

  it('a panel grown: its height alone, not the row and panels below it as moved', () => {
    const changes = planned(live, [sized(cpu, { h: 12 }), sized(hosts, { y: 12 }), sized(memory, { y: 13 }), sized(disk, { y: 21 })]);
    expect(lines(changes)).toEqual(['changed panels[id=1 "CPU"].gridPos.h']);
    expect(describeChangeCount(changes)).toBe('1 field');
  });

  it('a panel inserted above, or one removed: the panel, not the ones below as moved', () => {
    const errors = panel(9, 'Errors', 0, 'errors');
    const inserted = planned(live, [errors, ...live.map((p) => sized(p, { y: (p.gridPos as { y: number }).y + 8 }))]);
    expect(describeChangeCount(inserted)).toBe('1 panel added');
    const removed = planned(live, [sized(hosts, { y: 0 }), sized(memory, { y: 1 }), sized(disk, { y: 9 })]);
    expect(lines(removed)).toEqual(['removed panels[id=1 "CPU"]']);
  });

  it('a row moved: a row moved (not a panel), the panels it passed not moved', () => {
    const changes = planned([cpu, sized(memory, { y: 8 }), sized(hosts, { y: 16 })], [sized(hosts, { y: 0 }), sized(cpu, { y: 1 }), sized(memory, { y: 9 })]);
    expect(lines(changes)).toEqual(['changed panels[id=3 "Hosts"].gridPos.y']);
    expect(describeChangeCount(changes)).toBe('1 row moved');
  });

  it('a panel dragged to the top: that panel moved, not the two it passed; a panel moved down with a gap above it still shows', () => {
    const third = sized(disk, { y: 16 });
    const dragged = planned([cpu, sized(memory, { y: 8 }), third], [sized(third, { y: 0, h: 6 }), sized(cpu, { y: 6 }), sized(memory, { y: 14 })]);
    expect(lines(dragged)).toEqual(['changed panels[id=4 "Disk"].gridPos.h', 'changed panels[id=4 "Disk"].gridPos.y']);
    expect(describeChangeCount(dragged)).toBe('1 panel moved, 1 field');
    const gap = planned([cpu, sized(memory, { y: 8 })], [cpu, sized(memory, { y: 20 })]);
    expect(lines(gap)).toEqual(['changed panels[id=2 "Memory"].gridPos.y']);
  });

  // Grafana 12 and 13 open a classic dashboard in the scenes frontend (transformSaveModelToScene.ts,
  // createSceneObjectsForPanels): a collapsed row holds its own `panels` only, and a panel after it in the dashboard's
  // list stays among the dashboard's own (the backend's v2 conversion, convertToRowsLayout, would put it in the row).
  it("a panel after a collapsed row is the dashboard's own, not the row's: passing another collapsed row's header is that row moving, not the panel leaving a row", () => {
    const p = panel(5, 'P', 2, 'p');
    const [c, d] = [row(1, 'C', 0, [panel(2, 'C1', 1, 'c')]), row(3, 'D', 1, [panel(4, 'D1', 2, 'd')])];
    const changes = planned([c, d, p], [c, sized(p, { y: 1 }), sized(d, { y: 9 })]);
    expect(lines(changes)).toEqual(['changed panels[id=3 "D"].gridPos.y']);
    expect(describeChangeCount(changes)).toBe('1 row moved');
    // From an open row's panels to after a collapsed row it leaves that row: a move.
    const a = openRow(6, 'A', 0);
    const out = planned([a, sized(p, { y: 1 }), sized(c, { y: 9 })], [a, sized(c, { y: 1 }), sized(p, { y: 2 })]);
    expect(lines(out)).toEqual(['changed panels[id=1 "C"].gridPos.y', 'changed panels[id=5 "P"].gridPos.y']);
    expect(describeChangeCount(out)).toBe('1 row moved, 1 panel moved');
  });

  it('a panel dragged from one open row into the next (below its header): the panel moved as well as the row, not the row alone', () => {
    const [p, q] = [panel(2, 'P', 1, 'p'), panel(4, 'Q', 10, 'q')];
    const [r1, r2] = [openRow(1, 'R1', 0), openRow(3, 'R2', 9)];
    const into = planned([r1, p, r2, q], [r1, sized(r2, { y: 1 }), sized(p, { y: 2 }), q]);
    expect(lines(into)).toEqual(['changed panels[id=3 "R2"].gridPos.y', 'changed panels[id=2 "P"].gridPos.y']);
    expect(describeChangeCount(into)).toBe('1 row moved, 1 panel moved');
    const back = planned([r1, p, r2, q], [r1, p, sized(q, { y: 9 }), sized(r2, { y: 17 })]);
    expect(describeChangeCount(back)).toBe('1 row moved, 1 panel moved');
  });

  it('a panel moved between rows: its y not shown where it sits as far below what it sits under, in the row it left and the one it is in', () => {
    const moving = panel(3, 'Memory', 9, 'mem');
    const changes = planned(
      [row(1, 'Hosts', 0, [panel(2, 'CPU', 1, 'cpu'), moving]), row(4, 'Processes', 1, [panel(5, 'Threads', 2, 'threads')])],
      [row(1, 'Hosts', 0, [panel(2, 'CPU', 1, 'cpu')]), row(4, 'Processes', 1, [sized(moving, { y: 2 }), panel(5, 'Threads', 10, 'threads')])],
    );
    expect(lines(changes)).toEqual(['> panels[id=4 "Processes"].panels[id=3 "Memory"]: moved from row "Hosts" to row "Processes"']);
    expect(describeChangeCount(changes)).toBe('1 panel moved');
  });
});

describe('two panels that took each other\'s place across two collapsed rows', () => {
  it('one swap line, as within one grid (and as a v2 swap across rows)', () => {
    const [memory, threads] = [panel(3, 'Memory', 1, 'mem'), panel(5, 'Threads', 2, 'threads')];
    const changes = planned([row(1, 'Hosts', 0, [memory]), row(4, 'Processes', 1, [threads])], [row(1, 'Hosts', 0, [sized(threads, { y: 1 })]), row(4, 'Processes', 1, [sized(memory, { y: 2 })])]);
    expect(lines(changes)).toEqual(['> panels[id=1 "Hosts"].panels[id=5 "Threads"]: swapped places with panels[id=4 "Processes"].panels[id=3 "Memory"]']);
    expect(describeChangeCount(changes)).toBe('2 panels moved');
    // One of them edited on the way: two moves, and the edit.
    const edited = planned([row(1, 'Hosts', 0, [memory]), row(4, 'Processes', 1, [threads])], [row(1, 'Hosts', 0, [sized(threads, { y: 1 })]), row(4, 'Processes', 1, [{ ...sized(memory, { y: 2 }), description: 'RSS' }])]);
    expect(describeChangeCount(edited)).toBe('2 panels moved, 1 field');
  });
});

describe('a panel moved between the top level and a collapsed row', () => {
  const cpu = panel(2, 'CPU', 1, 'cpu');
  const memory = panel(3, 'Memory', 1, 'mem');

  it('into a row and out of one: one move line each, then its own changes', () => {
    const into = planned([row(1, 'Hosts', 0, [cpu]), memory], [row(1, 'Hosts', 0, [cpu, { ...sized(memory, { y: 9 }), description: 'RSS' }])]);
    expect(lines(into)).toEqual(['> panels[id=1 "Hosts"].panels[id=3 "Memory"]: moved from the top level to row "Hosts"', 'added panels[id=1 "Hosts"].panels[id=3 "Memory"].description']);
    expect(describeChangeCount(into)).toBe('1 panel moved, 1 field');
    expect(panelMoveDiffLines(into[0]!)).toEqual(['- panels[id=3 "Memory"]: moved to row "Hosts"', '+ panels[id=1 "Hosts"].panels[id=3 "Memory"]: moved from the top level']);
    const out = planned([row(1, 'Hosts', 0, [cpu, sized(memory, { y: 9 })])], [row(1, 'Hosts', 0, [cpu]), memory]);
    expect(lines(out)).toEqual(['> panels[id=3 "Memory"]: moved from row "Hosts" to the top level']);
    expect(out[0]).toEqual({ path: 'panels[id=3 "Memory"]', kind: 'moved', from: 'panels[id=1 "Hosts"].panels[id=3 "Memory"]', before: 'Hosts' });
  });
});

describe('three or more panels that went round', () => {
  it('side by side, each in the next one\'s place: one line each, none said swapped', () => {
    const third = (id: number, title: string, x: number): Panel => sized(panel(id, title, 0, title.toLowerCase()), { x, w: 8 });
    const [a, b, c] = [third(1, 'A', 0), third(2, 'B', 8), third(3, 'C', 16)];
    const changes = planned([a, b, c], [sized(c, { x: 0 }), sized(a, { x: 8 }), sized(b, { x: 16 })]);
    // In the file's order: C first.
    expect(lines(changes)).toEqual(['> panels[id=3 "C"]: took the place of panels[id=1 "A"]', '> panels[id=1 "A"]: took the place of panels[id=2 "B"]', '> panels[id=2 "B"]: took the place of panels[id=3 "C"]']);
    expect(describeChangeCount(changes)).toBe('3 panels moved');
    expect(panelMoveDiffLines(changes[0]!)).toEqual(['> panels[id=3 "C"]: took the place of panels[id=1 "A"]']);
  });

  it('one above the other, four of them, each in the next one\'s place: the last dragged to the top (diff-61: not a round of four)', () => {
    const [a, b, c, d] = [panel(1, 'A', 0, 'a'), panel(2, 'B', 8, 'b'), panel(3, 'C', 16, 'c'), panel(4, 'D', 24, 'd')];
    const changes = planned([a, b, c, d], [sized(d, { y: 0 }), sized(a, { y: 8 }), sized(b, { y: 16 }), sized(c, { y: 24 })]);
    expect(lines(changes)).toEqual(['changed panels[id=4 "D"].gridPos.y']);
    expect(describeChangeCount(changes)).toBe('1 panel moved');
  });
});

describe('two ids are two panels (panelLikeness)', () => {
  it('in a list some of whose panels have no id: a numbered panel and another of another id, alike, are removed and added', () => {
    const text = { type: 'text', title: 'Notes', gridPos: { x: 0, y: 0, w: 24, h: 2 }, options: { content: 'hi' } };
    const changes = planned([text, panel(3, 'CPU usage', 2, 'cpu')], [text, panel(9, 'Memory usage', 2, 'cpu'), panel(10, 'Disk', 10, 'disk')]);
    expect(changes.filter((change) => change.path.endsWith('.id'))).toEqual([]);
    expect(describeChangeCount(changes)).toBe('2 panels added, 1 panel removed');
  });
});

// diff-60b: a row collapsed or expanded is one thing done, not a move per panel; a row moved named by its title where
// the panels are compared by place (Grafana 13).
describe('a row collapsed or expanded', () => {
  const cpu = panel(1, 'CPU', 0, 'cpu');
  const [a, c, disk] = [panel(3, 'A', 9, 'a'), panel(5, 'C', 17, 'c'), panel(7, 'Disk', 26, 'disk')];
  const hosts = (collapsed: boolean, panels: Panel[]): Panel => ({ ...row(2, 'Hosts', 8, panels), collapsed });
  const open = [cpu, hosts(false, []), a, c, openRow(6, 'Other', 25), disk];
  const shut = (panels: Panel[]) => [cpu, hosts(true, panels), openRow(6, 'Other', 9), sized(disk, { y: 10 })];
  const said = (changes: FieldChange[]) => changes.map((change) => describeRowCollapse(change) ?? (change.kind === 'moved' ? `> ${change.path}: ${describePanelMove(change)}` : `${change.kind} ${change.path}`));

  it('collapsed: one change naming its panels, not a move each, nor the rows and panels below going up', () => {
    const changes = planned(open, shut([a, c]));
    expect(changes).toEqual([{ path: 'panels[id=2 "Hosts"].collapsed', kind: 'changed', before: false, after: true, withPanels: ['panels[id=2 "Hosts"].panels[id=3 "A"]', 'panels[id=2 "Hosts"].panels[id=5 "C"]'] }]);
    expect(said(changes)).toEqual(['panels[id=2 "Hosts"]: row collapsed (its 2 panels with it)']);
    expect(describeChangeCount(changes)).toBe('1 row collapsed');
    expect(renderDiffLines(changes)).toEqual(['~ panels[id=2 "Hosts"]: row collapsed (its 2 panels with it)']);
  });

  it('expanded, after the row moved while collapsed (its panels below where it was): one change too', () => {
    const stale = [cpu, hosts(true, [sized(a, { y: 30 }), sized(c, { y: 38 })]), openRow(6, 'Other', 9), sized(disk, { y: 10 })];
    const changes = planned(stale, open);
    expect(said(changes)).toEqual(['panels[id=2 "Hosts"]: row expanded (its 2 panels with it)']);
    expect(describeChangeCount(changes)).toBe('1 row expanded');
  });

  it('a collapsed row whose panels Grafana holds at other y\'s alone (as it left them when the row moved): still shown', () => {
    const changes = planned(shut([sized(a, { y: 30 }), sized(c, { y: 38 })]), shut([a, c]));
    expect(said(changes)).toEqual(['changed panels[id=2 "Hosts"].panels[id=3 "A"].gridPos.y', 'changed panels[id=2 "Hosts"].panels[id=5 "C"].gridPos.y']);
    // With another change, they are the grid's doing: Grafana expands the row the same way.
    expect(said(planned(shut([sized(a, { y: 30 }), sized(c, { y: 38 })]), shut([a, { ...c, description: 'errors' }])))).toEqual(['added panels[id=2 "Hosts"].panels[id=5 "C"].description']);
  });

  it('a query edited while the row was collapsed: still shown, below the one line', () => {
    const changes = planned(open, shut([a, { ...c, targets: [{ refId: 'A', expr: 'c2' }] }]));
    expect(said(changes)).toEqual(['panels[id=2 "Hosts"]: row collapsed (its 2 panels with it)', 'changed panels[id=2 "Hosts"].panels[id=5 "C"].targets[0].expr']);
    expect(describeChangeCount(changes)).toBe('1 row collapsed, 1 field');
  });

  it('a panel that was not one of the open row\'s: still a move, beside the collapse', () => {
    // CPU sat above the row, not in it; the file has it in the collapsed row.
    const into = planned(open, [sized(hosts(true, [sized(cpu, { y: 1 }), a, c]), { y: 0 }), openRow(6, 'Other', 1), sized(disk, { y: 2 })]);
    expect(said(into)).toEqual(['panels[id=2 "Hosts"]: row collapsed (its 2 panels with it)', '> panels[id=2 "Hosts"].panels[id=1 "CPU"]: moved from the top level to row "Hosts"']);
    expect(describeChangeCount(into)).toBe('1 row collapsed, 1 panel moved');
    // Expanded with a panel put above the row in the file: that one moved.
    const out = planned(shut([a, c]), [sized(c, { y: 0 }), sized(cpu, { y: 8 }), sized(hosts(false, []), { y: 16 }), sized(a, { y: 17 }), openRow(6, 'Other', 25), disk]);
    expect(said(out)).toEqual(['> panels[id=5 "C"]: moved from row "Hosts" to the top level', 'panels[id=2 "Hosts"]: row expanded (its panel with it)']);
    expect(describeChangeCount(out)).toBe('1 row expanded, 1 panel moved');
  });

  it('a row moved where Grafana 13 gave the panels ids in their grid order (compared by place): named by its title', () => {
    const idless = ({ id: _id, ...rest }: Panel): Panel => rest;
    const [cpuAt, memoryAt, hostsAt] = [sized(cpu, { y: 0 }), panel(2, 'Memory', 8, 'mem'), { ...openRow(3, 'Hosts', 16) }];
    const changes = planned([cpuAt, memoryAt, hostsAt], [sized(hostsAt, { y: 0 }), sized(cpuAt, { y: 1 }), sized(memoryAt, { y: 9 })].map(idless));
    expect(changes).toEqual([{ path: 'panels[0 "Hosts"].gridPos.y', kind: 'changed', before: 16, after: 0, rows: true }]);
    expect(describeChangeCount(changes)).toBe('1 row moved');
  });
});

// diff-61: a panel of the dashboard's own list named by the row header it sits under (review-60 M2); one panel dragged
// past others of its height is that panel's move, not a round (M3); 13's panels compared in place named by their
// titles; what the grid's shifts and a row's collapse could hide.
describe('a panel moved between an open row and a collapsed one: said by the rows', () => {
  const [cpu, memory, threads] = [panel(2, 'CPU', 1, 'cpu'), panel(3, 'Memory', 9, 'mem'), panel(5, 'Threads', 18, 'threads')];
  const open = [openRow(1, 'Hosts', 0), cpu, memory, row(4, 'Processes', 17, [threads])];
  const shut = [openRow(1, 'Hosts', 0), cpu, row(4, 'Processes', 9, [sized(memory, { y: 10 }), threads])];

  it('from under an open row into a collapsed one, and back: from row "Hosts" to row "Processes" (not the top level)', () => {
    const into = planned(open, shut);
    expect(lines(into)).toEqual(['> panels[id=4 "Processes"].panels[id=3 "Memory"]: moved from row "Hosts" to row "Processes"']);
    expect(into[0]).toEqual({ path: 'panels[id=4 "Processes"].panels[id=3 "Memory"]', kind: 'moved', from: 'panels[id=3 "Memory"]', underRowBefore: 'Hosts', after: 'Processes' });
    expect(panelMoveDiffLines(into[0]!)).toEqual(['- panels[id=3 "Memory"]: moved to row "Processes"', '+ panels[id=4 "Processes"].panels[id=3 "Memory"]: moved from row "Hosts"']);
    expect(describeChangeCount(into)).toBe('1 panel moved');
    const out = planned(shut, open);
    expect(lines(out)).toEqual(['> panels[id=3 "Memory"]: moved from row "Processes" to row "Hosts"']);
  });

  it('under an untitled row, or one of the same title as the collapsed row: said so, the collapsed one by its place', () => {
    const untitled = (y: number): Panel => ({ id: 1, type: 'row', collapsed: false, gridPos: { x: 0, y, w: 24, h: 1 }, panels: [] });
    const [into] = planned([untitled(0), ...open.slice(1)], [untitled(0), ...shut.slice(1)]);
    expect(describePanelMove(into!)).toBe('moved from an untitled row to row "Processes"');
    const same = (p: Panel[]) => p.map((one) => (one.id === 1 ? { ...one, title: 'Processes' } : one));
    const [twin] = planned(same(open), same(shut));
    expect(describePanelMove(twin!)).toBe('moved from row "Processes" (1st) to row "Processes" (2nd)');
  });

  // review-61 L1: the open side was told apart by nothing, and only where both sides had one title.
  it('two open rows of one title: the one a panel left (or went under) named by which of them it is, the collapse of one too', () => {
    const [disk, swap] = [panel(8, 'Disk', 27, 'disk'), panel(9, 'Swap', 35, 'swap')];
    const twins = [openRow(1, 'Hosts', 0), cpu, openRow(7, 'Hosts', 26), disk, swap, row(4, 'Processes', 43, [threads])];
    const [into] = planned(twins, [openRow(1, 'Hosts', 0), cpu, openRow(7, 'Hosts', 26), disk, row(4, 'Processes', 35, [sized(swap, { y: 36 }), threads])]);
    expect(describePanelMove(into!)).toBe('moved from row "Hosts" (2nd) to row "Processes"');
    expect(panelMoveDiffLines(into!)).toEqual(['- panels[id=9 "Swap"]: moved to row "Processes"', '+ panels[id=4 "Processes"].panels[id=9 "Swap"]: moved from row "Hosts" (2nd)']);
    const [back] = planned([openRow(1, 'Hosts', 0), cpu, openRow(7, 'Hosts', 26), disk, row(4, 'Processes', 35, [sized(swap, { y: 36 }), threads])], [openRow(1, 'Hosts', 0), cpu, sized(swap, { y: 9 }), openRow(7, 'Hosts', 17), sized(disk, { y: 18 }), row(4, 'Processes', 26, [threads])]);
    expect(describePanelMove(back!)).toBe('moved from row "Processes" to row "Hosts" (1st)');
    // The second "Hosts" collapsed: its panels with it, said as that row's.
    const shutSecond = planned(twins, [openRow(1, 'Hosts', 0), cpu, { ...row(7, 'Hosts', 26, [disk, swap]) }, row(4, 'Processes', 27, [threads])]);
    expect(shutSecond.map((change) => describeRowCollapse(change) ?? `${change.kind} ${change.path}`)).toEqual(['panels[id=7 "Hosts"]: row "Hosts" (2nd) collapsed (its 2 panels with it)']);
    expect(renderDiffLines(shutSecond)).toEqual(['~ panels[id=7 "Hosts"]: row "Hosts" (2nd) collapsed (its 2 panels with it)']);
    expect(describeChangeCount(shutSecond)).toBe('1 row collapsed');
    // The first collapsed with no panel in it to take: a row's toggle, which of them said too.
    const bare = [openRow(1, 'Hosts', 0), openRow(7, 'Hosts', 1), disk];
    const shutFirst = planned(bare, [{ ...openRow(1, 'Hosts', 0), collapsed: true }, openRow(7, 'Hosts', 1), disk]);
    expect(renderDiffLines(shutFirst)).toEqual(['~ panels[id=1 "Hosts"]: row "Hosts" (1st) collapsed']);
    expect(describeChangeCount(shutFirst)).toBe('1 row collapsed');
    // Titles that do not clash: no place said.
    const [plain] = planned(open, shut);
    expect(plain).not.toHaveProperty('nthRowBefore');
  });
});

describe('one panel dragged past others of its height: that panel moved, not a round', () => {
  const [a, b, c, d, e] = [panel(1, 'A', 0, 'a'), panel(2, 'B', 8, 'b'), panel(3, 'C', 16, 'c'), panel(4, 'D', 24, 'd'), panel(5, 'E', 32, 'e')];

  it('the third dragged to the top: its gridPos.y alone, as for panels of unlike heights', () => {
    const changes = planned([a, b, c], [sized(c, { y: 0 }), sized(a, { y: 8 }), sized(b, { y: 16 })]);
    expect(lines(changes)).toEqual(['changed panels[id=3 "C"].gridPos.y']);
    expect(describeChangeCount(changes)).toBe('1 panel moved');
    // Down: the first dragged to the bottom.
    expect(lines(planned([a, b, c], [sized(b, { y: 0 }), sized(c, { y: 8 }), sized(a, { y: 16 })]))).toEqual(['changed panels[id=1 "A"].gridPos.y']);
  });

  it('three collapsed rows, the last dragged to the top: one row moved', () => {
    const rows = [row(1, 'R1', 0, []), row(2, 'R2', 1, []), row(3, 'R3', 2, [])];
    const changes = planned(rows, [sized(rows[2]!, { y: 0 }), sized(rows[0]!, { y: 1 }), sized(rows[1]!, { y: 2 })]);
    expect(lines(changes)).toEqual(['changed panels[id=3 "R3"].gridPos.y']);
    expect(describeChangeCount(changes)).toBe('1 row moved');
  });

  it('a rotation in which each panel has other neighbours (no one drag makes it): one line each still', () => {
    // E to A's place, A to C's, C to E's: B and D stay.
    const changes = planned([a, b, c, d, e], [sized(e, { y: 0 }), b, sized(a, { y: 16 }), d, sized(c, { y: 32 })]);
    expect(lines(changes)).toEqual(['> panels[id=5 "E"]: took the place of panels[id=1 "A"]', '> panels[id=1 "A"]: took the place of panels[id=3 "C"]', '> panels[id=3 "C"]: took the place of panels[id=5 "E"]']);
    expect(describeChangeCount(changes)).toBe('3 panels moved');
  });
});

describe('panels Grafana 13 holds in grid order, compared in the file\'s order by place', () => {
  it('a row moved to the top and a query edited: every path names its panel by its title too, as where Grafana holds the file\'s order', () => {
    const idless = ({ id: _id, ...rest }: Panel): Panel => rest;
    const [cpu, memory, hosts] = [panel(1, 'CPU', 0, 'cpu'), panel(2, 'Memory', 8, 'mem'), openRow(3, 'Hosts', 16)];
    const edited = { ...sized(cpu, { y: 1 }), targets: [{ refId: 'A', expr: 'cpu2' }] };
    const changes = planned([cpu, memory, hosts], [sized(hosts, { y: 0 }), edited, sized(memory, { y: 9 })].map(idless));
    expect(lines(changes)).toEqual(['changed panels[0 "Hosts"].gridPos.y', 'changed panels[1 "CPU"].targets[0].expr']);
  });
});

describe('what the grid\'s shifts and a row\'s collapse could hide (diff-61)', () => {
  const cpu = panel(1, 'CPU', 0, 'cpu');
  const [a, c, disk] = [panel(3, 'A', 9, 'a'), panel(5, 'C', 17, 'c'), panel(7, 'Disk', 26, 'disk')];
  const hosts = (collapsed: boolean, panels: Panel[]): Panel => ({ ...row(2, 'Hosts', 8, panels), collapsed });
  const open = [cpu, hosts(false, []), a, c, openRow(6, 'Other', 25), disk];
  const said = (changes: FieldChange[]) => changes.map((change) => describeRowCollapse(change) ?? (change.kind === 'moved' ? `> ${change.path}: ${describePanelMove(change)}` : `${change.kind} ${change.path}`));

  it('a row collapsed with its panels in another order: the one that changed places still shows', () => {
    const changes = planned(open, [cpu, hosts(true, [sized(c, { y: 9 }), sized(a, { y: 17 })]), openRow(6, 'Other', 9), sized(disk, { y: 10 })]);
    expect(said(changes)).toEqual(['panels[id=2 "Hosts"]: row collapsed (its 2 panels with it)', 'changed panels[id=2 "Hosts"].panels[id=5 "C"].gridPos.y']);
    expect(describeChangeCount(changes)).toBe('1 row collapsed, 1 panel moved');
  });

  it('a row expanded with a panel the file lists after it but places above it on the grid: that panel moved, not with the row', () => {
    const shut = [cpu, hosts(true, [a, c]), openRow(6, 'Other', 9), sized(disk, { y: 10 })];
    const changes = planned(shut, [sized(cpu, { w: 12 }), hosts(false, []), a, sized(c, { x: 12, y: 0, w: 12 }), sized(openRow(6, 'Other', 17), {}), sized(disk, { y: 18 })]);
    expect(said(changes)).toEqual([
      'changed panels[id=1 "CPU"].gridPos.w',
      'panels[id=2 "Hosts"]: row expanded (its panel with it)',
      '> panels[id=5 "C"]: moved from row "Hosts" to the top level',
      'changed panels[id=5 "C"].gridPos.w',
      'changed panels[id=5 "C"].gridPos.x',
      'changed panels[id=5 "C"].gridPos.y',
    ]);
  });

  it('a row inserted among a row\'s panels: the row added, not the panels below it (now its) as moved', () => {
    const [first, b, d] = [openRow(1, 'Hosts', 0), panel(2, 'B', 1, 'b'), panel(4, 'D', 9, 'd')];
    const changes = planned([first, b, d, panel(5, 'E', 17, 'e')], [first, b, openRow(9, 'Disks', 9), sized(d, { y: 10 }), panel(5, 'E', 18, 'e')]);
    expect(lines(changes)).toEqual(['added panels[id=9 "Disks"]']);
    expect(describeChangeCount(changes)).toBe('1 row added');
  });

  it('a panel grown while the row is collapsed, and one removed inside a collapsed row: shown, the shifts below them not', () => {
    const shut = (panels: Panel[]) => [cpu, hosts(true, panels), openRow(6, 'Other', 9), sized(disk, { y: 10 })];
    const grown = planned(open, shut([sized(a, { h: 12 }), sized(c, { y: 21 })]));
    expect(said(grown)).toEqual(['panels[id=2 "Hosts"]: row collapsed (its 2 panels with it)', 'changed panels[id=2 "Hosts"].panels[id=3 "A"].gridPos.h']);
    const removed = planned(shut([a, c, panel(8, 'F', 25, 'f')]), shut([a, sized(panel(8, 'F', 25, 'f'), { y: 17 })]));
    expect(said(removed)).toEqual(['removed panels[id=2 "Hosts"].panels[id=5 "C"]']);
  });
});

// diff-63: a row renamed counts as a row's change, as a v2 row's or tab's rename does.
describe('a classic row renamed', () => {
  it("counts `1 row renamed` (its title change marked `rows`), a panel's title stays a field", () => {
    const hosts = row(1, 'Hosts', 0, [panel(2, 'CPU', 1, 'cpu')]);
    const changes = planned([hosts, panel(3, 'Memory', 2, 'mem')], [{ ...hosts, title: 'Nodes' }, panel(3, 'RSS', 2, 'mem')]);
    expect(changes).toEqual([
      { path: 'panels[id=1].title', kind: 'changed', before: 'Hosts', after: 'Nodes', rows: true },
      { path: 'panels[id=3].title', kind: 'changed', before: 'Memory', after: 'RSS' },
    ]);
    expect(describeChangeCount(changes)).toBe('1 row renamed, 1 field');
    // A panel's title inside the row is the panel's.
    expect(describeChangeCount(planned([hosts], [row(1, 'Hosts', 0, [panel(2, 'Load', 1, 'cpu')])]))).toBe('1 field');
  });
});
