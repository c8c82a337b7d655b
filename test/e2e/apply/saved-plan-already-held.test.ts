import { describe, expect, it, vi } from 'vitest';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { MERGED_PLANS_CASES, twoMergedPlans } from '../../helpers/two-merged-plans.js';

vi.setConfig({ testTimeout: 120_000 });

// walk-59 M3: two merges on different files, applied in order; the second apply said the first one's file was not deployed
// (and asked for a plan or a push) although the first apply had put it in Grafana.
describe.each(MERGED_PLANS_CASES)('a saved plan applied after another merge (Grafana $grafanaVersion, --api $api)', (cases) => {
  it("says the other merge's file is already in Grafana once that one's plan applied it, and advises a plan while it is not", async () => {
    const { dir, env } = await twoMergedPlans(cases);
    const { api } = cases;
    const apply = (plan: string) => runCliInProcess(['apply', plan, '--api', api], { cwd: dir, env });

    // The advised plan repeats the --api the run was given, auto too (walk-64 M2: a config may pin legacy).
    const first = await apply('plan-a.json');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).not.toContain('already in Grafana');
    expect(first.stderr).toBe(`note: 1 file changed since this plan was made that it does not push (dashboards/b.json): dashsync plan --api ${api} again to deploy it\n`);

    const second = await apply('plan-b.json');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stdout).toContain('already in Grafana: dashboards/a.json changed since this plan was made; Grafana holds that version (an apply since deployed it)\n');
    expect(second.stdout).toContain('Applied: 0 created, 1 updated, 0 moved, 0 deleted, 1 unchanged');
  });
});
