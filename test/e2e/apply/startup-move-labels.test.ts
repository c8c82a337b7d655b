import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { exampleWorkspace, workspaceAt } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// audit-ux-14 LOW-1: the example tree's resource files carry labels and annotations (mysql, workloads, checkout-slo).
// 12.3's legacy SQL storage keeps none of them; 12.4 moves a small instance to unified storage at startup, which does.
describe("12.4's startup move to unified storage: the labels the earlier storage did not keep", () => {
  it('the first plan after the move says why files nobody changed get label updates; apply says the version stays', async () => {
    const dataFile = join(await mkdtemp(join(tmpdir(), 'dashsync-startup-move-')), 'grafana.json');
    const on123 = await startTestSandbox({ grafanaVersion: '12', release: '12.3.0', dataFile });
    const workspace123 = await exampleWorkspace(on123, { resources: true });
    await commitAll(workspace123.dir, 'base');
    expect((await workspace123.cli(['apply'])).code).toBe(0);
    const before = await workspace123.cli(['plan']);
    expect(before.stdout).toContain('3 with labels Grafana does not keep (nothing to write)');
    await on123.close();

    const on124 = await startTestSandbox({ grafanaVersion: '12', release: '12.4.0', dataFile, port: Number(new URL(on123.url).port) });
    expect(on124.storage).toBe('unified');
    const workspace = workspaceAt(workspace123.dir, on124);

    const planned = await workspace.cli(['plan', '--format', 'json']);

    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(planned.stdout);
    const updates = plan.dashboards.filter((dashboard: { action: string }) => dashboard.action === 'update');
    expect(updates.map((dashboard: { uid: string }) => dashboard.uid).sort()).toEqual(['checkout-slo', 'k8s-workloads', 'mysql-overview']);
    expect(plan.warnings.map((warning: { message: string }) => warning.message)).toContain(
      "labels and annotations now kept: checkout-slo, k8s-workloads, mysql-overview get the labels and annotations their files hold, which Grafana's earlier storage " +
        '(legacy SQL) did not keep; Grafana has moved them to unified storage, which keeps them (nothing else changes)',
    );

    const applied = await workspace.cli(['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    const lines = applied.stdout.split('\n').filter((line) => line.startsWith('updated:'));
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/\); labels and annotations only: Grafana keeps version 1(;|$)/);
    // Once written, no note and nothing to do.
    const again = await workspace.cli(['plan', '--detailed-exitcode']);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).not.toContain('now kept');
  });
});
