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

  // The display list's 404, then the first create held unanswered (scripted faults on /apis, in the order the run asks):
  // whatever the timing, the pushes sent before any create is answered can only name the numeric id.
  const DISPLAY_404_THEN_FIRST_WRITE_HELD = { pathPrefix: '/apis/', script: [{ kind: 'status' as const, status: 404 }, { kind: 'hold' as const }] };
  const MANY = Array.from({ length: 20 }, (_, index) => `d${String(index).padStart(2, '0')}`);

  /** A port of the token (concurrency 8, the default) and its plan of MANY creates; the faults are set after the plan. */
  async function planManyCreates(sandbox: SandboxHandle, token: string, signal?: AbortSignal, flags: Record<string, unknown> = {}) {
    const { dir } = await workspace(Object.fromEntries(MANY.map((uid) => [uid, 'first'])));
    const settings = await loadSettings({ flags: { api: 'k8s', ...flags }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token }, cwd: dir });
    expect(settings.concurrency).toBe(8);
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {}, ...(signal && { signal }) });
    onTestFinished(() => grafana.close());
    const plan = await createPlan({ settings, grafana, git: GIT });
    expect(plan.actions.filter((action) => action.action === 'create')).toHaveLength(MANY.length);
    return { settings, grafana, plan };
  }

  /** The dashboard whose create the hold fault held (the display list's 404 came first). */
  function heldCreate(sandbox: SandboxHandle): string {
    const faulted = sandbox.requests().filter((request) => request.fault !== undefined);
    expect(faulted.map((request) => [request.method, request.path.split('/')[2], request.fault])).toEqual([
      ['GET', 'iam.grafana.app', 'status'],
      ['POST', 'dashboard.grafana.app', 'hold'],
    ]);
    return (faulted[1]!.body as { metadata: { name: string } }).metadata.name;
  }

  it('the display list answering 404, 20 creates at concurrency 8: every push after the first names the uid the first create was answered with, however long that answer takes', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion, storage });
    const account = await serviceAccount(sandbox);
    const { settings, grafana, plan } = await planManyCreates(sandbox, account.token);

    sandbox.setFaults(DISPLAY_404_THEN_FIRST_WRITE_HELD);
    const applying = applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });
    await sandbox.whenHeld(1);
    expect(sandbox.releaseHeld()).toBe(1);
    const result = await applying;

    expect(result.created.sort()).toEqual(MANY);
    const first = heldCreate(sandbox);
    // The first create's note was sent before any answer: it names the numeric id, as documented.
    expect(await newestMessage(sandbox, V1[grafanaVersion], first)).toMatch(new RegExp(` by ${account.id}\\]$`));
    const others = await Promise.all(MANY.filter((uid) => uid !== first).map(async (uid) => [uid, await newestMessage(sandbox, V1[grafanaVersion], uid)] as const));
    expect(others.filter(([, message]) => !message.endsWith(` by ${account.uid}]`))).toEqual([]);
  });

  it('the pushes waiting for the first create\'s answer end as not started at Ctrl-C, while that create is still unanswered', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion, storage });
    const account = await serviceAccount(sandbox);
    const interrupt = new AbortController();
    // A grace long enough that only the Ctrl-C, not the held create's end, can end the others' wait.
    const { settings, grafana, plan } = await planManyCreates(sandbox, account.token, interrupt.signal, { interruptGrace: 3600 });

    sandbox.setFaults(DISPLAY_404_THEN_FIRST_WRITE_HELD);
    // Every create but the held one ends while that one is held (done or not): how each ended is the assertion below, so
    // a push that went out instead of waiting fails it by its outcome, not by a wait that never ends.
    const othersEnded: Record<string, string> = {};
    let allOthersEnded!: () => void;
    const othersEnding = new Promise<void>((resolve) => (allOthersEnded = resolve));
    const applying = applyPlan({
      plan,
      settings,
      grafana,
      message: 'dashsync: test',
      force: false,
      signal: interrupt.signal,
      onEvent: (event) => {
        if (event.kind !== 'dashboard' || event.outcome === 'warning') return;
        othersEnded[event.uid] = event.outcome;
        if (Object.keys(othersEnded).length === MANY.length - 1) allOthersEnded();
      },
    });
    await sandbox.whenHeld(1);
    interrupt.abort();
    await othersEnding;
    const first = heldCreate(sandbox);
    expect(othersEnded).toEqual(Object.fromEntries(MANY.filter((uid) => uid !== first).map((uid) => [uid, 'not-started'])));
    expect(sandbox.releaseHeld()).toBe(1);
    const result = await applying;

    expect(result.created).toEqual([first]);
    expect(result.notStarted.map((action) => action.uid).sort()).toEqual(MANY.filter((uid) => uid !== first));
    expect(sandbox.requests().filter((request) => request.method === 'POST' && request.path.includes('/dashboards'))).toHaveLength(1);
  });
});
