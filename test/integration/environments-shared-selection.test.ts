import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { deriveFolderUid } from '../../src/files/folder-uid.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { copyFixture, lines, saveLive, writeJson } from '../e2e/plan/plan-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Each test runs the CLI (in-process) several times.
vi.setConfig({ testTimeout: 120_000 });

const dashsync = (dir: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
const exists = async (handle: SandboxHandle, uid: string) => (await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).status === 200;

interface JsonPlan {
  dashboards: { action: string; uid: string }[];
  summary: Record<string, number>;
  warnings: { message: string }[];
}

const deletes = (plan: JsonPlan) => plan.dashboards.filter((dashboard) => dashboard.action === 'delete').map((dashboard) => dashboard.uid);

/** dev and stage in one org, both pruning: dev's own directory, stage's, and `shared`, which both include in full. */
async function devAndStageSharing(handle: SandboxHandle): Promise<string> {
  const dir = await copyFixture('basic');
  for (const path of ['dashboards/apps', 'dashboards/infra', 'dashboards/overview.json']) await rm(join(dir, path), { recursive: true });
  await writeJson(dir, 'dashsync.config.json', {
    api: 'legacy',
    root: 'dashboards',
    prune: 'folders',
    environments: {
      dev: { url: handle.url, include: ['dev', 'shared'] },
      stage: { url: handle.url, include: ['stage', 'shared'] },
    },
  });
  await writeJson(dir, 'dashboards/dev/d1.json', { uid: 'd1', title: 'Dev one', panels: [] });
  await writeJson(dir, 'dashboards/stage/s1.json', { uid: 's1', title: 'Stage one', panels: [] });
  await writeJson(dir, 'dashboards/shared/common.json', { uid: 'common', title: 'Common', panels: [] });
  for (const env of ['dev', 'stage']) {
    const applied = await dashsync(dir, ['apply', '--env', env, '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
  }
  return dir;
}

describe('environments of one org whose selections overlap', () => {
  // env-59 (stop 58 §10.3): a hand-made dashboard in a directory both include in full was deleted by both plans.
  it('a dashboard no file holds in a directory two pruning environments include is pruned by the first in config order only', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await devAndStageSharing(handle);
    await saveLive(handle, { uid: 'by-hand', title: 'Made by hand', panels: [] }, deriveFolderUid('shared'), 'ui');

    const json = await dashsync(dir, ['plan', '--all-envs', '--format', 'json']);
    const text = await dashsync(dir, ['plan', '--env', 'stage']);

    expect([json.code, text.code], json.stderr + text.stderr).toEqual([0, 0]);
    const [dev, stage] = JSON.parse(json.stdout).plans as JsonPlan[];
    expect([deletes(dev!), deletes(stage!)]).toEqual([['by-hand'], []]);
    const left = '1 dashboard in folder "shared" left to environment dev (its include selects the file too and comes first in the config; dashsync plan --env dev prunes it)';
    expect(stage!.warnings.map((warning) => warning.message)).toEqual([left]);
    expect(stage!.summary).toMatchObject({ delete: 0, otherEnvironments: 1 });
    expect(lines(text.stdout)).toContain(`  ! ${left}`);

    const applied = await dashsync(dir, ['apply', '--env', 'stage', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await exists(handle, 'by-hand')).toBe(true);
    const own = await dashsync(dir, ['apply', '--env', 'dev', '--auto-approve']);
    expect(own.code, own.stderr).toBe(0);
    expect(await exists(handle, 'by-hand')).toBe(false);
  });

  // env-59 (stop 58 §10.3): in a run of both, "outside this run's selection" named files another plan of the same run deploys.
  it("plan --all-envs counts what each plan leaves for a file outside that environment's selection, naming it", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await devAndStageSharing(handle);

    const text = await dashsync(dir, ['plan', '--all-envs']);
    const markdown = await dashsync(dir, ['plan', '--all-envs', '--format', 'markdown']);

    expect([text.code, markdown.code], text.stderr + markdown.stderr).toEqual([0, 0]);
    expect(text.stdout).toContain("Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 2 unchanged, 1 not pruned (its file is outside environment dev's selection).");
    expect(text.stdout).toContain("Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 2 unchanged, 1 not pruned (its file is outside environment stage's selection).");
    expect(markdown.stdout).toContain("2 unchanged, 1 not pruned (its file is outside environment dev's selection).");
    expect(text.stdout + markdown.stdout).not.toContain("this run's selection");
    const applied = await dashsync(dir, ['apply', '--env', 'stage', '--auto-approve']);
    expect(lines(applied.stdout)).toContain("Nothing to apply: Grafana already matches the tree; 1 not pruned (its file is outside environment stage's selection).");
  });
});
