import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { ApplyEvent } from '../../src/apply/types.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { openGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import type { FaultConfig, GrafanaVersion } from '../../src/sandbox/types.js';
import { apiRequest, requestHeld, startTestSandbox } from './sandbox.js';

export const FORCE_TEST_GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

/**
 * A tree of one dashboard `forced` (`dashboard(title)`), applied once (version 1) through `api`, its file then retitled: the
 * next plan updates it. The --force tests' scene.
 */
export async function appliedThenEdited(grafanaVersion: GrafanaVersion, api: 'auto' | 'legacy' | 'k8s', dashboard: (title: string) => Record<string, unknown>) {
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
  expect((await applyPlan({ plan: await createPlan({ settings, grafana, git: FORCE_TEST_GIT }), settings, grafana, message: 'dashsync: test', force: false })).failures).toEqual([]);
  await writeFile(file, `${JSON.stringify(dashboard('Forced v2'), null, 2)}\n`);
  return { sandbox, settings, grafana, dashboard };
}

/**
 * apply --force of the scene's plan while dashsync's save waits at the door (`held`: a fault holding it) and someone saves
 * the dashboard in Grafana through `/api` (version 2): the apply's result and events.
 */
export async function forceOverSaveInBetween(scene: Awaited<ReturnType<typeof appliedThenEdited>>, held: FaultConfig) {
  const { sandbox, settings, grafana, dashboard } = scene;
  const plan = await createPlan({ settings, grafana, git: FORCE_TEST_GIT });
  sandbox.clearRequests();
  sandbox.setFaults(held);
  const events: ApplyEvent[] = [];
  const applying = applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: true, onEvent: (event) => events.push(event) });
  await requestHeld(sandbox);
  const edit = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...dashboard('Edited in the UI'), version: 1 }, folderUid: '', overwrite: false });
  expect(edit.status, edit.text).toBe(200);
  sandbox.releaseHeld();
  return { result: await applying, events };
}
