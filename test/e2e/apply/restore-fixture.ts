import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SandboxFeature, SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { exampleWorkspace, getDashboard, useApi, type Workspace } from './workspace.js';
import { commitAll } from '../../pull/pull-fixture.js';

/**
 * The example tree applied; `api`: `legacy` everywhere, or `auto` (13 restores through /apis, its trash on by default).
 * `databases` is the folder of redis-exporter, nested under "Platform Team" (platform-team).
 */
export async function appliedExample(grafanaVersion: '11.2' | '12' | '13', api: 'legacy' | 'auto' = 'legacy', features: Partial<Record<SandboxFeature, boolean>> = {}) {
  const sandbox = await startTestSandbox({ grafanaVersion, features });
  const workspace = await exampleWorkspace(sandbox);
  await useApi(workspace, api);
  expect((await workspace.cli(['apply'])).code).toBe(0);
  const live = await getDashboard(sandbox, 'redis-exporter');
  return { sandbox, workspace, databases: { uid: live.meta.folderUid as string, title: live.meta.folderTitle as string } };
}

export async function folderOf(sandbox: SandboxHandle, uid: string): Promise<{ status: number; title?: string; parentUid?: string }> {
  const response = await apiRequest(sandbox, 'GET', `/api/folders/${uid}`);
  return { status: response.status, title: response.body.title, parentUid: response.body.parentUid };
}

/** Removes `dir` (a file or a directory of the tree) and prunes: its dashboards (each backed up), then an emptied folder, are deleted. */
export async function pruneAway(workspace: Workspace, dir: string): Promise<void> {
  // git's history must show the directory was this tree's, or prune leaves its derived-uid folder alone (docs/apply.md).
  await commitAll(workspace.dir);
  await rm(join(workspace.dir, dir), { recursive: true });
  const applied = await workspace.cli(['apply', '--prune']);
  expect([applied.code, applied.stderr]).toEqual([0, '']);
}

export async function newestBackup(workspace: Workspace, uid: string): Promise<{ path: string; name: string; backup: Record<string, any> }> {
  const dir = join(workspace.dir, '.dashsync/backups', uid);
  const name = (await readdir(dir)).sort().at(-1)!;
  return { path: join(dir, name), name, backup: JSON.parse(await readFile(join(dir, name), 'utf8')) };
}
