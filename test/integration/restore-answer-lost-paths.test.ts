import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxFeature } from '../../src/sandbox/types.js';
import { copyFixture, writeJson } from '../e2e/plan/plan-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Each case applies, prunes and restores through the CLI (in-process).
vi.setConfig({ testTimeout: 120_000 });

const dashsync = (dir: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
// Every path gives the same shape: title, folder by title and uid, the version now.
const FROM_BACKUP = /^restored d1 "Dash d1" from \.dashsync\/backups\/d1\/\S+-v1\.json into folder "ops" \(ds-ops-[0-9a-f]{8}\), now version 1; Grafana's answer to the save was lost and the resend found the uid taken: read back, it holds the backup's dashboard \(this run's save\)$/;
const FROM_TRASH = /^restored d1 "Dash d1" from Grafana's "Recently deleted" into folder "ops" \(ds-ops-[0-9a-f]{8}\), now version \d+$/;

/**
 * A restore whose first write landed and whose answer was lost (sandbox fault `drop`: processed, connection cut) is read
 * back on every path restore writes by: reported restored (exit 0), the resend named on stderr. A regression guard: every
 * case passed before restore-45 too (checked for walk-through 11 A4's remaining paths).
 */
describe('restore whose write answer was lost, on every path', () => {
  it.each([
    { name: '13 /apis, "Recently deleted"', grafanaVersion: '13', api: 'auto', prefix: '/apis/dashboard.grafana.app', line: FROM_TRASH },
    { name: '13 /apis, backup re-post (--from-backup)', grafanaVersion: '13', api: 'auto', prefix: '/apis/dashboard.grafana.app', line: FROM_BACKUP, named: true },
    { name: '12 /apis, backup re-post', grafanaVersion: '12', api: 'k8s', prefix: '/apis/dashboard.grafana.app', line: FROM_BACKUP, migrated: true },
    { name: '12 /api, backup re-post', grafanaVersion: '12', api: 'legacy', prefix: '/api/dashboards', line: FROM_BACKUP },
    { name: '11.6 /api, "Recently deleted"', grafanaVersion: '11.2', release: '11.6.0', features: { dashboardRestore: true }, api: 'legacy', prefix: '/api/dashboards', line: FROM_TRASH },
  ] as const)('$name', async (c) => {
    const features: Partial<Record<SandboxFeature, boolean>> = ('features' in c ? c.features : undefined) ?? {};
    const handle = await startTestSandbox({ grafanaVersion: c.grafanaVersion, features, ...('release' in c ? { release: c.release } : {}) });
    const dir = await copyFixture('basic');
    await writeJson(dir, 'dashsync.config.json', { api: c.api, url: handle.url, prune: 'folders', include: ['ops'] });
    await writeJson(dir, 'dashboards/ops/d1.json', { uid: 'd1', title: 'Dash d1', schemaVersion: 39, panels: [{ id: 1, type: 'graph', gridPos: { x: 0, y: 0, w: 12, h: 8 } }] });
    await writeJson(dir, 'dashboards/ops/keep.json', { uid: 'keep', title: 'Keep', panels: [] });
    expect((await dashsync(dir, ['apply'])).code).toBe(0);
    await rm(join(dir, 'dashboards/ops/d1.json'));
    expect((await dashsync(dir, ['apply'])).code).toBe(0);
    const [file] = await readdir(join(dir, '.dashsync/backups/d1'));

    handle.setFaults({ pathPrefix: c.prefix, methods: ['POST', 'PATCH'], script: [{ kind: 'drop' }] });
    handle.clearRequests();
    const run = await dashsync(dir, ['restore', 'd1', ...('named' in c ? ['--from-backup', `.dashsync/backups/d1/${file}`] : [])]);
    expect([run.code, run.stdout.split('\n')[0], run.stderr]).toEqual([0, expect.stringMatching(c.line), 'note: 1 request retried (connection lost: 1)\n']);
    // Two sends of the one write: the first landed, the resend met it.
    expect(handle.requests().filter((entry) => entry.method !== 'GET' && entry.path.startsWith(c.prefix))).toHaveLength(2);
    const live = (await apiRequest(handle, 'GET', '/api/dashboards/uid/d1')).body.dashboard;
    // 12's /apis write migrates the model (schemaVersion 39 → 42): the read-back still knows it for the backup's.
    if ('migrated' in c) expect(live.schemaVersion).toBe(42);
    expect(live.title).toBe('Dash d1');
  });
});
