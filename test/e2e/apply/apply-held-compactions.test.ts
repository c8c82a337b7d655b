import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { runCli } from '../../helpers/run-cli.js';
import { keepOutsideGit } from '../../helpers/outside-git.js';
import { copyFixture, writeJson } from '../plan/plan-fixture.js';

// An apply that plans in the same run saves canonical model files from the tree pass's compactions (CompactionHold); the
// tree reader's worker, which runs only from the built CLI, posts those it made. DASHSYNC_TREE_WORKER_FROM=1 has the worker
// read the tree's last files (and any it claims) at any size: what each save sends must be the file, whichever thread read it.

const COUNT = 24;
const model = (n: string, expr: string) => ({
  description: `Generated dashboard ${n}: "quoted", \\ and ünïcödé`,
  panels: [{ gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, targets: [{ expr, refId: 'A' }], title: 'CPU', type: 'timeseries' }],
  schemaVersion: 39,
  title: `Generated ${n}`,
  uid: `gen-${n}`,
});
const numbers = Array.from({ length: COUNT }, (_, i) => String(i + 1).padStart(2, '0'));

function grafanaEnv(handle: SandboxHandle): Record<string, string> {
  return { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
}

/** The dashboard member of each save the sandbox was sent, by uid. */
function savedModels(handle: SandboxHandle): Map<string, Record<string, unknown>> {
  const saves = handle.requests().filter((r) => r.method === 'POST' && r.path === '/api/dashboards/db');
  return new Map(saves.map((r) => {
    const { dashboard } = r.body as { dashboard: Record<string, unknown> };
    return [String(dashboard.uid), dashboard];
  }));
}

describe('apply sends the files it planned in the same run, whichever thread read them (DASHSYNC_TREE_WORKER_FROM=1)', () => {
  it('creates and then updates: each save sends its file\'s model, with the id and version the plan read', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = keepOutsideGit(await copyFixture('basic'));
    for (const n of numbers) await writeJson(dir, `dashboards/gen-${n}.json`, model(n, 'up'));
    const env = { ...grafanaEnv(handle), DASHSYNC_TREE_WORKER_FROM: '1' };

    const created = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
    expect(created.code).toBe(0);
    const sentOnCreate = savedModels(handle);
    for (const n of numbers) expect(sentOnCreate.get(`gen-${n}`)).toEqual({ ...model(n, 'up'), id: null });

    for (const n of numbers) await writeJson(dir, `dashboards/gen-${n}.json`, model(n, `rate(x_${n}[1m])`));
    handle.clearRequests();
    const updated = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain(`Applied: 0 created, ${COUNT} updated`);
    const sentOnUpdate = savedModels(handle);
    for (const n of numbers) {
      const live = (await apiRequest(handle, 'GET', `/api/dashboards/uid/gen-${n}`)).body as { dashboard: { id: number } };
      expect(sentOnUpdate.get(`gen-${n}`)).toEqual({ ...model(n, `rate(x_${n}[1m])`), id: live.dashboard.id, version: 1 });
    }
    // What Grafana holds now is each file: nothing left to plan.
    const again = await runCli(['plan', '--detailed-exitcode'], { cwd: dir, env });
    expect(again.code).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'dashboards/gen-01.json'), 'utf8'))).toEqual(model('01', 'rate(x_01[1m])'));
  });
});
