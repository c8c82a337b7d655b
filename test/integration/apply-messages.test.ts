import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { ApplyEvent } from '../../src/apply/types.js';
import type { ProgressEvent } from '../../src/plan/types.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderApplyProblems } from '../../src/report/render-apply-result.js';
import { startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
const HINT = '(these credentials may not write here: they need the Editor role or higher in this org, or Edit permission on the folder)';

describe('the apply progress', () => {
  it('counts a dashboard as done before its line is printed, so the bar drawn with the line includes it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-progress-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards'), { recursive: true });
    for (const n of [1, 2, 3, 4, 5]) await writeFile(join(dir, `dashboards/d${n}.json`), `${JSON.stringify({ panels: [], title: `D${n}`, uid: `d-${n}` }, null, 2)}\n`);
    const settings = await loadSettings({ flags: { api: 'legacy', concurrency: 2 }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Editor') }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    const plan = await createPlan({ settings, grafana, git: GIT });

    // What a terminal shows when each line is printed: the count of the bar last drawn.
    let shown: ProgressEvent | undefined;
    const atEachLine: [string, number | undefined][] = [];
    await applyPlan({
      plan,
      settings,
      grafana,
      message: 'dashsync: test',
      force: false,
      onProgress: (event) => (shown = event),
      onEvent: (event: ApplyEvent) => atEachLine.push([event.uid, shown?.done]),
    });
    expect(atEachLine.map(([, done]) => done)).toEqual([1, 2, 3, 4, 5]);
    expect(atEachLine.map(([uid]) => uid).sort()).toEqual(['d-1', 'd-2', 'd-3', 'd-4', 'd-5']);
    expect(shown).toEqual({ phase: 'apply', done: 5, total: 5 });
  });
});

describe('a write refused for a missing role (HTTP 403)', () => {
  it.each(['legacy', 'k8s'] as const)('api %s: each failed line says which role or permission the token needs', async (api) => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-403-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards/team'), { recursive: true });
    await writeFile(join(dir, 'dashboards/root.json'), `${JSON.stringify({ panels: [], title: 'Root', uid: 'root-1' }, null, 2)}\n`);
    await writeFile(join(dir, 'dashboards/team/svc.json'), `${JSON.stringify({ panels: [], title: 'Service', uid: 'svc-1' }, null, 2)}\n`);
    await writeFile(join(dir, 'dashboards/team/_folder.json'), `${JSON.stringify({ title: 'Team', uid: 'team-f' }, null, 2)}\n`);
    const settings = await loadSettings({ flags: { api }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Viewer') }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());

    const plan = await createPlan({ settings, grafana, git: GIT });
    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });

    const lines = renderApplyProblems(result).split('\n').filter(Boolean);
    const folder = lines.find((line) => line.startsWith('failed: folder-create team-f '))!;
    const dashboard = lines.find((line) => line.startsWith('failed: create root-1 '))!;
    expect(folder).toContain(api === 'legacy' ? 'POST /api/folders failed: HTTP 403' : 'POST /apis/folder.grafana.app/v1beta1/namespaces/default/folders failed: HTTP 403');
    expect(dashboard).toContain(api === 'legacy' ? 'POST /api/dashboards/db failed: HTTP 403' : 'POST /apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards failed: HTTP 403');
    for (const line of [folder, dashboard]) expect(line.endsWith(HINT)).toBe(true);
    // The dashboard that waited for the folder says so, with no role hint of its own.
    expect(lines).toContain('failed: create svc-1 "Service": not attempted: its folder team-f could not be made');
  });
});
