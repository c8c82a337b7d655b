import { GRAFANA_VERSIONS } from '../helpers/releases.js';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the Action bundle: a dashboard edited in Grafana between plan and apply', () => {
  it.each(GRAFANA_VERSIONS)('Grafana %s: the apply step fails with conflicts=1 and leaves the edit alone', async (grafanaVersion) => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const inputs = { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token };
    expect((await runAction(workspace, inputs)).code).toBe(0);

    const file = join(workspace, 'dashboards/team-a/service.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace('rate(http_requests_total[1m])', 'rate(http_requests_total[2m])'));
    const plan = await runAction(workspace, { ...inputs, command: 'plan' });
    expect(plan.outputs).toMatchObject({ 'has-changes': 'true', updates: '1', 'plan-file': 'dashsync-plan.json' });

    const live = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service');
    const edited = { ...live.body.dashboard, title: 'Team A Service (edited live)' };
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: edited, folderUid: 'action-team-a', overwrite: true })).status).toBe(200);

    // The token also in GRAFANA_TOKEN, as a workflow's env often sets it: masked once all the same.
    const apply = await runAction(workspace, inputs, { GRAFANA_TOKEN: token });
    expect(apply.code).toBe(1);
    expect(apply.stdout.split('\n').filter((line) => line.includes(token))).toEqual([`::add-mask::${token}`]);
    expect(apply.outputs).toEqual({ 'has-changes': 'true', creates: '0', updates: '0', deletes: '0', 'deletes-held': '0', unreadable: '0', 'uses-hidden-panels': '0', 'not-moved-into-hidden': '0', 'unreadable-library-panels': '0', conflicts: '1', 'library-panel-changes': '0', 'folder-changes': '0', 'plan-file': 'dashsync-plan.json' });
    // An annotation on the dashboard's file, as plan's drift warnings are.
    expect(apply.stdout).toMatch(/^::error title=dashsync conflict,file=dashboards\/team-a\/service\.json::conflict: action-service "Team A Service" \(dashboards\/team-a\/service\.json\) changed in Grafana after the plan: planned version 1, current version 2/m);
    // walk-59 M1: a way to force that can be followed, once, scoped to this reviewed plan (args: --force on the step starts
    // no run of its own, and then forces every later apply over every edit), in the log and in the job summary.
    const force =
      ", or run dashsync apply --force dashsync-plan.json to overwrite it, once, from a checkout of this commit holding dashsync-plan.json (this job's plan artifact), " +
      "with the Grafana credentials this job uses (it makes only this reviewed plan's changes, over the edits made in Grafana since that they meet)";
    expect(apply.stdout.split('\n').find((line) => line.startsWith('::error title=dashsync conflict,file='))).toMatch(new RegExp(`::conflict: action-service .*${escapeRegExp(force)}$`));
    expect(apply.summary.split('\n').find((line) => line.startsWith('> - conflict: action-service'))).toMatch(new RegExp(`${escapeRegExp(force)}$`));
    expect(`${apply.stdout}${apply.summary}`).not.toContain('apply step with args: --force');
    expect(apply.stdout).toMatch(/^::error::apply did not finish cleanly \(1 conflict\): Applied: 0 created, 0 updated, 0 moved, 0 deleted; 1 conflict\. What to do is on each problem's line above$/m);
    expect(apply.summary).toContain('**Applied: 0 created, 0 updated, 0 moved, 0 deleted; 1 conflict**');
    expect(apply.summary).toContain('> - conflict: action-service');
    const after = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service');
    expect(after.body.dashboard.title).toBe('Team A Service (edited live)');
    expect(after.body.dashboard.panels[0].targets[0].expr).toBe('rate(http_requests_total[1m])');
    for (const text of [apply.stderr, apply.outputsText, apply.summary]) expect(text).not.toContain(token);

    // walk-59 M2: the same plan forced: what it overwrote is in the job summary, not only in the log.
    const forced = await runAction(workspace, { ...inputs, args: '--force' });
    expect(forced.code, forced.stdout).toBe(0);
    expect(forced.stdout).toMatch(/^updated \(forced over version 2, saved by admin at \S+\): action-service "Team A Service"/m);
    expect(forced.summary).toMatch(
      /\n> \[!WARNING\]\n> --force overwrote an edit saved in Grafana after the plan \(Grafana's version history keeps each version it replaced\):\n> - updated \(forced over version 2, saved by admin at \S+\): action-service "Team A Service" \(dashboards\/team-a\/service\.json\), now version 3\n/,
    );
  });

  it('a saved plan and a different prune input: refused before anything is sent', async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const inputs = { 'grafana-url': sandbox.url, 'grafana-token': token };
    expect((await runAction(workspace, { ...inputs, command: 'plan' })).code).toBe(0);
    sandbox.clearRequests();
    const apply = await runAction(workspace, { ...inputs, command: 'apply', prune: 'all' });
    expect(apply.code).toBe(1);
    expect(apply.stdout).toContain(
      '::error::input "prune" is all but dashsync-plan.json was planned with prune false: prune is decided when planning; nothing was applied. Set it on the plan step, or remove it from the apply step',
    );
    expect(sandbox.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
