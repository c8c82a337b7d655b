import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { adminHeaders, apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import type { SandboxOptions } from '../../../src/sandbox/types.js';
import { editFile, exampleWorkspace, workspaceAt } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// Upgrade day (audit-ux-6 F19): a plan saved on Grafana 12 (legacy SQL storage answers the version as the
// resourceVersion) applied after the upgrade to 13, whose unified storage took the dashboards over with the same
// generation and metadata.uid and a new resourceVersion (legacy/migrate.go migrateDashboards). Nobody saved anything.

const MYSQL = 'dashboards/platform/databases/mysql.json';
const WORKLOADS = 'dashboards/platform/kubernetes/workloads.json';
const REDIS = 'dashboards/platform/databases/redis.json';
const K8S_PATH = '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards';

async function plannedOn12ThenUpgraded(to: SandboxOptions = { grafanaVersion: '13' }) {
  const dataFile = join(await mkdtemp(join(tmpdir(), 'dashsync-upgrade-')), 'grafana.json');
  const on12 = await startTestSandbox({ grafanaVersion: '12', dataFile });
  const workspace12 = await exampleWorkspace(on12, { resources: true });
  await commitAll(workspace12.dir, 'base');
  expect((await workspace12.cli(['apply'])).code).toBe(0);
  await editFile(workspace12, MYSQL, (document) => (document.spec.title = 'MySQL Overview (u)'));
  await editFile(workspace12, WORKLOADS, (document) => (document.spec.title = 'Kubernetes Workloads (u)'));
  await editFile(workspace12, REDIS, (document) => (document.title = 'Redis (u)'));
  await commitAll(workspace12.dir, 'titles (u)');
  const planned = await workspace12.cli(['plan', '--out', 'u12.json']);
  expect(planned.code, planned.stderr).toBe(0);
  await on12.close();
  // The same address: a plan is bound to the Grafana it was made for.
  const on13 = await startTestSandbox({ ...to, dataFile, port: Number(new URL(on12.url).port) });
  return { sandbox: on13, workspace: workspaceAt(workspace12.dir, on13) };
}

describe('a plan saved on Grafana 12, applied after the upgrade to 13 (audit-ux-6 F19)', () => {
  it('applies the dashboards nobody saved since: same generation and uid, only the resourceVersion changed form', async () => {
    const { sandbox, workspace } = await plannedOn12ThenUpgraded();
    const applied = await workspace.cli(['apply', 'u12.json']);
    expect(applied.stderr).not.toContain('conflict:');
    expect(applied.code, applied.stderr).toBe(0);
    const mysql = await apiRequest(sandbox, 'GET', `${K8S_PATH}/mysql-overview`);
    expect(mysql.body.spec.title).toBe('MySQL Overview (u)');
    const workloads = await apiRequest(sandbox, 'GET', '/apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards/k8s-workloads');
    expect(workloads.body.spec.title).toBe('Kubernetes Workloads (u)');
  });

  it('still refuses a dashboard saved after the upgrade, without calling it a dashsync save after the plan', async () => {
    const { sandbox, workspace } = await plannedOn12ThenUpgraded();
    const live = await apiRequest(sandbox, 'GET', `${K8S_PATH}/mysql-overview`);
    const edited = { ...live.body, spec: { ...live.body.spec, description: 'edited in the UI on 13' } };
    expect((await apiRequest(sandbox, 'PUT', `${K8S_PATH}/mysql-overview`, edited)).status).toBe(200);

    const applied = await workspace.cli(['apply', 'u12.json']);
    expect(applied.code).toBe(1);
    const conflicts = applied.stderr.split('\n').filter((line) => line.startsWith('conflict:'));
    expect(conflicts).toEqual([expect.stringMatching(/^conflict: mysql-overview "MySQL Overview" \(dashboards\/platform\/databases\/mysql\.json, titled "MySQL Overview \(u\)" there\) changed in Grafana after the plan: planned version 1, current version 2,/)]);
    expect(applied.stderr).not.toContain('saved by dashsync');
    expect(applied.stdout + applied.stderr).not.toContain('after this plan was made (planned version 1, current version 1)');
    expect((await apiRequest(sandbox, 'GET', `${K8S_PATH}/mysql-overview`)).body.spec.description).toBe('edited in the UI on 13');
  });
  it('refuses a dashboard whose labels were edited on 13 after the upgrade (the generation stays): the edit is not overwritten', async () => {
    const { sandbox, workspace } = await plannedOn12ThenUpgraded();
    const live = await apiRequest(sandbox, 'GET', `${K8S_PATH}/mysql-overview`);
    const labelled = { ...live.body, metadata: { ...live.body.metadata, labels: { ...live.body.metadata.labels, team: 'dba', tier: 'gold' } } };
    expect((await apiRequest(sandbox, 'PUT', `${K8S_PATH}/mysql-overview`, labelled)).status).toBe(200);
    const edited = await apiRequest(sandbox, 'GET', `${K8S_PATH}/mysql-overview`);
    expect(edited.body.metadata.generation).toBe(live.body.metadata.generation);

    const applied = await workspace.cli(['apply', 'u12.json']);
    expect(applied.code).toBe(1);
    const conflicts = applied.stderr.split('\n').filter((line) => line.startsWith('conflict:'));
    expect(conflicts).toEqual([
      'conflict: mysql-overview "MySQL Overview" (dashboards/platform/databases/mysql.json, titled "MySQL Overview (u)" there) changed in Grafana after the plan: ' +
        'its labels or annotations were changed (Grafana does not record by whom), still at version 1; left untouched. ' +
        'Run dashsync plan to review, dashsync pull mysql-overview to bring the live edit into the file (it refuses a file that holds a change not applied yet, and says how to merge the two), or dashsync apply --force u12.json to overwrite it',
    ]);
    const after = await apiRequest(sandbox, 'GET', `${K8S_PATH}/mysql-overview`);
    expect(after.body.metadata.labels).toMatchObject({ team: 'dba', tier: 'gold' });
    expect(after.body.spec.title).toBe('MySQL Overview');
    // The other dashboard nobody touched is applied.
    const workloads = await apiRequest(sandbox, 'GET', '/apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards/k8s-workloads');
    expect(workloads.body.spec.title).toBe('Kubernetes Workloads (u)');
  });
  it('refuses a classic dashboard labelled on 13 after the upgrade, which its /api save would strip of the labels', async () => {
    await expectLabelledClassicRefused(await plannedOn12ThenUpgraded());
  });
});

describe('a plan saved on Grafana 12 legacy storage, applied after a 12.4 moved its dashboards to unified storage (PR #115619)', () => {
  it('refuses a classic dashboard labelled since, although 12 refuses a save under an unknown id (the id alone does not tell)', async () => {
    const upgraded = await plannedOn12ThenUpgraded({ grafanaVersion: '12', release: '12.4.0', storage: 'unified' });
    await expectLabelledClassicRefused(upgraded);
    // The dashboards nobody labelled are applied.
    expect((await apiRequest(upgraded.sandbox, 'GET', `${K8S_PATH}/mysql-overview`)).body.spec.title).toBe('MySQL Overview (u)');
  });

  it("reads each classic dashboard's stored object before its /api save, without listing every folder for it", async () => {
    const { sandbox, workspace } = await plannedOn12ThenUpgraded({ grafanaVersion: '12', release: '12.4.0', storage: 'unified' });
    sandbox.clearRequests();
    const applied = await workspace.cli(['apply', 'u12.json']);
    expect(applied.code, applied.stderr).toBe(0);
    const requests = sandbox.requests();
    // The guard's read (its labels, and the save the plan saw), the read-back after the save.
    expect(requests.filter((entry) => entry.method === 'GET' && /^\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/default\/dashboards\/redis-exporter$/.test(entry.path)).length).toBe(2);
    expect(requests.filter((entry) => entry.method === 'GET' && entry.path.startsWith('/apis/folder.grafana.app/')).map((entry) => entry.path)).toEqual([]);
    expect((await apiRequest(sandbox, 'GET', `${K8S_PATH}/redis-exporter`)).body.spec.title).toBe('Redis (u)');
  });
});

/** Labels the classic redis-exporter after the upgrade, then applies the plan: its /api save would drop them, so it is a conflict and left as it is. */
async function expectLabelledClassicRefused({ sandbox, workspace }: Awaited<ReturnType<typeof plannedOn12ThenUpgraded>>): Promise<void> {
  // At the version it is stored in (an /api save's v0alpha1), so the spec stays as it is: a labels-only edit (kubectl label).
  const path = '/apis/dashboard.grafana.app/v0alpha1/namespaces/default/dashboards/redis-exporter';
  const patched = await apiRequest(sandbox, 'PATCH', path, { metadata: { labels: { team: 'dba' } } }, { ...adminHeaders(), 'content-type': 'application/merge-patch+json' });
  expect(patched.status).toBe(200);
  expect(patched.body.metadata.generation).toBe(1);

  const applied = await workspace.cli(['apply', 'u12.json']);
  expect(applied.code).toBe(1);
  const conflicts = applied.stderr.split('\n').filter((line) => line.startsWith('conflict:'));
  expect(conflicts).toEqual([
    expect.stringMatching(/^conflict: redis-exporter "Redis" \(dashboards\/platform\/databases\/redis.json, titled "Redis \(u\)" there\) changed in Grafana after the plan: its labels or annotations were changed \(Grafana does not record by whom\), still at version 1; left untouched\./),
  ]);
  const after = await apiRequest(sandbox, 'GET', path);
  expect(after.body.metadata.labels.team).toBe('dba');
  expect(after.body.spec.title).toBe('Redis');
}

describe('labels that Grafana 12 dropped, after the upgrade to 13 (audit-ux-6 F1)', () => {
  it('are planned as an update (13 keeps them), applied, and no note names legacy storage', async () => {
    const dataFile = join(await mkdtemp(join(tmpdir(), 'dashsync-upgrade-')), 'grafana.json');
    const on12 = await startTestSandbox({ grafanaVersion: '12', dataFile });
    const workspace12 = await exampleWorkspace(on12, { resources: true });
    expect((await workspace12.cli(['apply'])).code).toBe(0);
    const before = await workspace12.cli(['plan']);
    // 12's legacy storage kept none of the labels; with nothing to write the plan only counts them.
    expect(before.stdout).toContain('7 unchanged, 3 with labels Grafana does not keep (nothing to write).');
    await on12.close();

    const on13 = await startTestSandbox({ grafanaVersion: '13', dataFile });
    const workspace = workspaceAt(workspace12.dir, on13);
    const planned = await workspace.cli(['plan', '--detailed-exitcode']);
    expect(planned.code, planned.stderr).toBe(2);
    expect(planned.stdout).not.toContain('legacy SQL storage');
    expect(planned.stdout).toContain('~ update        dashboards/platform/databases/mysql.json "MySQL Overview" (uid mysql-overview, live version 1) in "databases": 1 field\n      + metadata.labels.team: "platform"\n');
    expect((await workspace.cli(['apply'])).code).toBe(0);
    const mysql = await apiRequest(on13, 'GET', `${K8S_PATH}/mysql-overview`);
    expect(mysql.body.metadata.labels.team).toBe('platform');
    const after = await workspace.cli(['plan', '--detailed-exitcode']);
    expect(after.code, after.stdout).toBe(0);
  });
});
