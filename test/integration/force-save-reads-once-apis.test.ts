import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { ApplyEvent } from '../../src/apply/types.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { openGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import type { RequestLogEntry } from '../../src/sandbox/types.js';
import { apiRequest, requestHeld, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
/** A GET of the one dashboard through `/apis`, at any version. */
const READ_FORCED = /^\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/default\/dashboards\/forced$/;

const dashboard = (title: string) => ({ uid: 'forced', title, schemaVersion: 42, refresh: '', panels: [] });

/** On 13, a tree of one classic dashboard, applied once (version 1), its file then edited: the next plan updates it. */
async function appliedThenEdited(api: 'auto' | 'k8s') {
  const sandbox = await startTestSandbox({ grafanaVersion: '13' });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-force-read-apis-'));
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

/** dashsync's saves of the dashboard: `api: auto` sends a classic one through `/api`, `k8s` through `/apis`. */
const isSave = (api: 'auto' | 'k8s') => (entry: RequestLogEntry) =>
  api === 'auto'
    ? entry.method === 'POST' && entry.path === '/api/dashboards/db' && (entry.body as { message?: string }).message?.startsWith('dashsync') === true
    : entry.method === 'PUT' && READ_FORCED.test(entry.path);

// fixs-70 left a forced save through /apis reading the dashboard twice: the save action's read (which tells the version it
// goes over) and the port's (the stored object it saves on). One read serves both now.
describe.each([{ api: 'k8s' as const }, { api: 'auto' as const }])('apply --force through /apis on Grafana 13 (api $api)', ({ api }) => {
  it('reads the dashboard once before its save, and saves on the revision read', async () => {
    const { sandbox, settings, grafana } = await appliedThenEdited(api);
    const plan = await createPlan({ settings, grafana, git: GIT });
    sandbox.clearRequests();

    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: true });

    expect(result.updated).toEqual(['forced']);
    const log = sandbox.requests();
    const firstSave = log.findIndex(isSave(api));
    expect(firstSave).toBeGreaterThanOrEqual(0);
    expect(log.slice(0, firstSave).filter((entry) => entry.method === 'GET' && READ_FORCED.test(entry.path))).toHaveLength(1);
    expect(log.filter(isSave(api)).map((entry) => entry.status)).toEqual([200]);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/forced')).body).toMatchObject({ dashboard: { title: 'Forced v2', version: 2 } });
  });

  it('a save by someone else between that read and the save: read once more, saved over it, and the line names that save', async () => {
    const { sandbox, settings, grafana } = await appliedThenEdited(api);
    const plan = await createPlan({ settings, grafana, git: GIT });
    sandbox.clearRequests();
    // dashsync's save waits at the door while someone saves the dashboard in Grafana (version 2).
    sandbox.setFaults(api === 'auto' ? { methods: ['POST'], pathPrefix: '/api/dashboards/db', script: [{ kind: 'hold' }] } : { methods: ['PUT'], pathPrefix: '/apis/', script: [{ kind: 'hold' }] });
    const events: ApplyEvent[] = [];
    const applying = applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: true, onEvent: (event) => events.push(event) });
    await requestHeld(sandbox);
    const edit = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...dashboard('Edited in the UI'), version: 1 }, folderUid: '', overwrite: false });
    expect(edit.status, edit.text).toBe(200);
    sandbox.releaseHeld();

    const result = await applying;

    expect(result.updated).toEqual(['forced']);
    const saves = sandbox.requests().filter(isSave(api));
    expect(saves).toHaveLength(2);
    expect(saves[0]!.status).not.toBe(200);
    expect(saves[1]!.status).toBe(200);
    // The plan saw version 1: the save went over version 2, someone's, and says so.
    expect(events.find((event) => event.uid === 'forced' && event.outcome === 'updated')?.forcedOver).toMatchObject({ version: 2, by: 'admin' });
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/forced')).body).toMatchObject({ dashboard: { title: 'Forced v2', version: 3 } });
  });
});
