import { describe, expect, it } from 'vitest';
import { diffV2Specs } from '../../../src/diff/diff-v2-specs.js';
import { describeChangeCount } from '../../../src/report/describe-change-count.js';
import { grid, gridItem, panel, query, rows, tabs, v2Spec, variable } from '../v2-builders.js';

const twoPanels = (extra: Record<string, unknown> = {}) => ({
  'panel-1': panel(1, 'CPU', [query('A', 'rate(cpu[5m])'), query('B', 'up')]),
  'panel-2': panel(2, 'Memory', [query('A', 'mem')]),
  ...extra,
});

describe('diffV2Specs', () => {
  it('finds nothing between equal specs', () => {
    expect(diffV2Specs(v2Spec(), v2Spec())).toEqual([]);
  });

  it('names a changed query by element name and title, and by refId', () => {
    const live = v2Spec({ elements: twoPanels(), layout: grid(gridItem('panel-1'), gridItem('panel-2', 12)) });
    const edited = twoPanels({ 'panel-1': panel(1, 'CPU', [query('A', 'rate(cpu[1m])'), query('B', 'up')]) });
    const desired = { ...live, elements: edited };
    expect(diffV2Specs(live, desired)).toEqual([
      { path: 'elements["panel-1" "CPU"].spec.data.spec.queries[refId="A"].spec.query.spec.expr', kind: 'changed', before: 'rate(cpu[5m])', after: 'rate(cpu[1m])' },
    ]);
  });

  it('names a retitled element by its name alone, so the old value is not read under the new title', () => {
    const live = v2Spec({ elements: twoPanels(), layout: grid(gridItem('panel-1'), gridItem('panel-2', 12)) });
    const desired = { ...live, elements: twoPanels({ 'panel-1': panel(1, 'CPU busy', [query('A', 'rate(cpu[5m])'), query('B', 'up')]) }) };
    expect(diffV2Specs(live, desired)).toEqual([{ path: 'elements["panel-1"].spec.title', kind: 'changed', before: 'CPU', after: 'CPU busy' }]);
  });

  it('reports an inserted query as one change, whatever its position', () => {
    const live = v2Spec({ elements: { 'panel-1': panel(1, 'CPU', [query('A', 'a'), query('B', 'b')]) } });
    const desired = v2Spec({ elements: { 'panel-1': panel(1, 'CPU', [query('C', 'c'), query('A', 'a'), query('B', 'b')]) } });
    const changes = diffV2Specs(live, desired);
    expect(changes).toEqual([{ path: 'elements["panel-1" "CPU"].spec.data.spec.queries[refId="C"]', kind: 'added', after: query('C', 'c') }]);
  });

  it('names variables by name and reports a reorder once', () => {
    const live = v2Spec({ variables: [variable('cluster', 'a,b'), variable('ns', 'x')] });
    const desired = v2Spec({ variables: [variable('ns', 'x'), variable('cluster', 'a,b,c')] });
    expect(diffV2Specs(live, desired)).toEqual([
      { path: 'variables', kind: 'changed', before: ['name="cluster"', 'name="ns"'], after: ['name="ns"', 'name="cluster"'] },
      { path: 'variables[name="cluster"].spec.query', kind: 'changed', before: 'a,b', after: 'a,b,c' },
    ]);
  });

  it('shows a panel moved in the grid as the coordinates that changed', () => {
    const live = v2Spec({ elements: twoPanels(), layout: grid(gridItem('panel-1', 0, 0), gridItem('panel-2', 12, 0)) });
    const desired = { ...live, layout: grid(gridItem('panel-2', 12, 0), gridItem('panel-1', 0, 8, 24, 6)) };
    expect(diffV2Specs(live, desired)).toEqual([
      { path: 'layout["panel-1" "CPU"].height', kind: 'changed', before: 8, after: 6 },
      { path: 'layout["panel-1" "CPU"].width', kind: 'changed', before: 12, after: 24 },
      { path: 'layout["panel-1" "CPU"].y', kind: 'changed', before: 0, after: 8 },
    ]);
  });

  it('says two panels that took the place of each other in a grid as one swap', () => {
    const live = v2Spec({ elements: twoPanels(), layout: grid(gridItem('panel-1', 0, 0), gridItem('panel-2', 12, 0)) });
    const desired = { ...live, layout: grid(gridItem('panel-1', 12, 0), gridItem('panel-2', 0, 0)) };
    expect(diffV2Specs(live, desired)).toEqual([
      { path: 'layout["panel-1" "CPU"]', kind: 'moved', swappedWith: 'layout["panel-2" "Memory"]', before: { x: 0, y: 0 }, after: { x: 12, y: 0 } },
    ]);
    expect(describeChangeCount(diffV2Specs(live, desired))).toBe('2 panels moved');
  });

  it('says two panels that took the place of each other across two rows as one swap, with their rows (diff-60)', () => {
    const live = v2Spec({ elements: twoPanels(), layout: rows({ title: 'Overview', layout: grid(gridItem('panel-1')) }, { title: 'Details', layout: grid(gridItem('panel-2')) }) });
    const desired = { ...live, layout: rows({ title: 'Overview', layout: grid(gridItem('panel-2')) }, { title: 'Details', layout: grid(gridItem('panel-1')) }) };
    expect(diffV2Specs(live, desired)).toEqual([
      { path: 'layout["panel-2" "Memory"]', kind: 'moved', swappedWith: 'layout["panel-1" "CPU"]', before: { x: 0, y: 0, row: 'Details' }, after: { x: 0, y: 0, row: 'Overview' } },
    ]);
    expect(describeChangeCount(diffV2Specs(live, desired))).toBe('2 panels moved');
  });

  it('shows a panel moved to another row as its row, not as array indexes', () => {
    const elements = twoPanels({ 'panel-3': panel(3, 'Disk') });
    const live = v2Spec({
      elements,
      layout: rows({ title: 'Overview', layout: grid(gridItem('panel-1'), gridItem('panel-3', 12)) }, { title: 'Details', layout: grid(gridItem('panel-2')) }),
    });
    const desired = {
      ...live,
      layout: rows({ title: 'Overview', layout: grid(gridItem('panel-1')) }, { title: 'Details', layout: grid(gridItem('panel-2'), gridItem('panel-3', 12)) }),
    };
    expect(diffV2Specs(live, desired)).toEqual([
      { path: 'layout["panel-3" "Disk"].row', kind: 'changed', before: 'Overview', after: 'Details', sectionsBefore: [{ kind: 'row', name: 'Overview' }], sectionsAfter: [{ kind: 'row', name: 'Details' }] },
    ]);
  });

  it('shows a row change by its title, a new row and a panel placed into it', () => {
    const live = v2Spec({ elements: twoPanels(), layout: rows({ title: 'Overview', layout: grid(gridItem('panel-1'), gridItem('panel-2', 12)) }) });
    const desired = {
      ...live,
      layout: rows({ title: 'Overview', layout: grid(gridItem('panel-1')), collapse: true }, { title: 'Memory', layout: grid(gridItem('panel-2')) }),
    };
    expect(diffV2Specs(live, desired)).toEqual([
      { path: 'layout[row "Overview"].collapse', kind: 'changed', before: false, after: true },
      { path: 'layout[row "Memory"]', kind: 'added', after: { position: 2, collapse: false, layout: { kind: 'GridLayout' } } },
      { path: 'layout["panel-2" "Memory"].row', kind: 'changed', before: 'Overview', after: 'Memory', sectionsBefore: [{ kind: 'row', name: 'Overview' }], sectionsAfter: [{ kind: 'row', name: 'Memory' }] },
      { path: 'layout["panel-2" "Memory"].x', kind: 'changed', before: 12, after: 0 },
    ]);
  });

  it('names tabs and rows inside them', () => {
    const live = v2Spec({ elements: twoPanels(), layout: tabs({ title: 'Infra', layout: rows({ title: 'Nodes', layout: grid(gridItem('panel-1'), gridItem('panel-2')) }) }) });
    const desired = { ...live, layout: tabs({ title: 'Infra', layout: rows({ title: 'Nodes', layout: grid(gridItem('panel-1')) }) }, { title: 'Apps', layout: grid(gridItem('panel-2')) }) };
    expect(diffV2Specs(live, desired).map((c) => `${c.kind} ${c.path}`)).toEqual([
      'added layout[tab "Apps"]',
      'removed layout["panel-2" "Memory"].row',
      'changed layout["panel-2" "Memory"].tab',
    ]);
  });

  it('shows a renamed tab as its title, not as a tab added, one removed and every panel moved', () => {
    const live = v2Spec({ elements: twoPanels(), layout: tabs({ title: 'Health', layout: grid(gridItem('panel-1'), gridItem('panel-2', 12)) }, { title: 'Apps', layout: grid() }) });
    const desired = { ...live, layout: tabs({ title: 'Health (renamed)', layout: grid(gridItem('panel-1'), gridItem('panel-2', 12)) }, { title: 'Apps', layout: grid() }) };
    expect(diffV2Specs(live, desired)).toEqual([{ path: 'layout[tab "Health"].title', kind: 'changed', before: 'Health', after: 'Health (renamed)' }]);
  });

  it('a renamed row inside a renamed tab, with a panel moved, shows both titles and the move', () => {
    const live = v2Spec({ elements: twoPanels(), layout: tabs({ title: 'Infra', layout: rows({ title: 'Nodes', layout: grid(gridItem('panel-1'), gridItem('panel-2')) }) }) });
    const desired = { ...live, layout: tabs({ title: 'Platform', layout: rows({ title: 'Hosts', layout: grid(gridItem('panel-1'), gridItem('panel-2', 12)) }) }) };
    expect(diffV2Specs(live, desired)).toEqual([
      { path: 'layout[tab "Infra"].title', kind: 'changed', before: 'Infra', after: 'Platform' },
      { path: 'layout[tab "Infra" › row "Nodes"].title', kind: 'changed', before: 'Nodes', after: 'Hosts' },
      { path: 'layout["panel-2" "Memory"].x', kind: 'changed', before: 0, after: 12 },
    ]);
  });

  it('a tab replaced by another that holds none of its panels stays an add and a remove', () => {
    const live = v2Spec({ elements: twoPanels(), layout: tabs({ title: 'Infra', layout: grid(gridItem('panel-1')) }, { title: 'Apps', layout: grid(gridItem('panel-2')) }) });
    const desired = { ...live, layout: tabs({ title: 'Infra', layout: grid(gridItem('panel-1'), gridItem('panel-2', 12)) }, { title: 'Jobs', layout: grid() }) };
    expect(diffV2Specs(live, desired).map((c) => `${c.kind} ${c.path}`)).toEqual(['added layout[tab "Jobs"]', 'changed layout["panel-2" "Memory"].tab', 'changed layout["panel-2" "Memory"].x', 'removed layout[tab "Apps"]']);
  });

  it('reports an element removed with its placement', () => {
    const live = v2Spec({ elements: twoPanels(), layout: grid(gridItem('panel-1'), gridItem('panel-2', 12)) });
    const desired = v2Spec({ elements: { 'panel-1': twoPanels()['panel-1'] }, layout: grid(gridItem('panel-1')) });
    expect(diffV2Specs(live, desired).map((c) => `${c.kind} ${c.path}`)).toEqual(['removed elements["panel-2" "Memory"]', 'removed layout["panel-2" "Memory"]']);
  });

  it('shows a change of layout kind at layout.kind, with every placement that changed', () => {
    const live = v2Spec({ layout: grid(gridItem('panel-1')) });
    const desired = v2Spec({ layout: { kind: 'AutoGridLayout', spec: { maxColumnCount: 3, items: [{ kind: 'AutoGridLayoutItem', spec: { element: { kind: 'ElementReference', name: 'panel-1' } } }] } } });
    expect(diffV2Specs(live, desired).map((c) => `${c.kind} ${c.path}`)).toEqual([
      'changed layout.kind',
      'added layout.spec',
      'removed layout["panel-1" "CPU"].height',
      'added layout["panel-1" "CPU"].position',
      'removed layout["panel-1" "CPU"].width',
      'removed layout["panel-1" "CPU"].x',
      'removed layout["panel-1" "CPU"].y',
    ]);
  });

  it('compares the top-level fields as they are', () => {
    const changes = diffV2Specs(v2Spec(), v2Spec({ title: 'Renamed', timeSettings: { ...(v2Spec().timeSettings as object), from: 'now-1h' } }));
    expect(changes.map((c) => c.path)).toEqual(['timeSettings.from', 'title']);
  });
});

// diff-62: the dynamic-dashboards editor's edits as a reviewer reads them.
describe('diffV2Specs: an auto grid reordered, tabs reordered, an element taken into another tab or row', () => {
  const autoGrid = (...names: string[]) => ({ kind: 'AutoGridLayout', spec: { maxColumnCount: 3, columnWidthMode: 'standard', rowHeightMode: 'standard', items: names.map((name) => ({ kind: 'AutoGridLayoutItem', spec: { element: { kind: 'ElementReference', name } } })) } });
  const five = Object.fromEntries(['A', 'B', 'C', 'D', 'E'].map((title, i) => [`panel-${i + 1}`, panel(i + 1, title)]));
  const said = async (live: Record<string, unknown>, desired: Record<string, unknown>) => {
    const { renderDiffLines } = await import('../../../src/report/markdown-diff-parts.js');
    const changes = diffV2Specs(live, desired);
    return [describeChangeCount(changes), ...renderDiffLines(changes).filter((line) => !line.startsWith('-'))];
  };

  it('one item dragged to the front of an auto grid: its position alone, not those it passed; an item added: no position of the others', async () => {
    const live = v2Spec({ elements: five, layout: autoGrid('panel-1', 'panel-2', 'panel-3', 'panel-4', 'panel-5') });
    expect(await said(live, { ...live, layout: autoGrid('panel-5', 'panel-1', 'panel-2', 'panel-3', 'panel-4') })).toEqual(['1 panel moved', '+ layout["panel-5" "E"].position: 1']);
    // Two that traded places: both moved.
    expect(await said(live, { ...live, layout: autoGrid('panel-4', 'panel-2', 'panel-3', 'panel-1', 'panel-5') })).toEqual(['2 panels moved', '+ layout["panel-4" "D"].position: 1', '+ layout["panel-1" "A"].position: 4']);
    const fewer = v2Spec({ elements: five, layout: autoGrid('panel-2', 'panel-3', 'panel-4', 'panel-5') });
    expect(await said(fewer, live)).toEqual(['1 field', '+ layout["panel-1" "A"]: {"position":1}']);
  });

  it('a tab dragged to the front: its position alone', async () => {
    const elements = twoPanels({ 'panel-3': panel(3, 'Disk') });
    const tab = (title: string, name: string) => ({ title, layout: grid(gridItem(name)) });
    const live = v2Spec({ elements, layout: tabs(tab('Overview', 'panel-1'), tab('Nodes', 'panel-2'), tab('Disks', 'panel-3')) });
    const desired = { ...live, layout: tabs(tab('Disks', 'panel-3'), tab('Overview', 'panel-1'), tab('Nodes', 'panel-2')) };
    expect(await said(live, desired)).toEqual(['1 field', '+ layout[tab "Disks"].position: 1']);
  });

  it("an element taken into another tab or row: one line, the tab's new title where it was renamed too; its place there in the JSON", async () => {
    const elements = twoPanels({ 'panel-3': panel(3, 'Disk') });
    const live = v2Spec({ elements, layout: tabs({ title: 'Overview', layout: grid(gridItem('panel-1'), gridItem('panel-3', 12)) }, { title: 'DB', layout: grid(gridItem('panel-2')) }) });
    const desired = { ...live, layout: tabs({ title: 'Overview', layout: grid(gridItem('panel-1')) }, { title: 'Database', layout: grid(gridItem('panel-2'), gridItem('panel-3', 0, 8)) }) };
    expect(await said(live, desired)).toEqual(['1 tab renamed, 1 panel moved', '+ layout[tab "DB"].title: "Database"', '> layout["panel-3" "Disk"]: moved from tab "Overview" to tab "Database"']);
    expect(diffV2Specs(live, desired).filter((change) => change.path.startsWith('layout["panel-3"'))).toEqual([
      { path: 'layout["panel-3" "Disk"].tab', kind: 'changed', before: 'Overview', after: 'Database', sectionsBefore: [{ kind: 'tab', name: 'Overview' }], sectionsAfter: [{ kind: 'tab', name: 'Database' }] },
      { path: 'layout["panel-3" "Disk"].x', kind: 'changed', before: 12, after: 0 },
      { path: 'layout["panel-3" "Disk"].y', kind: 'changed', before: 0, after: 8 },
    ]);
    // Into a row of a tab, and out of it.
    const pools = (...names: string[]) => ({ title: 'DB', layout: rows({ title: 'Pools', layout: grid(...names.map((name, i) => gridItem(name, i * 12))) }) });
    const apart = v2Spec({ elements, layout: tabs({ title: 'Overview', layout: grid(gridItem('panel-1'), gridItem('panel-3', 12)) }, pools('panel-2')) });
    const together = { ...apart, layout: tabs({ title: 'Overview', layout: grid(gridItem('panel-1')) }, pools('panel-2', 'panel-3')) };
    expect(await said(apart, together)).toEqual(['1 panel moved', '> layout["panel-3" "Disk"]: moved from tab "Overview" to tab "DB" › row "Pools"']);
    expect(await said(together, apart)).toEqual(['1 panel moved', '> layout["panel-3" "Disk"]: moved from tab "DB" › row "Pools" to tab "Overview"']);
  });
});

// diff-62: Grafana's grid stacks elements up; an element that only followed what changed above it is no move.
describe('diffV2Specs: the grid of a tab moves elements by itself', () => {
  const four = Object.fromEntries(['A', 'B', 'C', 'D'].map((title, i) => [`panel-${i + 1}`, panel(i + 1, title)]));
  const one = (...items: ReturnType<typeof gridItem>[]) => tabs({ title: 'One', layout: grid(...items) }, { title: 'Two', layout: grid() });
  const live = v2Spec({ elements: four, layout: one(gridItem('panel-1', 0, 0), gridItem('panel-2', 12, 0), gridItem('panel-3', 0, 8), gridItem('panel-4', 0, 16, 24, 8)) });
  const said = async (desired: Record<string, unknown>) => {
    const { renderDiffLines } = await import('../../../src/report/markdown-diff-parts.js');
    const changes = diffV2Specs(live, desired);
    return [describeChangeCount(changes), ...renderDiffLines(changes).filter((line) => !line.startsWith('-'))];
  };

  it('an element grown: its height alone, not those below it going down', async () => {
    expect(await said({ ...live, layout: one(gridItem('panel-1', 0, 0, 12, 12), gridItem('panel-2', 12, 0), gridItem('panel-3', 0, 12), gridItem('panel-4', 0, 20, 24, 8)) })).toEqual(['1 field', '+ layout["panel-1" "A"].height: 12']);
  });

  it('an element taken into another tab: that move alone, not those below it going up', async () => {
    const layout = tabs({ title: 'One', layout: grid(gridItem('panel-2', 12, 0), gridItem('panel-3', 0, 0), gridItem('panel-4', 0, 8, 24, 8)) }, { title: 'Two', layout: grid(gridItem('panel-1', 0, 0)) });
    expect(await said({ ...live, layout })).toEqual(['1 panel moved', '> layout["panel-1" "A"]: moved from tab "One" to tab "Two"']);
  });

  it('the bottom element dragged to the top: its y alone, not a round of the others; one dropped below a gap still shows (and not the one that followed it)', async () => {
    expect(await said({ ...live, layout: one(gridItem('panel-4', 0, 0, 24, 8), gridItem('panel-1', 0, 8), gridItem('panel-2', 12, 8), gridItem('panel-3', 0, 16)) })).toEqual(['1 panel moved', '+ layout["panel-4" "D"].y: 0']);
    expect(await said({ ...live, layout: one(gridItem('panel-1', 0, 0), gridItem('panel-2', 12, 0), gridItem('panel-3', 0, 12), gridItem('panel-4', 0, 20, 24, 8)) })).toEqual(['1 panel moved', '+ layout["panel-3" "C"].y: 12']);
  });
});

// diff-63: the sections a moved element left and went into as the dashboard nests them, each side by its own titles.
describe('diffV2Specs: rows in tabs and tabs in rows, renamed in the same edit', () => {
  const four = Object.fromEntries(['CPU', 'Memory', 'Disk', 'Network'].map((title, i) => [`panel-${i + 1}`, panel(i + 1, title)]));
  const said = async (live: Record<string, unknown>, desired: Record<string, unknown>) => {
    const { renderDiffLines } = await import('../../../src/report/markdown-diff-parts.js');
    const changes = diffV2Specs(live, desired);
    return [describeChangeCount(changes), ...renderDiffLines(changes).filter((line) => !line.startsWith('-'))];
  };

  it('an element taken from a tab of one row into a tab of another: the path outer → inner, row first', async () => {
    const opsAndInfra = (api: string[], hosts: string[]) =>
      rows(
        { title: 'Ops', layout: tabs({ title: 'API', layout: grid(...api.map((name, i) => gridItem(name, i * 12))) }, { title: 'Jobs', layout: grid(gridItem('panel-4')) }) },
        { title: 'Infra', layout: tabs({ title: 'Hosts', layout: grid(...hosts.map((name, i) => gridItem(name, i * 12))) }) },
      );
    const live = v2Spec({ elements: four, layout: opsAndInfra(['panel-1', 'panel-2'], ['panel-3']) });
    const desired = { ...live, layout: opsAndInfra(['panel-1'], ['panel-3', 'panel-2']) };
    expect(await said(live, desired)).toEqual(['1 panel moved', '> layout["panel-2" "Memory"]: moved from row "Ops" › tab "API" to row "Infra" › tab "Hosts"']);
    // Each of the two changes says both sides' sections, as they nest.
    const sections = { sectionsBefore: [{ kind: 'row', name: 'Ops' }, { kind: 'tab', name: 'API' }], sectionsAfter: [{ kind: 'row', name: 'Infra' }, { kind: 'tab', name: 'Hosts' }] };
    expect(diffV2Specs(live, desired).filter((change) => change.path.endsWith('.tab') || change.path.endsWith('.row'))).toEqual([
      { path: 'layout["panel-2" "Memory"].row', kind: 'changed', before: 'Ops', after: 'Infra', ...sections },
      { path: 'layout["panel-2" "Memory"].tab', kind: 'changed', before: 'API', after: 'Hosts', ...sections },
    ]);
    // A plan saved before the sections were said (no sectionsBefore/After) still reads, the tab first as it did.
    const { renderDiffLines } = await import('../../../src/report/markdown-diff-parts.js');
    const saved = diffV2Specs(live, desired).map(({ sectionsBefore: _before, sectionsAfter: _after, ...change }) => change);
    expect(renderDiffLines(saved)).toEqual(['> layout["panel-2" "Memory"]: moved from tab "API", row "Ops" to tab "Hosts", row "Infra"']);
    // Into the other tab of its own row: the row it stays in is not said.
    const jobs = { ...live, layout: rows({ title: 'Ops', layout: tabs({ title: 'API', layout: grid(gridItem('panel-1')) }, { title: 'Jobs', layout: grid(gridItem('panel-4'), gridItem('panel-2', 12)) }) }, { title: 'Infra', layout: tabs({ title: 'Hosts', layout: grid(gridItem('panel-3')) }) }) };
    expect(await said(live, jobs)).toEqual(['1 panel moved', '> layout["panel-2" "Memory"]: moved from tab "API" to tab "Jobs"']);
  });

  it('an element taken into the row of the same title in another tab: each side from the tab down, the row too', async () => {
    const tabOf = (title: string, names: string[]) => ({ title, layout: rows({ title: 'Traffic', layout: grid(...names.map((name, i) => gridItem(name, i * 12))) }) });
    const live = v2Spec({ elements: four, layout: tabs(tabOf('Overview', ['panel-1', 'panel-2']), tabOf('Infra', ['panel-3'])) });
    const desired = { ...live, layout: tabs(tabOf('Overview', ['panel-1']), tabOf('Infra', ['panel-3', 'panel-2'])) };
    expect(await said(live, desired)).toEqual(['1 panel moved', '> layout["panel-2" "Memory"]: moved from tab "Overview" › row "Traffic" to tab "Infra" › row "Traffic"']);
  });

  it('a tab renamed: counted as one, not as a field; an element taken into a renamed row of a renamed tab names both by the file', async () => {
    const live = v2Spec({ elements: twoPanels(), layout: tabs({ title: 'Health', layout: grid(gridItem('panel-1'), gridItem('panel-2', 12)) }, { title: 'Apps', layout: grid() }) });
    expect(await said(live, { ...live, layout: tabs({ title: 'Health (renamed)', layout: grid(gridItem('panel-1'), gridItem('panel-2', 12)) }, { title: 'Apps', layout: grid() }) })).toEqual([
      '1 tab renamed',
      '+ layout[tab "Health"].title: "Health (renamed)"',
    ]);
    const nested = (tab: string, row: string, names: string[]) => v2Spec({ elements: four, layout: tabs({ title: 'Overview', layout: grid(gridItem('panel-4')) }, { title: tab, layout: rows({ title: row, layout: grid(...names.map((name, i) => gridItem(name, i * 12))) }) }) });
    const before = { ...nested('Infra', 'Nodes', ['panel-1', 'panel-3']), layout: tabs({ title: 'Overview', layout: grid(gridItem('panel-4'), gridItem('panel-2', 12)) }, { title: 'Infra', layout: rows({ title: 'Nodes', layout: grid(gridItem('panel-1'), gridItem('panel-3', 12)) }) }) };
    const after = nested('Platform', 'Hosts', ['panel-1', 'panel-3', 'panel-2']);
    expect(await said(before, after)).toEqual([
      '1 row renamed, 1 tab renamed, 1 panel moved',
      '+ layout[tab "Infra"].title: "Platform"',
      '+ layout[tab "Infra" › row "Nodes"].title: "Hosts"',
      '> layout["panel-2" "Memory"]: moved from tab "Overview" to tab "Platform" › row "Hosts"',
    ]);
  });

  it('a swap in a tab renamed in the same edit: each side its own title', () => {
    const live = v2Spec({ elements: twoPanels(), layout: tabs({ title: 'Health', layout: grid(gridItem('panel-1', 0, 0), gridItem('panel-2', 12, 0)) }) });
    const desired = { ...live, layout: tabs({ title: 'Service health', layout: grid(gridItem('panel-1', 12, 0), gridItem('panel-2', 0, 0)) }) };
    const changes = diffV2Specs(live, desired);
    expect(changes).toEqual([
      { path: 'layout[tab "Health"].title', kind: 'changed', before: 'Health', after: 'Service health' },
      { path: 'layout["panel-1" "CPU"]', kind: 'moved', swappedWith: 'layout["panel-2" "Memory"]', before: { x: 0, y: 0, tab: 'Health' }, after: { x: 12, y: 0, tab: 'Service health' } },
    ]);
    expect(describeChangeCount(changes)).toBe('1 tab renamed, 2 panels moved');
  });
});
