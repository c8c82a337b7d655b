import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const base = (version: string) => `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards`;
const managed = (name: string, kind: string, id: string, extra: Record<string, string> = {}) => ({
  metadata: { name, annotations: { 'grafana.app/managedBy': kind, 'grafana.app/managerId': id, ...extra } },
  spec: { title: name },
});
const forbidden = (message: string) => `${JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', code: 403 })}\n`;

async function putWith(s: SandboxHandle, version: string, name: string, annotations: Record<string, string>) {
  const current = (await apiRequest(s, 'GET', `${base(version)}/${name}`)).body;
  return apiRequest(s, 'PUT', `${base(version)}/${name}`, { ...current, metadata: { ...current.metadata, annotations } });
}

describe('ownership annotations', () => {
  it('keeps managedBy, managerId, managerAllowsEdits, sourcePath and sourceChecksum as written', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    const annotations = { 'grafana.app/managerAllowsEdits': 'true', 'grafana.app/sourcePath': 'dash/a.json', 'grafana.app/sourceChecksum': 'abc' };
    await apiRequest(s, 'POST', base('v1'), managed('a', 'kubectl', 'ci', annotations));
    const got = (await apiRequest(s, 'GET', `${base('v1')}/a`)).body.metadata.annotations;
    expect(got).toMatchObject({ 'grafana.app/managedBy': 'kubectl', 'grafana.app/managerId': 'ci', ...annotations });
  });

  // PR #120521 and PR #122719 (managed.go), on main nine weeks before 13.1.0: 13.1 on; 13.0.x (UNCONFIRMED) as 12.
  it('13.1 on: a write may not change the manager kind or identity (403), Terraform only from its User-Agent id to a stable one', async () => {
    const thirteenOne = await startTestSandbox({ grafanaVersion: '13', release: '13.1.0' });
    await apiRequest(thirteenOne, 'POST', base('v1'), managed('a', 'kubectl', 'ci'));
    const identity = await putWith(thirteenOne, 'v1', 'a', { 'grafana.app/managedBy': 'kubectl', 'grafana.app/managerId': 'someone-else' });
    expect([identity.status, identity.text]).toEqual([403, forbidden('Cannot change resource manager identity; remove the existing manager first, then add the new one')]);
    const kind = await putWith(thirteenOne, 'v1', 'a', { 'grafana.app/managedBy': 'terraform', 'grafana.app/managerId': 'ci' });
    expect([kind.status, kind.text]).toEqual([403, forbidden('Cannot change resource manager kind; remove the existing manager first, then add the new one')]);
    // Removing the manager is allowed for kubectl and terraform (only repo-managed objects guard it).
    expect((await putWith(thirteenOne, 'v1', 'a', {})).status).toBe(200);

    const userAgent = 'Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-grafana/v4.3.0';
    await apiRequest(thirteenOne, 'POST', base('v1'), managed('tf', 'terraform', userAgent));
    const terraform = (id: string) => putWith(thirteenOne, 'v1', 'tf', { 'grafana.app/managedBy': 'terraform', 'grafana.app/managerId': id });
    expect((await terraform('grafana-terraform-provider')).status).toBe(200);
    const other = await terraform('my-provider');
    expect([other.status, other.text]).toEqual([403, forbidden('Cannot change Terraform manager ID; stable custom IDs are immutable')]);
    const back = await terraform(userAgent);
    expect([back.status, back.text]).toEqual([403, forbidden('Cannot change Terraform manager ID back to User-Agent format; stable custom IDs are immutable')]);
  });

  it('12 and the 13 family\'s 13.0.2 let a write change the manager kind and identity', async () => {
    for (const [grafanaVersion, v1] of [['12', 'v1beta1'], ['13', 'v1']] as const) {
      const s = await startTestSandbox({ grafanaVersion });
      await apiRequest(s, 'POST', base(v1), managed('a', 'kubectl', 'ci'));
      expect((await putWith(s, v1, 'a', { 'grafana.app/managedBy': 'kubectl', 'grafana.app/managerId': 'someone-else' })).status).toBe(200);
      const kind = await putWith(s, v1, 'a', { 'grafana.app/managedBy': 'terraform', 'grafana.app/managerId': 'ci' });
      expect(kind.status).toBe(200);
      // 12's legacy SQL storage keeps no manager annotation of an /apis write; 13's unified storage keeps the new one.
      if (grafanaVersion === '13') expect(kind.body.metadata.annotations['grafana.app/managedBy']).toBe('terraform');
    }
  });

  it('repo-managed objects route to their repository, read-only in the sandbox: the files endpoint\'s 400', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    const create = await apiRequest(s, 'POST', base('v1'), managed('r', 'repo', 'git-sync'));
    expect([create.status, create.body]).toEqual([400, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'this repository is read only', reason: 'BadRequest', code: 400 }]);
  });

  it('13.1+ /api saves (era D) refuse a dashboard whose manager disallows edits; 12 and 13.0.x /api saves (era C) take it over (the manager is dropped)', async () => {
    const thirteen = await startTestSandbox({ grafanaVersion: '13', release: '13.2.0' });
    await apiRequest(thirteen, 'POST', base('v1'), managed('tf', 'terraform', 'prod'));
    const refused = await apiRequest(thirteen, 'POST', '/api/dashboards/db', { dashboard: { uid: 'tf', title: 'TF' }, overwrite: true });
    expect([refused.status, refused.text]).toEqual([400, '{"message":"Cannot save provisioned dashboard"}']);

    for (const [grafanaVersion, v1] of [['12', 'v1beta1'], ['13', 'v1']] as const) {
      const s = await startTestSandbox({ grafanaVersion });
      await apiRequest(s, 'POST', base(v1), managed('tf', 'terraform', 'prod'));
      expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'tf', title: 'TF' }, overwrite: true })).status).toBe(200);
      const after = (await apiRequest(s, 'GET', `${base(v1)}/tf`)).body.metadata.annotations;
      expect(after['grafana.app/managedBy']).toBeUndefined();
    }
  });

  it('file-provisioned dashboards show their manager on /apis', async () => {
    const s = await startTestSandbox({ grafanaVersion: '12' });
    await s.provisionDashboard({ dashboard: { uid: 'p', title: 'P' }, externalId: 'team/p.json', providerName: 'team' });
    const annotations = (await apiRequest(s, 'GET', `${base('v1beta1')}/p`)).body.metadata.annotations;
    expect(annotations).toEqual({
      'grafana.app/createdBy': 'provisioning:',
      'grafana.app/managedBy': 'classic-file-provisioning',
      'grafana.app/managerId': 'team',
      'grafana.app/sourceChecksum': expect.stringMatching(/^[0-9a-f]{32}$/),
      'grafana.app/sourcePath': 'team/p.json',
      'grafana.app/sourceTimestamp': expect.stringMatching(/Z$/),
      'grafana.app/updatedBy': 'provisioning:',
      'grafana.app/updatedTimestamp': expect.stringMatching(/Z$/),
    });
  });

  it('Git Sync dashboards show their repository and file on /apis, and are not provisioned on /api (only file provisioning is looked up there)', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    await s.syncFromRepository({ dashboard: { uid: 'g', title: 'G' }, repository: 'platform', path: 'dash/g.json', checksum: 'abc123' });
    const annotations = (await apiRequest(s, 'GET', `${base('v1')}/g`)).body.metadata.annotations;
    expect(annotations).toMatchObject({
      'grafana.app/managedBy': 'repo',
      'grafana.app/managerId': 'platform',
      'grafana.app/sourcePath': 'dash/g.json',
      'grafana.app/sourceChecksum': 'abc123',
      'grafana.app/updatedBy': 'access-policy:provisioning',
    });
    const legacy = (await apiRequest(s, 'GET', '/api/dashboards/uid/g')).body.meta;
    expect([legacy.provisioned, legacy.provisionedExternalId]).toEqual([false, '']);
    const save = await apiRequest(s, 'PUT', `${base('v1')}/g`, { metadata: { name: 'g', annotations }, spec: { title: 'changed' } });
    expect([save.status, save.body.message]).toEqual([400, 'this repository is read only']);
    expect((await apiRequest(s, 'DELETE', `${base('v1')}/g`)).body.message).toBe('this repository is read only');
    const eleven = await startTestSandbox({ grafanaVersion: '11.2' });
    await expect(eleven.syncFromRepository({ dashboard: { uid: 'g', title: 'G' }, repository: 'platform', path: 'g.json' })).rejects.toThrow(/no Git Sync/);
  });
});
