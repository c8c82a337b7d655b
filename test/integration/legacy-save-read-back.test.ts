import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { ApplyEvent } from '../../src/apply/types.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import type { RequestLogEntry, SandboxOptions } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

/**
 * perf-readback-12: with `api: auto` on 12 and 13 a classic dashboard is saved through `POST /api/dashboards/db`, whose
 * answer has no resourceVersion. The run's first save is read back through `/apis`; on legacy SQL storage that read
 * shows the answer's version is the generation and the resourceVersion, and later saves of the run read nothing back.
 * On unified storage every save is still read back. The versions printed after the saves are Grafana's either way.
 */
const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'scenario', actor: 'tester' };
const UIDS = ['board-0', 'board-1', 'board-2', 'board-3', 'board-4'];

const SERVERS: { name: string; options: SandboxOptions; legacy: boolean }[] = [
  { name: '12 (legacy SQL storage)', options: { grafanaVersion: '12' }, legacy: true },
  { name: '12 (unified storage)', options: { grafanaVersion: '12', storage: 'unified' }, legacy: false },
  { name: '13 (unified storage)', options: { grafanaVersion: '13' }, legacy: false },
];

async function setUp(options: SandboxOptions) {
  const sandbox = await startTestSandbox(options);
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-save-read-back-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards', 'team'), { recursive: true });
  const writeAll = (title: string) =>
    Promise.all(UIDS.map((uid) => writeFile(join(dir, 'dashboards', 'team', `${uid}.json`), `${JSON.stringify({ uid, title: `${title} ${uid}`, schemaVersion: 41, panels: [] }, null, 2)}\n`)));
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', api: 'auto' }));
  const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  /** One run: a fresh port (what a run learns ends with it), plan and apply; the versions apply reported per uid. */
  const run = async () => {
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    const events: ApplyEvent[] = [];
    const plan = await createPlan({ settings, grafana, git: GIT });
    sandbox.clearRequests();
    await applyPlan({ plan, settings, grafana, message: 'scenario', force: false, onEvent: (event) => events.push(event) });
    const versions = Object.fromEntries(events.filter((event) => event.kind === 'dashboard' && event.uid !== '').map((event) => [event.uid, event.version]));
    return { versions, readBacks: readBacks(sandbox.requests()) };
  };
  return { sandbox, writeAll, run };
}

/** The GETs through `/apis` of a dashboard after its save through `/api`: its read-backs. */
function readBacks(log: RequestLogEntry[]): number {
  const saved = new Set<string>();
  let count = 0;
  for (const entry of log) {
    if (entry.method === 'POST' && entry.path === '/api/dashboards/db') saved.add(String((entry.body as { dashboard: { uid: string } }).dashboard.uid));
    const named = entry.method === 'GET' ? /^\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/[^/]+\/dashboards\/([^/?]+)$/.exec(entry.path) : null;
    if (named && saved.has(decodeURIComponent(named[1]!))) count += 1;
  }
  return count;
}

describe.each(SERVERS)('saves through /api with --api auto on Grafana $name', ({ options, legacy }) => {
  it('reads back only what the answer cannot tell, and reports Grafana\'s versions', async () => {
    const { sandbox, writeAll, run } = await setUp(options);
    await writeAll('Board');

    const created = await run();

    expect(created.versions).toEqual(Object.fromEntries(UIDS.map((uid) => [uid, 1])));
    expect(created.readBacks).toBe(legacy ? 1 : UIDS.length);

    await writeAll('Renamed');
    const updated = await run();

    expect(updated.versions).toEqual(Object.fromEntries(UIDS.map((uid) => [uid, 2])));
    expect(updated.readBacks).toBe(legacy ? 1 : UIDS.length);
    // Grafana holds what the run said: each at version 2, and a third run has nothing to do.
    for (const uid of UIDS) expect((await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${uid}`)).body.dashboard.version).toBe(2);
    const again = await run();
    expect(again.versions).toEqual({});
  });
});
