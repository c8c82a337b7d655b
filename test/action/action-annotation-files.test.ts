import { describe, expect, it } from 'vitest';
import { writeFiles } from '../integration/library-panels/library-tree.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

// Annotations placed on the tree's file show in the pull request's "Files changed" (walk-63 L2).
describe('the Action places library panel drift on its file', () => {
  it('a library panel changed in Grafana by another account: the plan\'s drift warning is on its file', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Editor');
    const workspace = await makeWorkspace();
    await writeFiles(workspace, { 'dashboards/team-a/_library/cpu.json': { uid: 'lp-cpu', name: 'CPU usage', kind: 1, model: { type: 'timeseries', title: 'CPU' } } });
    const inputs = { 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards' };
    expect((await runAction(workspace, { ...inputs, command: 'apply' }, { GITHUB_EVENT_NAME: 'push' })).code).toBe(0);
    const other = await sandbox.createToken('Editor');
    const live = (await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu')).body.result;
    const edit = await apiRequest(sandbox, 'PATCH', '/api/library-elements/lp-cpu', { kind: 1, version: live.version, name: live.name, model: { ...live.model, title: 'CPU from the UI' } }, bearerHeaders(other));
    expect(edit.status).toBe(200);

    const plan = await runAction(workspace, { ...inputs, command: 'plan' });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/^::warning title=dashsync drift,file=dashboards\/team-a\/_library\/cpu\.json::drift: library panel lp-cpu "CPU usage" was last changed in Grafana by sa-\S+ at \S+ \(version 2\), not by dashsync; /m);
  });
});
