import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runApply } from '../../../src/apply/run-apply.js';
import { loadSettings } from '../../../src/config/load-settings.js';
import { createGrafanaPort } from '../../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../../src/plan/create-plan.js';
import type { RequestLogEntry } from '../../../src/sandbox/types.js';
import { startTestSandbox } from '../../helpers/sandbox.js';

/**
 * perf-requests-48: on Grafana 12's legacy SQL storage, which keeps no push record, a `--api k8s` plan read a metadata
 * page of the org (to find the dashboards still as pushed) and then the full page of the same dashboards. The access
 * check's one listed dashboard shows the storage: there the plan reads the full pages alone. On unified storage (13)
 * the metadata pass stays, and the dashboards as pushed are not downloaded.
 */
const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'scenario', actor: 'tester' };
const COUNT = 3;

async function planAfterApply(grafanaVersion: '12' | '13'): Promise<{ actions: string[]; requests: RequestLogEntry[] }> {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-k8s-tree-read-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards', 'team'), { recursive: true });
  for (let i = 0; i < COUNT; i += 1) {
    await writeFile(join(dir, 'dashboards', 'team', `d${i}.json`), `${JSON.stringify({ uid: `d${i}`, title: `D ${i}`, schemaVersion: 41, panels: [] }, null, 2)}\n`);
  }
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', api: 'k8s' }));
  const settings = await loadSettings({ flags: {}, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const port = async () => {
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    return grafana;
  };
  expect((await runApply({ settings, grafana: await port(), env: {}, force: false })).result).toMatchObject({ failures: [], conflicts: [] });
  sandbox.clearRequests();

  const plan = await createPlan({ settings, grafana: await port(), git: GIT });

  return { actions: plan.actions.filter((action) => action.kind === 'dashboard').map((action) => `${action.action} ${action.uid}`), requests: sandbox.requests() };
}

/** The dashboard LIST pages the plan asked for, but the access check's (`limit=1`): `metadata` or `full`. */
function listPages(requests: RequestLogEntry[]): string[] {
  return requests
    .filter((request) => request.method === 'GET' && /^\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/default\/dashboards\?/.test(request.path) && !/[?&]limit=1(&|$)/.test(request.path))
    .map((request) => (request.accept?.includes('as=PartialObjectMetadata') ? 'metadata' : 'full'));
}

describe('the tree read of a --api k8s plan, by storage', () => {
  it('Grafana 12 (legacy SQL storage): the full page alone, no metadata page first', async () => {
    const { actions, requests } = await planAfterApply('12');

    expect(actions).toEqual([...Array(COUNT).keys()].map((i) => `noop d${i}`));
    expect(listPages(requests)).toEqual(['full']);
  });

  it('Grafana 13 (unified storage): the metadata page alone, the dashboards as pushed not downloaded', async () => {
    const { actions, requests } = await planAfterApply('13');

    expect(actions).toEqual([...Array(COUNT).keys()].map((i) => `noop d${i}`));
    expect(listPages(requests)).toEqual(['metadata']);
  });
});
