import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { GrafanaVersion } from '../../../src/sandbox/types.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { emptyWorkspace, workspaceAt, type Workspace } from '../apply/workspace.js';
import { grid, gridItem, panel, query as v2Query, resource, rows, v2Spec } from '../../unit/v2-builders.js';

vi.setConfig({ testTimeout: 120_000 });

// Panels without ids, so that only what they hold pairs the panel Grafana has with the file's (diff-59): a panel
// replaced by one of another type in its place, a panel moved from one collapsed row to another, two panels swapped;
// then (diff-60) what the grid does by itself, a move between the top level and a row, panels that went round.

const query = (type: string, title: string, y: number, expr: string) => ({
  type,
  title,
  gridPos: { x: 0, y, w: 24, h: 8 },
  datasource: { type: 'prometheus', uid: 'prom' },
  targets: [{ refId: 'A', expr }],
});
const row = (title: string, y: number, panels: object[]) => ({ type: 'row', title, collapsed: true, gridPos: { x: 0, y, w: 24, h: 1 }, panels });
const model = (panels: object[]) => ({ uid: 'svc', title: 'Service', schemaVersion: 42, panels });

/** A workspace whose dashboard `svc` with `pushed` panels was applied to a fresh sandbox, its file now holding `edited`. */
async function pushedThenEdited(grafanaVersion: GrafanaVersion, api: 'k8s' | 'legacy', pushed: object[], edited: object[]): Promise<Workspace> {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const dir = await emptyWorkspace();
  await mkdir(join(dir, 'dashboards'));
  await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ root: 'dashboards', api }, null, 2)}\n`);
  const file = join(dir, 'dashboards', 'svc.json');
  await writeFile(file, `${JSON.stringify(model(pushed), null, 2)}\n`);
  const workspace = workspaceAt(dir, sandbox);
  expect((await workspace.cli(['apply', '--auto-approve'])).code).toBe(0);
  await writeFile(file, `${JSON.stringify(model(edited), null, 2)}\n`);
  return workspace;
}

/** The text plan's dashboard line (its live version as N) and change lines, a panel's value as `{…`. */
async function textChangeLines(workspace: Workspace): Promise<string[]> {
  const text = await workspace.cli(['plan', '--no-color']);
  expect(text.code, text.stderr).toBe(0);
  return text.stdout
    .split('\n')
    .filter((line) => /^(~ update | {6}[+~>-] )/.test(line))
    .map((line) => line.replace(/live version \d+/, 'live version N').replace(/^( {6}[+-] [^:]+: )\{.*$/, '$1{…'));
}

/** The markdown plan's diff block lines, a panel's value as `{…`. */
async function markdownDiffLines(workspace: Workspace): Promise<{ cell: string; lines: string[] }> {
  const markdown = await workspace.cli(['plan', '--format', 'markdown']);
  expect(markdown.code, markdown.stderr).toBe(0);
  const cell = /\| `dashboards\/svc\.json` \| ([^|]+) \|/.exec(markdown.stdout)?.[1] ?? '';
  const lines = markdown.stdout.split('\n').filter((line) => /^[+>-] panels/.test(line)).map((line) => line.replace(/^([+-] [^:]+: )\{.*$/, '$1{…'));
  return { cell, lines };
}

const UPDATE = '~ update        dashboards/svc.json "Service" (uid svc, live version N) in General';

const releases: { grafanaVersion: GrafanaVersion; api: 'k8s' | 'legacy' }[] = [
  { grafanaVersion: '13', api: 'k8s' },
  { grafanaVersion: '12', api: 'legacy' },
];

describe.each(releases)('panels paired by what they hold (Grafana $grafanaVersion, $api)', ({ grafanaVersion, api }) => {
  const cpu = query('timeseries', 'CPU', 0, 'rate(cpu_seconds_total[5m])');
  const disk = query('timeseries', 'Disk', 16, 'rate(disk_seconds_total[5m])');

  it('a panel replaced in its place by one of another type that shares nothing with it: one removed and one added', async () => {
    const status = query('piechart', 'Status codes', 8, 'sum by (code) (http_requests_total)');
    const slow = query('table', 'Slow queries', 8, 'topk(10, query_duration_seconds)');
    const workspace = await pushedThenEdited(grafanaVersion, api, [cpu, status, disk], [cpu, slow, disk]);

    // Not `~ panels[1].type: "piechart" → "table"` and its title and query changed, as one panel edited.
    expect(await textChangeLines(workspace)).toEqual([`${UPDATE}: 1 panel added, 1 panel removed`, '      + panels[1 "Slow queries"]: {…', '      - panels[1 "Status codes"]: {…']);
    expect(await markdownDiffLines(workspace)).toEqual({ cell: '1 panel added, 1 panel removed', lines: ['+ panels[1 "Slow queries"]: {…', '- panels[1 "Status codes"]: {…'] });
  });

  it('a panel whose visualization was changed in its place, its title kept: still one panel edited', async () => {
    const requests = query('timeseries', 'Requests', 8, 'sum(rate(http_requests_total[5m]))');
    const workspace = await pushedThenEdited(grafanaVersion, api, [cpu, requests, disk], [cpu, { ...requests, type: 'stat' }, disk]);

    expect(await textChangeLines(workspace)).toEqual([`${UPDATE}: 1 field`, '      ~ panels[1].type: "timeseries" → "stat"']);
  });

  it('a panel moved from one collapsed row to another, its query edited: said as moved between the rows, with its own changes', async () => {
    const memory = query('timeseries', 'Memory', 1, 'process_resident_memory_bytes');
    const pushed = [row('Hosts', 0, [query('timeseries', 'CPU', 1, 'cpu'), memory]), row('Processes', 1, [query('timeseries', 'Threads', 2, 'threads')])];
    const edited = [row('Hosts', 0, [query('timeseries', 'CPU', 1, 'cpu')]), row('Processes', 1, [{ ...memory, gridPos: { x: 0, y: 2, w: 24, h: 8 }, targets: [{ refId: 'A', expr: 'process_virtual_memory_bytes' }] }, query('timeseries', 'Threads', 10, 'threads')])];
    const workspace = await pushedThenEdited(grafanaVersion, api, pushed, edited);

    // Memory sits at the top of both rows, and Threads below it: their gridPos.y is the grid's doing (diff-60), not shown.
    const memoryNow = 'panels[1].panels[0 "Memory"]';
    expect(await textChangeLines(workspace)).toEqual([
      `${UPDATE}: 1 panel moved, 1 field`,
      `      > ${memoryNow}: moved from row "Hosts" to row "Processes"`,
      `      ~ ${memoryNow}.targets[0].expr: "process_resident_memory_bytes" → "process_virtual_memory_bytes"`,
    ]);
    expect(await markdownDiffLines(workspace)).toEqual({
      cell: '1 panel moved, 1 field',
      lines: [
        '- panels[0].panels[1 "Memory"]: moved to row "Processes"',
        `+ ${memoryNow}: moved from row "Hosts"`,
        `- ${memoryNow}.targets[0].expr: "process_resident_memory_bytes"`,
        `+ ${memoryNow}.targets[0].expr: "process_virtual_memory_bytes"`,
      ],
    });
    const json = await workspace.cli(['plan', '--format', 'json']);
    expect(JSON.parse(json.stdout).dashboards[0].changes[0]).toEqual({ path: memoryNow, kind: 'moved', from: 'panels[0].panels[1 "Memory"]', before: 'Hosts', after: 'Processes' });

    // A saved plan holding the move applies (the file as a whole, as before); after it the plan has nothing to do.
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse((await workspace.cli(['plan', '--format', 'json'])).stdout).dashboards[0].action).toBe('noop');
  });

  it('two panels swapped: one line saying so, with their titles (not two grid moves of untitled places, nor the list order besides)', async () => {
    const memory = query('timeseries', 'Memory', 8, 'process_resident_memory_bytes');
    const workspace = await pushedThenEdited(grafanaVersion, api, [cpu, memory, disk], [{ ...memory, gridPos: cpu.gridPos }, { ...cpu, gridPos: memory.gridPos }, disk]);

    const swap = 'panels[0 "Memory"]: swapped places with panels[1 "CPU"]';
    expect(await textChangeLines(workspace)).toEqual([`${UPDATE}: 2 panels moved`, `      > ${swap}`]);
    expect(await markdownDiffLines(workspace)).toEqual({ cell: '2 panels moved', lines: [`> ${swap}`] });
  });
});

// diff-60: what the grid does by itself is no move, a move between the top level and a row, panels that went round.
describe.each(releases)('panels on the grid (Grafana $grafanaVersion, $api)', ({ grafanaVersion, api }) => {
  const at = (p: object, gridPos: object) => ({ ...p, gridPos: { x: 0, y: 0, w: 24, h: 8, ...gridPos } });
  const open = (title: string, y: number) => ({ type: 'row', title, collapsed: false, gridPos: { x: 0, y, w: 24, h: 1 }, panels: [] });
  const cpu = query('timeseries', 'CPU', 0, 'rate(cpu_seconds_total[5m])');
  const memory = query('timeseries', 'Memory', 9, 'process_resident_memory_bytes');
  const disk = query('timeseries', 'Disk', 17, 'rate(disk_seconds_total[5m])');

  it('a panel grown above a row and panels: its height, not the row and panels below it as moved', async () => {
    const workspace = await pushedThenEdited(grafanaVersion, api, [cpu, open('Hosts', 8), memory, disk], [at(cpu, { h: 12 }), open('Hosts', 12), at(memory, { y: 13 }), at(disk, { y: 21 })]);

    // Before: `3 panels moved, 1 field`, the row among them, and a gridPos.y line for each.
    expect(await textChangeLines(workspace)).toEqual([`${UPDATE}: 1 field`, '      ~ panels[0].gridPos.h: 8 → 12']);
  });

  it('a row moved to the top: one row moved, not the panels it passed', async () => {
    const workspace = await pushedThenEdited(grafanaVersion, api, [cpu, at(memory, { y: 8 }), open('Hosts', 16)], [open('Hosts', 0), at(cpu, { y: 1 }), at(memory, { y: 9 })]);

    const lines = await textChangeLines(workspace);
    expect(lines[0]).toBe(`${UPDATE}: 1 row moved`);
    // 13 holds the panels in grid order, so they are compared in place there (`panels[0]`): the row named all the same.
    expect(lines.filter((line) => line.includes('gridPos'))).toEqual(['      ~ panels[0 "Hosts"].gridPos.y: 16 → 0']);
  });

  it('a panel taken from the top level into a collapsed row: one line saying so', async () => {
    const hosts = (panels: object[]) => row('Hosts', 0, panels);
    const workspace = await pushedThenEdited(grafanaVersion, api, [hosts([at(cpu, { y: 1 })]), at(disk, { y: 1 })], [hosts([at(cpu, { y: 1 }), at(disk, { y: 9 })])]);

    // Before: `- panels[1 "Disk"]: {…` and `+ panels[0].panels[1 "Disk"]: {…`.
    expect(await textChangeLines(workspace)).toEqual([`${UPDATE}: 1 panel moved`, '      > panels[0 "Hosts"].panels[1 "Disk"]: moved from the top level to row "Hosts"']);
    expect(await markdownDiffLines(workspace)).toEqual({ cell: '1 panel moved', lines: ['- panels[1 "Disk"]: moved to row "Hosts"', '+ panels[0 "Hosts"].panels[1 "Disk"]: moved from the top level'] });
  });

  // diff-60b: a row collapsed or expanded in Grafana's UI is one thing done.
  const a = query('timeseries', 'Latency', 9, 'latency');
  const c = query('timeseries', 'Errors', 17, 'errors');
  const openRows = [cpu, open('Hosts', 8), a, c, open('Other', 25), at(disk, { y: 26 })];
  const collapsed = (panels: object[]) => [cpu, row('Hosts', 8, panels), open('Other', 9), at(disk, { y: 10 })];

  it('a row collapsed, a query of its panels edited: one line for the collapse, the edit below it', async () => {
    const edited = { ...c, targets: [{ refId: 'A', expr: 'sum(errors)' }] };
    const workspace = await pushedThenEdited(grafanaVersion, api, openRows, collapsed([a, edited]));

    // Before: `2 panels moved, 2 fields`, the collapsed line and `> …: moved from the top level to row "Hosts"` for each.
    const collapse = 'panels[1 "Hosts"]: row collapsed (its 2 panels with it)';
    const expr = 'panels[1 "Hosts"].panels[1 "Errors"].targets[0].expr';
    expect(await textChangeLines(workspace)).toEqual([`${UPDATE}: 1 row collapsed, 1 field`, `      ~ ${collapse}`, `      ~ ${expr}: "errors" → "sum(errors)"`]);
    expect(await markdownDiffLines(workspace)).toEqual({ cell: '1 row collapsed, 1 field', lines: [`- ${expr}: "errors"`, `+ ${expr}: "sum(errors)"`] });
    expect((await workspace.cli(['plan', '--format', 'markdown'])).stdout).toContain(`\n~ ${collapse}\n`);
    const json = await workspace.cli(['plan', '--format', 'json']);
    expect(JSON.parse(json.stdout).dashboards[0].changes[0]).toEqual({
      path: 'panels[1 "Hosts"].collapsed',
      kind: 'changed',
      before: false,
      after: true,
      withPanels: ['panels[1 "Hosts"].panels[0 "Latency"]', 'panels[1 "Hosts"].panels[1 "Errors"]'],
    });

    // A saved plan holding it applies; after it the plan has nothing to do.
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse((await workspace.cli(['plan', '--format', 'json'])).stdout).dashboards[0].action).toBe('noop');
  });

  it('a row expanded: one line, not its panels moved out nor those below pushed down', async () => {
    const workspace = await pushedThenEdited(grafanaVersion, api, collapsed([a, c]), openRows);

    expect(await textChangeLines(workspace)).toEqual([`${UPDATE}: 1 row expanded`, '      ~ panels[1 "Hosts"]: row expanded (its 2 panels with it)']);
  });

  // diff-61: a panel of an open row said by its row (review-60 M2), one drag past panels of its height (M3), 13's
  // panels compared in place named by their titles.
  it('a panel moved from under an open row into a collapsed one: from that row, not from the top level', async () => {
    const threads = query('timeseries', 'Threads', 18, 'threads');
    const pushed = [open('Hosts', 0), at(cpu, { y: 1 }), memory, row('Processes', 17, [threads])];
    const workspace = await pushedThenEdited(grafanaVersion, api, pushed, [open('Hosts', 0), at(cpu, { y: 1 }), row('Processes', 9, [at(memory, { y: 10 }), threads])]);

    // Before: `moved from the top level to row "Processes"`.
    const memoryNow = 'panels[2 "Processes"].panels[0 "Memory"]';
    expect(await textChangeLines(workspace)).toEqual([`${UPDATE}: 1 panel moved`, `      > ${memoryNow}: moved from row "Hosts" to row "Processes"`]);
    expect(await markdownDiffLines(workspace)).toEqual({ cell: '1 panel moved', lines: ['- panels[2 "Memory"]: moved to row "Processes"', `+ ${memoryNow}: moved from row "Hosts"`] });
    const json = await workspace.cli(['plan', '--format', 'json']);
    expect(JSON.parse(json.stdout).dashboards[0].changes).toEqual([{ path: memoryNow, kind: 'moved', from: 'panels[2 "Memory"]', underRowBefore: 'Hosts', after: 'Processes' }]);

    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse((await workspace.cli(['plan', '--format', 'json'])).stdout).dashboards[0].action).toBe('noop');
  });

  it('one panel dragged to the top past two of its height: that panel moved, not three that went round', async () => {
    const workspace = await pushedThenEdited(grafanaVersion, api, [cpu, at(memory, { y: 8 }), at(disk, { y: 16 })], [at(disk, { y: 0 }), at(cpu, { y: 8 }), at(memory, { y: 16 })]);

    // Before: `3 panels moved` and a `took the place of` line each. (12's /api keeps the file's order: the list's new
    // order shows there too, as for a drag among panels of unlike heights.)
    const lines = await textChangeLines(workspace);
    expect(lines.filter((line) => !line.startsWith('      ~ panels: '))).toEqual([`${UPDATE}: 1 panel moved`, '      ~ panels[0 "Disk"].gridPos.y: 16 → 0']);
  });

  it('a row moved to the top and a query edited: the query\'s path names its panel (13 holds the panels in grid order, compared in place)', async () => {
    const edited = { ...at(cpu, { y: 1 }), targets: [{ refId: 'A', expr: 'sum(rate(cpu_seconds_total[5m]))' }] };
    const workspace = await pushedThenEdited(grafanaVersion, api, [cpu, at(memory, { y: 8 }), open('Hosts', 16)], [open('Hosts', 0), edited, at(memory, { y: 9 })]);

    // Before, on 13: `~ panels[1].targets[0].expr`. (On 12 the list's new order shows too.)
    expect((await textChangeLines(workspace)).filter((line) => !line.startsWith('      ~ panels: '))).toEqual([
      `${UPDATE}: 1 row moved, 1 field`,
      '      ~ panels[0 "Hosts"].gridPos.y: 16 → 0',
      '      ~ panels[1 "CPU"].targets[0].expr: "rate(cpu_seconds_total[5m])" → "sum(rate(cpu_seconds_total[5m]))"',
    ]);
  });

  it('three panels side by side that went round: one line each, none said swapped', async () => {
    const third = (p: object, x: number) => at(p, { x, w: 8 });
    const workspace = await pushedThenEdited(grafanaVersion, api, [third(cpu, 0), third(memory, 8), third(disk, 16)], [third(disk, 0), third(cpu, 8), third(memory, 16)]);

    // Before: three gridPos.x lines (and on /api the list's new order).
    expect(await textChangeLines(workspace)).toEqual([
      `${UPDATE}: 3 panels moved`,
      '      > panels[0 "Disk"]: took the place of panels[1 "CPU"]',
      '      > panels[1 "CPU"]: took the place of panels[2 "Memory"]',
      '      > panels[2 "Memory"]: took the place of panels[0 "Disk"]',
    ]);
  });
});

describe('a v2 dashboard (Grafana 13, /apis)', () => {
  /** A workspace whose v2 dashboard `svc` (CPU and Memory) was applied with `pushed` as its layout, its file now holding `edited`. */
  async function pushedV2ThenEdited(pushed: object, edited: object): Promise<Workspace> {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await emptyWorkspace();
    await mkdir(join(dir, 'dashboards'));
    await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ root: 'dashboards', api: 'k8s' }, null, 2)}\n`);
    const elements = { 'panel-1': panel(1, 'CPU', [v2Query('A', 'cpu')]), 'panel-2': panel(2, 'Memory', [v2Query('A', 'mem')]) };
    const file = (layout: object) => `${JSON.stringify(resource('v2beta1', 'svc', v2Spec({ elements, layout })), null, 2)}\n`;
    await writeFile(join(dir, 'dashboards', 'svc.json'), file(pushed));
    const workspace = workspaceAt(dir, sandbox);
    expect((await workspace.cli(['apply', '--auto-approve'])).code).toBe(0);
    await writeFile(join(dir, 'dashboards', 'svc.json'), file(edited));
    return workspace;
  }

  it('two panels that took the place of each other in its grid: one line saying so', async () => {
    const workspace = await pushedV2ThenEdited(grid(gridItem('panel-1', 0, 0), gridItem('panel-2', 12, 0)), grid(gridItem('panel-1', 12, 0), gridItem('panel-2', 0, 0)));

    // Before: `~ layout["panel-1" "CPU"].x: 0 → 12` and `~ layout["panel-2" "Memory"].x: 12 → 0`.
    expect(await textChangeLines(workspace)).toEqual([`${UPDATE}: 2 panels moved`, '      > layout["panel-1" "CPU"]: swapped places with layout["panel-2" "Memory"]']);
  });

  it('a row collapsed: counted as a classic row collapsed is (diff-61), not as a field', async () => {
    const twoRows = (collapse: boolean) => rows({ title: 'Overview', layout: grid(gridItem('panel-1')), collapse }, { title: 'Details', layout: grid(gridItem('panel-2')) });
    const workspace = await pushedV2ThenEdited(twoRows(false), twoRows(true));

    // Before: `1 field`.
    expect(await textChangeLines(workspace)).toEqual([`${UPDATE}: 1 row collapsed`, '      ~ layout[row "Overview"].collapse: false → true']);
    expect(await markdownDiffLines(workspace)).toMatchObject({ cell: '1 row collapsed' });
  });

  it('two panels that took the place of each other across two rows: one line saying so, as in one grid', async () => {
    const twoRows = (first: string, second: string) => rows({ title: 'Overview', layout: grid(gridItem(first)) }, { title: 'Details', layout: grid(gridItem(second)) });
    const workspace = await pushedV2ThenEdited(twoRows('panel-1', 'panel-2'), twoRows('panel-2', 'panel-1'));

    // Before: `~ layout["panel-1" "CPU"].row: "Overview" → "Details"` and `~ layout["panel-2" "Memory"].row: "Details" → "Overview"`.
    expect(await textChangeLines(workspace)).toEqual([`${UPDATE}: 2 panels moved`, '      > layout["panel-2" "Memory"]: swapped places with layout["panel-1" "CPU"]']);
  });
});
