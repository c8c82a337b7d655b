import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, git } from '../pull/pull-fixture.js';
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
