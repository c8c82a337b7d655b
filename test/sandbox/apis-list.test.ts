import { describe, expect, it } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

const releases: { grafanaVersion: GrafanaVersion; v1: string }[] = [
  { grafanaVersion: '12', v1: 'v1beta1' },
  { grafanaVersion: '13', v1: 'v1' },
];
const base = (version: string) => `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards`;
const history = (version: string, name: string) => `${base(version)}?labelSelector=grafana.app%2Fget-history%3Dtrue&fieldSelector=metadata.name%3D${name}`;
const badRequest = (message: string) =>
  `${JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 })}\n`;

async function seed(s: SandboxHandle, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) {
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: `d${n}`, title: `Dashboard ${n}`, tags: n % 2 ? ['odd'] : [] } });
  }
}

describe.each(releases)('LIST dashboards on Grafana $grafanaVersion', ({ grafanaVersion, v1 }) => {
  it('pages with limit + continue (legacy token), newest internal id first, stable while others write', async () => {
    // Legacy SQL storage (a stock 12; 13 with it chosen). Unified storage's order and token: apis-list-pages.test.ts.
    const s = await startTestSandbox({ grafanaVersion, storage: 'legacy' });
    await seed(s, 5);
    const first = await apiRequest(s, 'GET', `${base(v1)}?limit=2`);
    expect(first.body.kind).toBe('DashboardList');
    expect(first.body.apiVersion).toBe(`dashboard.grafana.app/${v1}`);
    expect(first.body.metadata).toEqual({ resourceVersion: expect.stringMatching(/^\d{16}$/), continue: 'org:1/start:4/folder:' });
    expect(first.body.items.map((item: any) => item.metadata.name)).toEqual(['d5', 'd4']);
    // Someone saves one of the listed dashboards and adds a new one between the pages.
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd5', title: 'Dashboard 5 again' }, overwrite: true });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'late', title: 'Late' } });
    const names: string[] = [];
    let token = first.body.metadata.continue as string;
    while (token) {
      const page = await apiRequest(s, 'GET', `${base(v1)}?limit=2&continue=${encodeURIComponent(token)}`);
      names.push(...page.body.items.map((item: any) => item.metadata.name));
      token = page.body.metadata.continue ?? '';
    }
    expect(names).toEqual(['d3', 'd2', 'd1']);
    const all = await apiRequest(s, 'GET', base(v1));
    expect(all.body.items).toHaveLength(6);
    expect(all.body.metadata.continue).toBeUndefined();
  });

  it('filters with fieldSelector=metadata.name and label selectors; other fields are refused like the apiserver does', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await seed(s, 3);
    const one = await apiRequest(s, 'GET', `${base(v1)}?fieldSelector=metadata.name%3Dd2`);
    expect(one.body.items.map((item: any) => item.metadata.name)).toEqual(['d2']);
    const byId = await apiRequest(s, 'GET', `${base(v1)}?labelSelector=grafana.app%2FdeprecatedInternalID%20in%20(1,3)`);
    // Legacy storage newest id first, unified storage (13) by name.
    expect(byId.body.items.map((item: any) => item.metadata.name)).toEqual(grafanaVersion === '13' ? ['d1', 'd3'] : ['d3', 'd1']);
    const field = await apiRequest(s, 'GET', `${base(v1)}?fieldSelector=spec.title%3DX`);
    expect([field.status, field.text]).toEqual([400, badRequest('"spec.title" is not a known field selector: only "metadata.name", "metadata.namespace"')]);
    const token = await apiRequest(s, 'GET', `${base(v1)}?limit=1&continue=garbage`);
    // Each storage's own token reader: legacy/token.go (12), sql/continue.go (13's unified storage).
    const unreadable = grafanaVersion === '13' ? 'get continue token ("garbage"): error decoding continue token' : 'invalid continue token (too few parts)';
    expect([token.status, token.body.message]).toEqual([500, unreadable]);
  });

  it('lists the history newest first with grafana.app/get-history, and reads one version by resourceVersion', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'h', title: 'One' }, message: 'first' });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'h', title: 'Two', version: 1 }, message: 'second' });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'h', title: 'Three', version: 2 } });
    const list = (await apiRequest(s, 'GET', history(v1, 'h'))).body;
    expect(list.items.map((item: any) => [item.metadata.generation, item.spec.title, item.metadata.annotations['grafana.app/message']])).toEqual([
      [3, 'Three', undefined],
      [2, 'Two', 'second'],
      [1, 'One', 'first'],
    ]);
    const paged = (await apiRequest(s, 'GET', `${history(v1, 'h')}&limit=2`)).body;
    // Legacy storage counts versions; unified storage (13) names the resourceVersion of the last entry given (getHistory).
    const expectedToken = grafanaVersion === '13'
      ? Buffer.from(`{"o":2,"v":${paged.items[1].metadata.resourceVersion},"s":false}`).toString('base64')
      : 'org:1/start:2/folder:';
    expect(paged.metadata.continue).toBe(expectedToken);
    const rest = (await apiRequest(s, 'GET', `${history(v1, 'h')}&limit=2&continue=${encodeURIComponent(paged.metadata.continue)}`)).body;
    expect(rest.items.map((item: any) => item.metadata.generation)).toEqual([1]);
    const old = await apiRequest(s, 'GET', `${base(v1)}/h?resourceVersion=${list.items[1].metadata.resourceVersion}`);
    expect([old.body.metadata.generation, old.body.spec.title]).toEqual([2, 'Two']);
    const unknown = await apiRequest(s, 'GET', `${base(v1)}/h?resourceVersion=99`);
    expect(unknown.status).toBe(404);
    const noName = await apiRequest(s, 'GET', `${base(v1)}?labelSelector=grafana.app%2Fget-history%3Dtrue`);
    expect([noName.status, noName.text]).toEqual([400, badRequest('metadata.name field selector required for history requests')]);
    const mixed = await apiRequest(s, 'GET', `${base(v1)}?labelSelector=grafana.app%2Fget-history%3Dtrue,a%3Db&fieldSelector=metadata.name%3Dh`);
    expect([mixed.status, mixed.text]).toEqual([400, badRequest('single label supported with: grafana.app/get-history')]);
  });

  it('Recently deleted: unified storage lists deleted dashboards (12 with restoreDashboards off too) and restores one by re-creating it at generation 1', async () => {
    const s = await startTestSandbox({ grafanaVersion, storage: 'unified' });
    const trash = `${base(v1)}?labelSelector=grafana.app%2Fget-trash%3Dtrue`;
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 't', title: 'Trashed' }, message: 'kept' });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 't', title: 'Trashed', version: 1 }, message: 'second' });
    const before = (await apiRequest(s, 'GET', `${base(v1)}/t`)).body.metadata.uid;
    await apiRequest(s, 'DELETE', '/api/dashboards/uid/t');
    const listed = (await apiRequest(s, 'GET', trash)).body.items;
    expect(listed).toHaveLength(1);
    const item = listed[0];
    expect(item.metadata).toMatchObject({ name: 't', generation: -999, deletionTimestamp: expect.stringMatching(/Z$/) });
    // The deletion marker is the object as last saved, its message included (resource server Delete), the deleter its updater.
    expect(item.metadata.annotations).toMatchObject({ 'grafana.app/message': 'second', 'grafana.app/updatedBy': expect.stringMatching(/^user:/) });
    expect((await apiRequest(s, 'GET', `${base(v1)}/t`)).status).toBe(404);
    expect((await apiRequest(s, 'GET', base(v1))).body.items).toEqual([]);
    // The UI restores by creating the object again with an empty resourceVersion. Unified storage writes every create
    // at generation 1 with a new metadata.uid (registry Store.Create → FillObjectMetaSystemFields; prepare.go).
    const restored = await apiRequest(s, 'POST', base(v1), { ...item, metadata: { ...item.metadata, resourceVersion: '' } });
    expect([restored.status, restored.body.metadata.generation]).toEqual([201, 1]);
    expect(restored.body.metadata.uid).not.toBe(before);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/t')).body.dashboard).toMatchObject({ id: 1, title: 'Trashed', version: 1 });
    expect((await apiRequest(s, 'GET', trash)).body.items).toEqual([]);
    // The history lists what came after the latest delete only (sql/backend.go getHistory: useLatestDeletionAsMinRV, PR
    // #102588): the versions before the delete are no longer listed, through /apis or /api.
    const versions = (await apiRequest(s, 'GET', history(v1, 't'))).body.items;
    expect(versions.map((v: any) => v.metadata.generation)).toEqual([1]);
    // Grafana records nothing of the restore itself: the create's message is the one the UI sent back (the last save's),
    // its author the restorer, and no updater (prepareObjectForStorage).
    expect(versions[0].metadata.annotations['grafana.app/message']).toBe('second');
    expect(versions[0].metadata.annotations['grafana.app/createdBy']).toMatch(/^user:/);
    expect(versions[0].metadata.annotations['grafana.app/updatedBy']).toBeUndefined();
    const rows = (await apiRequest(s, 'GET', '/api/dashboards/uid/t/versions')).body.versions;
    expect(rows.map((v: any) => [v.version, v.message])).toEqual([[1, 'Initial save']]);
  });

  it('legacy storage deletes for good, restoreDashboards or not: the trash stays empty and a re-create is generation 1 with a new id and no history', async () => {
    const s = await startTestSandbox({ grafanaVersion, storage: 'legacy', features: { restoreDashboards: true } });
    const trash = `${base(v1)}?labelSelector=grafana.app%2Fget-trash%3Dtrue`;
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'other', title: 'Other' } });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 't', title: 'Trashed' } });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 't', title: 'Trashed', version: 1 } });
    const before = (await apiRequest(s, 'GET', `${base(v1)}/t`)).body;
    expect(before.metadata.generation).toBe(2);
    await apiRequest(s, 'DELETE', '/api/dashboards/uid/t');
    expect((await apiRequest(s, 'GET', trash)).body.items).toEqual([]);
    const created = await apiRequest(s, 'POST', base(v1), { apiVersion: `dashboard.grafana.app/${v1}`, kind: 'Dashboard', metadata: { name: 't' }, spec: { title: 'Again' } });
    expect([created.status, created.body.metadata.generation]).toEqual([201, 1]);
    // legacy scanRow derives metadata.uid from the name: the same; the internal id is the new row's.
    expect(created.body.metadata.uid).toBe(before.metadata.uid);
    expect(created.body.metadata.labels['grafana.app/deprecatedInternalID']).not.toBe(before.metadata.labels['grafana.app/deprecatedInternalID']);
    const versions = (await apiRequest(s, 'GET', history(v1, 't'))).body.items;
    expect(versions.map((v: any) => v.metadata.generation)).toEqual([1]);
  });
});

describe('trash toggles', () => {
  // The resource server's Delete writes a deletion marker into the history whatever restoreDashboards says (the toggle only
  // shows Grafana's page); legacy SQL storage deletes the row (src/sandbox/README.md, "Recently deleted").
  it('unified storage keeps deleted dashboards in the trash with restoreDashboards on or off (12.4, 13), legacy storage with neither', async () => {
    const cases = [
      { grafanaVersion: '12', storage: 'legacy', restoreDashboards: true, v1: 'v1beta1', kept: false },
      { grafanaVersion: '12', storage: 'unified', restoreDashboards: true, v1: 'v1beta1', kept: true },
      { grafanaVersion: '12', storage: 'unified', restoreDashboards: false, v1: 'v1beta1', kept: true },
      { grafanaVersion: '13', storage: 'unified', restoreDashboards: false, v1: 'v1', kept: true },
      { grafanaVersion: '13', storage: 'legacy', restoreDashboards: true, v1: 'v1', kept: false },
    ] as const;
    for (const { grafanaVersion, storage, restoreDashboards, v1, kept } of cases) {
      const s = await startTestSandbox({ grafanaVersion, storage, features: { restoreDashboards } });
      const trash = `${base(v1)}?labelSelector=grafana.app%2Fget-trash%3Dtrue`;
      for (const uid of ['x', 'y']) await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid, title: uid.toUpperCase() } });
      await apiRequest(s, 'DELETE', `${base(v1)}/x`);
      await apiRequest(s, 'DELETE', '/api/dashboards/uid/y');
      const listed = (await apiRequest(s, 'GET', trash)).body.items.map((item: any) => item.metadata.name).sort();
      expect(listed, `${grafanaVersion} ${storage} restoreDashboards ${restoreDashboards}`).toEqual(kept ? ['x', 'y'] : []);
      // The settings list the toggle as set (the UI's page), whatever the storage kept.
      const toggles = (await apiRequest(s, 'GET', '/api/frontend/settings')).body.featureToggles;
      expect(toggles.restoreDashboards === true).toBe(restoreDashboards);
      if (!kept) continue;
      const [item] = (await apiRequest(s, 'GET', trash)).body.items;
      const restored = await apiRequest(s, 'POST', base(v1), { ...item, metadata: { ...item.metadata, resourceVersion: '' } });
      expect([restored.status, restored.body.metadata.generation]).toEqual([201, 1]);
    }
  });

  it('the trash shows an entry to whoever deleted it, to org Admins and to Admins of its folder (PR #106767): an Editor sees its own deletes only', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    const trash = `${base('v1')}?labelSelector=grafana.app%2Fget-trash%3Dtrue`;
    const one = bearerHeaders(await s.createToken('Editor'));
    const two = bearerHeaders(await s.createToken('Editor'));
    for (const uid of ['mine', 'theirs']) await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid, title: uid } });
    expect((await apiRequest(s, 'DELETE', '/api/dashboards/uid/mine', undefined, one)).status).toBe(200);
    expect((await apiRequest(s, 'DELETE', `${base('v1')}/theirs`, undefined, two)).status).toBe(200);
    const names = async (headers?: Record<string, string>) => (await apiRequest(s, 'GET', trash, undefined, headers)).body.items.map((item: any) => item.metadata.name).sort();
    expect(await names(one)).toEqual(['mine']);
    expect(await names(two)).toEqual(['theirs']);
    expect(await names()).toEqual(['mine', 'theirs']);
    // The deletion marker names the deleter as its updater.
    const [entry] = (await apiRequest(s, 'GET', trash, undefined, one)).body.items;
    expect(entry.metadata.annotations['grafana.app/updatedBy']).toMatch(/^service-account:/);
    expect(entry.metadata.annotations['grafana.app/updatedBy']).not.toBe((await apiRequest(s, 'GET', trash, undefined, two)).body.items[0].metadata.annotations['grafana.app/updatedBy']);
  });

  // sbx-68 (rev-67c L3): before PR #106767 the resource server checked a trash entry as it checks a live dashboard, with the
  // list's one `get` checker, against the caller's permissions now. review-69a M2: those of a folder go with the folder, a
  // General-level dashboard's with it: such entries are an org Admin's to see. 12.1 on: its deleter and those who may set its permissions only.
  it.each([
    { release: '12.0.2', viewer: ['open'], editor: ['open'], deleter: ['open'] },
    { release: '12.1.0', viewer: [], editor: [], deleter: ['in-gone', 'open'] },
  ])('the trash on $release (unified storage) shows a Viewer $viewer, an Editor $editor, the Editor who deleted one $deleter; an org Admin every entry', async ({ release, viewer, editor, deleter }) => {
    const s = await startTestSandbox({ grafanaVersion: '12', release, storage: 'unified' });
    const trash = `${base('v1beta1')}?labelSelector=grafana.app%2Fget-trash%3Dtrue`;
    for (const uid of ['open', 'closed', 'gone']) await apiRequest(s, 'POST', '/api/folders', { uid, title: uid });
    // Admins only: no role grant (a top-level folder's defaults give Editors Edit and Viewers View).
    expect((await apiRequest(s, 'POST', '/api/folders/closed/permissions', { items: [] })).status).toBe(200);
    const tokens = { viewer: bearerHeaders(await s.createToken('Viewer')), editor: bearerHeaders(await s.createToken('Editor')), deleter: bearerHeaders(await s.createToken('Editor')) };
    for (const [uid, folderUid] of [['general', ''], ['open', 'open'], ['closed', 'closed'], ['in-gone', 'gone']] as const) {
      expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid, title: uid }, folderUid })).status).toBe(200);
    }
    expect((await apiRequest(s, 'DELETE', `${base('v1beta1')}/open`, undefined, tokens.deleter)).status).toBe(200);
    for (const uid of ['general', 'closed']) expect((await apiRequest(s, 'DELETE', `/api/dashboards/uid/${uid}`)).status).toBe(200);
    // A prune of a whole folder: the dashboard by the Editor who deletes one, then its folder, with the folder's grants.
    expect((await apiRequest(s, 'DELETE', `${base('v1beta1')}/in-gone`, undefined, tokens.deleter)).status).toBe(200);
    expect((await apiRequest(s, 'DELETE', '/api/folders/gone')).status).toBe(200);
    const names = async (headers?: Record<string, string>) => (await apiRequest(s, 'GET', trash, undefined, headers)).body.items.map((item: any) => item.metadata.name).sort();
    expect(await names(tokens.viewer)).toEqual(viewer);
    expect(await names(tokens.editor)).toEqual(editor);
    expect(await names(tokens.deleter)).toEqual(deleter);
    expect(await names()).toEqual(['closed', 'general', 'in-gone', 'open']);
  });

  it('a folder deleted through /api sends its dashboards to Recently deleted (13), already trashed ones stay; restoring one into the gone folder is 404', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    const trash = `${base('v1')}?labelSelector=grafana.app%2Fget-trash%3Dtrue`;
    await apiRequest(s, 'POST', '/api/folders', { uid: 'f', title: 'F' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'g', title: 'G', parentUid: 'f' });
    for (const [uid, folderUid] of [['early', 'f'], ['a', 'f'], ['b', 'g']] as const) {
      await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid, title: uid.toUpperCase() }, folderUid });
    }
    await apiRequest(s, 'DELETE', '/api/dashboards/uid/early');
    expect((await apiRequest(s, 'DELETE', '/api/folders/f')).status).toBe(200);
    const listed = (await apiRequest(s, 'GET', trash)).body.items;
    expect(listed.map((item: any) => [item.metadata.name, item.metadata.annotations['grafana.app/folder']]).sort()).toEqual([
      ['a', 'f'],
      ['b', 'g'],
      ['early', 'f'],
    ]);
    const item = listed.find((entry: any) => entry.metadata.name === 'a');
    const restored = await apiRequest(s, 'POST', base('v1'), { ...item, metadata: { ...item.metadata, resourceVersion: '' } });
    expect([restored.status, restored.body.message]).toEqual([404, 'folders.folder.grafana.app "f" not found']);
  });

  it('a folder deleted through folder.grafana.app (legacy storage: DeleteLegacy) takes its live dashboards for good; trashed ones stay', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'f', title: 'F' });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'a', title: 'A' }, folderUid: 'f' });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'early', title: 'Early' }, folderUid: 'f' });
    await apiRequest(s, 'DELETE', '/api/dashboards/uid/early');
    expect((await apiRequest(s, 'DELETE', '/apis/folder.grafana.app/v1/namespaces/default/folders/f')).status).toBe(200);
    const listed = (await apiRequest(s, 'GET', `${base('v1')}?labelSelector=grafana.app%2Fget-trash%3Dtrue`)).body.items;
    expect(listed.map((item: any) => item.metadata.name)).toEqual(['early']);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/a')).status).toBe(404);
  });
});
