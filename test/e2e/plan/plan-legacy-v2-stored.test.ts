import { describe, expect, it, vi } from 'vitest';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { exampleWorkspace, writes } from '../apply/workspace.js';

vi.setConfig({ testTimeout: 60_000 });

describe('--api legacy on Grafana 13 where a dashboard is stored as v2', () => {
  it('plan and apply stop with one line naming the dashboard, its file and the --api that reads it, and write nothing', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['apply', '--api', 'legacy'])).code).toBe(0);
    // Someone saves it in the dynamic-dashboards editor: Grafana now stores it as v2, which /api answers with 406.
    expect((await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'redis-exporter' }) })).status).toBe(200);

    const stored = 'error: dashboard redis-exporter (dashboards/platform/databases/redis.json) is stored in Grafana as a v2 dashboard, which /api cannot read (Grafana answers 406)';
    const next = 'Run with --api auto or k8s (config "api"), which read it through /apis\n';
    const plan = await workspace.cli(['plan', '--api', 'legacy']);
    expect([plan.code, plan.stdout, plan.stderr]).toEqual([1, '', `${stored}. ${next}`]);

    sandbox.clearRequests();
    const apply = await workspace.cli(['apply', '--api', 'legacy']);
    expect([apply.code, apply.stderr]).toEqual([1, `${stored}; nothing was applied. ${next}`]);
    expect(writes(sandbox)).toEqual([]);
  });
});
