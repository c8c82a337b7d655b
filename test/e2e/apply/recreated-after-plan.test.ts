import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appliedExample } from '../../helpers/applied-example.js';
import { apiRequest } from '../../helpers/sandbox.js';
import { editFile, getDashboard } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

const REDIS = 'dashboards/platform/databases/redis.json';

// Grafana 12 keeps dashboards in its legacy SQL storage, where a dashboard deleted and created again under the same uid
// starts again at version 1 with that version as its resourceVersion and the same metadata.uid (derived from the name:
// sql_dashboards.go scanRow). Only its internal id is new. A plan that saw version 1 must not overwrite (or prune)
// the new dashboard: that is someone else's.

/** The example tree applied to Grafana `grafanaVersion` through `api`; then someone deletes redis-exporter and creates another one under its uid. */
async function recreateAfterPlan(api: 'auto' | 'k8s' | 'legacy', grafanaVersion: '12' | '13', plan: (workspace: { dir: string; cli: (args: string[]) => Promise<{ code: number | null; stdout: string; stderr: string }> }) => Promise<void>) {
  // 13 with "Recently deleted" off: the delete removes the row, as 12's does by default.
  const { sandbox, workspace } = await appliedExample({ grafanaVersion, ...(grafanaVersion === '13' ? { features: { restoreDashboards: false } } : {}) }, api);
  await plan(workspace);
  const before = await getDashboard(sandbox, 'redis-exporter');
  expect(before.meta.version).toBe(1);
  expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/redis-exporter')).status).toBe(200);
  const created = await apiRequest(sandbox, 'POST', '/api/dashboards/db', {
    dashboard: { uid: 'redis-exporter', title: 'Redis (the new one)', panels: [], schemaVersion: 41 },
    folderUid: before.meta.folderUid,
    overwrite: false,
  });
  expect(created.status, created.text).toBe(200);
  const after = await getDashboard(sandbox, 'redis-exporter');
  expect(after.meta.version).toBe(1);
  expect(after.dashboard.id).not.toBe(before.dashboard.id);
  return { sandbox, workspace };
}

describe('a dashboard deleted and created again after the plan at the planned version', () => {
  it.each([
    ['k8s', '12'],
    ['auto', '12'],
    ['legacy', '12'],
    // 13 through /api: the version is all the save compares, and the new one is at the planned version 1.
    ['legacy', '13'],
  ] as const)('api %s, Grafana %s: the update is a conflict that says so, and the new dashboard is left as it is', async (api, grafanaVersion) => {
    const { sandbox, workspace } = await recreateAfterPlan(api, grafanaVersion, async (ws) => {
      await editFile(ws, REDIS, (model) => (model.description = 'from git'));
      const planned = await ws.cli(['plan', '--out', 'plan.json']);
      expect(planned.stdout).toContain('Plan: 0 to create, 1 to update');
    });

    const applied = await workspace.cli(['apply', 'plan.json']);

    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    expect(applied.stderr).toMatch(
      /^conflict: redis-exporter "Redis" \(dashboards\/platform\/databases\/redis\.json\) was deleted and created again in Grafana after the plan: planned version 1, current version 1, now titled "Redis \(the new one\)", changed by [^;]+; left untouched\./,
    );
    expect(applied.stdout).toContain('Applied: 0 created, 0 updated, 0 moved, 0 deleted; 1 conflict');
    const live = await getDashboard(sandbox, 'redis-exporter');
    expect(live.dashboard.title).toBe('Redis (the new one)');
    expect(live.meta.version).toBe(1);
  });

  it('api auto: prune does not delete the new dashboard', async () => {
    const { sandbox, workspace } = await recreateAfterPlan('auto', '12', async (ws) => {
      await rm(join(ws.dir, REDIS));
      const planned = await ws.cli(['plan', '--prune', '--out', 'plan.json']);
      expect(planned.stdout).toContain('1 to delete');
    });

    const applied = await workspace.cli(['apply', 'plan.json']);

    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    expect(applied.stderr).toMatch(/^conflict: redis-exporter "Redis" was deleted and created again in Grafana after the plan: .*; not deleted\./);
    expect((await getDashboard(sandbox, 'redis-exporter')).dashboard.title).toBe('Redis (the new one)');
  });
});
