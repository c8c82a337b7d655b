import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxOptions } from '../../../src/sandbox/types.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { editFile, exampleWorkspace } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// Walk-through 17 H-1 and M-1: someone labels a dashboard (`kubectl label`, a PATCH through /apis) between the plan and
// the apply. Unified storage keeps the generation for such an edit and stamps a new resourceVersion. A classic
// dashboard goes through `/api` under `api: auto`, whose save drops every label: apply must refuse it, as the README's
// conflict line promises, not drop the label; and the conflict line of a v2 dashboard (through /apis) must not name the
// saver of the version the plan already saw.

const REDIS = 'dashboards/platform/databases/redis.json';
const POSTGRES = 'dashboards/platform/databases/postgresql.json';
const WORKLOADS = 'dashboards/platform/kubernetes/workloads.json';
const MERGE = { ...adminHeaders(), 'content-type': 'application/merge-patch+json' };
const dashboardPath = (version: string, uid: string) => `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards/${uid}`;

async function appliedTree(options: SandboxOptions) {
  const sandbox = await startTestSandbox(options);
  const workspace = await exampleWorkspace(sandbox, { resources: true });
  const applied = await workspace.cli(['apply']);
  expect(applied.code, applied.stderr).toBe(0);
  return { sandbox, workspace };
}

/** A labels-only edit, at the version the dashboard is stored in (its spec untouched): the generation stays. */
async function labelAfterPlan(sandbox: Awaited<ReturnType<typeof startTestSandbox>>, path: string): Promise<void> {
  const before = await apiRequest(sandbox, 'GET', path);
  const patched = await apiRequest(sandbox, 'PATCH', path, { metadata: { labels: { team: 'payments' } } }, MERGE);
  expect(patched.status, patched.text).toBe(200);
  expect(patched.body.metadata.generation).toBe(before.body.metadata.generation);
  expect(patched.body.metadata.resourceVersion).not.toBe(before.body.metadata.resourceVersion);
}

const conflictLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('conflict:'));

describe('a label written between plan and apply on a classic dashboard that api auto saves through /api (walk-17 H-1)', () => {
  it.each([
    ['13', { grafanaVersion: '13' }],
    // 12 refuses an unknown id, so the id alone guards its /api saves; on unified storage the labels need the read too.
    ['12.4 on unified storage', { grafanaVersion: '12', release: '12.4.0', storage: 'unified' }],
  ] as const)('Grafana %s: a conflict that says so, the label kept, the other update applied', async (_name, options) => {
    const { sandbox, workspace } = await appliedTree(options);
    await editFile(workspace, REDIS, (model) => (model.description = 'from git'));
    await editFile(workspace, POSTGRES, (model) => (model.description = 'from git'));
    const planned = await workspace.cli(['plan', '--out', 'plan.json']);
    expect(planned.stdout).toContain('Plan: 0 to create, 2 to update');
    const stored = (await apiRequest(sandbox, 'GET', dashboardPath('v1beta1', 'redis-exporter'))).body.metadata.annotations?.['grafana.app/storedVersion'] ?? 'v0alpha1';
    await labelAfterPlan(sandbox, dashboardPath(stored, 'redis-exporter'));

    const applied = await workspace.cli(['apply', 'plan.json']);

    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    expect(conflictLines(applied.stderr)).toEqual([
      'conflict: redis-exporter "Redis" (dashboards/platform/databases/redis.json) changed in Grafana after the plan: its labels or annotations were changed (Grafana does not record by whom), still at version 1; left untouched. ' +
        'Run dashsync plan to review, dashsync pull redis-exporter to bring the live edit into the file (it refuses a file that holds a change not applied yet, and says how to merge the two), or dashsync apply --force plan.json to overwrite it',
    ]);
    expect(applied.stdout).toContain('Applied: 0 created, 1 updated, 0 moved, 0 deleted; 1 conflict');
    const redis = await apiRequest(sandbox, 'GET', dashboardPath('v1beta1', 'redis-exporter'));
    expect(redis.body.metadata.labels.team).toBe('payments');
    expect(redis.body.spec.description).not.toBe('from git');
    expect((await apiRequest(sandbox, 'GET', dashboardPath('v1beta1', 'postgresql-overview'))).body.spec.description).toBe('from git');
  });

  it.each([
    // 13 made the read before the save already (it creates a dashboard for an unknown id): no request more.
    ['13', { grafanaVersion: '13' }],
    // 12 refuses an unknown id, so its saves went without a read: one GET more per update where the storage keeps labels.
    ['12.4 on unified storage', { grafanaVersion: '12', release: '12.4.0', storage: 'unified' }],
  ] as const)('Grafana %s: an update nobody labelled is read once before its /api save, saved and read back', async (_name, options) => {
    const { sandbox, workspace } = await appliedTree(options);
    await editFile(workspace, REDIS, (model) => (model.description = 'from git'));
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    sandbox.clearRequests();
    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code, applied.stderr).toBe(0);
    const onRedis = sandbox.requests().filter((entry) => entry.path.includes('redis-exporter') || entry.path === '/api/dashboards/db');
    // The guard's read, the save, the read back.
    expect(onRedis.map((entry) => `${entry.method} ${entry.path.replace(/\?.*$/, '')}`)).toEqual([
      `GET ${dashboardPath('v0alpha1', 'redis-exporter')}`,
      'POST /api/dashboards/db',
      `GET ${dashboardPath('v0alpha1', 'redis-exporter')}`,
    ]);
  });
});

describe('a label written between plan and apply on a v2 dashboard saved through /apis (walk-17 M-1)', () => {
  it('Grafana 13: the conflict says its labels were changed, not who saved the version the plan saw', async () => {
    const { sandbox, workspace } = await appliedTree({ grafanaVersion: '13' });
    // Someone else saves version 2 in Grafana before the plan (the plan warns of it as drift).
    const path = dashboardPath('v2beta1', 'k8s-workloads');
    const live = (await apiRequest(sandbox, 'GET', path)).body;
    const edited = await apiRequest(sandbox, 'PUT', path, { ...live, spec: { ...live.spec, description: 'edited in the UI' } });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.metadata.generation).toBe(2);
    await editFile(workspace, WORKLOADS, (document) => (document.spec.title = 'Kubernetes Workloads (git)'));
    const planned = await workspace.cli(['plan', '--out', 'plan.json']);
    expect(planned.stdout).toContain('Plan: 0 to create, 1 to update');
    await labelAfterPlan(sandbox, path);

    const applied = await workspace.cli(['apply', 'plan.json']);

    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    const conflicts = conflictLines(applied.stderr);
    expect(conflicts).toEqual([
      'conflict: k8s-workloads "Kubernetes Workloads" (dashboards/platform/kubernetes/workloads.json, titled "Kubernetes Workloads (git)" there) changed in Grafana after the plan: its labels or annotations were changed (Grafana does not record by whom), still at version 2; left untouched. ' +
        'Run dashsync plan to review, dashsync pull k8s-workloads to bring the live edit into the file (it refuses a file that holds a change not applied yet, and says how to merge the two), or dashsync apply --force plan.json to overwrite it',
    ]);
    const after = await apiRequest(sandbox, 'GET', path);
    expect(after.body.metadata.labels.team).toBe('payments');
    expect(after.body.spec.title).toBe('Kubernetes Workloads');
  });
});

describe('a label another tool set, before the plan, on a classic dashboard that api auto saves through /api (walk-17 H-1)', () => {
  it('Grafana 13: the plan shows its removal and warns of it as drift; apply of that reviewed plan removes it', async () => {
    const { sandbox, workspace } = await appliedTree({ grafanaVersion: '13' });
    await labelAfterPlan(sandbox, dashboardPath('v0alpha1', 'redis-exporter'));

    const planned = await workspace.cli(['plan', '--out', 'plan.json']);

    expect(planned.stdout).toContain(
      '~ update        dashboards/platform/databases/redis.json "Redis" (uid redis-exporter, live version 1) in "databases": 1 field\n      - metadata.labels.team: "payments"\n',
    );
    expect(planned.stdout + planned.stderr).toContain(
      'drift: redis-exporter "Redis": its labels or annotations were changed in Grafana (Grafana does not record by whom) since version 1, not by dashsync; ' +
        "applying replaces them with the file's: the edit is lost unless the file already holds it (to bring it in, run dashsync pull redis-exporter first; where the file holds a change not applied yet, that pull refuses and gives the steps to merge the two)",
    );
    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await apiRequest(sandbox, 'GET', dashboardPath('v1beta1', 'redis-exporter'))).body.metadata.labels.team).toBeUndefined();
  });

  it('Grafana 13: the pull the warning names keeps it: the file holds it, goes through /apis, and the next apply keeps it', async () => {
    const { sandbox, workspace } = await appliedTree({ grafanaVersion: '13' });
    await commitAll(workspace.dir, 'applied');
    await labelAfterPlan(sandbox, dashboardPath('v0alpha1', 'redis-exporter'));
    const pulled = await workspace.cli(['pull', 'redis-exporter']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toContain('Pull: 0 created, 1 updated');
    await editFile(workspace, REDIS, (document) => (document.spec.description = 'from git'));

    // The plan still names the labels edit as drift (its version is the one dashsync saved), so an apply no one reviews
    // keeps it as a conflict (unreviewed-55); --force writes the file, which holds the label now.
    const applied = await workspace.cli(['apply', '--force']);

    expect(applied.code, applied.stderr).toBe(0);
    const redis = await apiRequest(sandbox, 'GET', dashboardPath('v1beta1', 'redis-exporter'));
    expect(redis.body.metadata.labels.team).toBe('payments');
    expect(redis.body.spec.description).toBe('from git');
  });
});

describe('a write between plan and apply that leaves the labels the plan saw on a classic dashboard (api auto, /api)', () => {
  async function plannedOverLabel(options: SandboxOptions) {
    const { sandbox, workspace } = await appliedTree(options);
    const path = dashboardPath('v0alpha1', 'redis-exporter');
    await labelAfterPlan(sandbox, path);
    await editFile(workspace, REDIS, (model) => (model.description = 'from git'));
    const planned = await workspace.cli(['plan', '--out', 'plan.json']);
    expect(planned.stdout).toContain('- metadata.labels.team: "payments"');
    return { sandbox, workspace, path };
  }

  it('Grafana 13: another tool\'s own annotation is no labels edit: the reviewed plan applies and removes the label it showed', async () => {
    const { sandbox, workspace, path } = await plannedOverLabel({ grafanaVersion: '13' });
    // kubectl's own bookkeeping (no key of the author's): the generation stays, the resourceVersion moves on.
    const before = (await apiRequest(sandbox, 'GET', path)).body;
    const annotated = await apiRequest(sandbox, 'PATCH', path, { metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } } }, MERGE);
    expect(annotated.status, annotated.text).toBe(200);
    expect(annotated.body.metadata.generation).toBe(before.metadata.generation);
    expect(annotated.body.metadata.resourceVersion).not.toBe(before.metadata.resourceVersion);

    const applied = await workspace.cli(['apply', 'plan.json']);

    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(conflictLines(applied.stderr)).toEqual([]);
    const redis = await apiRequest(sandbox, 'GET', dashboardPath('v1beta1', 'redis-exporter'));
    expect(redis.body.spec.description).toBe('from git');
    expect(redis.body.metadata.labels.team).toBeUndefined();
  });

  it('Grafana 13: a label changed since the plan is still the conflict, and kept', async () => {
    const { sandbox, workspace, path } = await plannedOverLabel({ grafanaVersion: '13' });
    const relabelled = await apiRequest(sandbox, 'PATCH', path, { metadata: { labels: { team: 'billing' } } }, MERGE);
    expect(relabelled.status, relabelled.text).toBe(200);

    const applied = await workspace.cli(['apply', 'plan.json']);

    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    expect(conflictLines(applied.stderr)).toHaveLength(1);
    expect(conflictLines(applied.stderr)[0]).toContain('its labels or annotations were changed (Grafana does not record by whom), still at version 1; left untouched.');
    expect((await apiRequest(sandbox, 'GET', dashboardPath('v1beta1', 'redis-exporter'))).body.metadata.labels.team).toBe('billing');
  });
});

describe('a label written between plan and apply on a dashboard the plan prunes (walk-17 M-1)', () => {
  it('Grafana 13: not deleted, and the conflict says its labels were changed, naming nobody', async () => {
    const { sandbox, workspace } = await appliedTree({ grafanaVersion: '13' });
    await rm(join(workspace.dir, REDIS));
    const planned = await workspace.cli(['plan', '--prune', '--out', 'plan.json']);
    expect(planned.stdout).toContain('1 to delete');
    await labelAfterPlan(sandbox, dashboardPath('v0alpha1', 'redis-exporter'));

    const applied = await workspace.cli(['apply', 'plan.json']);

    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    const conflicts = conflictLines(applied.stderr);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatch(/^conflict: redis-exporter "Redis" changed in Grafana after the plan: its labels or annotations were changed \(Grafana does not record by whom\), still at version 1; not deleted\./);
    expect((await apiRequest(sandbox, 'GET', dashboardPath('v1beta1', 'redis-exporter'))).body.metadata.labels.team).toBe('payments');
  });
});

/** A save of the object exactly as it is (a no-op save through an API): the generation stays, the resourceVersion moves on. */
async function resaveUnchanged(sandbox: Awaited<ReturnType<typeof startTestSandbox>>, path: string): Promise<void> {
  const before = (await apiRequest(sandbox, 'GET', path)).body;
  const saved = await apiRequest(sandbox, 'PUT', path, before);
  expect(saved.status, saved.text).toBe(200);
  expect(saved.body.metadata.generation).toBe(before.metadata.generation);
  expect(saved.body.metadata.resourceVersion).not.toBe(before.metadata.resourceVersion);
}

// On the old code each was refused as "its labels or annotations were changed", though nothing of the dashboard had changed.
describe('a save between plan and apply that changed nothing (new resourceVersion, same version, the labels the plan saw)', () => {
  it('Grafana 13, a v2 dashboard through /apis: applied at the new resourceVersion, no conflict', async () => {
    const { sandbox, workspace } = await appliedTree({ grafanaVersion: '13' });
    const path = dashboardPath('v2beta1', 'k8s-workloads');
    await editFile(workspace, WORKLOADS, (document) => (document.spec.title = 'Kubernetes Workloads (git)'));
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).stdout).toContain('Plan: 0 to create, 1 to update');
    await resaveUnchanged(sandbox, path);
    sandbox.clearRequests();

    const applied = await workspace.cli(['apply', 'plan.json']);

    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(conflictLines(applied.stderr)).toEqual([]);
    expect(applied.stdout).toContain('Applied: 0 created, 1 updated');
    expect((await apiRequest(sandbox, 'GET', path)).body.spec.title).toBe('Kubernetes Workloads (git)');
    // The refused write, the read that shows nothing changed, the write at the new resourceVersion.
    const writes = sandbox.requests().filter((entry) => entry.method === 'PUT' && entry.path.includes('/dashboards/k8s-workloads'));
    expect(writes.map((entry) => entry.status)).toEqual([409, 200]);
  });

  it('Grafana 13, a dashboard the plan prunes: deleted as planned, no conflict', async () => {
    const { sandbox, workspace } = await appliedTree({ grafanaVersion: '13' });
    await rm(join(workspace.dir, REDIS));
    expect((await workspace.cli(['plan', '--prune', '--out', 'plan.json'])).stdout).toContain('1 to delete');
    await resaveUnchanged(sandbox, dashboardPath('v0alpha1', 'redis-exporter'));

    const applied = await workspace.cli(['apply', 'plan.json']);

    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(conflictLines(applied.stderr)).toEqual([]);
    expect((await apiRequest(sandbox, 'GET', dashboardPath('v1beta1', 'redis-exporter'))).status).toBe(404);
  });
});
