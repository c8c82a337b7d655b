import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import type { SandboxHandle, SandboxOptions } from '../../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { emptyWorkspace, workspaceAt, type Workspace } from '../../e2e/apply/workspace.js';

/**
 * A tree with library panels used by several dashboards in two folders: `cpu` (in team-a) is used
 * by a1, a2, b1 (inside a row) and the root dashboard; `mem` (in team-b) by a1 and b1.
 */
export const LIBRARY_TREE: Record<string, unknown> = {
  'dashsync.config.json': { root: 'dashboards' },
  'dashboards/team-a/_folder.json': { uid: 'team-a', title: 'Team A' },
  'dashboards/team-b/_folder.json': { uid: 'team-b', title: 'Team B' },
  'dashboards/team-a/_library/cpu.json': { uid: 'lp-cpu', name: 'CPU usage', kind: 1, model: { type: 'timeseries', title: 'CPU', targets: [{ expr: 'rate(cpu[5m])' }] } },
  'dashboards/team-b/_library/mem.json': { uid: 'lp-mem', name: 'Memory', kind: 1, model: { type: 'stat', title: 'Memory', description: 'RSS' } },
  'dashboards/team-a/a1.json': dashboard('a1', 'A one', [ref(1, 'lp-cpu', 'CPU usage'), ref(2, 'lp-mem', 'Memory')]),
  'dashboards/team-a/a2.json': dashboard('a2', 'A two', [ref(1, 'lp-cpu', 'CPU usage'), { id: 2, type: 'text', title: 'Notes', gridPos: { x: 0, y: 8, w: 24, h: 4 } }]),
  'dashboards/team-b/b1.json': dashboard('b1', 'B one', [
    { id: 1, type: 'row', title: 'Row', collapsed: true, gridPos: { x: 0, y: 0, w: 24, h: 1 }, panels: [ref(2, 'lp-cpu', 'CPU usage')] },
    ref(3, 'lp-mem', 'Memory'),
  ]),
  'dashboards/home.json': dashboard('home', 'Home', [ref(1, 'lp-cpu', 'CPU usage')]),
};

export function dashboard(uid: string, title: string, panels: unknown[]): Record<string, unknown> {
  return { uid, title, schemaVersion: 39, panels };
}

export function ref(id: number, uid: string, name: string): Record<string, unknown> {
  return { id, gridPos: { x: 0, y: id * 8, w: 12, h: 8 }, libraryPanel: { uid, name } };
}

/** Writes `files` (path → JSON value, or text) into a fresh workspace. */
export async function libraryWorkspace(sandbox: Pick<SandboxHandle, 'url'>, files: Record<string, unknown> = LIBRARY_TREE): Promise<Workspace> {
  const dir = await emptyWorkspace();
  await writeFiles(dir, files);
  return workspaceAt(dir, sandbox);
}

/** A sandbox of these options with LIBRARY_TREE applied to it (by the CLI, as the user would), and its workspace. */
export async function appliedLibraryTree(options: SandboxOptions): Promise<{ sandbox: SandboxHandle; ws: Workspace }> {
  const sandbox = await startTestSandbox(options);
  const ws = await libraryWorkspace(sandbox);
  expect((await ws.cli(['apply'])).code).toBe(0);
  return { sandbox, ws };
}

export async function writeFiles(dir: string, files: Record<string, unknown>): Promise<void> {
  for (const [path, value] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
  }
}

export async function editJson(path: string, edit: (value: any) => void): Promise<void> {
  const value = JSON.parse(await readFile(path, 'utf8'));
  edit(value);
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** A library panel made in Grafana, not from the tree: named `Stray <uid>`. */
export async function createStrayLibraryPanel(sandbox: SandboxHandle, uid: string, folderUid: string): Promise<void> {
  const created = await apiRequest(sandbox, 'POST', '/api/library-elements', { uid, name: `Stray ${uid}`, kind: 1, folderUid, model: { type: 'stat', title: uid } });
  expect(created.status).toBe(200);
}
