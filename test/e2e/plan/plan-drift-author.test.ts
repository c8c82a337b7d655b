import { describe, expect, it, vi } from 'vitest';
import type { RequestLogEntry, SandboxHandle } from '../../../src/sandbox/types.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { exampleWorkspace, useApi } from '../apply/workspace.js';

vi.setConfig({ testTimeout: 120_000 });

/** Someone saves the dashboard in Grafana's UI as `user` (login), with `name` as their name when given. */
async function uiEdit(sandbox: SandboxHandle, uid: string, user: string, name?: string): Promise<string> {
  const response = await fetch(`${sandbox.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid, user, ...(name === undefined ? {} : { name }) }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as any).metadata.annotations['grafana.app/updatedBy'];
}

const displayRequests = (requests: RequestLogEntry[]) => requests.filter((entry) => entry.path.startsWith('/apis/iam.grafana.app/v0alpha1/namespaces/default/display?'));
const driftLines = (stdout: string) => stdout.split('\n').filter((line) => line.includes('! drift:'));

/** The example tree applied through /apis, then three dashboards edited in the UI by two people. */
async function driftedWorkspace(grafanaVersion: '12' | '13') {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const workspace = await exampleWorkspace(sandbox);
  await useApi(workspace, 'k8s');
  expect((await workspace.cli(['apply'])).code).toBe(0);
  const jane = await uiEdit(sandbox, 'redis-exporter', 'jane', 'Jane Doe');
  await uiEdit(sandbox, 'postgresql-overview', 'jane');
  const eve = await uiEdit(sandbox, 'platform-overview', 'eve', 'Eve\u001b]0;owned\u0007 \u202eevil');
  sandbox.clearRequests();
  return { sandbox, workspace, jane, eve };
}

describe.each(['12', '13'] as const)('the drift warning on /apis names who saved it (Grafana %s, api k8s)', (grafanaVersion) => {
  it('by the name Grafana shows, escaped, from one display request for the distinct people', async () => {
    const { sandbox, workspace, jane, eve } = await driftedWorkspace(grafanaVersion);

    const plan = await workspace.cli(['plan']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(driftLines(plan.stdout)).toEqual([
      expect.stringMatching(/^ {2}! drift: platform-overview ".*" was last saved in Grafana by Eve\\x1b\]0;owned\\x07 \\u202eevil at /),
      expect.stringMatching(/^ {2}! drift: postgresql-overview ".*" was last saved in Grafana by Jane Doe at /),
      expect.stringMatching(/^ {2}! drift: redis-exporter ".*" was last saved in Grafana by Jane Doe at /),
    ]);
    const asked = displayRequests(sandbox.requests());
    expect(asked.map((entry) => [entry.method, entry.status])).toEqual([['GET', 200]]);
    expect(new URL(asked[0]!.path, sandbox.url).searchParams.getAll('key').sort()).toEqual([eve, jane].sort());
  });

  it('by the typed identity when Grafana does not name it (the display route fails): the plan still succeeds', async () => {
    const { sandbox, workspace, jane } = await driftedWorkspace(grafanaVersion);
    sandbox.setFaults({ pathPrefix: '/apis/iam.grafana.app/', errorRate: 1, errorStatus: 500 });

    const plan = await workspace.cli(['plan']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(driftLines(plan.stdout).filter((line) => line.includes('redis-exporter'))).toEqual([
      expect.stringContaining(`was last saved in Grafana by ${jane} (a user Grafana's display list did not name: deleted since, or the list could not be read) at `),
    ]);
    // One read, sent once more after its 500 (reads are resent after a 500), then given up: the plan still succeeds.
    expect(displayRequests(sandbox.requests()).map((entry) => entry.status)).toEqual([500, 500]);
  });

  it('asks nothing when no dashboard drifted', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'k8s');
    expect((await workspace.cli(['apply'])).code).toBe(0);
    sandbox.clearRequests();

    const plan = await workspace.cli(['plan']);

    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update');
    expect(displayRequests(sandbox.requests())).toEqual([]);
  });
});
