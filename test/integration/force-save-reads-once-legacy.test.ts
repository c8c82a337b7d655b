import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { ApplyEvent } from '../../src/apply/types.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { openGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { apiRequest, requestHeld, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

const dashboard = (title: string) => ({ uid: 'forced', title, schemaVersion: 39, refresh: '', panels: [] });

/** A tree of one dashboard, applied once (version 1), its file then edited: the next plan updates it. */
async function appliedThenEdited(grafanaVersion: '11.2' | '12', api: 'auto' | 'legacy') {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-force-read-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'));
  const file = join(dir, 'dashboards', 'forced.json');
  await writeFile(file, `${JSON.stringify(dashboard('Forced'), null, 2)}\n`);
  const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
  const settings = await loadSettings({ flags: { api, root: 'dashboards' }, env, cwd: dir });
  const grafana = openGrafanaPort({ url: sandbox.url, auth: settings.auth, timeoutMs: 10_000, concurrency: 2, env: {} }, api);
  onTestFinished(() => grafana.close());
  expect((await applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false })).failures).toEqual([]);
  await writeFile(file, `${JSON.stringify(dashboard('Forced v2'), null, 2)}\n`);
  return { sandbox, settings, grafana };
}

const dashboardReads = (sandbox: { requests: () => { method: string; path: string }[] }) =>
  sandbox.requests().filter((entry) => entry.method === 'GET' && entry.path === '/api/dashboards/uid/forced').length;

// send-69 left a forced save through /api reading the dashboard twice: the save action's read (which tells the version it goes
// over) and the port's (the version it saves at). One read serves both now.
describe.each([
  { grafanaVersion: '11.2' as const, api: 'auto' as const },
  { grafanaVersion: '12' as const, api: 'legacy' as const },
])('apply --force through /api on Grafana $grafanaVersion (api $api)', ({ grafanaVersion, api }) => {
  it('reads the dashboard once before its save, and saves at the version read', async () => {
    const { sandbox, settings, grafana } = await appliedThenEdited(grafanaVersion, api);
    const plan = await createPlan({ settings, grafana, git: GIT });
    sandbox.clearRequests();

    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: true });

    expect(result.updated).toEqual(['forced']);
    expect(dashboardReads(sandbox)).toBe(1);
    const posts = sandbox.requests().filter((entry) => entry.method === 'POST' && entry.path === '/api/dashboards/db');
    expect(posts.map((entry) => [entry.status, (entry.body as { dashboard: { version?: number }; overwrite: boolean }).dashboard.version, (entry.body as { overwrite: boolean }).overwrite])).toEqual([[200, 1, false]]);
  });

  it('a save by someone else between that read and the save: read once more, saved over it, and the line names that save', async () => {
    const { sandbox, settings, grafana } = await appliedThenEdited(grafanaVersion, api);
    const plan = await createPlan({ settings, grafana, git: GIT });
    sandbox.clearRequests();
    // dashsync's save waits at the door while someone saves the dashboard in Grafana (version 2).
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }] });
    const events: ApplyEvent[] = [];
    const applying = applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: true, onEvent: (event) => events.push(event) });
    await requestHeld(sandbox);
    const edit = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...dashboard('Edited in the UI'), version: 1 }, folderUid: '', overwrite: false });
    expect(edit.status, edit.text).toBe(200);
    sandbox.releaseHeld();

    const result = await applying;

    expect(result.updated).toEqual(['forced']);
    expect(dashboardReads(sandbox)).toBe(2);
    const posts = sandbox.requests().filter((entry) => entry.method === 'POST' && entry.path === '/api/dashboards/db' && (entry.body as { message?: string }).message?.startsWith('dashsync'));
    expect(posts.map((entry) => [entry.status, (entry.body as { dashboard: { version?: number } }).dashboard.version])).toEqual([[412, 1], [200, 2]]);
    // The plan saw version 1: the save went over version 2, someone's, and says so.
    expect(events.find((event) => event.uid === 'forced' && event.outcome === 'updated')?.forcedOver).toMatchObject({ version: 2, by: 'admin' });
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/forced')).body).toMatchObject({ dashboard: { title: 'Forced v2', version: 3 } });
  });
});
