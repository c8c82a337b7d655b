import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

vi.setConfig({ testTimeout: 120_000 });

describe('the Action: a pull-request plan with read-only-token whose folder an admin moved to the top level (walk-63 M1)', () => {
  it('the refused read names the folder and asks View of it for the plan step, never a role that writes', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await makeWorkspace();
    await writeFile(join(workspace, 'dashsync.config.json'), '{ "api": "legacy" }\n');
    await mkdir(join(workspace, 'dashboards/team-a/k8s'), { recursive: true });
    await writeFile(join(workspace, 'dashboards/team-a/k8s/_folder.json'), '{ "uid": "k8s", "title": "K8s" }\n');
    await writeFile(join(workspace, 'dashboards/team-a/k8s/net.json'), '{ "uid": "k8s-net", "title": "Network", "panels": [] }\n');
    const applied = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Admin') });
    expect(applied.code, applied.stdout).toBe(0);
    expect((await apiRequest(sandbox, 'POST', '/api/folders/k8s/move', { parentUid: '' })).status).toBe(200);

    const plan = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Viewer'), 'read-only-token': 'true' });

    expect(plan.code).toBe(1);
    const errors = plan.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(errors.join('\n')).not.toMatch(/Editor role/);
    expect(errors.join('\n')).toContain(
      '(Grafana hides it from these credentials through the permissions of its folder "K8s" (uid k8s, directory dashboards/team-a/k8s), whatever their role: ' +
        "a folder moved to the top level in Grafana keeps no role grants of its own; grant the token's service account View on that folder for a plan step, Edit for an apply step, " +
        'or move the folder back where dashsync made it)',
    );
  });
});
