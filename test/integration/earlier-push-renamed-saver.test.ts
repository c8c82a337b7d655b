import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, makeWorkDir } from '../pull/pull-fixture.js';

// review-15 M-2. A push through `/api` (`--api legacy` here; `api: "auto"` for classic dashboards) notes its service account
// by name (`as <name>`); read through `/apis`, pull checks that name against the one `/api`'s read of that version gives the
// saver (GET /api/dashboards/uid/<uid>/versions/<n>). Grafana names savers as they are now: after a rename, every earlier push
// names another saver. main asked once per push (up to 100 per dashboard, for each dashboard using a library panel) and
// then found no push at all, so pull stopped refusing. Now: one request per saver and run, and the newest such push counts,
// unconfirmed (no commit).

const UIDS = ['node', 'web'];
const PUSHES = 3;
const VERSION_READ = /^\/api\/dashboards\/uid\/[^/]+\/versions\/\d+$/;

/** Dashboards node and web, each pushed PUSHES times by an Admin service account's token through `/api`: that account's id. */
async function pushedThroughApi(handle: SandboxHandle): Promise<number> {
  const dir = await makeWorkDir();
  await mkdir(join(dir, 'dashboards'));
  const account = (await apiRequest(handle, 'POST', '/api/serviceaccounts', { name: 'dashsync CI', role: 'Admin' })).body;
  const ci = (await apiRequest(handle, 'POST', `/api/serviceaccounts/${account.id}/tokens`, { name: 'ci' })).body.key as string;
  for (let round = 1; round <= PUSHES; round += 1) {
    for (const uid of UIDS) await writeFile(join(dir, `dashboards/${uid}.json`), `${JSON.stringify({ uid, title: `${uid} ${round}`, schemaVersion: 39, panels: [] }, null, 2)}\n`);
    await commitAll(dir, `round ${round}`);
    const applied = await runCliInProcess(['apply', '--auto-approve', '--api', 'legacy'], { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_TOKEN: ci } });
    expect(applied.code, applied.stderr).toBe(0);
  }
  expect(await readFile(join(dir, 'dashboards/node.json'), 'utf8')).toContain(`"node ${PUSHES}"`);
  return account.id as number;
}

/** A port (on `/apis` unless `api` says) with the admin's login (a person's pull), closed when the test ends. */
async function personsPort(handle: SandboxHandle, api: 'auto' | 'legacy' = 'auto') {
  const settings = await loadSettings({ flags: { api }, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: await makeWorkDir() });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  await grafana.checkAccess();
  expect(grafana.api).toBe(api === 'legacy' ? 'legacy' : 'k8s');
  return grafana;
}

describe("dashsync's pushes through /api, read through /apis after their service account was renamed (Grafana 12)", () => {
  it('cost one version read for both dashboards, and the newest push counts unconfirmed, without its commit', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const account = await pushedThroughApi(handle);
    const renamed = await apiRequest(handle, 'PATCH', `/api/serviceaccounts/${account}`, { name: 'dashsync deploy' });
    expect(renamed.status, renamed.text).toBe(200);
    const grafana = await personsPort(handle);
    handle.clearRequests();

    const pushes = await Promise.all(UIDS.map((uid) => grafana.readEarlierPush!(uid, PUSHES + 1, { unconfirmed: true })));

    // main: 2 × PUSHES reads, and no push.
    expect(handle.requests().filter((entry) => entry.method === 'GET' && VERSION_READ.test(entry.path))).toHaveLength(1);
    for (const push of pushes) {
      expect(push).toMatchObject({ version: PUSHES, unconfirmed: 'other-saver', pusher: { form: 'name' } });
      expect(push).not.toHaveProperty('commit');
    }
  });

  it('stop asking after the first version read is refused: one request, and the newest push counts unconfirmed', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    await pushedThroughApi(handle);
    const grafana = await personsPort(handle);
    handle.setFaults({ pathPrefix: '/api/dashboards/uid/', methods: ['GET'], errorRate: 1, errorStatus: 403 });
    handle.clearRequests();

    const pushes = await Promise.all(UIDS.map((uid) => grafana.readEarlierPush!(uid, PUSHES + 1, { unconfirmed: true })));

    expect(handle.requests().filter((entry) => entry.method === 'GET' && VERSION_READ.test(entry.path))).toHaveLength(1);
    for (const push of pushes) {
      // main: the commit it names, though nothing confirmed who saved it.
      expect(push).toMatchObject({ version: PUSHES, unconfirmed: 'other-api' });
      expect(push).not.toHaveProperty('commit');
    }
  });

  // Through `/api` the version list names the saver as it is now, and main found no push either (a rename left pull taking
  // Grafana's version): the newest such push counts, unconfirmed.
  it('through /api too, the newest push counts unconfirmed, without its commit', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const account = await pushedThroughApi(handle);
    expect((await apiRequest(handle, 'PATCH', `/api/serviceaccounts/${account}`, { name: 'dashsync deploy' })).status).toBe(200);
    const grafana = await personsPort(handle, 'legacy');

    const push = await grafana.readEarlierPush!('node', PUSHES + 1, { unconfirmed: true });

    expect(push).toMatchObject({ version: PUSHES, unconfirmed: 'other-saver', pusher: { form: 'name', saver: 'dashsync CI' } });
    expect(push).not.toHaveProperty('commit');
    // Without `unconfirmed` (a caller wanting confirmed pushes only), none.
    expect(await grafana.readEarlierPush!('node', PUSHES + 1)).toBeNull();
  });
});
