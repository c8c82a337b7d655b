import { GRAFANA_VERSIONS } from '../../helpers/releases.js';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { exampleWorkspace, getDashboard, writes, useApi } from './workspace.js';

// Every test spawns the CLI several times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

describe.each(GRAFANA_VERSIONS)('apply round trip on Grafana %s', (grafanaVersion) => {
  it('applies the example tree, then plans zero changes and a second apply writes nothing', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'legacy');

    const applied = await workspace.cli(['apply'], { GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567', GITHUB_ACTOR: 'octocat' });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Applied: 7 created, 0 updated, 0 moved, 0 deleted. Folders: 5 created\n');

    const saves = writes(sandbox).filter((entry) => entry.path === '/api/dashboards/db');
    expect(saves).toHaveLength(7);
    for (const save of saves) {
      const body = save.body as { dashboard: Record<string, unknown>; folderUid: unknown; overwrite: unknown; message: string };
      expect(body.dashboard.id).toBeNull();
      expect(typeof body.folderUid).toBe('string');
      expect(body.overwrite).toBe(false);
      // The content note names the saver as /api's version list shows it: the basic-auth login.
      expect(body.message).toMatch(/^dashsync: 0123456789ab \[content sha256:[0-9a-f]{16} as admin\]$/);
      expect(body.dashboard).not.toHaveProperty('__inputs');
    }
    // Folders first (parents before children), then dashboards.
    const order = writes(sandbox).map((entry) => `${entry.method} ${entry.path}`);
    expect(order.slice(0, 5).every((line) => line === 'POST /api/folders')).toBe(true);
    const folderBodies = writes(sandbox).slice(0, 5).map((entry) => entry.body as { uid: string; parentUid?: string });
    for (const [index, folder] of folderBodies.entries()) {
      if (folder.parentUid) expect(folderBodies.slice(0, index).map((f) => f.uid)).toContain(folder.parentUid);
    }

    const checkout = await getDashboard(sandbox, 'checkout-api-red');
    expect(checkout.meta.folderUid).toBe('ds-checkout-52c08ff5');
    const overview = await getDashboard(sandbox, 'platform-overview');
    expect(overview.meta.folderUid).toBe('');
    const versions = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/postgresql-overview/versions');
    expect(versions.status).toBe(200);

    sandbox.clearRequests();
    const plan = await workspace.cli(['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 7 unchanged.');

    const again = await workspace.cli(['apply']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to apply: Grafana already matches the tree.');
    expect(writes(sandbox)).toEqual([]);
  });
});
