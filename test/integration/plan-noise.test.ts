import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { runCheck } from '../../src/check/run-check.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { dashboardActions } from '../../src/plan/types.js';
import { describeWarning } from '../../src/report/describe-warning.js';
import { renderSummaryLine } from '../../src/report/render-summary.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Walk-through 10 (F13, F15, F6): what a plan says that it need not, and what it left unsaid.

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
type Json = Record<string, any>;

async function workspace(sandbox: SandboxHandle, files: Record<string, Json>) {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-plan-noise-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const write = async (path: string, content: Json) => {
    await mkdir(dirname(join(dir, 'dashboards', path)), { recursive: true });
    await writeFile(join(dir, 'dashboards', path), `${JSON.stringify(content, null, 2)}\n`);
  };
  for (const [path, content] of Object.entries(files)) await write(path, content);
  const settings = await loadSettings({ flags: { api: 'k8s' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  const plan = () => createPlan({ settings, grafana, git: GIT });
  const apply = async () => applyPlan({ plan: await plan(), settings, grafana, message: 'dashsync: test', force: false });
  return { write, plan, apply, check: () => runCheck({ settings }) };
}

const labelled = (uid: string, spec: Json) => ({
  apiVersion: 'dashboard.grafana.app/v1beta1',
  kind: 'Dashboard',
  metadata: { name: uid, labels: { team: 'ops' } },
  spec: { uid, title: uid.toUpperCase(), panels: [], refresh: '', ...spec },
});

describe('Grafana 12 on legacy SQL storage (keeps no labels)', () => {
  it('a plan that writes none of the labelled dashboards says nothing of their labels but a count; one that writes one names that one only, without the schemaVersion Grafana migrates back', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12', storage: 'legacy' });
    const target = sandbox.grafanaVersion.startsWith('12.3') || !sandbox.grafanaVersion.startsWith('12.') ? 42 : 41;
    const tree = await workspace(sandbox, { 'a.json': labelled('alpha', { schemaVersion: 36 }), 'b.json': labelled('beta', { schemaVersion: 36 }) });
    expect(await tree.apply()).toMatchObject({ conflicts: [], failures: [] });
    const stored = await apiRequest(sandbox, 'GET', '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards/alpha');
    expect([stored.body.spec.schemaVersion, stored.body.metadata.labels?.team]).toEqual([target, undefined]);

    const quiet = await tree.plan();
    expect(dashboardActions(quiet).map((a) => a.action)).toEqual(['noop', 'noop']);
    expect(quiet.warnings.map(describeWarning)).toEqual([]);
    expect(renderSummaryLine(quiet.summary)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 0 unchanged, 2 with labels Grafana does not keep (nothing to write).');

    await tree.write('a.json', labelled('alpha', { schemaVersion: 36, title: 'Alpha renamed' }));
    const edited = await tree.plan();
    const alpha = dashboardActions(edited).find((a) => a.uid === 'alpha')!;
    expect([alpha.action, alpha.changes]).toEqual(['update', [{ path: 'title', kind: 'changed', before: 'ALPHA', after: 'Alpha renamed' }]]);
    // Grafana holds alpha migrated since its first write: no schema migration note again (walk-69 L6).
    expect(edited.warnings.map(describeWarning)).toEqual([
      "labels and annotations not kept: alpha is written to Grafana's legacy SQL storage, which keeps none of a file's labels and annotations, so they are not shown as changes; move the dashboards to unified storage to keep them",
    ]);
    expect(edited.summary).toMatchObject({ update: 1, unchanged: 0, labelsNotKept: 1 });
  });
});

describe.each(['12', '13'] as const)('a dashboard made outside dashsync, moved into a new folder of the same title (Grafana %s)', (grafanaVersion) => {
  it('is a move without a drift warning when its content equals the file; with a drift warning when it does not; the folder reads as the same one under a new uid', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'ops-f', title: 'Ops' })).status).toBe(200);
    const board = { uid: 'ops-d', title: 'Ops board', panels: [], schemaVersion: 42 };
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: board, folderUid: 'ops-f', message: 'terraform' })).status).toBe(200);
    const live = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/ops-d')).body.dashboard;
    const { id: _id, version: _version, ...model } = live;
    const tree = await workspace(sandbox, { 'Ops/ops-board.json': model });

    const plan = await tree.plan();
    const move = dashboardActions(plan).find((a) => a.uid === 'ops-d')!;
    expect([move.action, move.changes]).toEqual(['move', []]);
    const created = plan.actions.find((a) => a.kind === 'folder')!;
    expect(plan.warnings.map(describeWarning)).toEqual([
      `folder "Ops" (${created.uid}) looks like the folder "Ops" (ops-f) under a new uid: to keep its uid (and its permissions) add dashboards/Ops/_folder.json {"uid":"ops-f","title":"Ops"}`,
    ]);

    await tree.write('Ops/ops-board.json', { ...model, description: 'kept in git' });
    const changed = await tree.plan();
    expect(dashboardActions(changed).find((a) => a.uid === 'ops-d')!.action).toBe('move');
    expect(changed.warnings.filter((w) => w.kind === 'drift').map((w) => w.uid)).toEqual(['ops-d']);
  });
});

describe('a directory holding only its _folder.json', () => {
  it('is named by check and by plan, which create no folder for it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const tree = await workspace(sandbox, {
      'team-a/a.json': { uid: 'a', title: 'A', panels: [], schemaVersion: 42 },
      'team-b/_folder.json': { uid: 'team-b', title: 'Team B' },
    });
    const message =
      'folder "Team B" (uid team-b) holds no dashboard or library panel file, so plan and apply neither create nor change it until one is added here ' +
      '(a folder of this uid made in Grafana, e.g. to set its permissions ahead of its dashboards, is left as it is)';
    const check = await tree.check();
    expect(check.diagnostics.filter((d) => d.rule !== 'not-canonical')).toEqual([{ file: 'dashboards/team-b/_folder.json', severity: 'warning', rule: 'folder-holds-nothing', message, uid: 'team-b' }]);

    const plan = await tree.plan();
    expect(plan.actions.filter((a) => a.kind === 'folder').map((a) => a.uid)).not.toContain('team-b');
    expect(plan.warnings.map(describeWarning)).toEqual([`dashboards/team-b/_folder.json: ${message} (folder-holds-nothing)`]);
  });
});
