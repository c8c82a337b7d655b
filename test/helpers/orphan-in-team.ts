import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { copyFixture, saveLive, writeJson } from '../e2e/plan/plan-fixture.js';
import { runCliInProcess } from './run-cli.js';

/** dashsync in `dir`, the url from each environment of the config, as the admin. */
export const dashsyncAsAdmin = (dir: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

/** The basic fixture cut to nothing, `config` and `files` (path from the directory → JSON) written, then applied by each of `applyBy` in turn. */
export async function appliedTree(config: object, files: Record<string, object>, applyBy: readonly string[]): Promise<string> {
  const dir = await copyFixture('basic');
  for (const path of ['dashboards/apps', 'dashboards/infra', 'dashboards/overview.json']) await rm(join(dir, path), { recursive: true });
  await writeJson(dir, 'dashsync.config.json', config);
  for (const [file, value] of Object.entries(files)) await writeJson(dir, file, value);
  for (const env of applyBy) {
    const applied = await dashsyncAsAdmin(dir, ['apply', '--env', env, '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
  }
  return dir;
}

/**
 * The basic fixture cut to dashboards/team (folder "Team", uid team, one dashboard t1) under `config` (environments ops and
 * team of one org), applied by ops, then team; then "Old board" (old-board), which no file holds, made by hand in Team.
 */
export async function orphanInTeam(handle: SandboxHandle, config: object): Promise<string> {
  const files = { 'dashboards/team/_folder.json': { uid: 'team', title: 'Team' }, 'dashboards/team/t1.json': { uid: 't1', title: 'Team one', panels: [] } };
  const dir = await appliedTree(config, files, ['ops', 'team']);
  await saveLive(handle, { uid: 'old-board', title: 'Old board', panels: [] }, 'team', 'by hand');
  return dir;
}
