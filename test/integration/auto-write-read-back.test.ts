import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { dashboardActions } from '../../src/plan/types.js';
import { NO_RETRY_WAITS } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';

// `api: auto` on 13 writes a classic dashboard with POST /api/dashboards/db, then reads the stored object through /apis
// for its resourceVersion. When that read fails after the POST was answered 200, the dashboard is in Grafana: the apply
// must count it as written (audit-ux-6 F4: it said `failed`, exit 1, and the next plan found it unchanged).

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

describe('api auto: the read after a save Grafana answered', () => {
  it.each([
    ['answers 503 until the client gives up', { errorRate: 1, errorStatus: 503 }],
    ['drops every connection', { dropRate: 1 }],
  ])('counts the create as done when the read after it %s', async (_, fault) => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-auto-read-back-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards'));
    const file = (uid: string, title: string) => writeFile(join(dir, 'dashboards', `${uid}.json`), `${JSON.stringify({ uid, title, schemaVersion: 42, panels: [] }, null, 2)}\n`);
    await file('kept', 'Kept');
    const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
    // The read back, refused every time, is sent 8 times: at once (its waits are not under test).
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: NO_RETRY_WAITS });
    onTestFinished(() => grafana.close());
    const plan = () => createPlan({ settings, grafana, git: GIT });
    expect((await applyPlan({ plan: await plan(), settings, grafana, message: 'dashsync: first', force: false })).created).toEqual(['kept']);

    await file('fresh', 'Fresh');
    const planned = await plan();
    expect(dashboardActions(planned).map((a) => [a.uid, a.action, a.write?.api])).toEqual(
      expect.arrayContaining([['fresh', 'create', 'legacy']]),
    );
    // Only the reads of the new dashboard through /apis fail; /api's POST is answered.
    sandbox.setFaults({ ...fault, pathPrefix: '/apis/dashboard.grafana.app/v0alpha1/namespaces/default/dashboards/fresh', methods: ['GET'], seed: 1 });
    const result = await applyPlan({ plan: planned, settings, grafana, message: 'dashsync: second', force: false });
    sandbox.setFaults(undefined);

    expect(result).toMatchObject({ created: ['fresh'], failures: [], unknown: [], conflicts: [] });
    expect(sandbox.requests().some((r) => r.method === 'GET' && r.path.endsWith('/dashboards/fresh') && r.fault)).toBe(true);
    const posts = sandbox.requests().filter((r) => r.method === 'POST' && r.path === '/api/dashboards/db');
    expect(posts.map((r) => r.status)).toEqual([200, 200]);
    const after = await plan();
    expect(dashboardActions(after).map((a) => [a.uid, a.action]).sort()).toEqual([
      ['fresh', 'noop'],
      ['kept', 'noop'],
    ]);
  });
});
