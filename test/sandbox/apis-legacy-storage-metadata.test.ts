import { describe, expect, it } from 'vitest';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// What a write through /apis keeps of the caller's labels and annotations. Legacy SQL storage (12's default; 13 with
// `storage: 'legacy'`) saves a SaveDashboardCommand (spec, folder, message, plugin id: legacy/sql_dashboards.go
// buildSaveDashboardCommand) and builds every annotation it answers from the row's columns (scanRow): nothing else
// comes back. Unified storage keeps them as written.

const base = '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards';
const MERGE = { ...adminHeaders(), 'content-type': 'application/merge-patch+json' };
const mine = { labels: { team: 'ops' }, annotations: { 'example.com/owner': 'ops', 'dashsync/pushed-sha256': 'sha256:x' } };

describe.each(['legacy', 'unified'] as const)('caller metadata on /apis writes, %s storage', (storage) => {
  it('create, replace and merge patch keep them on unified storage only; a plugin manager survives on both', async () => {
    const s = await startTestSandbox({ grafanaVersion: '12', storage });
    const created = await apiRequest(s, 'POST', base, { metadata: { name: 'a', ...mine }, spec: { title: 'A' } });
    expect(created.status).toBe(201);
    const kept = (body: any) => ({ team: body.metadata.labels.team, owner: body.metadata.annotations['example.com/owner'], record: body.metadata.annotations['dashsync/pushed-sha256'] });
    const expected = storage === 'unified' ? { team: 'ops', owner: 'ops', record: 'sha256:x' } : { team: undefined, owner: undefined, record: undefined };
    expect(kept(created.body)).toEqual(expected);
    expect(created.body.metadata.labels['grafana.app/deprecatedInternalID']).toBe('1');
    expect(kept((await apiRequest(s, 'GET', `${base}/a`)).body)).toEqual(expected);

    const read = (await apiRequest(s, 'GET', `${base}/a`)).body;
    const replaced = await apiRequest(s, 'PUT', `${base}/a`, { ...read, metadata: { ...read.metadata, labels: { ...read.metadata.labels, team: 'web' } } });
    expect(replaced.body.metadata.labels.team).toBe(storage === 'unified' ? 'web' : undefined);
    const patched = await apiRequest(s, 'PATCH', `${base}/a`, { metadata: { annotations: { 'example.com/owner': 'web' } } }, MERGE);
    expect(patched.status).toBe(200);
    expect(patched.body.metadata.annotations['example.com/owner']).toBe(storage === 'unified' ? 'web' : undefined);
    // Legacy storage: every save is a new version, this metadata-only one too.
    expect(patched.body.metadata.generation).toBe(storage === 'unified' ? 1 : 3);

    const plugin = { 'grafana.app/managedBy': 'plugin', 'grafana.app/managerId': 'my-app' };
    const byPlugin = await apiRequest(s, 'POST', base, { metadata: { name: 'p', annotations: { ...plugin, 'example.com/owner': 'ops' } }, spec: { title: 'P' } });
    expect(byPlugin.body.metadata.annotations).toMatchObject(plugin);
    expect(byPlugin.body.metadata.annotations['example.com/owner']).toBe(storage === 'unified' ? 'ops' : undefined);
  });
});
