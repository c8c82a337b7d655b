import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { lines, saveLive } from '../e2e/plan/plan-fixture.js';
import { appliedTree, dashsyncAsAdmin as dashsync } from '../helpers/orphan-in-team.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Each test runs the CLI (in-process) several times.
vi.setConfig({ testTimeout: 120_000 });

// env-62 (stop 61 §11.3): a typed --include replaced every environment's selection, so `plan --env a --include a/a1.json`
// judged b by a's file: b no longer deployed its own folder, and a's prune deleted a dashboard made by hand there (b's to
// prune, as b's own plan shows) with no "left to environment b" line.

interface JsonPlan {
  dashboards: { action: string; uid: string }[];
  warnings: { message: string }[];
}

const deletes = (plan: JsonPlan) => plan.dashboards.filter((dashboard) => dashboard.action === 'delete').map((dashboard) => dashboard.uid);
const exists = async (handle: SandboxHandle, uid: string) => (await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).status === 200;

/** a deploys dashboards/a (folder "A"), b dashboards/b (folder "B"), both pruning, one org; both applied; "Hand board" made by hand in B. */
async function twoTeams(handle: SandboxHandle): Promise<string> {
  const environments = { a: { url: handle.url, include: ['a'], prune: 'folders' }, b: { url: handle.url, include: ['b'], prune: 'folders' } };
  const dir = await appliedTree({ api: 'legacy', root: 'dashboards', environments }, {
    'dashboards/a/_folder.json': { uid: 'a', title: 'A' },
    'dashboards/a/a1.json': { uid: 'a1', title: 'A one', panels: [] },
    'dashboards/a/a2.json': { uid: 'a2', title: 'A two', panels: [] },
    'dashboards/b/_folder.json': { uid: 'b', title: 'B' },
    'dashboards/b/b1.json': { uid: 'b1', title: 'B one', panels: [] },
  }, ['a', 'b']);
  await saveLive(handle, { uid: 'hand', title: 'Hand board', panels: [] }, 'b', 'by hand');
  return dir;
}

const LEFT_TO_B = '1 dashboard in folder "B" left to environment b (its directory; dashsync plan --env b prunes it)';

describe("a typed --include narrows this run's environment only", () => {
  it("plan --env a --include a/a1.json leaves b's folder to b as a's plan without it does, and the advice is b's own plan", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await twoTeams(handle);

    const whole = await dashsync(dir, ['plan', '--env', 'a', '--format', 'json']);
    const typed = await dashsync(dir, ['plan', '--env', 'a', '--include', 'a/a1.json', '--format', 'json']);
    const text = await dashsync(dir, ['plan', '--env', 'a', '--include', 'a/a1.json']);

    expect([whole.code, typed.code, text.code], whole.stderr + typed.stderr + text.stderr).toEqual([0, 0, 0]);
    const [wholePlan, typedPlan] = [JSON.parse(whole.stdout) as JsonPlan, JSON.parse(typed.stdout) as JsonPlan];
    expect([deletes(wholePlan), deletes(typedPlan)]).toEqual([[], []]);
    expect(wholePlan.warnings.map((warning) => warning.message)).toContain(LEFT_TO_B);
    expect(typedPlan.warnings.map((warning) => warning.message)).toContain(LEFT_TO_B);
    expect(lines(text.stdout)).toContain(`  ! ${LEFT_TO_B}`);
    expect(text.stdout).not.toContain('- delete');
    // Nor are a2 and b1 files "no environment selects": a's and b's config files select them, whatever this run typed.
    expect(text.stdout + text.stderr).not.toContain('no environment selects');
    expect(text.stdout + text.stderr).toContain('left to environment b');
    // The advice, pasted, is b's plan, which deletes it.
    const advised = await dashsync(dir, ['plan', '--env', 'b', '--format', 'json']);
    expect(deletes(JSON.parse(advised.stdout) as JsonPlan)).toEqual(['hand']);
  });

  it('apply --env a --include a/a1.json leaves the dashboard in b\'s folder; b\'s apply deletes it', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await twoTeams(handle);

    const applied = await dashsync(dir, ['apply', '--env', 'a', '--include', 'a/a1.json', '--auto-approve']);

    expect(applied.code, applied.stderr).toBe(0);
    expect(lines(applied.stdout)).toContain(`  ! ${LEFT_TO_B}`);
    expect(await exists(handle, 'hand')).toBe(true);
    const byB = await dashsync(dir, ['apply', '--env', 'b', '--auto-approve']);
    expect(byB.code, byB.stderr).toBe(0);
    expect(await exists(handle, 'hand')).toBe(false);
  });
});
