import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxFeature } from '../../src/sandbox/types.js';
import { copyFixture, writeJson } from '../e2e/plan/plan-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Each case applies, prunes and restores through the CLI (in-process).
vi.setConfig({ testTimeout: 120_000 });

const dashsync = (dir: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

/**
 * A "Recently deleted" restore whose answer was lost (sandbox fault `drop`: processed, connection cut) is read back to
 * tell it from someone else's; that one read also gives its line the title, folder and version. Restore reads the
 * dashboard once before (is the uid free?) and once after: three reads on the old code (the read back, then again for the line).
 */
describe('an unconfirmed "Recently deleted" restore reads the dashboard back once', () => {
  it.each([
    { name: '11.6 /api, its folder there', grafanaVersion: '11.2', release: '11.6.0', features: { dashboardRestore: true }, api: 'legacy', prefix: '/api/dashboards', folderGone: false },
    { name: '13 /apis, its folder there', grafanaVersion: '13', api: 'auto', prefix: '/apis/dashboard.grafana.app', folderGone: false },
    { name: '13 /apis, its folder gone and created again from the backup', grafanaVersion: '13', api: 'auto', prefix: '/apis/dashboard.grafana.app', folderGone: true },
  ] as const)('$name', async (c) => {
    const features: Partial<Record<SandboxFeature, boolean>> = ('features' in c ? c.features : undefined) ?? {};
    const handle = await startTestSandbox({ grafanaVersion: c.grafanaVersion, features, ...('release' in c ? { release: c.release } : {}) });
    const dir = await copyFixture('basic');
    await writeJson(dir, 'dashsync.config.json', { api: c.api, url: handle.url, prune: 'folders', include: ['ops'] });
    await writeJson(dir, 'dashboards/ops/d1.json', { uid: 'd1', title: 'Dash d1', schemaVersion: 39, panels: [] });
    await writeJson(dir, 'dashboards/ops/keep.json', { uid: 'keep', title: 'Keep', panels: [] });
    expect((await dashsync(dir, ['apply'])).code).toBe(0);
    await rm(join(dir, 'dashboards/ops/d1.json'));
    expect((await dashsync(dir, ['apply'])).code).toBe(0);
    if (c.folderGone) {
      // Deleted at the UI since (with the dashboard left in it): the backup names it, so restore creates it again.
      const folder = (await apiRequest(handle, 'GET', '/api/folders')).body.find((found: { title: string }) => found.title === 'ops');
      expect((await apiRequest(handle, 'DELETE', `/api/folders/${folder.uid}`)).status).toBe(200);
    }

    // With its folder gone, the first send is refused for that folder; the second, after the folder is created again, is cut.
    const script = c.folderGone ? [{ kind: 'delay' as const, ms: 0 }, { kind: 'drop' as const }] : [{ kind: 'drop' as const }];
    handle.setFaults({ pathPrefix: c.prefix, methods: ['POST', 'PATCH'], script });
    handle.clearRequests();
    const run = await dashsync(dir, ['restore', 'd1']);
    const created = c.folderGone ? ', which no longer existed and was created again from the backup' : '';
    expect([run.code, run.stdout.split('\n')[0], run.stderr]).toEqual([
      0,
      expect.stringMatching(new RegExp(`^restored d1 "Dash d1" from Grafana's "Recently deleted" into folder "ops" \\(ds-ops-[0-9a-f]{8}\\)${created}, now version \\d+$`)),
      'note: 1 request retried (connection lost: 1)\n',
    ]);
    const readsOfD1 = handle.requests().filter((entry) => entry.method === 'GET' && /\/(uid\/)?d1$/.test(entry.path.split('?')[0]!));
    expect(readsOfD1).toHaveLength(2);
  });
});
