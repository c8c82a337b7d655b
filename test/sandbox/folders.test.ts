import { describe, expect, it } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const versions: GrafanaVersion[] = ['11.2', '12', '13'];
const createFolder = (s: SandboxHandle, body: unknown) => apiRequest(s, 'POST', '/api/folders', body);

describe.each(versions)('folders on Grafana %s', (grafanaVersion) => {
  // 11.x reads folders (and parents) from the `folder` table, which keeps no savers: only a create's answer names them (folder-savers.ts).
  const readSavers = grafanaVersion === '11.2' ? { createdBy: 'Anonymous', updatedBy: 'Anonymous' } : {};
  it('creates nested folders and returns the folder DTO with parents', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const top = await createFolder(s, { uid: 'top', title: 'Top' });
    expect(top.status).toBe(200);
    const child = await createFolder(s, { uid: 'child', title: 'Child', parentUid: 'top' });
    expect(child.body).toEqual({
      id: 2,
      uid: 'child',
      orgId: 1,
      title: 'Child',
      url: '/dashboards/f/child/child',
      hasAcl: false,
      canSave: true,
      canEdit: true,
      canAdmin: true,
      canDelete: true,
      createdBy: 'admin',
      created: child.body.created,
      updatedBy: 'admin',
      updated: child.body.updated,
      version: 1,
      parentUid: 'top',
      parents: [{ ...top.body, ...readSavers }],
    });
    const fetched = await apiRequest(s, 'GET', '/api/folders/child');
    expect(fetched.body).toEqual({ ...child.body, ...readSavers });
    const missing = await apiRequest(s, 'GET', '/api/folders/nope');
    expect([missing.status, missing.text]).toEqual([404, '{"message":"folder not found","status":"not-found"}']);
  });

  it('lists direct children with limit and page', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await createFolder(s, { uid: 'p', title: 'Parent' });
    for (const title of ['b', 'A', 'c']) await createFolder(s, { uid: `k${title}`, title, parentUid: 'p' });
    expect((await apiRequest(s, 'GET', '/api/folders')).body).toEqual([{ id: 1, uid: 'p', title: 'Parent' }]);
    const children = (await apiRequest(s, 'GET', '/api/folders?parentUid=p')).body;
    expect(children.map((f: any) => [f.title, f.parentUid])).toEqual([['A', 'p'], ['b', 'p'], ['c', 'p']]);
    const page2 = (await apiRequest(s, 'GET', '/api/folders?parentUid=p&limit=2&page=2')).body;
    expect(page2.map((f: any) => f.title)).toEqual(['c']);
    const unknownParent = await apiRequest(s, 'GET', '/api/folders?parentUid=zzz');
    expect(unknownParent.status).toBe(404);
  });

  it('refuses bad folders with Grafana’s messages', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await createFolder(s, { uid: 'dup', title: 'Dup' });
    const cases: [unknown, number, string][] = [
      [{ title: '' }, 400, '{"message":"folder title cannot be empty"}'],
      [{ uid: 'general', title: 'X' }, 400, '{"message":"invalid uid for folder provided"}'],
      [{ uid: 'bad uid', title: 'X' }, 400, `{"message":"${grafanaVersion === '11.2' ? 'uid contains illegal characters' : 'invalid uid for folder provided'}"}`],
      [{ uid: 'u'.repeat(41), title: 'X' }, 400, '{"message":"uid too long, max 40 characters"}'],
      [{ title: 'general' }, 400, '{"message":"a folder with that name already exists"}'],
      [{ uid: 'dup', title: 'Other' }, 409, '{"message":"a folder/dashboard with the same uid already exists"}'],
      [{ title: 'Orphan', parentUid: 'missing' }, 404, '{"message":"folder not found","status":"not-found"}'],
    ];
    for (const [body, status, text] of cases) {
      const response = await createFolder(s, body);
      expect([response.status, response.text]).toEqual([status, text]);
    }
    const sameTitle = await createFolder(s, { title: 'Dup' });
    if (grafanaVersion === '11.2') {
      expect([sameTitle.status, sameTitle.text]).toEqual([409, '{"message":"a folder or dashboard in the general folder with the same name already exists"}']);
    } else {
      expect(sameTitle.status).toBe(200);
    }
  });

  it('limits nesting: a folder may have at most 4 ancestors', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    let parentUid = '';
    for (let level = 1; level <= 5; level++) {
      const response = await createFolder(s, { uid: `l${level}`, title: `Level ${level}`, ...(parentUid ? { parentUid } : {}) });
      expect(response.status).toBe(200);
      parentUid = `l${level}`;
    }
    const tooDeep = await createFolder(s, { uid: 'l6', title: 'Level 6', parentUid: 'l5' });
    expect([tooDeep.status, tooDeep.text]).toEqual([
      400,
      '{"message":"Maximum nested folder depth reached","messageId":"folder.maximum-depth-reached","statusCode":400,"traceID":""}',
    ]);
    expect((await apiRequest(s, 'GET', '/api/folders/l5')).body.parents.map((p: any) => p.uid)).toEqual(['l1', 'l2', 'l3', 'l4']);
  });

  it.runIf(grafanaVersion === '13')('13 reads the limit from [folder] max_nested_folder_depth (default 4, at most 7)', async () => {
    const s = await startTestSandbox({ grafanaVersion, maxNestedFolderDepth: 5 });
    let parentUid = '';
    for (let level = 1; level <= 6; level++) {
      expect((await createFolder(s, { uid: `l${level}`, title: `Level ${level}`, ...(parentUid ? { parentUid } : {}) })).status).toBe(200);
      parentUid = `l${level}`;
    }
    expect((await createFolder(s, { uid: 'l7', title: 'Level 7', parentUid: 'l6' })).status).toBe(400);
    await expect(startTestSandbox({ grafanaVersion: '12', maxNestedFolderDepth: 5 })).rejects.toThrow('maxNestedFolderDepth is a Grafana 13 setting');
  });

  it('takes one title under two parents (11.2 too: PR #77076), and on 11.2 refuses it twice under one parent, any case', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    for (const uid of ['a', 'b']) expect((await createFolder(s, { uid, title: uid.toUpperCase() })).status).toBe(200);
    expect((await createFolder(s, { uid: 'a-prod', title: 'Prod', parentUid: 'a' })).status).toBe(200);
    expect((await createFolder(s, { uid: 'b-prod', title: 'Prod', parentUid: 'b' })).status).toBe(200);
    const again = await createFolder(s, { uid: 'a-prod-2', title: 'PROD', parentUid: 'a' });
    expect(again.status).toBe(grafanaVersion === '11.2' ? 409 : 200);
  });

  it('updates with the version rule and moves with cycle and depth checks', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await createFolder(s, { uid: 'a', title: 'A' });
    await createFolder(s, { uid: 'b', title: 'B', parentUid: 'a' });
    const stale = await apiRequest(s, 'PUT', '/api/folders/a', { title: 'A2', version: 7 });
    expect([stale.status, stale.text]).toEqual([412, '{"message":"the folder has been changed by someone else","status":"version-mismatch"}']);
    const renamed = await apiRequest(s, 'PUT', '/api/folders/a', { title: 'A2', version: 1 });
    expect(renamed.body).toMatchObject({ title: 'A2', version: 2, url: '/dashboards/f/a/a2' });
    const forced = await apiRequest(s, 'PUT', '/api/folders/a', { title: 'A3', overwrite: true });
    expect(forced.body.version).toBe(3);
    const self = await apiRequest(s, 'POST', '/api/folders/a/move', { parentUid: 'a' });
    expect([self.status, self.text]).toEqual([400, '{"message":"folder cannot be parent of itself"}']);
    const cycle = await apiRequest(s, 'POST', '/api/folders/a/move', { parentUid: 'b' });
    expect([cycle.status, cycle.body.message, cycle.body.messageId]).toEqual([400, 'Circular reference detected', 'folder.circular-reference']);
    const moved = await apiRequest(s, 'POST', '/api/folders/b/move', { parentUid: '' });
    expect(moved.body.parentUid).toBeUndefined();
    expect((await apiRequest(s, 'GET', '/api/folders')).body.map((f: any) => f.uid)).toEqual(['a', 'b']);
  });

  it('counts the subtree and deletes it in cascade, dashboards included', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await createFolder(s, { uid: 'root', title: 'Root' });
    await createFolder(s, { uid: 'sub', title: 'Sub', parentUid: 'root' });
    await createFolder(s, { uid: 'keep', title: 'Keep' });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd1', title: 'D1' }, folderUid: 'root' });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd2', title: 'D2' }, folderUid: 'sub' });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd3', title: 'D3' }, folderUid: 'keep' });
    const counts = await apiRequest(s, 'GET', '/api/folders/root/counts');
    expect(counts.text).toBe('{"alertrule":0,"dashboard":2,"folder":1,"librarypanel":0}');
    const deleted = await apiRequest(s, 'DELETE', '/api/folders/root');
    expect(deleted.status).toBe(200);
    expect(deleted.text).toBe(grafanaVersion === '11.2' ? '{"id":1,"message":"Folder Root deleted","title":"Root"}' : '{"message":"Folder deleted"}');
    for (const uid of ['d1', 'd2']) expect((await apiRequest(s, 'GET', `/api/dashboards/uid/${uid}`)).status).toBe(404);
    expect((await apiRequest(s, 'GET', '/api/folders/sub')).status).toBe(404);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/d3')).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/search')).body.map((hit: any) => hit.uid)).toEqual(['keep', 'd3']);
  });
});
