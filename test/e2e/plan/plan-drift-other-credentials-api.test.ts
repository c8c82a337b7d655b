import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { editFile, exampleWorkspace, useApi } from '../apply/workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// Through /api the same tree plans alike whoever of the org runs the plan (audit-ux-4 F26): every dashsync save's
// version message ends in a content note naming the saver as /api's version list shows it (`as <login or service
// account name>`), so a push by one identity is dashsync's push for another. The plans run on a branch whose git
// history holds none of what was pushed: there only authorship keeps the drift warning away.

const UPDATED = 'dashboards/platform-overview.json';
const CREATED = 'dashboards/platform/databases/redis.json';
const driftLines = (stdout: string) => stdout.split('\n').filter((line) => line.includes('! drift:'));
const NO_ENV = { GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };

describe.each([
  // 12 shows a service account's saves by its name; 11.2 shows them as Anonymous, so there the token plans a user's pushes.
  { grafanaVersion: '12', pushAs: 'token', planAs: 'admin' },
  { grafanaVersion: '11.2', pushAs: 'admin', planAs: 'token' },
] as const)('pushed through /api as $pushAs, planned as $planAs (Grafana $grafanaVersion)', ({ grafanaVersion, pushAs, planAs }) => {
  async function pushedWorkspace() {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'legacy');
    await commitAll(workspace.dir, 'base');
    const token = { GRAFANA_TOKEN: await sandbox.createToken('Editor'), ...NO_ENV };
    const as = { token, admin: {} };
    expect((await workspace.cli(['apply'], as[pushAs])).code).toBe(0);
    await editFile(workspace, UPDATED, (model) => (model.description = 'pushed by dashsync'));
    await commitAll(workspace.dir, 'describe');
    expect((await workspace.cli(['apply'], as[pushAs])).code).toBe(0);
    return { sandbox, workspace, pusher: as[pushAs], planner: as[planAs] };
  }

  it('a push, and a dashboard dashsync only created, are not drift for the other credentials', async () => {
    const { sandbox, workspace, pusher, planner } = await pushedWorkspace();
    const versions = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/platform-overview/versions?limit=1');
    const newest = grafanaVersion === '11.2' ? versions.body[0] : versions.body.versions[0];
    expect(newest.message).toMatch(new RegExp(`^dashsync: [0-9a-f]{12} describe \\[commit [0-9a-f]{40}\\] \\[content sha256:[0-9a-f]{16} as ${newest.createdBy}\\]$`));

    // Another line of work: its history holds neither push.
    await git(workspace.dir, 'checkout', '-q', '--orphan', 'elsewhere');
    await editFile(workspace, UPDATED, (model) => (model.description = 'changed in the file'));
    await editFile(workspace, CREATED, (model) => (model.description = 'changed in the file'));
    await commitAll(workspace.dir, 'elsewhere');
    const asPlanner = await workspace.cli(['plan'], planner);
    const asPusher = await workspace.cli(['plan'], pusher);

    expect(asPlanner.code, asPlanner.stderr).toBe(0);
    expect(asPlanner.stdout).toContain('Plan: 0 to create, 2 to update');
    expect(driftLines(asPlanner.stdout)).toEqual([]);
    expect(asPlanner.stdout).toBe(asPusher.stdout);
  });

  it("a UI save by someone else over the push, its message copied, is still drift", async () => {
    const { sandbox, workspace, pusher, planner } = await pushedWorkspace();
    const versions = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/platform-overview/versions?limit=1');
    const { message } = grafanaVersion === '11.2' ? versions.body[0] : versions.body.versions[0];
    const edit = await apiRequest(sandbox, 'POST', '/__sandbox/ui-edit', { uid: 'platform-overview', user: 'mallory', spec: { description: 'edited in the UI' }, message });
    expect(edit.status, edit.text).toBe(200);
    await git(workspace.dir, 'checkout', '-q', '--orphan', 'elsewhere');
    await editFile(workspace, UPDATED, (model) => (model.description = 'changed in the file'));
    await commitAll(workspace.dir, 'elsewhere');

    const asPlanner = await workspace.cli(['plan'], planner);
    const asPusher = await workspace.cli(['plan'], pusher);

    expect(driftLines(asPlanner.stdout)).toEqual([expect.stringContaining('! drift: platform-overview "Platform Overview" was last saved in Grafana by mallory')]);
    expect(driftLines(asPusher.stdout)).toEqual([expect.stringContaining('! drift: platform-overview "Platform Overview" was last saved in Grafana by mallory')]);
  });
});
