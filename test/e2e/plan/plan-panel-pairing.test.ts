import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { GrafanaVersion } from '../../../src/sandbox/types.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { emptyWorkspace, workspaceAt, type Workspace } from '../apply/workspace.js';
import { grid, gridItem, panel, query as v2Query, resource, v2Spec } from '../../unit/v2-builders.js';

vi.setConfig({ testTimeout: 120_000 });

// Panels without ids, so that only what they hold pairs the panel Grafana has with the file's (diff-59): a panel
// replaced by one of another type in its place, a panel moved from one collapsed row to another, two panels swapped.

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

    const memoryNow = 'panels[1].panels[0 "Memory"]';
    expect(await textChangeLines(workspace)).toEqual([
      `${UPDATE}: 2 panels moved, 1 field`,
      `      > ${memoryNow}: moved from row "Hosts" to row "Processes"`,
      `      ~ ${memoryNow}.gridPos.y: 1 → 2`,
      `      ~ ${memoryNow}.targets[0].expr: "process_resident_memory_bytes" → "process_virtual_memory_bytes"`,
      '      ~ panels[1].panels[1 "Threads"].gridPos.y: 2 → 10',
    ]);
    expect(await markdownDiffLines(workspace)).toEqual({
      cell: '2 panels moved, 1 field',
      lines: [
        '- panels[0].panels[1 "Memory"]: moved to row "Processes"',
        `+ ${memoryNow}: moved from row "Hosts"`,
        `- ${memoryNow}.gridPos.y: 1`,
        `+ ${memoryNow}.gridPos.y: 2`,
        `- ${memoryNow}.targets[0].expr: "process_resident_memory_bytes"`,
        `+ ${memoryNow}.targets[0].expr: "process_virtual_memory_bytes"`,
        '- panels[1].panels[1 "Threads"].gridPos.y: 2',
        '+ panels[1].panels[1 "Threads"].gridPos.y: 10',
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

describe('a v2 dashboard (Grafana 13, /apis)', () => {
  it('two panels that took the place of each other in its grid: one line saying so', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await emptyWorkspace();
    await mkdir(join(dir, 'dashboards'));
    await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ root: 'dashboards', api: 'k8s' }, null, 2)}\n`);
    const elements = { 'panel-1': panel(1, 'CPU', [v2Query('A', 'cpu')]), 'panel-2': panel(2, 'Memory', [v2Query('A', 'mem')]) };
    const file = (layout: object) => `${JSON.stringify(resource('v2beta1', 'svc', v2Spec({ elements, layout })), null, 2)}\n`;
    await writeFile(join(dir, 'dashboards', 'svc.json'), file(grid(gridItem('panel-1', 0, 0), gridItem('panel-2', 12, 0))));
    const workspace = workspaceAt(dir, sandbox);
    expect((await workspace.cli(['apply', '--auto-approve'])).code).toBe(0);
    await writeFile(join(dir, 'dashboards', 'svc.json'), file(grid(gridItem('panel-1', 12, 0), gridItem('panel-2', 0, 0))));

    // Before: `~ layout["panel-1" "CPU"].x: 0 → 12` and `~ layout["panel-2" "Memory"].x: 12 → 0`.
    expect(await textChangeLines(workspace)).toEqual([`${UPDATE}: 2 panels moved`, '      > layout["panel-1" "CPU"]: swapped places with layout["panel-2" "Memory"]']);
  });
});
