import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { startRewritingProxy } from '../../helpers/rewriting-proxy.js';
import { appliedExample } from './restore-fixture.js';
import { getDashboard, workspaceAt, writes } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

describe('a uid from the server never becomes a path outside the backup directory', () => {
  it('a server that calls a dashboard "../../escape": the prune refuses it in one failed line, writes nothing, deletes nothing', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    await rm(join(workspace.dir, 'dashboards/platform/databases/redis.json'));
    // Not Grafana: every answer calls redis-exporter "../../escape", and a request for that name reaches redis-exporter.
    const proxy = await startRewritingProxy(sandbox.url, {
      request: (path) => path.replaceAll(encodeURIComponent('../../escape'), 'redis-exporter'),
      answer: (body) => body.replaceAll('"redis-exporter"', '"../../escape"'),
    });
    const before = await readdir(workspace.dir);
    sandbox.clearRequests();

    const applied = await workspaceAt(workspace.dir, proxy).cli(['apply', '--prune']);
    expect(applied.code).toBe(1);
    const errors = applied.stderr.split('\n').filter((line) => line !== '');
    // The refusal, then the failed-write line that says how to finish.
    expect(errors).toHaveLength(2);
    expect(errors[1]).toMatch(/^1 planned change failed \(its line is above\); once the cause is fixed/);
    expect(errors[0]).toBe(
      `failed: delete ../../escape "Redis": not deleted: the server's answer gives it the uid "../../escape", which is not a Grafana uid (letters, digits, "-" and "_" only) ` +
        `and cannot name a directory in .dashsync/backups; nothing was written. Either the URL leads to another server or a proxy that rewrites Grafana's answers (check it), or Grafana holds a dashboard saved before it checked uids: export that one and delete it in Grafana by hand`,
    );
    expect(writes(sandbox)).toEqual([]);
    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(200);
    expect(await readdir(workspace.dir)).toEqual(before);
  });

  it('a server whose read of one dashboard answers with another: the prune refuses it in one failed line, writes nothing, deletes nothing', async () => {
    const { sandbox, workspace } = await appliedExample('13');
    await rm(join(workspace.dir, 'dashboards/platform/databases/redis.json'));
    // Not Grafana (/apis): the plan's reads are true; once the plan is saved, the read of redis-exporter answers with a dashboard called node-exporter.
    let rewrite = false;
    const proxy = await startRewritingProxy(sandbox.url, {
      request: (path) => path,
      answer: (body, path) => (rewrite && /\/redis-exporter$/.test(path) ? body.replaceAll('"redis-exporter"', '"node-exporter"') : body),
    });
    const planFile = join(await mkdtemp(join(tmpdir(), 'dashsync-other-uid-')), 'plan.json');
    onTestFinished(() => rm(dirname(planFile), { recursive: true, force: true }));
    const planned = await workspaceAt(workspace.dir, proxy).cli(['plan', '--prune', '--api', 'k8s', '--out', planFile]);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toContain('- delete');
    const before = await readdir(workspace.dir);
    sandbox.clearRequests();
    rewrite = true;

    const applied = await workspaceAt(workspace.dir, proxy).cli(['apply', planFile, '--api', 'k8s']);
    expect(applied.code).toBe(1);
    const errors = applied.stderr.split('\n').filter((line) => line !== '');
    expect(errors).toEqual([
      'failed: delete redis-exporter "Redis": not deleted: the read of "redis-exporter" answered with the dashboard "node-exporter"; nothing was written. ' +
        'Check that the URL leads to Grafana itself, not to another server or a proxy that rewrites its answers',
      `1 planned change failed (its line is above); once the cause is fixed or has passed (a 429 or 5xx often does), run dashsync apply --api k8s ${planFile} again to finish (what is done is skipped)`,
    ]);
    expect(writes(sandbox)).toEqual([]);
    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(200);
    expect(await readdir(workspace.dir)).toEqual(before);
  });
});
