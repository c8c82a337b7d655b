import { describe, expect, it } from 'vitest';
import type { GrafanaVersion } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const releases: { grafanaVersion: GrafanaVersion; version: string }[] = [
  { grafanaVersion: '12', version: 'v1beta1' },
  { grafanaVersion: '13', version: 'v1' },
];
const folders = (version: string) => `/apis/folder.grafana.app/${version}/namespaces/default/folders`;

describe.each(releases)('folder.grafana.app on Grafana $grafanaVersion', ({ grafanaVersion, version }) => {
  it('a folder the caller may not read: GET (and its counts) is the authorizer\'s 403 "…: folder", the list leaves it out, a missing one is the authorizer\'s 500 (404 for an Admin)', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'top', title: 'Top' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'child', title: 'Child', parentUid: 'top' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'open', title: 'Open' });
    expect((await apiRequest(s, 'POST', '/api/folders/top/permissions', { items: [] })).status).toBe(200);
    const editor = { authorization: `Bearer ${await s.createToken('Editor')}` };
    const hidden = await apiRequest(s, 'GET', `${folders(version)}/top`, undefined, editor);
    const user = /User "([^"]+)"/.exec(hidden.body.message)?.[1];
    expect(user).toMatch(/^sandbox-editor-/);
    expect([hidden.status, hidden.body]).toEqual([
      403,
      {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `folders.folder.grafana.app "top" is forbidden: User "${user}" cannot get resource "folders" in API group "folder.grafana.app" in the namespace "default": folder`,
        reason: 'Forbidden',
        details: { name: 'top', group: 'folder.grafana.app', kind: 'folders' },
        code: 403,
      },
    ]);
    const counts = await apiRequest(s, 'GET', `${folders(version)}/top/counts`, undefined, editor);
    expect([counts.status, counts.body.message]).toEqual([
      403,
      `folders.folder.grafana.app "top" is forbidden: User "${user}" cannot get resource "folders/counts" in API group "folder.grafana.app" in the namespace "default": folder`,
    ]);
    // Nothing granted above it either.
    expect((await apiRequest(s, 'GET', `${folders(version)}/child`, undefined, editor)).status).toBe(403);
    // A folder that does not exist: the authorizer's scope resolver fails for a caller without Admin's folders:*, and
    // the apiserver answers the authorizer's error as its plain-text 500; an Admin gets the storage's 404.
    const gone = await fetch(`${s.url}${folders(version)}/gone?x=<&>`, { headers: editor });
    expect([gone.status, gone.headers.get('content-type'), await gone.text()]).toEqual([
      500,
      'text/plain; charset=utf-8',
      `Internal Server Error: "${folders(version)}/gone?x=%3C&amp;%3E": could not resolve folders:uid:gone: [accesscontrol.internal] could not retrieve folder parents: folder not found\n`,
    ]);
    expect((await apiRequest(s, 'GET', `${folders(version)}/gone`)).status).toBe(404);
    expect((await apiRequest(s, 'GET', folders(version), undefined, editor)).body.items.map((f: any) => f.metadata.name)).toEqual(['open']);
    expect((await apiRequest(s, 'GET', `${folders(version)}/top`)).status).toBe(200);
    expect((await apiRequest(s, 'GET', folders(version))).body.items.map((f: any) => f.metadata.name)).toEqual(['child', 'open', 'top']);
  });

  it('creates, nests (parent = grafana.app/folder) and lists folders consistently with /api/folders', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const parent = await apiRequest(s, 'POST', folders(version), { metadata: { name: 'team' }, spec: { title: 'Team', description: 'Team dashboards' } });
    expect(parent.status).toBe(201);
    expect(parent.body).toEqual({
      kind: 'Folder',
      apiVersion: `folder.grafana.app/${version}`,
      metadata: {
        name: 'team',
        namespace: 'default',
        uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        resourceVersion: expect.stringMatching(/^\d{16}$/),
        generation: 1,
        creationTimestamp: expect.stringMatching(/Z$/),
        labels: { 'grafana.app/deprecatedInternalID': '1' },
        annotations: {
          // legacy storage (12) writes the row's saver id as a user (conversions.go); unified storage (13) the caller's uid
          'grafana.app/createdBy': grafanaVersion === '12' ? 'user:1' : 'user:adminuid0000001',
          'grafana.app/updatedBy': grafanaVersion === '12' ? 'user:1' : 'user:adminuid0000001',
          'grafana.app/updatedTimestamp': expect.stringMatching(/Z$/),
        },
      },
      spec: { title: 'Team', description: 'Team dashboards' },
      status: {},
    });
    await apiRequest(s, 'POST', folders(version), { metadata: { name: 'child', annotations: { 'grafana.app/folder': 'team' } }, spec: { title: 'Child' } });
    expect((await apiRequest(s, 'GET', '/api/folders/child')).body).toMatchObject({ uid: 'child', parentUid: 'team', parents: [{ uid: 'team' }] });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'legacy', title: 'Legacy', parentUid: 'team' });
    const listed = (await apiRequest(s, 'GET', folders(version))).body;
    expect(listed.items.map((item: any) => [item.metadata.name, item.metadata.annotations['grafana.app/folder']])).toEqual([
      ['child', 'team'],
      ['legacy', 'team'],
      ['team', undefined],
    ]);
  });

  it('answers the legacy service errors as a Status with its message and code', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const missing = await apiRequest(s, 'GET', `${folders(version)}/nope`);
    expect([missing.status, missing.text]).toEqual([404, '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"folder not found","code":404}\n']);
    const orphan = await apiRequest(s, 'POST', folders(version), { metadata: { name: 'x', annotations: { 'grafana.app/folder': 'nope' } }, spec: { title: 'X' } });
    expect([orphan.status, orphan.body.message]).toEqual([404, 'folder not found']);
    const untitled = await apiRequest(s, 'POST', folders(version), { metadata: { name: 'y' }, spec: {} });
    expect([untitled.status, untitled.body.message]).toEqual([400, 'folder title cannot be empty']);
  });

  it('renames and moves with PUT (a stale resourceVersion: legacy storage writes over it, 13\'s unified storage refuses it) and deletes with the cascade /api has', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'a', title: 'A' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'b', title: 'B' });
    const current = (await apiRequest(s, 'GET', `${folders(version)}/b`)).body;
    const move = (resourceVersion: string) => ({ ...current, metadata: { ...current.metadata, resourceVersion, annotations: { 'grafana.app/folder': 'a' } }, spec: { title: 'B renamed' } });
    // 13 keeps folders in unified storage, whose registry store compares the resourceVersion (sandbox README, folders).
    const stale = await apiRequest(s, 'PUT', `${folders(version)}/b`, move('1'));
    expect(stale.status).toBe(grafanaVersion === '13' ? 409 : 200);
    const moved = grafanaVersion === '13' ? await apiRequest(s, 'PUT', `${folders(version)}/b`, move(current.metadata.resourceVersion)) : stale;
    expect([moved.status, moved.body.spec.title, moved.body.metadata.annotations['grafana.app/folder']]).toEqual([200, 'B renamed', 'a']);
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'inside', title: 'Inside' }, folderUid: 'b' });
    const deleted = await apiRequest(s, 'DELETE', `${folders(version)}/a`);
    expect([deleted.status, deleted.body.kind, deleted.body.metadata.name]).toEqual([200, 'Folder', 'a']);
    expect((await apiRequest(s, 'GET', '/api/folders/b')).status).toBe(404);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/inside')).status).toBe(404);
  });

  it('refuses to delete a folder whose subtree holds a library panel, connected or not, before deleting anything (DeleteLegacy); /api deletes it with the folder', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'top', title: 'Top' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'sub', title: 'Sub', parentUid: 'top' });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'inside', title: 'Inside' }, folderUid: 'top' });
    const panel = { uid: 'lp-idle', name: 'Idle', kind: 1, folderUid: 'sub', model: { type: 'stat' } };
    expect((await apiRequest(s, 'POST', '/api/library-elements', panel)).status).toBe(200);
    // A library variable (kind 2) is not counted.
    expect((await apiRequest(s, 'POST', '/api/library-elements', { uid: 'lv', name: 'Var', kind: 2, folderUid: 'top', model: {} })).status).toBe(200);

    const refused = await apiRequest(s, 'DELETE', `${folders(version)}/top`);
    expect([refused.status, refused.body]).toEqual([
      400,
      {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Folder cannot be deleted: folder is not empty',
        reason: 'BadRequest',
        details: { uid: 'folder.not-empty' },
        code: 400,
      },
    ]);
    expect((await apiRequest(s, 'GET', '/api/folders/sub')).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/inside')).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/library-elements/lp-idle')).status).toBe(200);

    expect((await apiRequest(s, 'DELETE', '/api/library-elements/lp-idle')).status).toBe(200);
    expect((await apiRequest(s, 'DELETE', `${folders(version)}/top`)).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/library-elements/lv')).status).toBe(404);

    await apiRequest(s, 'POST', '/api/folders', { uid: 'legacy', title: 'Legacy' });
    expect((await apiRequest(s, 'POST', '/api/library-elements', { ...panel, folderUid: 'legacy' })).status).toBe(200);
    expect((await apiRequest(s, 'DELETE', '/api/folders/legacy')).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/library-elements/lp-idle')).status).toBe(404);
  });

  it('counts what a folder and its subfolders hold (the counts subresource), one entry per counted kind', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'top', title: 'Top' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'sub', title: 'Sub', parentUid: 'top' });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd1', title: 'D1' }, folderUid: 'sub' });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd2', title: 'D2' }, folderUid: 'top' });
    const counts = await apiRequest(s, 'GET', `${folders(version)}/top/counts`);
    expect(counts.status).toBe(200);
    expect(counts.body).toEqual({
      kind: 'DescendantCounts',
      apiVersion: `folder.grafana.app/${version}`,
      counts: [
        { group: 'folder.grafana.app', resource: 'folders', count: 1 },
        { group: 'dashboard.grafana.app', resource: 'dashboards', count: 2 },
        { group: 'dashboard.grafana.app', resource: 'variables', count: 0 },
        { group: 'dashboard.grafana.app', resource: 'librarypanels', count: 0 },
        { group: 'rules.alerting.grafana.app', resource: 'alertrules', count: 0 },
        { group: 'rules.alerting.grafana.app', resource: 'recordingrules', count: 0 },
      ],
    });
    expect((await apiRequest(s, 'GET', `${folders(version)}/nope/counts`)).status).toBe(404);
    expect((await apiRequest(s, 'GET', `${folders(version)}/top/other`)).status).toBe(404);
    expect((await apiRequest(s, 'POST', `${folders(version)}/top/counts`, {})).status).toBe(405);
  });
});
