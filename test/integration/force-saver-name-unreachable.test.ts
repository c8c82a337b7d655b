import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import type { GrafanaPort } from '../../src/grafana/port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderApplyEvent } from '../../src/report/render-apply-event.js';
import { NO_RETRY_WAITS } from '../helpers/run-cli.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 60_000 });

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

/**
 * `apply --force` over a dashboard saved in Grafana since the plan: the save lands, then the read of the overwritten
 * saver's name (`/apis/iam…/display`) gets no answer. The save's line must still say it was saved (review-7 #5),
 * naming the saver by the id Grafana recorded.
 */
/** A dashboard applied, then edited in its file (the plan) and in Grafana by an Editor's token after the plan. */
async function forcedOverScene(grafanaVersion: '12' | '13') {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-force-name-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'), { recursive: true });
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards' }));
  const file = join(dir, 'dashboards/overview.json');
  await writeFile(file, JSON.stringify({ uid: 'overview', title: 'Overview', schemaVersion: 42, panels: [] }));
  const settings = await loadSettings({ flags: { api: 'k8s' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  // The name's read, dropped, is sent 8 times: at once (its waits are not under test).
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: NO_RETRY_WAITS });
  onTestFinished(() => grafana.close());
  await applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false });

  await writeFile(file, JSON.stringify({ uid: 'overview', title: 'Overview', description: 'from git', schemaVersion: 42, panels: [] }));
  const plan = await createPlan({ settings, grafana, git: GIT });
  const token = await sandbox.createToken('Editor');
  const live = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/overview')).body;
  const edit = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, description: 'edited in the UI' }, overwrite: false }, bearerHeaders(token));
  expect(edit.status).toBe(200);

  const forceApply = async (port: GrafanaPort = grafana) => {
    const lines: string[] = [];
    const result = await applyPlan({
      plan,
      settings,
      grafana: port,
      message: 'dashsync: test',
      force: true,
      onEvent: (event) => {
        const line = renderApplyEvent(event);
        if (line) lines.push(line.line);
      },
    });
    return { result, lines };
  };
  return { sandbox, grafana, forceApply };
}

const FORCED_OVER_ID = /^updated \(forced over version \d+, saved by (user|service-account):\S+ at \S+\): overview "Overview" \(dashboards\/overview\.json\), now version \d+$/;

describe.each(['12', '13'] as const)('apply --force on Grafana %s (/apis) when the saver\'s name cannot be read', (grafanaVersion) => {
  it('the display request gets no answer: the save is reported done, forced over the typed saver id', async () => {
    const { sandbox, forceApply } = await forcedOverScene(grafanaVersion);
    sandbox.setFaults({ pathPrefix: '/apis/iam.grafana.app/', dropRate: 1, seed: 1 });
    const { result, lines } = await forceApply();
    sandbox.setFaults(undefined);
    // The name was asked for, and got no answer.
    expect(sandbox.requests().some((entry) => entry.path.startsWith('/apis/iam.grafana.app/') && entry.fault === 'drop')).toBe(true);
    expect(result.failures).toEqual([]);
    expect(result.updated).toEqual(['overview']);
    expect(lines).toEqual([expect.stringMatching(FORCED_OVER_ID)]);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/overview')).body.dashboard.description).toBe('from git');
  });

  it('naming fails with an error no request gives: the save is still reported done, not failed', async () => {
    const { sandbox, grafana, forceApply } = await forcedOverScene(grafanaVersion);
    const failingNamer = new Proxy(grafana, {
      get: (target, key) => (key === 'nameSavers' ? async () => Promise.reject(new Error('display list unreadable')) : Reflect.get(target, key)),
    });
    const { result, lines } = await forceApply(failingNamer);
    expect(result.failures).toEqual([]);
    expect(result.updated).toEqual(['overview']);
    expect(lines).toEqual([expect.stringMatching(FORCED_OVER_ID)]);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/overview')).body.dashboard.description).toBe('from git');
  });
});
