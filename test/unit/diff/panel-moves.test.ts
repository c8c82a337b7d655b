import { describe, expect, it } from 'vitest';
import { diffContent } from '../../../src/diff/diff-content.js';
import type { FieldChange } from '../../../src/diff/types.js';
import { describeChangeCount } from '../../../src/report/describe-change-count.js';
import { describePanelMove, panelMoveDiffLines } from '../../../src/report/describe-panel-move.js';

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

  it('a panel moved between two rows of one title (or two untitled rows): each row named by its place too', () => {
    const memory = panel(3, 'Memory', 1, 'mem');
    const [moved] = planned([row(1, 'Same', 0, [memory]), row(4, 'Same', 1, [])], [row(1, 'Same', 0, []), row(4, 'Same', 1, [memory])]);
    expect(describePanelMove(moved!)).toBe('moved from row "Same" (id 1) to row "Same" (id 4)');
    expect(panelMoveDiffLines(moved!)).toEqual(['- panels[id=1 "Same"].panels[id=3 "Memory"]: moved to row "Same" (id 4)', '+ panels[id=4 "Same"].panels[id=3 "Memory"]: moved from row "Same" (id 1)']);
    const { id: _id, ...idless } = memory;
    const untitled = (y: number, panels: Panel[]): Panel => ({ type: 'row', collapsed: true, gridPos: { x: 0, y, w: 24, h: 1 }, panels });
    const [idlessMove] = planned([untitled(0, [idless]), untitled(1, [])], [untitled(0, []), untitled(1, [idless])]);
    expect(describePanelMove(idlessMove!)).toBe('moved from an untitled row (panels[0]) to an untitled row (panels[1])');
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
