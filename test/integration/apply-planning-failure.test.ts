import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { runApply } from '../../src/apply/run-apply.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { describeError } from '../../src/describe-error.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { dashboardOfRequest } from '../../src/grafana/http/dashboard-of-request.js';
import { startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 60_000 });

const file = (title: string) => `${JSON.stringify({ panels: [], title, uid: 'a-1' }, null, 2)}\n`;

describe('a request of apply\'s own plan that fails after its retries', () => {
  it('says which dashboard, that nothing was applied, and what to do; the rerun applies', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-planning-failure-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards'));
    await writeFile(join(dir, 'dashboards', 'a.json'), file('A'));
    const settings = await loadSettings({ flags: { api: 'legacy' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    expect((await runApply({ settings, grafana, env: {}, force: false })).result).toMatchObject({ failures: [] });

    await writeFile(join(dir, 'dashboards', 'a.json'), file('A edited'));
    sandbox.setFaults({ rateLimitRate: 1, retryAfterSeconds: 0, pathPrefix: '/api/dashboards/uid/a-1', methods: ['GET'] });
    const error = await runApply({ settings, grafana, env: {}, force: false }).then(() => null, (failure: unknown) => failure);
    const described = describeError(error, 'cli');
    expect(`${described.line}${described.hint}`).toMatch(
      /^apply stopped while planning: dashboard a-1: GET \/api\/dashboards\/uid\/a-1 failed: HTTP 429: .* \(gave up after \d+ attempts\); nothing was applied\. Wait a minute \(or lower --concurrency\), then run it again$/,
    );
    expect(described.exitCode).toBe(1);

    sandbox.setFaults({});
    expect((await runApply({ settings, grafana, env: {}, force: false })).result).toMatchObject({ failures: [] });
  });
});

describe('dashboardOfRequest', () => {
  it.each([
    ['/api/dashboards/uid/a-1', 'a-1'],
    ['/api/dashboards/uid/a%2F1/versions?limit=1', 'a/1'],
    ['/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards/a-1', 'a-1'],
    ['/apis/dashboard.grafana.app/v0alpha1/namespaces/default/dashboards?limit=1&labelSelector=grafana.app%2Fget-history%3Dtrue&fieldSelector=metadata.name%3Dredis-exporter', 'redis-exporter'],
    ['/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards?limit=500', null],
    ['/api/search?type=dash-db', null],
  ])('%s → %s', (path, uid) => {
    expect(dashboardOfRequest(path)).toBe(uid);
  });
});
