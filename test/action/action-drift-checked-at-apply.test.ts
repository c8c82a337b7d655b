import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

// The bundle runs three times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

// walk-68b M4: the Viewer's pull-request plan (read-only-token) could not read version history through /api and marked the
// update "drift not checked"; the apply job's Editor token overwrote an edit made in Grafana with "updated … now version 4".
describe("the Action: a Viewer's plan marked drift not checked, applied by the apply job's Editor token (require-plan, 11.2)", () => {
  it('holds the edit made in Grafana as a conflict on the file, in the log and the job summary alike, and leaves Grafana as it is', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const workspace = await makeWorkspace();
    const editor = await sandbox.createToken('Editor');
    const push = { GITHUB_EVENT_NAME: 'push' };
    const deployed = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': editor }, push);
    expect(deployed.code, deployed.stdout).toBe(0);
    const live = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-overview')).body;
    const edit = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, description: 'edited in Grafana' }, folderUid: live.meta.folderUid, overwrite: true });
    expect(edit.status, edit.text).toBe(200);
    const path = join(workspace, 'dashboards/overview.json');
    await writeFile(path, JSON.stringify({ ...JSON.parse(await readFile(path, 'utf8')), tags: ['from-git'] }, null, 2));

    const planned = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Viewer'), 'read-only-token': 'true', 'plan-file': 'viewer.plan.json' });
    expect(planned.code, planned.stdout).toBe(0);
    expect(planned.stdout).toContain('drift not checked for 1 dashboard (action-overview)');

    const applied = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': editor, 'plan-file': 'viewer.plan.json', 'require-plan': 'true' }, push);
    expect(applied.code).toBe(1);
    const conflict = /was last saved in Grafana by admin, not by dashsync \(version 2 at [^)]+\), which its plan could not check \(drift not checked: the plan's credentials could not read its history\); left untouched\. To keep the edit: dashsync pull action-overview/;
    expect(applied.stdout.split('\n').filter((line) => line.startsWith('::error') && line.includes('file=dashboards/overview.json'))).toEqual([expect.stringMatching(conflict)]);
    expect(applied.stdout).toMatch(/; or run dashsync apply --force viewer\.plan\.json to overwrite it, once/);
    expect(applied.summary).toMatch(conflict);
    expect(applied.stdout).not.toMatch(/^updated: action-overview/m);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-overview')).body.dashboard.description).toBe('edited in Grafana');
  });
});
