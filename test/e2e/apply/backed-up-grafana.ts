import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SandboxHandle, SandboxOptions } from '../../../src/sandbox/types.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { exampleWorkspace, useApi, workspaceAt, type Workspace } from './workspace.js';

export interface BackedUpGrafana {
  /** The workspace: the example tree, resource files too, committed as `base` and applied. */
  dir: string;
  /** Starts the sandbox again on its data file, at the same address (a plan is bound to its Grafana). */
  start(options: Pick<SandboxOptions, 'grafanaVersion' | 'release'>): Promise<SandboxHandle>;
  /** Puts the backup back as the sandbox's data (the sandbox closed): Grafana's database restored. */
  restore(): Promise<void>;
}

/**
 * A sandbox keeping its state in a file, the example tree applied to it, then closed and its file copied aside: Grafana's
 * own database backup, taken before what a test does next (an upgrade, more applies). `tree.addToTree` writes more files
 * into the tree before its commit; `tree.api: 'legacy'` has the config write through `/api` only (model files only).
 */
export async function appliedThenBackedUp(
  options: Pick<SandboxOptions, 'grafanaVersion' | 'release'>,
  tree: { addToTree?: (dir: string) => Promise<void>; api?: 'legacy' } = {},
): Promise<BackedUpGrafana> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-backed-up-'));
  const dataFile = join(dir, 'grafana.json');
  const backup = join(dir, 'backup.json');
  const first = await startTestSandbox({ ...options, dataFile });
  const port = Number(new URL(first.url).port);
  // Resource files need `/apis`: a tree applied through `/api` only holds model files.
  const workspace = await exampleWorkspace(first, { resources: tree.api !== 'legacy' });
  if (tree.api !== undefined) await useApi(workspace, tree.api);
  await tree.addToTree?.(workspace.dir);
  await commitAll(workspace.dir, 'base');
  expect((await workspace.cli(['apply'])).code).toBe(0);
  await first.close();
  await copyFile(dataFile, backup);
  return {
    dir: workspace.dir,
    start: (again) => startTestSandbox({ ...again, dataFile, port }),
    restore: () => copyFile(backup, dataFile),
  };
}

/**
 * After the backup, dashsync saves a second version (`change(dir, 'after the backup')`, applied), then a plan of a third
 * is saved as p.json (`change(dir, 'planned')`); Grafana's database is then restored from the backup and started again.
 * The plan file as read, the workspace on the restored sandbox, and the sandbox.
 */
export async function plannedThenRestored(
  grafana: BackedUpGrafana,
  family: NonNullable<SandboxOptions['grafanaVersion']>,
  change: (dir: string, step: 'after the backup' | 'planned') => Promise<unknown>,
): Promise<{ sandbox: SandboxHandle; workspace: Workspace; plan: { actions: { uid: string; live: Record<string, any> | null }[] } }> {
  const second = await grafana.start({ grafanaVersion: family });
  const before = workspaceAt(grafana.dir, second);
  await change(before.dir, 'after the backup');
  await commitAll(before.dir, 'after the backup');
  expect((await before.cli(['apply'])).code).toBe(0);
  await change(before.dir, 'planned');
  await commitAll(before.dir, 'planned');
  const planned = await before.cli(['plan', '--out', 'p.json']);
  expect(planned.code, planned.stderr).toBe(0);
  await second.close();

  await grafana.restore();
  const sandbox = await grafana.start({ grafanaVersion: family });
  const plan = JSON.parse(await readFile(join(grafana.dir, 'p.json'), 'utf8'));
  return { sandbox, workspace: workspaceAt(grafana.dir, sandbox), plan };
}

/** Waits for a later second than `time` (Grafana keeps a save's time to the second): a save made then is told from it. */
export async function afterTheSecondOf(time: string): Promise<void> {
  while (Math.floor(Date.now() / 1000) <= Math.floor(Date.parse(time) / 1000)) await sleep(50);
}
