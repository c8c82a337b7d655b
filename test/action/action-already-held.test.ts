import { describe, expect, it, vi } from 'vitest';
import { MERGED_PLANS_CASES, twoMergedPlans } from '../helpers/two-merged-plans.js';
import { runAction } from './run-action.js';

vi.setConfig({ testTimeout: 120_000 });

// walk-59 M3: the second of two merges' applies put a notice on the first one's file asking for a push, although that
// merge's own apply had deployed it.
describe.each(MERGED_PLANS_CASES)('the Action applying a saved plan after another merge (Grafana $grafanaVersion, --api $api)', (cases) => {
  it("says the other merge's file is already in Grafana once that one's run applied it, with no notice; a notice while it is not", async () => {
    const { sandbox, dir, token, head } = await twoMergedPlans(cases);
    const { api } = cases;
    const apply = (plan: string) =>
      runAction(dir, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token, 'plan-file': plan, args: `--api ${api}` }, { GITHUB_SHA: head, GITHUB_EVENT_NAME: 'push' });

    const first = await apply('plan-a.json');
    expect(first.code, first.stdout).toBe(0);
    expect(first.stdout).not.toContain('already in Grafana');
    expect(first.stdout.split('\n').filter((line) => line.startsWith('::notice '))).toEqual([
      `::notice title=dashsync not in this plan,file=dashboards/b.json::changed since this plan was made, and the plan does not push it; where a pull request merged since changed it, the apply of that merge's own run deploys it (or did already); otherwise a re-run of job "dashsync" applies the same plan: push a commit to this branch (or merge a pull request into it), whose run plans it`,
    ]);

    const second = await apply('plan-b.json');
    expect(second.code, second.stdout).toBe(0);
    expect(second.stdout.split('\n').filter((line) => line.startsWith('::notice '))).toEqual([]);
    expect(second.stdout).toContain('already in Grafana: dashboards/a.json changed since this plan was made; Grafana holds that version (an apply since deployed it)\n');
    expect(second.summary).toContain('**Applied: 0 created, 1 updated, 0 moved, 0 deleted, 1 unchanged');
    expect(second.summary).toContain('already in Grafana: dashboards/a.json changed since this plan was made');
    expect(second.summary).not.toContain('[!NOTE]');
  });
});
