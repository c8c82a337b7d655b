import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../../src/sandbox/types.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { emptyWorkspace, getDashboard, saveInGrafana, workspaceAt, type Workspace } from '../apply/workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// A file whose panels have no ids, one panel inserted at the top: Grafana 13 numbers the panels in the file's order on
// every save (so the ids it holds now name the panel after), 11.2's /api keeps none. Either way the plan is one panel
// added, in every format, not a change on every panel (the three below it go down by themselves: diff-60).

const panel = (title: string, y: number) => ({
  type: 'timeseries',
  title,
  gridPos: { x: 0, y, w: 24, h: 8 },
  datasource: { type: 'prometheus', uid: 'prom' },
  targets: [{ refId: 'A', expr: `rate(${title.toLowerCase()}_seconds_total[5m])` }],
});
const model = (panels: object[], schemaVersion = 42) => ({ uid: 'svc', title: 'Service', schemaVersion, panels });

/**
 * A workspace whose dashboard `svc` with `pushed` panels (at `schemaVersion`, 42 unless given) was applied to a fresh
 * sandbox (then `inGrafana` done there), its file now holding `edited`.
 */
async function pushedThenEdited(
  grafanaVersion: GrafanaVersion,
  api: 'k8s' | 'legacy',
  pushed: object[],
  edited: object[],
  { inGrafana, schemaVersion }: { inGrafana?: (sandbox: SandboxHandle) => Promise<void>; schemaVersion?: number } = {},
): Promise<Workspace> {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const dir = await emptyWorkspace();
  await mkdir(join(dir, 'dashboards'));
  await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ root: 'dashboards', api }, null, 2)}\n`);
  const file = join(dir, 'dashboards', 'svc.json');
  await writeFile(file, `${JSON.stringify(model(pushed, schemaVersion), null, 2)}\n`);
  const workspace = workspaceAt(dir, sandbox);
  expect((await workspace.cli(['apply', '--auto-approve'])).code).toBe(0);
  await inGrafana?.(sandbox);
  await writeFile(file, `${JSON.stringify(model(edited, schemaVersion), null, 2)}\n`);
  return workspace;
}

type PlannedChange = { path: string; kind: string; before?: unknown; after?: unknown };

/** The one dashboard's changes in the JSON plan. */
async function plannedChanges(workspace: Workspace): Promise<PlannedChange[]> {
  const json = await workspace.cli(['plan', '--format', 'json']);
  expect(json.code, json.stderr).toBe(0);
  return (JSON.parse(json.stdout).dashboards as { changes: PlannedChange[] }[])[0]!.changes;
}

/** The markdown plan. */
async function planMarkdown(workspace: Workspace): Promise<string> {
  const markdown = await workspace.cli(['plan', '--format', 'markdown']);
  expect(markdown.code, markdown.stderr).toBe(0);
  return markdown.stdout;
}

/** The text plan's dashboard line (its live version as N) and change lines, a panel's value (cut at the line's width) as `{…`. */
async function textChangeLines(workspace: Workspace): Promise<string[]> {
  const text = await workspace.cli(['plan', '--no-color']);
  expect(text.code, text.stderr).toBe(0);
  return text.stdout
    .split('\n')
    .filter((line) => /^(~ update | {6}[+~-] )/.test(line))
    .map((line) => line.replace(/live version \d+/, 'live version N').replace(/^( {6}[+-] [^:]+: )\{.*$/, '$1{…'));
}

const UPDATE = '~ update        dashboards/svc.json "Service" (uid svc, live version N) in General';

const releases: { grafanaVersion: GrafanaVersion; api: 'k8s' | 'legacy' }[] = [
  { grafanaVersion: '13', api: 'k8s' },
  { grafanaVersion: '11.2', api: 'legacy' },
];

describe.each(releases)('panels without ids, one inserted or removed (Grafana $grafanaVersion, $api)', ({ grafanaVersion, api }) => {
  it('plans one panel added, not the panels below it as moved (the grid does that), in text, markdown and JSON', async () => {
    const workspace = await pushedThenEdited(grafanaVersion, api, [panel('CPU', 0), panel('Memory', 8), panel('Disk', 16)], [panel('Errors', 0), panel('CPU', 8), panel('Memory', 16), panel('Disk', 24)]);

    expect(await textChangeLines(workspace)).toEqual([`${UPDATE}: 1 panel added`, '      + panels[0 "Errors"]: {…']);

    const markdown = await planMarkdown(workspace);
    // The Changes cell and the block's summary count what a reviewer sees: a panel added (not "4 fields").
    expect(markdown).toContain('| `dashboards/svc.json` | 1 panel added |');
    expect(markdown).toContain('Service (1 panel added)</summary>');
    const diffLines = markdown.split('\n').filter((line) => /^[+-] panels/.test(line));
    expect(diffLines.map((line) => line.replace(/^(\+ [^:]+: )\{.*$/, '$1{…'))).toEqual(['+ panels[0 "Errors"]: {…']);

    expect((await plannedChanges(workspace)).map(({ path, kind }) => `${kind} ${path}`)).toEqual(['added panels[0 "Errors"]']);

    // The push is the file as a whole, as before; after it the plan has nothing to do.
    expect((await workspace.cli(['apply', '--auto-approve'])).code).toBe(0);
    const after = await workspace.cli(['plan', '--format', 'json']);
    expect((JSON.parse(after.stdout).dashboards as { action: string }[]).map((d) => d.action)).toEqual(['noop']);
  });

  it('a panel inserted above a panel retitled and edited: one panel added and that panel edited, not one removed and two added', async () => {
    const edited = { ...panel('Memory used', 16), targets: [{ refId: 'A', expr: 'process_resident_memory_bytes' }] };
    const workspace = await pushedThenEdited(grafanaVersion, api, [panel('CPU', 0), panel('Memory', 8), panel('Disk', 16)], [panel('CPU', 0), panel('Errors', 8), edited, panel('Disk', 24)]);

    const changes = await plannedChanges(workspace);
    expect(changes.map(({ path, kind }) => `${kind} ${path}`)).toEqual(['added panels[1 "Errors"]', 'changed panels[2].targets[0].expr', 'changed panels[2].title']);
    expect(changes[2]).toMatchObject({ before: 'Memory', after: 'Memory used' });

    expect(await planMarkdown(workspace)).toContain('Service (1 panel added, 2 fields)</summary>');
  });

  it('a panel removed and two of its type added in its place: one removed and two added, not the one edited into another', async () => {
    const workspace = await pushedThenEdited(grafanaVersion, api, [panel('CPU', 0), panel('Memory', 8), panel('Disk', 16)], [panel('CPU', 0), panel('Errors', 8), panel('Latency', 16), panel('Disk', 24)]);

    expect(await textChangeLines(workspace)).toEqual([
      `${UPDATE}: 2 panels added, 1 panel removed`,
      '      + panels[1 "Errors"]: {…',
      '      + panels[2 "Latency"]: {…',
      '      - panels[1 "Memory"]: {…',
    ]);
    expect(await planMarkdown(workspace)).toContain('| `dashboards/svc.json` | 2 panels added, 1 panel removed |');
  });

  it('an untitled text panel removed above an untitled query panel: one panel removed (the other goes up by itself)', async () => {
    const note = { type: 'text', gridPos: { x: 0, y: 0, w: 24, h: 4 }, options: { mode: 'markdown', content: 'On call: #ops' } };
    const query = (y: number) => ({ type: 'timeseries', gridPos: { x: 0, y, w: 24, h: 8 }, datasource: { type: 'prometheus', uid: 'prom' }, targets: [{ expr: 'up' }] });
    const workspace = await pushedThenEdited(grafanaVersion, api, [note, query(4)], [query(0)]);

    expect(await textChangeLines(workspace)).toEqual([`${UPDATE}: 1 panel removed`, '      - panels[0]: {…']);
  });

  it('an untitled text2 panel of a file at schemaVersion 20 (13 holds it as text), a panel inserted below it: one panel added', async () => {
    const note = { type: 'text2', gridPos: { x: 0, y: 0, w: 24, h: 4 }, options: { mode: 'markdown', content: 'On call: #ops' } };
    const below = (p: object, y: number) => ({ ...p, gridPos: { x: 0, y, w: 24, h: 8 } });
    const [cpu, disk] = [panel('CPU', 0), panel('Disk', 0)];
    const workspace = await pushedThenEdited(grafanaVersion, api, [note, below(cpu, 4), below(disk, 12)], [note, panel('Errors', 4), below(cpu, 12), below(disk, 20)], { schemaVersion: 20 });

    expect(await textChangeLines(workspace)).toEqual([
      `${UPDATE}: 1 panel added`,
      '      + panels[1 "Errors"]: {…',
    ]);
  });

  it('a file listing its panels out of grid order, one panel inserted: the panel added, no reorder (those below it go down by themselves)', async () => {
    // CPU sits left of Memory, but the file lists Memory first. Grafana 13 holds the panels in grid order (its cleanup
    // sorts them); on 11.2 a save in the UI does (the dashboard's panels sorted and numbered on load).
    const at = (p: object, gridPos: object) => ({ ...p, gridPos });
    const [memory, cpu] = [at(panel('Memory', 0), { x: 12, y: 0, w: 12, h: 8 }), at(panel('CPU', 0), { x: 0, y: 0, w: 12, h: 8 })];
    const inGridOrder = async (sandbox: SandboxHandle) => {
      const held = (await getDashboard(sandbox, 'svc')).dashboard as { panels: { gridPos: { x: number; y: number } }[] };
      const numbered = held.panels.map((p, index) => ({ id: index + 1, ...p }));
      await saveInGrafana(sandbox, 'svc', { panels: numbered.sort((a, b) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x) });
    };
    const errors = at(panel('Errors', 0), { x: 0, y: 0, w: 12, h: 8 });
    const workspace = await pushedThenEdited(
      grafanaVersion,
      api,
      [memory, cpu, panel('Disk', 8)],
      [memory, errors, at(cpu, { x: 0, y: 8, w: 12, h: 8 }), panel('Disk', 16)],
      { inGrafana: grafanaVersion === '11.2' ? inGridOrder : undefined },
    );

    expect(await textChangeLines(workspace)).toEqual([
      `${UPDATE}: 1 panel added`,
      '      + panels[1 "Errors"]: {…',
    ]);
    expect(await planMarkdown(workspace)).toContain('Service (1 panel added)</summary>');
  });

  it('a row collapsed (its panels taken into it): one change naming its panels by their titles (diff-60b), and the markdown counts one row collapsed, not two panels removed and two added', async () => {
    const row = { type: 'row', title: 'Overview', collapsed: false, gridPos: { x: 0, y: 0, w: 24, h: 1 }, panels: [] };
    const [cpu, memory] = [panel('CPU', 1), panel('Memory', 9)];
    const workspace = await pushedThenEdited(grafanaVersion, api, [row, cpu, memory], [{ ...row, collapsed: true, panels: [cpu, memory] }]);

    const overview = 'panels[0 "Overview"]';
    expect(await plannedChanges(workspace)).toEqual([
      { kind: 'changed', path: `${overview}.collapsed`, before: false, after: true, withPanels: [`${overview}.panels[0 "CPU"]`, `${overview}.panels[1 "Memory"]`] },
    ]);
    expect(await planMarkdown(workspace)).toContain('| `dashboards/svc.json` | 1 row collapsed |');
  });

  it('a panel removed from panels Grafana migrated (a graph panel, a query without a refId): one panel removed (the one below goes up by itself)', async () => {
    const graph = (title: string, y: number) => ({ type: 'graph', title, gridPos: { x: 0, y, w: 24, h: 8 }, targets: [{ expr: `${title.toLowerCase()}_total` }] });
    const workspace = await pushedThenEdited(grafanaVersion, api, [graph('CPU', 0), graph('Memory', 8), graph('Disk', 16)], [graph('CPU', 0), graph('Disk', 8)]);

    const changes = await plannedChanges(workspace);
    expect(changes).toEqual([
      // As Grafana holds it: on 13 numbered, renamed and its query given a refId; on 11.2 as it was pushed.
      { path: 'panels[1 "Memory"]', kind: 'removed', before: expect.objectContaining({ title: 'Memory', gridPos: { x: 0, y: 8, w: 24, h: 8 } }) },
    ]);
  });
});
