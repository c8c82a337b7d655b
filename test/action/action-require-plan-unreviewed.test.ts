import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

vi.setConfig({ testTimeout: 120_000 });

// review-63b M1: require-plan "refuses to apply without a reviewed plan"; a plan file an earlier one-step apply saved
// ("unreviewed": "one-step") is not one, so a step that requires the reviewed plan refuses it before writing anything.
describe('the Action: require-plan and a plan file an earlier one-step apply saved', () => {
  it('refuses it, naming the file and why, and writes nothing', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const inputs = { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token };
    const push = { GITHUB_EVENT_NAME: 'push' };
    expect((await runAction(workspace, inputs, push)).code).toBe(0);
    expect(JSON.parse(await readFile(join(workspace, 'dashsync-plan.json'), 'utf8')).unreviewed).toBe('one-step');
    // The dashboard it created is deleted in Grafana: the saved plan's create would put it back.
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/action-service')).status).toBe(200);

    const required = await runAction(workspace, { ...inputs, 'require-plan': 'true' }, push);

    expect(required.code, required.stdout).toBe(1);
    expect(required.stdout).toContain('dashsync-plan.json was saved by an earlier one-step apply, which no one reviewed, and require-plan is true');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service')).status).toBe(404);
  });
});
