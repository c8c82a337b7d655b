import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

// Each test runs the bundle four or five times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

// walk-20 L-4: after a reviewed apply refused a UI edit as a conflict, the next push without a plan file (require-plan:
// false, a direct push to main) overwrote that same edit with only a drift warning, exit 0. A plan no one reviewed now
// leaves such an edit untouched, as a conflict, unless the step's args hold --force; a reviewed plan that shows the drift
// still overwrites it (the reviewer saw it).
describe('the Action: a one-step apply (no plan file) and an edit made in Grafana', () => {
  it('leaves the edit untouched as a conflict, applies the rest, and names it in the No reviewed plan box; args: --force overwrites it, and says so', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const inputs = { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token };
    const push = { GITHUB_EVENT_NAME: 'push' };
    expect((await runAction(workspace, inputs, push)).code).toBe(0);

    // Someone edits the service dashboard in Grafana; then a direct push changes the overview only.
    const live = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service');
    const edited = { ...live.body.dashboard, title: 'Team A Service (edited live)' };
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: edited, folderUid: 'action-team-a', overwrite: true })).status).toBe(200);
    const overview = join(workspace, 'dashboards/overview.json');
    await writeFile(overview, (await readFile(overview, 'utf8')).replace('sum(up)', 'sum(up) by (job)'));
    await rm(join(workspace, 'dashsync-plan.json'));

    const kept = await runAction(workspace, inputs, push);
    expect(kept.code).toBe(1);
    expect(kept.outputs).toMatchObject({ 'has-changes': 'true', creates: '0', updates: '1', conflicts: '1' });
    const conflictLine =
      'conflict: action-service "Team A Service (edited live)" (dashboards/team-a/service.json, titled "Team A Service" there) was last saved in Grafana by admin, not by dashsync (version 2';
    expect(kept.stdout).toContain(`::error title=dashsync conflict,file=dashboards/team-a/service.json::${conflictLine}`);
    // The plan's drift warning, in the log, its annotation and the job summary, says what this step does with the edit.
    const keptWarning = /not by dashsync; no one reviewed this plan, so this step leaves that version untouched \(a conflict\) unless args holds --force \(to bring it in, run dashsync pull action-service first\)/;
    expect(kept.stdout).toMatch(new RegExp(`^  ! drift: action-service .*${keptWarning.source}$`, 'm'));
    expect(kept.stdout).toMatch(new RegExp(`^::warning title=dashsync drift,file=dashboards/team-a/service\\.json::drift: action-service .*${keptWarning.source}$`, 'm'));
    expect(kept.summary).toMatch(new RegExp(`^> - drift: action-service .*${keptWarning.source}$`, 'm'));
    expect(kept.stdout + kept.summary).not.toContain('the edit is lost');
    expect(kept.stdout).toMatch(
      /, and no one reviewed a plan that overwrites that edit; left untouched\. To keep the edit: dashsync pull action-service to merge the live edit into your change; to overwrite it: apply a reviewed plan \(a pull request's, which shows the edit as drift\), or run the apply step with args: --force$/m,
    );
    expect(kept.summary).toContain(
      '> [!WARNING]\n> No reviewed plan: planned and applied in one step.\n> It left 1 dashboard edited in Grafana untouched (drift: each a conflict, below): action-service "Team A Service (edited live)".',
    );
    expect(kept.summary).toContain('**Applied: 0 created, 1 updated, 0 moved, 0 deleted; 1 conflict**');
    expect(kept.summary).toContain(`> - ${conflictLine}`);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service')).body.dashboard.title).toBe('Team A Service (edited live)');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-overview')).body.dashboard.panels[0].targets[0].expr).toBe('sum(up) by (job)');

    // The operator decides to overwrite it: args: --force, and the box says what was overwritten.
    await rm(join(workspace, 'dashsync-plan.json'));
    const forced = await runAction(workspace, { ...inputs, args: '--force' }, push);
    expect(forced.code, forced.stdout).toBe(0);
    expect(forced.outputs).toMatchObject({ updates: '1', conflicts: '0' });
    expect(forced.stdout).toMatch(/^  ! drift: action-service .*not by dashsync; applying replaces that version with the file: the edit is lost unless the file already holds it/m);
    expect(forced.summary).toContain(
      '> [!WARNING]\n> No reviewed plan: planned and applied in one step.\n> It overwrote 1 dashboard edited in Grafana (drift, as args: --force allows): action-service "Team A Service (edited live)".',
    );
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service')).body.dashboard.title).toBe('Team A Service');
  });

  it('a reviewed plan that shows the drift overwrites the edit: the reviewer saw it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const inputs = { 'grafana-url': sandbox.url, 'grafana-token': token };
    expect((await runAction(workspace, { ...inputs, command: 'apply' }, { GITHUB_EVENT_NAME: 'push' })).code).toBe(0);
    const live = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service');
    const edited = { ...live.body.dashboard, title: 'Team A Service (edited live)' };
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: edited, folderUid: 'action-team-a', overwrite: true })).status).toBe(200);

    const plan = await runAction(workspace, { ...inputs, command: 'plan', 'plan-file': 'reviewed.json' });
    expect(plan.stdout).toMatch(/^::warning title=dashsync drift,file=dashboards\/team-a\/service\.json::/m);
    const apply = await runAction(workspace, { ...inputs, command: 'apply', 'plan-file': 'reviewed.json' }, { GITHUB_EVENT_NAME: 'push' });
    expect(apply.code, apply.stdout).toBe(0);
    expect(apply.outputs).toMatchObject({ updates: '1', conflicts: '0' });
    expect(apply.summary).toContain('Applied the saved plan `reviewed.json`.');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service')).body.dashboard.title).toBe('Team A Service');
  });
});
