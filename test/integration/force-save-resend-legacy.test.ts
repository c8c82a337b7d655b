import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { openGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

const dashboard = (title: string) => ({ uid: 'slow', title, schemaVersion: 39, refresh: '', panels: [] });

/** Grafana's version numbers of the dashboard, newest first (`GET …/versions`: an array, or `{versions}` on newer Grafana). */
async function versionsOf(sandbox: { url: string }, uid: string): Promise<number[]> {
  const answer = await apiRequest<unknown>(sandbox, 'GET', `/api/dashboards/uid/${uid}/versions`);
  const list = (Array.isArray(answer.body) ? answer.body : (answer.body as { versions: unknown[] }).versions) as { version: number }[];
  return list.map((entry) => entry.version);
}

// review-69b M3: through /api, --force was sent as `overwrite: true`, so a save slower than --timeout, sent again, was saved
// again: up to 8 versions of the same content, pushing older versions (someone's edits) out of Grafana's kept history.
describe.each([
  { grafanaVersion: '11.2' as const, api: 'auto' as const },
  { grafanaVersion: '12' as const, api: 'legacy' as const },
])('apply --force through /api on Grafana $grafanaVersion (api $api), a save slower than --timeout', ({ grafanaVersion, api }) => {
  it('lands once: each resend is refused (412) and read back, one new version, reported updated', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-force-resend-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards'));
    const file = join(dir, 'dashboards', 'slow.json');
    await writeFile(file, `${JSON.stringify(dashboard('Slow'), null, 2)}\n`);
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const settings = await loadSettings({ flags: { api, root: 'dashboards' }, env, cwd: dir });
    // Three sends a request, no wait between them; each send gives up after 500 ms (the HTTP client checks its timers about every half second), and Grafana takes 2 s a save.
    const grafana = openGrafanaPort({ url: sandbox.url, auth: settings.auth, timeoutMs: 500, concurrency: 2, env: {}, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 } }, api);
    onTestFinished(() => grafana.close());
    const apply = async (force: boolean) => applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force });
    expect((await apply(false)).failures).toEqual([]);
    expect(await versionsOf(sandbox, 'slow')).toEqual([1]);
    await writeFile(file, `${JSON.stringify(dashboard('Slow v2'), null, 2)}\n`);
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', latencyMs: 2000 });
    sandbox.clearRequests();

    const result = await apply(true);

    expect(result.updated).toEqual(['slow']);
    expect([result.failures, result.unknown, result.conflicts]).toEqual([[], [], []]);
    // Every send Grafana takes in the end (each 2 s after it arrived): one saved, the others refused at the version read.
    const posts = async () => sandbox.requests().filter((entry) => entry.method === 'POST' && entry.path === '/api/dashboards/db');
    for (let waited = 0; (await posts()).length < 3 && waited < 10_000; waited += 50) await sleep(50);
    sandbox.setFaults({});
    expect((await posts()).map((entry) => entry.status).sort()).toEqual([200, 412, 412]);
    expect((await posts()).map((entry) => (entry.body as { overwrite?: boolean }).overwrite)).toEqual([false, false, false]);
    expect(await versionsOf(sandbox, 'slow')).toEqual([2, 1]);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/slow')).body).toMatchObject({ dashboard: { title: 'Slow v2', version: 2 } });
  });
});
