import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { dashsync, lines, makeWorkDir } from './pull-fixture.js';

const collection = '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards';

describe('dashsync pull and the dashboards another manager keeps', () => {
  it('names the real owner of each (file provisioning, Git Sync, Terraform, kubectl), escaped, with one note per owner', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    await handle.provisionDashboard({ dashboard: { uid: 'prov', title: 'Prov', panels: [] }, externalId: 'team/prov.json', providerName: 'team' });
    await handle.syncFromRepository({ dashboard: { uid: 'synced', title: 'Synced', panels: [] }, repository: 'platform-dashboards', path: 'grafana/synced.json' });
    for (const [name, manager, id] of [['tf-a', 'terraform', 'stack\u001b[31mprod'], ['tf-b', 'terraform', 'stack\u001b[31mprod'], ['kc', 'kubectl', 'ci']] as const) {
      const created = await apiRequest(handle, 'POST', collection, {
        metadata: { name, annotations: { 'grafana.app/managedBy': manager, 'grafana.app/managerId': id } },
        spec: { title: name, schemaVersion: 42, panels: [] },
      });
      expect(created.status, created.text).toBe(201);
    }
    const work = await makeWorkDir();

    const pulled = await dashsync(handle, work, ['pull', '--all']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toEqual([
      'created  dashboards/kc.json (managed by kubectl (ci))',
      'created  dashboards/prov.json (provisioned from file team/prov.json)',
      'created  dashboards/synced.json (synced by Git Sync from grafana/synced.json in repository platform-dashboards)',
      'created  dashboards/tf-a.json (managed by Terraform (stack\\x1b[31mprod))',
      'created  dashboards/tf-b.json (managed by Terraform (stack\\x1b[31mprod))',
      'Pull: 5 created, 0 updated, 0 moved, 0 unchanged, 0 deleted.',
    ]);
    expect(lines(pulled.stderr).sort()).toEqual([
      'note: 2 pulled dashboards (tf-a, tf-b) are managed by Terraform (stack\\x1b[31mprod); dashsync apply never overwrites or deletes them. Keep one source of truth: change them through Terraform and delete these files, or take them out of Terraform before dashsync manages them.',
      'note: pulled dashboard kc is managed by kubectl (ci); dashsync apply never overwrites or deletes it. Keep one source of truth: change it in its manifest and delete this file, or take it out of that manifest before dashsync manages it.',
      'note: pulled dashboard prov is provisioned from a file on the Grafana server; dashsync apply never overwrites or deletes it. Keep one source of truth: move it to dashsync and drop the provisioning, or delete this file.',
      'note: pulled dashboard synced is synced by Git Sync from repository platform-dashboards; dashsync apply never overwrites or deletes it. Git Sync keeps it in git already: change it in that repository and delete this file, or take it out of the repository before dashsync manages it.',
    ]);
    expect(pulled.stderr).not.toContain('\u001b');
    expect(pulled.stdout).not.toContain('\u001b');

    // walk-64 L2: a refresh that leaves every file as it is does not repeat the notes of files it did not write.
    const again = await dashsync(handle, work, ['pull', '--all']);
    expect(again.code, again.stderr).toBe(0);
    expect(lines(again.stdout).at(-1)).toBe('Pull: 0 created, 0 updated, 0 moved, 5 unchanged, 0 deleted.');
    expect(lines(again.stderr).filter((line) => line.includes('pulled dashboard'))).toEqual([]);
  });

  for (const grafanaVersion of ['11.2', '13'] as const) {
    it(`names the provisioning file that also feeds a dashboard dashsync writes (allowUiUpdates), on pull and on plan (Grafana ${grafanaVersion})`, async () => {
      const handle = await startTestSandbox({ grafanaVersion });
      // Made as an operator would, through the sandbox's control endpoints.
      const provisioned = await fetch(`${handle.url}/__sandbox/provision`, {
        method: 'POST',
        body: JSON.stringify({ dashboard: { uid: 'prov-edit', title: 'Edge', panels: [] }, allowUiUpdates: true, externalId: 'edge/edge.json' }),
      });
      expect(provisioned.status).toBe(200);
      expect(await provisioned.json()).toEqual({ uid: 'prov-edit', version: 1 });
      if (grafanaVersion === '13') {
        const synced = await fetch(`${handle.url}/__sandbox/git-sync`, {
          method: 'POST',
          body: JSON.stringify({ dashboard: { uid: 'synced', title: 'Synced', panels: [] }, repository: 'ops', path: 'synced.json' }),
        });
        expect(synced.status).toBe(200);
      }
      const work = await makeWorkDir();

      const pulled = await dashsync(handle, work, ['pull', '--all']);

      expect(pulled.code, pulled.stderr).toBe(0);
      expect(lines(pulled.stderr)).toContain(
        'note: pulled dashboard prov-edit is also provisioned from file edge/edge.json (allowUiUpdates): Grafana overwrites changes made here when that file changes',
      );
      // walk-64 L2: its file's line carries the mark, as a file only provisioning keeps does.
      expect(lines(pulled.stdout)).toContain('created  dashboards/edge.json (also provisioned from file edge/edge.json (allowUiUpdates))');
      if (grafanaVersion === '13') expect(pulled.stderr).toContain('note: pulled dashboard synced is synced by Git Sync from repository ops;');

      const file = join(work, 'dashboards/edge.json');
      const model = JSON.parse(await readFile(file, 'utf8'));
      await writeFile(file, JSON.stringify({ ...model, description: 'edited in git' }, null, 2));
      const planned = await dashsync(handle, work, ['plan']);

      expect(planned.code, planned.stderr).toBe(0);
      expect(planned.stdout).toContain('~ update');
      expect(planned.stdout).toContain(
        'second source: prov-edit "Edge" (dashboards/edge.json) is also provisioned from file edge/edge.json (allowUiUpdates): Grafana overwrites changes made here when that file changes',
      );
    });
  }

  it('through /api (Grafana 11.2), where only file provisioning is recorded, says so for it alone', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '11.2' });
    await handle.provisionDashboard({ dashboard: { uid: 'prov', title: 'Prov', panels: [] }, externalId: 'prov.json' });
    const work = await makeWorkDir();

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)[0]).toBe('created  dashboards/prov.json (provisioned from file prov.json)');
    expect(pulled.stderr).toContain('note: pulled dashboard prov is provisioned from a file on the Grafana server; dashsync apply never overwrites or deletes it.');
  });
});
