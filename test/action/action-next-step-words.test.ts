import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

vi.setConfig({ testTimeout: 90_000 });

const errorLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::error'));
const push = { GITHUB_EVENT_NAME: 'push' };

// action-56: these errors' next steps named CLI flags (--api, --backup-dir) an Action user cannot pass: --api goes in
// the args input, and backupDir has no input (args takes no --backup-dir), only the config file's "backupDir".
describe('the next step of an error in the Action names what a workflow sets, not a CLI flag', () => {
  it('a dashboard stored as v2, which /api cannot read: --api auto or k8s in args', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const inputs = { 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards' };
    expect((await runAction(workspace, { ...inputs, command: 'apply' }, push)).code).toBe(0);
    // Someone saves it in the dynamic-dashboards editor: Grafana now stores it as v2, which /api answers with 406.
    expect((await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'action-overview' }) })).status).toBe(200);

    const plan = await runAction(workspace, { ...inputs, command: 'plan', args: '--api legacy' });
    expect(plan.code).toBe(1);
    expect(errorLines(plan.stdout)).toEqual([
      '::error::dashboard action-overview (dashboards/overview.json) is stored in Grafana as a v2 dashboard, which /api cannot read (Grafana answers 406). ' +
        'Plan and apply with --api auto or k8s in args (or "api" in the config file), which read it through /apis',
    ]);
    expect(plan.summary).toContain('Plan and apply with --api auto or k8s in args');
  });

  it('api k8s where Grafana serves no dashboard.grafana.app: --api legacy (or auto) in args', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const plan = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards', args: '--api k8s' });
    expect(plan.code).toBe(1);
    expect(errorLines(plan.stdout)).toEqual([
      `::error::api: k8s, but ${sandbox.url} does not serve /apis/dashboard.grafana.app and folder.grafana.app (Grafana 12 or later does). ` +
        'Use --api legacy (or auto) in args (or "api" in the config file)',
    ]);
    expect(sandbox.requests().filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('a backup directory that cannot be written: the config file\'s "backupDir", as no input sets it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const inputs = { 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards', prune: 'folders' };
    const extra = join(workspace, 'dashboards/team-a/extra.json');
    await writeFile(extra, `${JSON.stringify({ uid: 'action-extra', title: 'Extra', panels: [] }, null, 2)}\n`);
    expect((await runAction(workspace, { ...inputs, command: 'apply' }, push)).code).toBe(0);
    await rm(extra);
    // A regular file where the default backup directory's parent should be: no backup could be written (ENOTDIR).
    await writeFile(join(workspace, '.dashsync'), '');
    expect((await runAction(workspace, { ...inputs, command: 'plan' })).outputs.deletes).toBe('1');

    sandbox.clearRequests();
    const apply = await runAction(workspace, { ...inputs, command: 'apply' }, push);
    expect(apply.code).toBe(1);
    expect(errorLines(apply.stdout)).toEqual([
      '::error::the plan deletes, and the backups of its deletes cannot be written into .dashsync/backups: .dashsync is not a directory (ENOTDIR); nothing was applied. ' +
        'Check "backupDir" in the config file (the Action has no input for it)',
    ]);
    expect(sandbox.requests().filter((request) => request.method !== 'GET')).toEqual([]);
  });
});
