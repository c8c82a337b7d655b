import { describe, expect, it } from 'vitest';
import { adminHeaders, apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { copyFixture, dashsync, editJson, writeJson, seedLive } from '../plan/plan-fixture.js';

const DASHBOARDS = '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards';

describe('api "legacy" on Grafana 13: a write Grafana refuses because another tool manages the dashboard or its folder', () => {
  it('names that cause on its line and in the closing line, not the credentials nor a retry', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
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
