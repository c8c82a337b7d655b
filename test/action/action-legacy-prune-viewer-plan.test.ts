import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

// The bundle runs three times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

describe("the Action: a Viewer's plan of a prune through /api (api legacy) on Grafana 12, applied by the apply job's Editor token", () => {
  it("holds Terraform's dashboard the plan could not judge, deletes the one dashsync pushed, and counts the held one in deletes-held", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await makeWorkspace();
    const editor = await sandbox.createToken('Editor');
    const push = { GITHUB_EVENT_NAME: 'push' };
    // dashsync deploys the tree with the apply job's token; then service.json leaves the tree.
    const deployed = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': editor, args: '--api legacy' }, push);
    expect(deployed.code, deployed.stdout).toBe(0);
    await rm(join(workspace, 'dashboards/team-a/service.json'));
    // Terraform's dashboard in the same folder, marked as terraform-provider-grafana marks it (on /apis only).
    const annotations = { 'grafana.app/folder': 'action-team-a', 'grafana.app/managedBy': 'terraform', 'grafana.app/managerId': 'tf-platform' };
    const made = await apiRequest(sandbox, 'POST', '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards', { metadata: { name: 'tf-net', annotations }, spec: { title: 'Terraform network' } }, bearerHeaders(await sandbox.createToken('Admin')));
    expect(made.status).toBe(201);

    const planned = await runAction(workspace, {
      command: 'plan',
      'grafana-url': sandbox.url,
      'grafana-token': await sandbox.createToken('Viewer'),
      'read-only-token': 'true',
      'plan-file': 'legacy.plan.json',
      prune: 'all',
      args: '--api legacy',
    });

    expect(planned.code, planned.stdout).toBe(0);
    expect(planned.stdout).toContain(
      `owner not judged for 2 deletes: api "legacy" reads /api, which does not show which tool manages a dashboard on Grafana 12 (Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only), ` +
        'and a read-only token, as input read-only-token says, may not read their version history, which shows whether dashsync saved them last, so another tool may manage some of them; ' +
        "the apply decides: the apply job's token reads each one's history before its backup and deletes only dashboards dashsync saved last, holding the others (all of them, where it may not read the history either); " +
        `a plan whose "args" input holds --api auto (its apply step's too) judges them now: action-service, tf-net`,
    );
    expect(planned.outputs).toMatchObject({ deletes: '2', 'deletes-held': '0' });

    const applied = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': editor, 'plan-file': 'legacy.plan.json', 'require-plan': 'true', args: '--api legacy' }, push);

    expect(applied.code, applied.stdout).toBe(0);
    expect(applied.stdout).toContain('held: tf-net "Terraform network": not deleted: its version history shows dashsync did not save it last, and api "legacy" does not show which tool manages it');
    expect(applied.stdout).toContain('Applied: 0 created, 0 updated, 0 moved, 1 deleted, 1 delete held');
    expect(applied.outputs).toMatchObject({ deletes: '1', 'deletes-held': '1' });
    expect(applied.summary).toContain('1 delete held: api "legacy" reads /api');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/tf-net')).status).toBe(200);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service')).status).toBe(404);
  });
});
