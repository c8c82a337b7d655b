import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { lines, writeJson } from '../e2e/plan/plan-fixture.js';
import { dashsyncAsAdmin as dashsync, orphanInTeam } from '../helpers/orphan-in-team.js';
import { startTestSandbox } from '../helpers/sandbox.js';

// Each test runs the CLI (in-process) several times.
vi.setConfig({ testTimeout: 120_000 });

// env-60 (stop 59 §10.4): a dashboard whose file this run selects and an environment with prune off selects too was this
// run's to prune, with no word of the other: its reviewers could read "ops deploys with prune off" as a keep. The rule
// (docs/environments.md): an environment that prunes owns what it selects, whatever its place in the config; the plan says so.

interface JsonPlan {
  target: { environment: string };
  dashboards: { action: string; uid: string }[];
  warnings: { message: string }[];
}

const deletes = (plan: JsonPlan) => plan.dashboards.filter((dashboard) => dashboard.action === 'delete').map((dashboard) => dashboard.uid);

const SAID =
  '1 dashboard in folder "Team" deleted here: its file is selected by environment ops too, which deploys with prune off; prune off keeps only what no environment that prunes selects, whatever their order in the config';

const TOLD =
  '1 dashboard in folder "Team" that no file holds is deleted by environment team\'s next apply, which prunes there unless its maxDeletes refuses that apply (dashsync plan --env team shows it); ' +
  'prune off here keeps only what no environment that prunes owns; to keep it, give it a file in the tree';

/** ops (every file, prune off) and team (its directory, prune on), in `order`; one org. */
function config(handle: SandboxHandle, order: 'ops first' | 'team first') {
  const ops = { url: handle.url, prune: false };
  const team = { url: handle.url, include: ['team'], prune: 'folders' };
  return { api: 'legacy', root: 'dashboards', environments: order === 'ops first' ? { ops, team } : { team, ops } };
}

describe('a file an environment with prune off selects too is pruned by the one that prunes, which says so', () => {
  it('whatever the order in the config: team deletes it and names ops; ops deletes nothing', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await orphanInTeam(handle, config(handle, 'ops first'));

    for (const order of ['ops first', 'team first'] as const) {
      await writeJson(dir, 'dashsync.config.json', config(handle, order));
      const json = await dashsync(dir, ['plan', '--all-envs', '--format', 'json']);
      expect(json.code, json.stderr).toBe(0);
      const plans = JSON.parse(json.stdout).plans as JsonPlan[];
      const team = plans.find((plan) => plan.target.environment === 'team')!;
      const ops = plans.find((plan) => plan.target.environment === 'ops')!;
      expect([deletes(team), deletes(ops)], order).toEqual([['old-board'], []]);
      expect(team.warnings.map((warning) => warning.message)).toContain(SAID);
      // ops' plan names the apply that deletes it (env-61), so that nobody reads ops' prune off as a keep there either.
      expect(ops.warnings.map((warning) => warning.message).filter((message) => message.includes('prune'))).toEqual([TOLD]);
    }

    const text = await dashsync(dir, ['plan', '--env', 'team']);
    expect(text.code, text.stderr).toBe(0);
    expect(lines(text.stdout)).toContain(`  ! ${SAID}`);
  });
});
