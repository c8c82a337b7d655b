import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { renderApplyProblems } from '../../src/report/render-apply-result.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Audit F22: a dashboard the plan creates, whose uid someone else created in Grafana between plan and apply.

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

describe('a create whose uid appeared in Grafana after the plan', () => {
  it.each(['11.2', '13'] as const)('%s: says it was created in Grafana meanwhile, by whom and as what, and what to do; no pull advice', async (grafanaVersion) => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-create-race-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards'), { recursive: true });
    await writeFile(join(dir, 'dashboards/new-one.json'), JSON.stringify({ uid: 'new-one', title: 'New one', schemaVersion: 39, panels: [] }));
    const settings = await loadSettings({ flags: { root: 'dashboards', api: 'legacy' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    const plan = await createPlan({ settings, grafana, git: GIT });
    expect(plan.summary).toMatchObject({ create: 1 });

    await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'new-one', title: 'Someone elses', panels: [] } }, adminHeaders());
    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });

    expect(result.created).toEqual([]);
    const line = renderApplyProblems(result).split('\n').find((text) => text.startsWith('conflict: new-one'))!;
    expect(line).toMatch(
      /^conflict: new-one "New one" \(dashboards\/new-one\.json\) was created in Grafana by admin at \S+ after the plan \(as "Someone elses", version 1\); not created, and that one left untouched\. Give the file another uid, or dashsync apply --force to take that uid over with the file \(Grafana's version history keeps theirs as version 1\)$/,
    );
    expect(line).not.toContain('pull');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/new-one')).body.dashboard.title).toBe('Someone elses');
  });

  it('a library panel: --force is said to lose theirs for good (no version history, no backup of an update)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-create-race-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'dashboards/_library'), { recursive: true });
    await writeFile(join(dir, 'dashboards/_library/cpu.json'), JSON.stringify({ uid: 'lp-new', name: 'CPU', kind: 1, model: { type: 'timeseries', title: 'CPU' } }));
    const settings = await loadSettings({ flags: { root: 'dashboards', api: 'legacy' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    const plan = await createPlan({ settings, grafana, git: GIT });
    expect(plan.summary).toMatchObject({ libraryPanelCreate: 1 });

    const raced = await apiRequest(sandbox, 'POST', '/api/library-elements', { uid: 'lp-new', name: 'Theirs', kind: 1, model: { type: 'stat', title: 'Theirs' }, folderUid: '' }, adminHeaders());
    expect(raced.status, raced.text).toBe(200);
    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });

    const line = renderApplyProblems(result).split('\n').find((text) => text.startsWith('conflict: library panel lp-new'))!;
    expect(line).toContain('Give the file another uid, or dashsync apply --force to take that uid over with the file; theirs is then gone (library panels keep no version history');
    expect(line).toMatch(/save GET \/api\/library-elements\/lp-new first if you need it$/);
    expect(line).not.toContain('version history keeps');
  });
});
