import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

// The bundle runs four times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

describe('the Action: a plan step given --api auto, as legacy\'s held deletes advise, and an apply step through /api (walk-64 M2)', () => {
  it("the held line names the apply step's args too; an apply step without the flag is refused with the args that apply the plan", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await makeWorkspace();
    const editor = await sandbox.createToken('Editor');
    const push = { GITHUB_EVENT_NAME: 'push' };
    expect((await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': editor, args: '--api legacy' }, push)).code).toBe(0);
    await rm(join(workspace, 'dashboards/team-a/service.json'));
    const ui = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'ui-made', title: 'Made in the UI', panels: [] }, folderUid: 'action-team-a', message: 'ui' }, bearerHeaders(await sandbox.createToken('Admin')));
    expect(ui.status).toBe(200);
    const legacyPlan = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': editor, prune: 'all', args: '--api legacy' });
    expect(legacyPlan.stdout).toContain('a plan whose "args" input holds --api auto (its apply step\'s too) deletes the others no tool manages: ui-made');

    const planned = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': editor, 'plan-file': 'auto.plan.json', prune: 'all', args: '--api auto' });
    expect(planned.code, planned.stdout).toBe(0);
    const refused = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': editor, 'plan-file': 'auto.plan.json', 'require-plan': 'true', args: '--api legacy' }, push);

    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      "the plan was made through Grafana's /apis (api: k8s, or auto on Grafana 12 and later), but this run uses /api (api: legacy, or auto on Grafana 11); nothing was applied. " +
        // require-plan: true refuses a push without a reviewed plan: a new plan comes from a pull request (walk-68b M1).
        // The plan file records the plan step's --api auto (fixo-72), so the advice names that flag, as the CLI's does for
        // a plan made with it: the args the plan step gave, which the apply below takes.
        'Give the apply step\'s "args" input --api auto (the API the plan was made through), or make the plan again: open a pull request that changes a dashboard file',
    );
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/ui-made')).status).toBe(200);

    const applied = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': editor, 'plan-file': 'auto.plan.json', 'require-plan': 'true', args: '--api auto' }, push);

    expect(applied.code, applied.stdout).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/ui-made')).status).toBe(404);
  });
});
