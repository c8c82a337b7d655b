import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// GET /api/user answers a service account's internal numeric id (service-account:<id>) on 12 and 13, while /apis
// histories record its string uid. dashsync asks Grafana's display list for the uid once per run, and where that is
// not answered learns it from the answer to its own create: the content note of every push names the uid the history
// records, so a later plan can check it against the saver.

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
const V1: Record<'12' | '13', string> = { '12': 'v1beta1', '13': 'v1' };
const cases = [
  { grafanaVersion: '12', storage: 'legacy' },
  { grafanaVersion: '13', storage: 'unified' },
] as const;

function model(uid: string, description: string): Record<string, unknown> {
  return { description, panels: [{ gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, title: 'CPU', type: 'stat' }], refresh: '', schemaVersion: 42, title: uid.toUpperCase(), uid };
}

/** An Editor service account and a token of it, made as Grafana's UI makes them. */
async function serviceAccount(sandbox: SandboxHandle): Promise<{ id: number; uid: string; token: string }> {
  const created = await apiRequest(sandbox, 'POST', '/api/serviceaccounts', { name: 'ci deploy', role: 'Editor' }, adminHeaders());
  expect(created.status, created.text).toBe(201);
  const token = await apiRequest(sandbox, 'POST', `/api/serviceaccounts/${created.body.id}/tokens`, { name: 'ci' }, adminHeaders());
  expect(token.status, token.text).toBe(200);
  return { id: created.body.id, uid: created.body.uid, token: token.body.key };
}

/** One run's port (as one CLI run has): plan and apply the files through /apis with the token. */
async function pushWithToken(sandbox: SandboxHandle, dir: string, token: string): Promise<void> {
  const settings = await loadSettings({ flags: { api: 'k8s' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  try {
    const plan = await createPlan({ settings, grafana, git: GIT });
    await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });
  } finally {
    await grafana.close();
  }
}

async function newestMessage(sandbox: SandboxHandle, version: string, uid: string): Promise<string> {
  const history = await apiRequest(
    sandbox,
    'GET',
    `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards?limit=1&labelSelector=grafana.app/get-history=true&fieldSelector=metadata.name=${uid}`,
    undefined,
    adminHeaders(),
  );
  return history.body.items[0].metadata.annotations['grafana.app/message'];
}

async function workspace(files: Record<string, string>): Promise<{ dir: string; write: (uid: string, description: string) => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-sa-uid-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'));
  const write = (uid: string, description: string) => writeFile(join(dir, 'dashboards', `${uid}.json`), `${JSON.stringify(model(uid, description), null, 2)}\n`);
  for (const [uid, description] of Object.entries(files)) await write(uid, description);
  return { dir, write };
}

describe.each(cases)('a service account token through /apis (Grafana $grafanaVersion, $storage storage)', ({ grafanaVersion, storage }) => {
  it("the content note names the account's uid, as Grafana's display list gives it for the numeric id GET /api/user answers", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion, storage });
    const account = await serviceAccount(sandbox);
    const me = await apiRequest(sandbox, 'GET', '/api/user', undefined, { Authorization: `Bearer ${account.token}` });
    expect(me.body.uid).toBe(`service-account:${account.id}`);
    const { dir } = await workspace({ a: 'first' });

    await pushWithToken(sandbox, dir, account.token);

    expect(await newestMessage(sandbox, V1[grafanaVersion], 'a')).toMatch(new RegExp(` by ${account.uid}\\]$`));
    const asked = sandbox.requests().filter((r) => r.path.startsWith('/apis/iam.grafana.app/'));
    expect(asked.map((r) => r.path)).toEqual([`/apis/iam.grafana.app/v0alpha1/namespaces/default/display?key=service-account%3A${account.id}`]);
  });

  it.each([404, 403])('the display list answering %i: the first push notes the numeric id as before, later pushes of the run the uid its own create was answered with', async (status) => {
    const sandbox = await startTestSandbox({ grafanaVersion, storage });
    const account = await serviceAccount(sandbox);
    sandbox.setFaults({ pathPrefix: '/apis/iam.grafana.app/', errorRate: 1, errorStatus: status });
    const { dir, write } = await workspace({ a: 'first' });

    await pushWithToken(sandbox, dir, account.token);
    expect(await newestMessage(sandbox, V1[grafanaVersion], 'a')).toMatch(new RegExp(` by ${account.id}\\]$`));

    // One run (one port): the create of b is answered, then a's update is planned and sent.
    await write('b', 'first');
    const settings = await loadSettings({ flags: { api: 'k8s' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: account.token }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    const apply = async () => applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false });
    await apply();
    await write('a', 'second');
    await apply();

    expect(await newestMessage(sandbox, V1[grafanaVersion], 'b')).toMatch(new RegExp(` by ${account.id}\\]$`));
    expect(await newestMessage(sandbox, V1[grafanaVersion], 'a')).toMatch(new RegExp(` by ${account.uid}\\]$`));
  });
});
