import { fileURLToPath } from 'node:url';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { walkFiles } from '../../pull/pull-fixture.js';
import { exampleWorkspace } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** The example tree: 7 classic model files, a classic dashboard as a v1 resource, two v2 dashboards. */
const V2_FILES = ['dashboards/applications/checkout/checkout-slo.json', 'dashboards/platform/kubernetes/workloads.json'];
/** Each v2 file's uid, which the refusals name. */
const V2_UIDS: Record<string, string> = { 'dashboards/applications/checkout/checkout-slo.json': 'checkout-slo', 'dashboards/platform/kubernetes/workloads.json': 'k8s-workloads' };

describe('the example corpus dashboards/', () => {
  it('passes dashsync check without a warning', async () => {
    const result = await runCliInProcess(['check'], { cwd: REPO });
    expect([result.stdout, result.stderr, result.code]).toEqual(['', 'check: 10 dashboards, 5 folders (1 with _folder.json), 0 errors, 0 warnings\n', 0]);
  });

  it.each(['12', '13'] as const)('mixed classic and v2 files apply on Grafana %s, then plan and pull find nothing to do', async (grafanaVersion) => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox, { resources: true });

    const applied = await workspace.cli(['apply']);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('Applied: 10 created, 0 updated, 0 moved, 0 deleted. Folders: 5 created\n');
    const before = await walkFiles(join(workspace.dir, 'dashboards'));

    const plan = await workspace.cli(['plan', '--detailed-exitcode']);
    // 12's sandbox keeps dashboards in legacy SQL storage, which keeps none of the three resource files' labels.
    const summary = grafanaVersion === '12' ? '7 unchanged, 3 with labels Grafana does not keep (nothing to write).' : '10 unchanged.';
    expect(plan.stdout).toContain(`Plan: 0 to create, 0 to update, 0 to move, 0 to delete, ${summary}`);
    expect(plan.code).toBe(0);
    const pulled = await workspace.cli(['pull']);
    expect(pulled.stdout).toBe('Pull: 0 created, 0 updated, 0 moved, 10 unchanged, 0 deleted.\n');
    expect(await walkFiles(join(workspace.dir, 'dashboards'))).toEqual(before);
  });

  it('a v2 file edited in git: the plan names elements, queries and layout places, not array indexes', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const workspace = await exampleWorkspace(sandbox, { resources: true });
    expect((await workspace.cli(['apply'])).code).toBe(0);
    const file = join(workspace.dir, V2_FILES[0]!);
    const slo = JSON.parse(await readFile(file, 'utf8'));
    slo.spec.elements['burn-rate'].spec.data.spec.queries[1].spec.query.spec.expr = 'slo:burn_rate:6h{service="checkout-api"}';
    const [availability, latency] = slo.spec.layout.spec.rows;
    const moved = latency.spec.layout.spec.items.pop();
    availability.spec.layout.spec.items.push({ ...moved, spec: { ...moved.spec, x: 0, y: 6 } });
    await writeFile(file, JSON.stringify(slo, null, 2));

    const plan = await workspace.cli(['plan']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout.split('\n').slice(2, 6)).toEqual([
      `~ update        ${V2_FILES[0]} "Checkout SLOs" (uid checkout-slo, live version 1) in "checkout": 1 panel moved, 1 field`,
      '      ~ elements["burn-rate" "Burn rate (1h / 6h)"].spec.data.spec.queries[refId="B"].spec.query.spec.expr: ' +
        '"(1 - sum(rate(http_requests_total{service=\\"checkout-api\\",code!~\\"5..\\"}[6h])) / sum(rate(http_requests_total{service… → "slo:burn_rate:6h{service=\\"checkout-api\\"}"',
      '      > layout["slow-share" "Requests slower than 800 ms"]: moved from row "Latency" to row "Availability"',
      '',
    ]);
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to update, 0 to move, 0 to delete, 9 unchanged.');
  });

  it('on Grafana 11.2 (no /apis), plan names each v2 file, says discovery found no /apis, and writes nothing', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const workspace = await exampleWorkspace(sandbox, { resources: true });

    const plan = await workspace.cli(['plan']);

    expect(plan.code).toBe(1);
    for (const file of V2_FILES) {
      expect(plan.stderr).toContain(`${file}:2:17: error: dashboard ${V2_UIDS[file]}: dashboard.grafana.app/v2beta1 needs Grafana's /apis (Grafana 12 or later), and ${sandbox.url} serves no dashboard.grafana.app (GET /apis found none)`);
    }
    expect(plan.stderr).toContain('nothing was written to Grafana');
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET')).toEqual([]);
  });

  it('with --api legacy, plan refuses each v2 file before any request', async () => {
    const sandbox = await startTestSandbox();
    const workspace = await exampleWorkspace(sandbox, { resources: true });

    const plan = await workspace.cli(['plan', '--api', 'legacy']);

    expect(plan.code).toBe(1);
    for (const file of V2_FILES) expect(plan.stderr).toContain(`${file}:2:17: error: dashboard ${V2_UIDS[file]}: dashboard.grafana.app/v2beta1 needs Grafana's /apis (Grafana 12 or later), and this run uses the legacy /api (api "legacy", --api)`);
    expect(plan.stderr).toContain('nothing was sent to Grafana');
    expect(sandbox.requests()).toEqual([]);
  });
});
