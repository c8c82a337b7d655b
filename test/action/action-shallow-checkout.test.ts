import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, git } from '../pull/pull-fixture.js';
import { startTrashFailingProxy } from '../helpers/trash-failing-proxy.js';
import { editJson, libraryWorkspace } from '../integration/library-panels/library-tree.js';
import { TREE } from '../e2e/apply/trash-unseen-tree.js';
import { makeWorkspace, runAction } from './run-action.js';

/** The fixture tree committed twice in a repository of its own, and a clone of it: `depth` 1 as actions/checkout makes by default. */
async function checkout(depth: number | null): Promise<string> {
  const origin = await makeWorkspace();
  await commitAll(origin, 'first');
  await commitAll(origin, 'second');
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-checkout-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await git(dir, 'clone', '-q', ...(depth === null ? [] : ['--depth', String(depth)]), `file://${origin}`, 'ws');
  return join(dir, 'ws');
}

describe('the Action with prune on a shallow checkout', () => {
  it('annotates and writes in the job summary to set fetch-depth: 0; a full clone, or prune off, says nothing of it', async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards', 'plan-file': 'out/plan.json' };

    const shallow = await checkout(1);
    const pruned = await runAction(shallow, { ...inputs, prune: 'folders' });
    expect(pruned.stderr).toBe('');
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toMatch(/^::warning title=dashsync shallow-history::the checkout is shallow \(actions\/checkout fetches 1 commit by default\) and prune is on: .*Set fetch-depth: 0 on the actions\/checkout step$/m);
    expect(pruned.summary).toContain('Set fetch-depth: 0 on the actions/checkout step');

    const off = await runAction(shallow, { ...inputs, prune: 'false' });
    expect(off.code).toBe(0);
    expect(off.stdout + off.summary).not.toContain('fetch-depth');

    const full = await checkout(null);
    const fullRun = await runAction(full, { ...inputs, prune: 'folders' });
    expect(fullRun.code).toBe(0);
    expect(fullRun.stdout + fullRun.summary).not.toContain('fetch-depth');
  });

  it('an apply step with no plan file plans itself, and warns the same way; with a full clone it does not', async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const inputs = { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards', prune: 'folders' };

    const shallow = await runAction(await checkout(1), inputs);
    expect(shallow.stderr).toBe('');
    expect(shallow.code).toBe(0);
    expect(shallow.stdout).toMatch(/^::warning title=dashsync shallow-history::the checkout is shallow \(actions\/checkout fetches 1 commit by default\) and prune is on: .*Set fetch-depth: 0 on the actions\/checkout step$/m);
    expect(shallow.summary).toContain('Set fetch-depth: 0 on the actions/checkout step');

    const full = await runAction(await checkout(null), inputs);
    expect(full.code).toBe(0);
    expect(full.stdout + full.summary).not.toContain('fetch-depth');
  });
});

// review-70a H1: in the checkout the Action gets by default, the put-back hold saw no previous commit and made the create over
// a person's copy in "Recently deleted" (prune off: no shallow warning either). The hold fails closed and its note says why.
describe('the Action with prune off on a shallow checkout, where "Recently deleted" cannot be listed', () => {
  it('the one-step apply leaves the create of a dashboard deleted in Grafana, its note saying to set fetch-depth: 0', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const origin = await libraryWorkspace(sandbox, TREE);
    await commitAll(origin.dir, 'tree');
    expect((await origin.cli(['apply', '--auto-approve'])).code).toBe(0);
    await editJson(join(origin.dir, 'dashboards/team/mem.json'), (file) => {
      file.tags = ['changed'];
    });
    await commitAll(origin.dir, 'mem tagged');
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/cpu', undefined, adminHeaders())).status).toBe(200);
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-checkout-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await git(dir, 'clone', '-q', '--depth', '1', `file://${origin.dir}`, 'ws');
    const proxy = await startTrashFailingProxy(sandbox.url);

    const run = await runAction(join(dir, 'ws'), { command: 'apply', 'grafana-url': proxy.url, 'grafana-token': await sandbox.createToken('Admin'), path: 'dashboards', prune: 'false' });

    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout + run.summary).toContain("to let git tell, set fetch-depth: 0 on this job's actions/checkout step and push that change");
    expect(run.stdout + run.summary).toMatch(/cpu.*may have been deleted in Grafana, whose "Recently deleted" could not be listed/);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/cpu')).status).toBe(404);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/mem')).body.dashboard.tags).toEqual(['changed']);
  });
});
