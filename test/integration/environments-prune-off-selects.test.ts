import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { copyFixture, lines, saveLive, writeJson } from '../e2e/plan/plan-fixture.js';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runCliInProcess } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';

// Each test runs the CLI (in-process) several times.
vi.setConfig({ testTimeout: 120_000 });

// env-60 (stop 59 §10.4): a dashboard whose file this run selects and an environment with prune off selects too was this
// run's to prune, with no word of the other: its reviewers could read "ops deploys with prune off" as a keep. The rule
// (docs/environments.md): an environment that prunes owns what it selects, whatever its place in the config; the plan says so.

const dashsync = (dir: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

interface JsonPlan {
  target: { environment: string };
  dashboards: { action: string; uid: string }[];
  warnings: { message: string }[];
}

const deletes = (plan: JsonPlan) => plan.dashboards.filter((dashboard) => dashboard.action === 'delete').map((dashboard) => dashboard.uid);

const SAID =
  '1 dashboard in folder "Team" deleted here: its file is selected by environment ops too, which deploys with prune off; prune off keeps only what no environment that prunes selects, whatever their order in the config';

/** ops (every file, prune off) and team (its directory, prune on), in `order`; one org. */
function config(handle: SandboxHandle, order: 'ops first' | 'team first') {
  const ops = { url: handle.url, prune: false };
  const team = { url: handle.url, include: ['team'], prune: 'folders' };
  return { api: 'legacy', root: 'dashboards', environments: order === 'ops first' ? { ops, team } : { team, ops } };
}

/** The tree applied by both; then "Old board", which no file holds, made by hand in Team. */
async function orphanInTeam(handle: SandboxHandle): Promise<string> {
  const dir = await copyFixture('basic');
  for (const path of ['dashboards/apps', 'dashboards/infra', 'dashboards/overview.json']) await rm(join(dir, path), { recursive: true });
  await writeJson(dir, 'dashsync.config.json', config(handle, 'ops first'));
  await writeJson(dir, 'dashboards/team/_folder.json', { uid: 'team', title: 'Team' });
  await writeJson(dir, 'dashboards/team/t1.json', { uid: 't1', title: 'Team one', panels: [] });
  for (const env of ['ops', 'team']) {
    const applied = await dashsync(dir, ['apply', '--env', env, '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
  }
  await saveLive(handle, { uid: 'old-board', title: 'Old board', panels: [] }, 'team', 'by hand');
  return dir;
}

describe('a file an environment with prune off selects too is pruned by the one that prunes, which says so', () => {
  it('whatever the order in the config: team deletes it and names ops; ops deletes nothing', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await orphanInTeam(handle);

    for (const order of ['ops first', 'team first'] as const) {
      await writeJson(dir, 'dashsync.config.json', config(handle, order));
      const json = await dashsync(dir, ['plan', '--all-envs', '--format', 'json']);
      expect(json.code, json.stderr).toBe(0);
      const plans = JSON.parse(json.stdout).plans as JsonPlan[];
      const team = plans.find((plan) => plan.target.environment === 'team')!;
      const ops = plans.find((plan) => plan.target.environment === 'ops')!;
      expect([deletes(team), deletes(ops)], order).toEqual([['old-board'], []]);
      expect(team.warnings.map((warning) => warning.message)).toContain(SAID);
      expect(ops.warnings.map((warning) => warning.message).filter((message) => message.includes('prune'))).toEqual([]);
    }

    const text = await dashsync(dir, ['plan', '--env', 'team']);
    expect(text.code, text.stderr).toBe(0);
    expect(lines(text.stdout)).toContain(`  ! ${SAID}`);
  });
});
