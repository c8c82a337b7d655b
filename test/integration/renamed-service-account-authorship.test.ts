import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { writeDashboardTree } from '../../scripts/lib/generate-dashboards.mjs';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { dashboardActions } from '../../src/plan/types.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 120_000 });

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
const COUNT = 3;

/**
 * Grafana names a save's author when the history is read (saver-names.ts), so renaming dashsync's own service
 * account renames every save it made, in the history and in GET /api/user alike: its saves stay its own.
 */
describe.each(['11.2', '12', '13'] as const)('authorship after a service account rename (Grafana %s, /api)', (grafanaVersion) => {
  it('keeps dashsync’s own saves its own after its account is renamed, and names other savers’ saves as theirs, a renamed account by its new name', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const account = (await apiRequest(sandbox, 'POST', '/api/serviceaccounts', { name: 'dashsync CI', role: 'Editor' })).body;
    const token = (await apiRequest(sandbox, 'POST', `/api/serviceaccounts/${account.id}/tokens`, { name: 'ci' })).body.key as string;
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-sa-rename-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const tree = join(dir, 'dashboards');
    writeDashboardTree(tree, { count: COUNT, seed: 7 });
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards' }));
    const settings = await loadSettings({ flags: { api: 'legacy' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token }, cwd: dir });
    /** A fresh port per run: each run asks GET /api/user once, as a new CLI run does. */
    const run = async () => {
      const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
      onTestFinished(() => grafana.close());
      return { grafana, plan: await createPlan({ settings, grafana, git: GIT }) };
    };
    const first = await run();
    expect((await applyPlan({ plan: first.plan, settings, grafana: first.grafana, message: 'dashsync: test', force: false })).created).toHaveLength(COUNT);
    writeDashboardTree(tree, { count: COUNT, seed: 7, mutate: { fraction: 1, seed: 3 } });
    const second = await run();
    expect((await applyPlan({ plan: second.plan, settings, grafana: second.grafana, message: 'dashsync: test', force: false })).updated).toHaveLength(COUNT);
    const uids = dashboardActions(second.plan).map((action) => action.uid);

    // Someone else saves one in Grafana, another service account a second; then both accounts are renamed.
    const edited = uids[0]!;
    const edit = await fetch(`${sandbox.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: edited, user: 'jane', message: 'tuned' }) });
    expect(edit.status).toBe(200);
    const other = (await apiRequest(sandbox, 'POST', '/api/serviceaccounts', { name: 'nightly job', role: 'Editor' })).body;
    const otherToken = (await apiRequest(sandbox, 'POST', `/api/serviceaccounts/${other.id}/tokens`, { name: 'job' })).body.key as string;
    const byJob = uids[1]!;
    const live = (await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${byJob}`)).body;
    const jobSave = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, description: 'by the job' }, folderUid: live.meta.folderUid, message: 'job' }, bearerHeaders(otherToken));
    expect(jobSave.status).toBe(200);
    expect((await apiRequest(sandbox, 'PATCH', `/api/serviceaccounts/${account.id}`, { name: 'dashsync deploy' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'PATCH', `/api/serviceaccounts/${other.id}`, { name: 'weekly job' })).status).toBe(200);

    writeDashboardTree(tree, { count: COUNT, seed: 7, mutate: { fraction: 1, seed: 9 } });
    const after = await run();
    expect(after.plan.summary).toMatchObject({ update: COUNT });
    // Only the others' saves are drift, the renamed account's under its new name (11.2 names no service account):
    // dashsync's saves, now shown under its new name, are still its own.
    const job = grafanaVersion === '11.2' ? 'Anonymous' : 'weekly job';
    expect(after.plan.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'drift', uid: edited, updatedBy: 'jane', message: 'tuned' }),
        expect.objectContaining({ kind: 'drift', uid: byJob, updatedBy: job, message: 'job' }),
      ]),
    );
    // Grafana's editor (12, 13) saved jane's edit at its newest schemaVersion: a note says the file's older one is real.
    // (Grafana 13 through /api adds its once-per-plan "labels not seen" warning, kind other: not what this test is about.)
    expect(after.plan.warnings.filter((warning) => warning.kind !== 'note' && !(warning.kind === 'other' && warning.message.startsWith('labels not seen: ')))).toHaveLength(2);
  });
});
