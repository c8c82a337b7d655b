import { describe, expect, it } from 'vitest';
import { adminHeaders, apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { copyFixture, dashsync, editJson, seedLive, writeJson } from '../plan/plan-fixture.js';

const DASHBOARDS = '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards';

describe('a saved plan applied with --api k8s after another tool adopted the dashboard (Grafana 13)', () => {
  it('is a conflict naming the new manager, and the dashboard stays as Terraform has it', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await copyFixture('basic');
    await seedLive(handle, dir);
    await editJson(dir, 'dashboards/infra/node-cpu.json', (model) => {
      model.title = 'Node CPU v2';
    });
    await commitAll(dir, 'retitle');
    const planned = await dashsync(handle, dir, ['plan', '--api', 'k8s', '--out', 'race.plan.json']);
    expect(planned.stdout).toContain('~ update');

    // Terraform's import and first apply: only its annotations change (no new generation).
    const current = (await apiRequest(handle, 'GET', `${DASHBOARDS}/node-cpu`)).body;
    const adopt = { metadata: { resourceVersion: current.metadata.resourceVersion, annotations: { 'grafana.app/managedBy': 'terraform', 'grafana.app/managerId': 'prod' } } };
    const patched = await apiRequest(handle, 'PATCH', `${DASHBOARDS}/node-cpu`, adopt, { ...adminHeaders(), 'content-type': 'application/merge-patch+json' });
    expect([patched.status, patched.body.metadata.generation]).toEqual([200, current.metadata.generation]);

    const applied = await dashsync(handle, dir, ['apply', '--api', 'k8s', 'race.plan.json']);

    expect(applied.stderr).toContain(
      'conflict: node-cpu "Node CPU" (dashboards/infra/node-cpu.json, titled "Node CPU v2" there) is now managed by Terraform (prod), since the plan; left untouched: ' +
        'dashsync never writes a dashboard another tool manages. Change it through that tool, or give the file another uid (dashsync plan --api k8s shows the rest)',
    );
    const after = (await apiRequest(handle, 'GET', `${DASHBOARDS}/node-cpu`)).body;
    expect([after.spec.title, after.metadata.annotations['grafana.app/managedBy']]).toEqual([current.spec.title, 'terraform']);
  });
});

// 13.1 on (era D): the /api save refuses a dashboard whose manager disallows edits (13.0.x's service drops the manager, as 12's).
describe('api "legacy" on Grafana 13.2: a write Grafana refuses because another tool manages the dashboard or its folder', () => {
  it('names that cause on its line and in the closing line, not the credentials nor a retry', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13', release: '13.2.0' });
    const dir = await copyFixture('basic');
    await seedLive(handle, dir);
    const current = (await apiRequest(handle, 'GET', `${DASHBOARDS}/node-cpu`)).body;
    const adopt = { metadata: { resourceVersion: current.metadata.resourceVersion, annotations: { 'grafana.app/managedBy': 'terraform', 'grafana.app/managerId': 'prod' } } };
    expect((await apiRequest(handle, 'PATCH', `${DASHBOARDS}/node-cpu`, adopt, { ...adminHeaders(), 'content-type': 'application/merge-patch+json' })).status).toBe(200);
    expect((await apiRequest(handle, 'POST', '/__sandbox/git-sync', { folder: { uid: 'gs-ops', title: 'Ops (Git Sync)' }, repository: 'ops-repo', path: 'ops/' })).status).toBe(200);
    await editJson(dir, 'dashboards/infra/node-cpu.json', (model) => {
      model.title = 'Node CPU v2';
    });
    await writeJson(dir, 'dashboards/ops/_folder.json', { uid: 'gs-ops', title: 'Ops (Git Sync)' });
    await writeJson(dir, 'dashboards/ops/mine.json', { uid: 'mine-gs', title: 'Mine in GS folder', panels: [] });
    await commitAll(dir, 'write where others manage');

    const applied = await dashsync(handle, dir, ['apply', '--auto-approve']);

    const err = applied.stderr;
    expect(err).toContain(
      'HTTP 400: Cannot save provisioned dashboard (another tool manages this dashboard (Terraform, Git Sync, kubectl, a plugin or file provisioning; Grafana calls them all provisioned): change it through that tool, or remove its file here)',
    );
    expect(err).toContain(
      'HTTP 403: folder is managed by repo:ops-repo, but the resource is not managed (its folder is synced by Git Sync from repository ops-repo, which takes in that folder only what the repository holds: give the file a directory of its own, or add it to that repository)',
    );
    expect(err).toContain(
      '2 planned changes failed (their lines are above); Grafana refused them because another tool manages the dashboard or its folder (each line says which), which running again does not change: follow the advice on those lines, then dashsync plan',
    );
    expect(err).not.toContain('these credentials may not');
    expect(err).not.toContain('again to finish');
  });
});

// review-63 H1: under api "auto" a classic dashboard is written through /api, whose save sends a fresh object: on 12 it drops
// the manager Terraform set since the plan (and on 13 writes over one that allows edits). The guard's read applies the owner rule.
describe.each([
  ['12', { 'grafana.app/managedBy': 'terraform', 'grafana.app/managerId': 'prod' }],
  ['13', { 'grafana.app/managedBy': 'terraform', 'grafana.app/managerId': 'prod', 'grafana.app/managerAllowsEdits': 'true' }],
] as const)('a saved plan applied with --api auto after another tool adopted the dashboard (Grafana %s, unified storage)', (grafanaVersion, annotations) => {
  it('is a conflict naming the new manager, and the dashboard stays as Terraform has it', async () => {
    const handle = await startTestSandbox({ grafanaVersion, storage: 'unified' });
    const dashboards = `/apis/dashboard.grafana.app/${grafanaVersion === '12' ? 'v1beta1' : 'v1'}/namespaces/default/dashboards`;
    const dir = await copyFixture('basic');
    await seedLive(handle, dir);
    await editJson(dir, 'dashboards/infra/node-cpu.json', (model) => {
      model.title = 'Node CPU v2';
    });
    await commitAll(dir, 'retitle');
    expect((await dashsync(handle, dir, ['plan', '--api', 'auto', '--out', 'race.plan.json'])).stdout).toContain('~ update');
    const current = (await apiRequest(handle, 'GET', `${dashboards}/node-cpu`)).body;
    const adopt = { metadata: { resourceVersion: current.metadata.resourceVersion, annotations } };
    expect((await apiRequest(handle, 'PATCH', `${dashboards}/node-cpu`, adopt, { ...adminHeaders(), 'content-type': 'application/merge-patch+json' })).status).toBe(200);

    const applied = await dashsync(handle, dir, ['apply', '--api', 'auto', 'race.plan.json']);

    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('conflict: node-cpu "Node CPU" (dashboards/infra/node-cpu.json, titled "Node CPU v2" there) is now managed by Terraform (prod), since the plan; left untouched');
    const after = (await apiRequest(handle, 'GET', `${dashboards}/node-cpu`)).body;
    expect([after.spec.title, after.metadata.annotations['grafana.app/managedBy']]).toEqual([current.spec.title, 'terraform']);
  });
});
