import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction, type ActionRun } from './run-action.js';

/** The token may reach the runner only inside its own `::add-mask::` command, which the runner swallows. */
function expectTokenHidden(token: string, run: ActionRun, files: string[] = []): void {
  const maskLine = `::add-mask::${token}`;
  expect(run.stdout.split('\n').filter((line) => line.includes(token))).toEqual([maskLine]);
  for (const text of [run.stderr, run.outputsText, run.summary, ...files]) expect(text).not.toContain(token);
}

describe('the Action bundle: plan, then apply the saved plan', () => {
  it('plans into the job summary and the plan file, applies exactly that plan, then plans nothing', async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    // Live already: the folder, and the service dashboard with another query, so the plan has an update with a diff.
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'action-team-a', title: 'Team A' })).status).toBe(200);
    const seeded = await apiRequest(sandbox, 'POST', '/api/dashboards/db', {
      dashboard: {
        uid: 'action-service',
        title: 'Team A Service',
        schemaVersion: 39,
        refresh: '30s',
        panels: [{ id: 4, type: 'timeseries', title: 'Requests', gridPos: { h: 8, w: 12, x: 0, y: 0 }, targets: [{ expr: 'rate(http_requests_total[5m])', refId: 'A' }] }],
      },
      folderUid: 'action-team-a',
      message: 'edited by hand',
    });
    expect(seeded.status).toBe(200);
    const workspace = await makeWorkspace();
    const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards', 'plan-file': 'out/plan.json' };

    const plan = await runAction(workspace, inputs);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.outputs).toEqual({ 'has-changes': 'true', creates: '1', updates: '1', deletes: '0', 'deletes-held': '0', unreadable: '0', 'uses-hidden-panels': '0', 'not-moved-into-hidden': '0', 'unreadable-library-panels': '0', conflicts: '0', 'library-panel-changes': '0', 'folder-changes': '0', 'plan-file': 'out/plan.json' });
    expect(plan.summary).toContain('## dashsync plan');
    expect(plan.summary).toContain('| Action | Dashboard | uid | Folder | File | Changes |');
    expect(plan.summary).toMatch(/\| 🟢 create \| Action Overview \| `action-overview` \|/);
    expect(plan.summary).toContain('```diff');
    expect(plan.summary).toContain('- panels[id=4 "Requests"].targets[0].expr: "rate(http_requests_total[5m])"');
    expect(plan.summary).toContain('+ panels[id=4 "Requests"].targets[0].expr: "rate(http_requests_total[1m])"');
    expect(plan.stdout).toContain('Saved the plan to out/plan.json');
    // The live edit the apply will overwrite is annotated on the file, for the reviewers.
    expect(plan.stdout).toMatch(
      /^::warning title=dashsync drift,file=dashboards\/team-a\/service\.json::drift: action-service "Team A Service" was last saved in Grafana by (admin|user:\S+) at .* \(version 1, "(Initial save|edited by hand)"\), not by dashsync/m,
    );
    const planText = await readFile(join(workspace, 'out/plan.json'), 'utf8');
    const saved = JSON.parse(planText);
    expect(saved.target.url).toBe(sandbox.url);
    expect(saved.git.sha).toBe('0123456789abcdef0123456789abcdef01234567');
    const savedDashboards = saved.actions.filter((a: { kind: string }) => a.kind === 'dashboard');
    expect(savedDashboards.map((d: { uid: string; action: string }) => `${d.action} ${d.uid}`).sort()).toEqual([
      'create action-overview',
      'update action-service',
    ]);
    expectTokenHidden(token, plan, [planText]);

    sandbox.clearRequests();
    const apply = await runAction(workspace, { ...inputs, command: 'apply' }, { GITHUB_EVENT_NAME: 'push' });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(apply.outputs).toEqual({ 'has-changes': 'true', creates: '1', updates: '1', deletes: '0', 'deletes-held': '0', unreadable: '0', 'uses-hidden-panels': '0', 'not-moved-into-hidden': '0', 'unreadable-library-panels': '0', conflicts: '0', 'library-panel-changes': '0', 'folder-changes': '0', 'plan-file': 'out/plan.json' });
    expect(apply.stdout).toContain('Applying the saved plan out/plan.json');
    expect(apply.summary).toContain('## dashsync apply');
    expect(apply.summary).toContain('**Applied: 1 created, 1 updated, 0 moved, 0 deleted**');
    // Exactly the saved plan: no re-plan (no search), the update sent with the version the plan saw.
    expect(sandbox.requests().filter((r) => r.path.startsWith('/api/search'))).toEqual([]);
    const saves = sandbox.requests().filter((r) => r.method === 'POST' && r.path === '/api/dashboards/db');
    expect(saves.map((r) => (r.body as { dashboard: { uid: string } }).dashboard.uid).sort()).toEqual(['action-overview', 'action-service']);
    const update = saves.find((r) => (r.body as { dashboard: { uid: string } }).dashboard.uid === 'action-service')!.body as Record<string, unknown>;
    // The commit's message, then the content note every save writes (through /api on 13: the token's identity uid).
    expect(update).toMatchObject({ overwrite: false, folderUid: 'action-team-a', message: expect.stringMatching(/^dashsync: 0123456789ab \[content sha256:[0-9a-f]{16} by [0-9a-z]+\]$/) });
    expect((update.dashboard as { version: number }).version).toBe(1);
    const live = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service');
    expect(live.body.dashboard.panels[0].targets[0].expr).toBe('rate(http_requests_total[1m])');
    expect(live.body.meta.folderUid).toBe('action-team-a');
    expectTokenHidden(token, apply);

    const again = await runAction(workspace, { ...inputs, 'plan-file': 'again.json' });
    expect(again.code).toBe(0);
    expect(again.outputs).toMatchObject({ 'has-changes': 'false', creates: '0', updates: '0', deletes: '0' });
    expect(again.summary).toContain('No dashboard changes.');
  });

  it('apply without a plan file plans and applies in one step, and saves that plan', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const run = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token, 'plan-file': 'dashsync-plan.json' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('::warning::No reviewed plan: no plan file at dashsync-plan.json, so this step plans and applies in one step (set require-plan: true to refuse that)');
    expect(run.outputs).toEqual({ 'has-changes': 'true', creates: '2', updates: '0', deletes: '0', 'deletes-held': '0', unreadable: '0', 'uses-hidden-panels': '0', 'not-moved-into-hidden': '0', 'unreadable-library-panels': '0', conflicts: '0', 'library-panel-changes': '0', 'folder-changes': '1', 'plan-file': 'dashsync-plan.json' });
    expect(run.summary).toContain('## dashsync plan');
    expect(run.summary).toContain('**Applied: 2 created, 0 updated, 0 moved, 0 deleted. Folders: 1 created**');
    expect(JSON.parse(await readFile(join(workspace, 'dashsync-plan.json'), 'utf8')).summary.create).toBe(2);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-overview')).status).toBe(200);
    expectTokenHidden(token, run);

    await rm(join(workspace, 'dashsync-plan.json'));
    const second = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token });
    expect(second.code).toBe(0);
    expect(second.outputs).toMatchObject({ 'has-changes': 'false', creates: '0', updates: '0' });
    expect(second.summary).toContain('Nothing to apply: Grafana already matches the tree.');
    expect(run.summary).not.toContain('Backups of what was deleted');

    // A prune: the job summary and the log say where the backup went, relative to the workspace.
    await rm(join(workspace, 'dashboards/team-a/service.json'));
    await rm(join(workspace, 'dashsync-plan.json'), { force: true });
    const pruned = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token, prune: 'all', args: '--max-deletes 1' });
    expect(pruned.code).toBe(0);
    expect(pruned.outputs).toMatchObject({ deletes: '1' });
    // walk-70 L2: the time the restore workflow's deleted-since takes is named too (the backup's, in UTC).
    const since = /--deleted-since (\S+)/.exec(pruned.stdout)?.[1] ?? '';
    expect(since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const line =
      "Backups of what was deleted: 1 file under .dashsync/backups/ (the runner's disk goes with the job: upload that directory as an artifact to keep them; dashsync restore action-service --backup-dir <the artifact's directory> puts it back, " +
      `as does dashsync restore --all --deleted-since ${since} --backup-dir <the artifact's directory>)`;
    expect(pruned.summary).toContain(`**Applied: 0 created, 0 updated, 0 moved, 1 deleted**\n\n${line.replaceAll('<', '&lt;').replaceAll('>', '&gt;')}\n`);
    expect(pruned.stdout).toContain(`${line}\n`);
    // audit-ux-20 L-3: the job page names what went away, not only how many.
    expect(pruned.summary).toMatch(/<details><summary>Deleted \(1\)<\/summary>\n\n- dashboard `action-service` "Team A Service", backup `\.dashsync\/backups\/action-service\/\S+\.json`\n\n<\/details>\n/);
  });
});
