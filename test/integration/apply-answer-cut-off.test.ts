import { describe, expect, it, vi } from 'vitest';
import { copyFixture, writeJson } from '../e2e/plan/plan-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 120_000 });
const dashsync = (dir: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

/** d1 applied into "ops", then its file edited and planned (plan.json): the apply of that plan updates it. */
async function plannedUpdate() {
  const handle = await startTestSandbox({ grafanaVersion: '12' });
  const dir = await copyFixture('basic');
  await writeJson(dir, 'dashsync.config.json', { api: 'legacy', url: handle.url, include: ['ops'] });
  await writeJson(dir, 'dashboards/ops/d1.json', { uid: 'd1', title: 'Dash d1', panels: [] });
  expect((await dashsync(dir, ['apply'])).code).toBe(0);
  await writeJson(dir, 'dashboards/ops/d1.json', { uid: 'd1', title: 'Dash d1 edited', panels: [] });
  expect((await dashsync(dir, ['plan', '--out', 'plan.json'])).code).toBe(0);
  return { handle, dir };
}

describe('apply: a save Grafana answered 2xx whose answer was cut off mid-body (sandbox fault cut-answer)', () => {
  it('read back as sent: updated, never sent again, exit 0', async () => {
    const { handle, dir } = await plannedUpdate();
    handle.setFaults({ pathPrefix: '/api/dashboards/db', methods: ['POST'], script: [{ kind: 'cut-answer' }] });
    handle.clearRequests();
    const run = await dashsync(dir, ['apply', 'plan.json']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/^updated: d1 "Dash d1 edited" /m);
    expect(handle.requests().filter((entry) => entry.method === 'POST')).toHaveLength(1);
  });

  it('a read back that does not find what was sent: unknown, "it landed", never failed (review-66b L1)', async () => {
    const { handle, dir } = await plannedUpdate();
    // Its read before the save as it is; the save lands and its answer is cut; the read back right after it finds no dashboard (as after someone's delete).
    handle.setFaults({ pathPrefix: '/api/dashboards/', script: [{ kind: 'delay', ms: 0 }, { kind: 'cut-answer' }, { kind: 'status', status: 404 }] });
    handle.clearRequests();
    const run = await dashsync(dir, ['apply', 'plan.json']);
    expect(handle.requests().filter((entry) => entry.fault !== undefined).map((entry) => `${entry.method} ${entry.path} ${entry.status} ${entry.fault}`)).toEqual([
      'GET /api/dashboards/uid/d1 200 delay',
      'POST /api/dashboards/db 200 cut-answer',
      'GET /api/dashboards/uid/d1 404 status',
    ]);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/^failed:/m);
    expect(`${run.stdout}${run.stderr}`).toMatch(
      /^unknown: update d1 "Dash d1 edited": Grafana answered it with success, then its answer was cut off before its end; it landed, and the read back after it found something else there \(saved or deleted since by someone else\?\): /m,
    );
    expect(run.code).toBe(1);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/d1')).body.dashboard.title).toBe('Dash d1 edited');
  });
});
