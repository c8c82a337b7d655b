import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const RBAC_FOLDERS_READ = "You'll need additional permissions to perform this action. Permissions needed: folders:read";
const rbac = (needed: string) => `You'll need additional permissions to perform this action. Permissions needed: ${needed}`;

describe.each(['11.2', '12', '13'] as const)('folder permissions on Grafana %s (GET/POST /api/folders/:uid/permissions)', (grafanaVersion) => {
  it('defaults: a top-level folder gives Editors Edit and Viewers View; a nested one adds no grants and inherits', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'top', title: 'Top' })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'child', title: 'Child', parentUid: 'top' })).status).toBe(200);
    const top = await apiRequest(s, 'GET', '/api/folders/top/permissions');
    expect(top.body.map((item: Record<string, unknown>) => [item.role, item.permission, item.permissionName])).toEqual([
      ['Editor', 2, 'Edit'],
      ['Viewer', 1, 'View'],
    ]);
    expect((await apiRequest(s, 'GET', '/api/folders/child/permissions')).body).toEqual([]);
    const viewer = { authorization: `Bearer ${await s.createToken('Viewer')}` };
    expect((await apiRequest(s, 'GET', '/api/folders/child', undefined, viewer)).status).toBe(200);
    // The defaults are set once, at create: a nested folder moved to the top keeps none, and only Admins read it then.
    expect((await apiRequest(s, 'POST', '/api/folders/child/move', { parentUid: '' })).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/folders/child/permissions')).body).toEqual([]);
    expect((await apiRequest(s, 'GET', '/api/folders/child', undefined, viewer)).status).toBe(403);
  });

  it('a parent open to Admins only is refused to an Editor (RBAC 403, folders:read) and left out of its listing, while a child shared with Editors reads', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'top', title: 'Top' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'child', title: 'Child', parentUid: 'top' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'open', title: 'Open' });
    const set = await apiRequest(s, 'POST', '/api/folders/top/permissions', { items: [] });
    expect([set.status, set.body]).toEqual([200, { message: 'Folder permissions updated' }]);
    const editor = { authorization: `Bearer ${await s.createToken('Editor')}` };

    const hidden = await apiRequest(s, 'GET', '/api/folders/top', undefined, editor);
    expect([hidden.status, hidden.body.message]).toEqual([403, RBAC_FOLDERS_READ]);
    expect((await apiRequest(s, 'GET', '/api/folders/top/counts', undefined, editor)).status).toBe(403);
    // The child inherits nothing from a parent that grants nothing.
    expect((await apiRequest(s, 'GET', '/api/folders/child', undefined, editor)).status).toBe(403);
    expect((await apiRequest(s, 'GET', '/api/folders', undefined, editor)).body.map((f: { uid: string }) => f.uid)).toEqual(['open']);

    // A Viewer grant reaches Editors too (basic roles include the lower ones).
    expect((await apiRequest(s, 'POST', '/api/folders/child/permissions', { items: [{ role: 'Viewer', permission: 1 }] })).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/folders/child', undefined, editor)).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/folders/top', undefined, editor)).status).toBe(403);
    // Org Admins read every folder.
    expect((await apiRequest(s, 'GET', '/api/folders/top')).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/folders')).body.map((f: { uid: string }) => f.uid).sort()).toEqual(['open', 'top']);
  });

  it('a grant to a service account by id; only org Admins may set permissions; bad items and unknown folders are refused', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'top', title: 'Top' });
    await apiRequest(s, 'POST', '/api/folders/top/permissions', { items: [] });
    const account = await apiRequest(s, 'POST', '/api/serviceaccounts', { name: 'CI bot', role: 'Editor' });
    const token = await apiRequest(s, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'ci' });
    const bot = { authorization: `Bearer ${token.body.key}` };
    expect((await apiRequest(s, 'GET', '/api/folders/top', undefined, bot)).status).toBe(403);
    expect((await apiRequest(s, 'POST', '/api/folders/top/permissions', { items: [{ userId: account.body.id, permission: 1 }] })).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/folders/top', undefined, bot)).status).toBe(200);

    expect((await apiRequest(s, 'POST', '/api/folders/top/permissions', { items: [] }, bot)).status).toBe(403);
    expect((await apiRequest(s, 'POST', '/api/folders/top/permissions', { items: [{ role: 'Editor', permission: 3 }] })).status).toBe(400);
    expect((await apiRequest(s, 'POST', '/api/folders/nope/permissions', { items: [] })).status).toBe(404);
  });
});

describe.each(['11.2', '12', '13'] as const)('folder permissions reach what a folder holds on Grafana %s', (grafanaVersion) => {
  /** Folder `closed` open to Admins only, `viewed` where Editors have View only, `open` with the defaults. */
  async function foldersWithGrants() {
    const s = await startTestSandbox({ grafanaVersion });
    for (const uid of ['closed', 'viewed', 'open']) expect((await apiRequest(s, 'POST', '/api/folders', { uid, title: uid })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/folders/closed/permissions', { items: [] })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/folders/viewed/permissions', { items: [{ role: 'Editor', permission: 1 }] })).status).toBe(200);
    const editor = { authorization: `Bearer ${await s.createToken('Editor')}` };
    return { s, editor };
  }

  it('a dashboard in a folder the token may not read answers 403 (11.2: the guardian\'s "Access denied to this dashboard"; 12, 13: the scoped route\'s RBAC 403); View gives it with canSave false', async () => {
    const { s, editor } = await foldersWithGrants();
    for (const folderUid of ['closed', 'viewed', 'open']) {
      expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: `d-${folderUid}`, title: `D ${folderUid}` }, folderUid })).status).toBe(200);
    }
    const closed = await apiRequest(s, 'GET', '/api/dashboards/uid/d-closed', undefined, editor);
    if (grafanaVersion === '11.2') expect([closed.status, closed.body]).toEqual([403, { message: 'Access denied to this dashboard' }]);
    else expect([closed.status, closed.body.title, closed.body.message]).toEqual([403, 'Access denied', rbac('dashboards:read')]);
    const viewed = await apiRequest(s, 'GET', '/api/dashboards/uid/d-viewed', undefined, editor);
    expect([viewed.status, viewed.body.meta.canSave, viewed.body.meta.canEdit]).toEqual([200, false, false]);
    const open = await apiRequest(s, 'GET', '/api/dashboards/uid/d-open', undefined, editor);
    expect([open.status, open.body.meta.canSave]).toEqual([200, true]);
    // A missing one is still 404: the handler's on 11.2 (and for an org Admin), the middleware's on 12 and 13.
    const missing = await apiRequest(s, 'GET', '/api/dashboards/uid/nope', undefined, editor);
    expect([missing.status, missing.body]).toEqual(
      grafanaVersion === '11.2' ? [404, { message: 'Dashboard not found', traceID: '' }] : [404, { message: 'Dashboard not found', title: 'Not found' }],
    );
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/nope')).body).toEqual({ message: 'Dashboard not found', traceID: '' });
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/d-closed')).status).toBe(200);
  });

  it('search shows only what the token may view (permission=Edit: may edit), folders and dashboards alike; a delete without Edit is an RBAC 403', async () => {
    const { s, editor } = await foldersWithGrants();
    for (const folderUid of ['closed', 'viewed', 'open']) {
      expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: `d-${folderUid}`, title: `D ${folderUid}` }, folderUid })).status).toBe(200);
    }
    const uids = async (query: string) => (await apiRequest(s, 'GET', `/api/search?${query}`, undefined, editor)).body.map((hit: { uid: string }) => hit.uid).sort();
    expect(await uids('type=dash-db')).toEqual(['d-open', 'd-viewed']);
    expect(await uids('type=dash-folder')).toEqual(['open', 'viewed']);
    expect(await uids('type=dash-db&permission=Edit')).toEqual(['d-open']);
    expect(await uids('folderUIDs=closed')).toEqual([]);
    expect((await apiRequest(s, 'GET', '/api/search?type=dash-db')).body).toHaveLength(3);

    // 11.2: the route is unscoped (the Editor role passes) and the handler's guardian refuses; 12, 13: the scoped route.
    const refused = await apiRequest(s, 'DELETE', '/api/dashboards/uid/d-viewed', undefined, editor);
    expect([refused.status, refused.body.message]).toEqual([403, grafanaVersion === '11.2' ? 'Access denied to this dashboard' : rbac('dashboards:delete')]);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/d-viewed')).status).toBe(200);
    expect((await apiRequest(s, 'DELETE', '/api/dashboards/uid/d-open', undefined, editor)).status).toBe(200);
  });

  it('a subfolder needs Edit on its parent: 403 under a folder the token may only view ("Access denied" on 11, ErrFolderCreationAccessDenied\'s errutil body on 12 and 13)', async () => {
    const { s, editor } = await foldersWithGrants();
    const refused = await apiRequest(s, 'POST', '/api/folders', { uid: 'sub', title: 'Sub', parentUid: 'viewed' }, editor);
    expect([refused.status, refused.body]).toEqual([
      403,
      grafanaVersion === '11.2'
        ? { message: 'Access denied', traceID: '' }
        : { message: 'not enough permissions to create a folder in the selected location', messageId: 'folders.forbiddenCreation', statusCode: 403, traceID: '' },
    ]);
    expect((await apiRequest(s, 'GET', '/api/folders/sub')).status).toBe(404);
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'sub', title: 'Sub', parentUid: 'open' }, editor)).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'sub2', title: 'Sub', parentUid: 'viewed' })).status).toBe(200);
  });

  it('library elements: a folder the token may not read hides its elements and refuses creates; View only refuses writes (403 "access denied to folder")', async () => {
    const { s, editor } = await foldersWithGrants();
    for (const folderUid of ['closed', 'viewed']) {
      expect((await apiRequest(s, 'POST', '/api/library-elements', { uid: `lp-${folderUid}`, name: folderUid, kind: 1, folderUid, model: { type: 'text' } })).status).toBe(200);
    }
    const denied = { status: 403, message: 'access denied to folder' };
    const create = await apiRequest(s, 'POST', '/api/library-elements', { uid: 'lp-new', name: 'New', kind: 1, folderUid: 'closed', model: {} }, editor);
    expect({ status: create.status, message: create.body.message }).toEqual(denied);
    const createViewed = await apiRequest(s, 'POST', '/api/library-elements', { uid: 'lp-new', name: 'New', kind: 1, folderUid: 'viewed', model: {} }, editor);
    expect({ status: createViewed.status, message: createViewed.body.message }).toEqual(denied);
    expect((await apiRequest(s, 'POST', '/api/library-elements', { uid: 'lp-new', name: 'New', kind: 1, folderUid: 'open', model: {} }, editor)).status).toBe(200);

    expect((await apiRequest(s, 'GET', '/api/library-elements/lp-closed', undefined, editor)).status).toBe(404);
    expect((await apiRequest(s, 'GET', '/api/library-elements/name/closed', undefined, editor)).status).toBe(404);
    const listed = await apiRequest(s, 'GET', '/api/library-elements?perPage=100', undefined, editor);
    expect(listed.body.result.elements.map((element: { uid: string }) => element.uid).sort()).toEqual(['lp-new', 'lp-viewed']);
    expect((await apiRequest(s, 'DELETE', '/api/library-elements/lp-closed', undefined, editor)).status).toBe(404);

    expect((await apiRequest(s, 'GET', '/api/library-elements/lp-viewed', undefined, editor)).status).toBe(200);
    const patch = await apiRequest(s, 'PATCH', '/api/library-elements/lp-viewed', { name: 'renamed', kind: 1, version: 1, model: {} }, editor);
    expect({ status: patch.status, message: patch.body.message }).toEqual(denied);
    const remove = await apiRequest(s, 'DELETE', '/api/library-elements/lp-viewed', undefined, editor);
    expect({ status: remove.status, message: remove.body.message }).toEqual(denied);
    // Moving one of its own into a folder it may only view is refused as well.
    const move = await apiRequest(s, 'PATCH', '/api/library-elements/lp-new', { kind: 1, version: 1, folderUid: 'viewed' }, editor);
    expect({ status: move.status, message: move.body.message }).toEqual(denied);
    // Org Admins see and change all of them.
    expect((await apiRequest(s, 'DELETE', '/api/library-elements/lp-closed')).status).toBe(200);
  });
});

describe.each(['11.2', '12', '13'] as const)('saving a dashboard into a folder on Grafana %s (the SQL save path; 12 and 13\'s own 13.0.2: the dashboard service\'s checks)', (grafanaVersion) => {
  it('needs Edit on the folder: a create, an update and a move into one the token may only view answer 403 "Access denied to save dashboard"', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    for (const uid of ['viewed', 'open']) expect((await apiRequest(s, 'POST', '/api/folders', { uid, title: uid })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/folders/viewed/permissions', { items: [{ role: 'Editor', permission: 1 }] })).status).toBe(200);
    const editor = { authorization: `Bearer ${await s.createToken('Editor')}` };
    const denied = { status: 403, message: 'Access denied to save dashboard' };

    const create = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'mine', title: 'Mine' }, folderUid: 'viewed' }, editor);
    expect({ status: create.status, message: create.body.message }).toEqual(denied);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/mine')).status).toBe(404);

    expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'theirs', title: 'Theirs' }, folderUid: 'viewed' })).status).toBe(200);
    const update = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'theirs', title: 'Changed', version: 1 }, folderUid: 'viewed' }, editor);
    expect({ status: update.status, message: update.body.message }).toEqual(denied);

    expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'mine', title: 'Mine' }, folderUid: 'open' }, editor)).status).toBe(200);
    const move = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'mine', title: 'Mine', version: 1 }, folderUid: 'viewed' }, editor);
    expect({ status: move.status, message: move.body.message }).toEqual(denied);
    // The version check comes first (ValidateDashboardBeforeSave): a stale update is a 412 whatever the permissions.
    const stale = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'theirs', title: 'Changed', version: 7 }, folderUid: 'viewed' }, editor);
    expect(stale.status).toBe(412);
  });
});

describe('saving a dashboard into a folder on Grafana 13.1 on (era D: saveDashboardViaK8s, through the dashboard API server)', () => {
  it('needs Edit on the folder: an update answers the storage\'s 403, a create or a move into a folder the token may only view the admission\'s 500', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13', release: '13.2.0' });
    for (const uid of ['viewed', 'open']) expect((await apiRequest(s, 'POST', '/api/folders', { uid, title: uid })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/folders/viewed/permissions', { items: [{ role: 'Editor', permission: 1 }] })).status).toBe(200);
    const editor = { authorization: `Bearer ${await s.createToken('Editor')}` };

    const create = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'mine', title: 'Mine' }, folderUid: 'viewed' }, editor);
    // 13.1 on: the validating admission's verifyFolderAccessPermissions (PR #121816) before the storage.
    expect([create.status, create.body]).toEqual([500, { message: 'access denied to folder', traceID: '' }]);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/mine')).status).toBe(404);

    expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'theirs', title: 'Theirs' }, folderUid: 'viewed' })).status).toBe(200);
    const update = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'theirs', title: 'Changed', version: 1 }, folderUid: 'viewed' }, editor);
    // The storage's update check (newEvent), a 403 without message: /api passes on only the traceID.
    expect([update.status, update.body]).toEqual([403, { traceID: '' }]);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/theirs')).body.dashboard.title).toBe('Theirs');

    expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'mine', title: 'Mine' }, folderUid: 'open' }, editor)).status).toBe(200);
    const move = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'mine', title: 'Mine', version: 1 }, folderUid: 'viewed' }, editor);
    // The validating admission's verifyFolderAccessPermissions refuses before the storage (13 keeps it: PR #121816, #124612).
    expect([move.status, move.body]).toEqual([500, { message: 'access denied to folder', traceID: '' }]);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/mine')).body.meta.folderUid).toBe('open');

    // With `--storage legacy` alike: legacy storage is a resource server over the SQL tables, with the same access check.
    const legacy = await startTestSandbox({ grafanaVersion: '13', release: '13.2.0', storage: 'legacy' });
    expect((await apiRequest(legacy, 'POST', '/api/folders', { uid: 'viewed', title: 'viewed' })).status).toBe(200);
    expect((await apiRequest(legacy, 'POST', '/api/folders/viewed/permissions', { items: [{ role: 'Editor', permission: 1 }] })).status).toBe(200);
    const legacyEditor = { authorization: `Bearer ${await legacy.createToken('Editor')}` };
    expect((await apiRequest(legacy, 'POST', '/api/dashboards/db', { dashboard: { uid: 'theirs', title: 'Theirs' }, folderUid: 'viewed' })).status).toBe(200);
    const legacyUpdate = await apiRequest(legacy, 'POST', '/api/dashboards/db', { dashboard: { uid: 'theirs', title: 'Changed', version: 1 }, folderUid: 'viewed' }, legacyEditor);
    expect([legacyUpdate.status, legacyUpdate.body]).toEqual([403, { traceID: '' }]);
  });

  it('13.1 on, a create into a folder without Edit meets the admission too (PR #121816): its 500 through /api and /apis; 13.0.x keeps the storage\'s 403 on /apis', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13', release: '13.1.0' });
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'viewed', title: 'viewed' })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/folders/viewed/permissions', { items: [{ role: 'Editor', permission: 1 }] })).status).toBe(200);
    const editor = { authorization: `Bearer ${await s.createToken('Editor')}` };

    const create = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'mine', title: 'Mine' }, folderUid: 'viewed' }, editor);
    expect([create.status, create.body]).toEqual([500, { message: 'access denied to folder', traceID: '' }]);
    const object = { apiVersion: 'dashboard.grafana.app/v1', kind: 'Dashboard', metadata: { name: 'mine', annotations: { 'grafana.app/folder': 'viewed' } }, spec: { title: 'Mine', schemaVersion: 42 } };
    const posted = await apiRequest(s, 'POST', '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards', object, editor);
    expect([posted.status, posted.body]).toEqual([500, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'access denied to folder', code: 500 }]);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/mine')).status).toBe(404);
    // The General level is not the admission's (an empty folder is skipped): an Editor creates there.
    expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'top', title: 'Top' }, folderUid: '' }, editor)).status).toBe(200);
  });

  it('a move to the General level is left to the storage (the admission skips an empty folder): its 403 names the destination', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13', release: '13.2.0' });
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'team', title: 'team' })).status).toBe(200);
    const account = await apiRequest(s, 'POST', '/api/serviceaccounts', { name: 'team bot', role: 'Viewer' });
    const token = await apiRequest(s, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'ci' });
    const bot = { authorization: `Bearer ${token.body.key}` };
    expect((await apiRequest(s, 'POST', '/api/folders/team/permissions', { items: [{ userId: account.body.id, permission: 2 }] })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'mine', title: 'Mine' }, folderUid: 'team' }, bot)).status).toBe(200);

    const toTop = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'mine', title: 'Mine', version: 1 }, folderUid: '' }, bot);
    expect([toTop.status, toTop.body]).toEqual([403, { message: 'not allowed to create resource in the destination folder', traceID: '' }]);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/mine')).body.meta.folderUid).toBe('team');
  });
});

describe.each(['12', '13'] as const)('/apis dashboards and folder permissions on Grafana %s (the storage\'s checks)', (grafanaVersion) => {
  const bare = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 403 };
  const base = '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards';
  const object = (name: string, folder: string, title = name) => ({
    apiVersion: 'dashboard.grafana.app/v1beta1',
    kind: 'Dashboard',
    metadata: { name, annotations: { 'grafana.app/folder': folder } },
    spec: { title, schemaVersion: 41 },
  });

  it('writes need Edit on the folder (k8s Status 403 Forbidden); the list and get leave out a folder the token may not read', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    for (const uid of ['closed', 'viewed', 'open']) expect((await apiRequest(s, 'POST', '/api/folders', { uid, title: uid })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/folders/closed/permissions', { items: [] })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/folders/viewed/permissions', { items: [{ role: 'Editor', permission: 1 }] })).status).toBe(200);
    for (const folder of ['closed', 'viewed', 'open']) expect((await apiRequest(s, 'POST', base, object(`in-${folder}`, folder))).status).toBe(201);
    const editor = { authorization: `Bearer ${await s.createToken('Editor')}` };

    const create = await apiRequest(s, 'POST', base, object('mine', 'viewed'), editor);
    // The resource server, in front of 12's legacy storage as of 13's unified one, refuses with a bare 403 ErrorResult:
    // a Status without message or reason.
    expect([create.status, create.body]).toEqual([403, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 403 }]);

    const current = await apiRequest(s, 'GET', `${base}/in-viewed`, undefined, editor);
    expect(current.status).toBe(200);
    // 12.3+ has no dashboard authorizer (PR #111571): the storage's newEvent and delete refuse, without message.
    const put = await apiRequest(s, 'PUT', `${base}/in-viewed`, { ...current.body, spec: { ...current.body.spec, title: 'Changed' } }, editor);
    expect([put.status, put.body]).toEqual([403, bare]);
    const remove = await apiRequest(s, 'DELETE', `${base}/in-viewed`, undefined, editor);
    expect([remove.status, remove.body]).toEqual([403, bare]);
    // A move out of a folder the token may only view: checkFolderMovePermissions' source check.
    const moveOut = { ...current.body, metadata: { ...current.body.metadata, annotations: { ...current.body.metadata.annotations, 'grafana.app/folder': 'open' } } };
    const out = await apiRequest(s, 'PUT', `${base}/in-viewed`, moveOut, editor);
    expect([out.status, out.body]).toEqual([403, { ...bare, message: 'not allowed to update resource in the source folder' }]);

    const mine = await apiRequest(s, 'GET', `${base}/in-open`, undefined, editor);
    const moveIn = { ...mine.body, metadata: { ...mine.body.metadata, annotations: { ...mine.body.metadata.annotations, 'grafana.app/folder': 'viewed' } } };
    const moved = await apiRequest(s, 'PUT', `${base}/in-open`, moveIn, editor);
    // The validating admission checks Edit on the new folder first (12 and 13); its plain ErrFolderAccessDenied is the apiserver's 500.
    expect([moved.status, moved.body]).toEqual([500, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'access denied to folder', code: 500 }]);
    expect((await apiRequest(s, 'PUT', `${base}/in-open`, { ...mine.body, spec: { ...mine.body.spec, title: 'Edited' } }, editor)).status).toBe(200);

    const hidden = await apiRequest(s, 'GET', `${base}/in-closed`, undefined, editor);
    expect([hidden.status, hidden.body]).toEqual([403, bare]);
    // A name no dashboard has: the storage's 404 for everyone (12.3's ServiceAuthorizer resolves no scope, PR #111571).
    for (const method of ['GET', 'DELETE'] as const) {
      const gone = await apiRequest(s, method, `${base}/gone`, undefined, editor);
      expect([gone.status, gone.body.reason]).toEqual([404, 'NotFound']);
    }
    expect((await apiRequest(s, 'GET', `${base}/gone`)).status).toBe(404);
    const listed = await apiRequest(s, 'GET', base, undefined, editor);
    expect(listed.body.items.map((item: { metadata: { name: string } }) => item.metadata.name).sort()).toEqual(['in-open', 'in-viewed']);
  });
});

describe('/apis dashboards on Grafana 12.2 (the dashboard authorizer before PR #111571)', () => {
  it('refuses with the authorizer: a name no dashboard has is its plain-text 500 below an org Admin (an Admin gets 404), a hidden one its reason', async () => {
    const s = await startTestSandbox({ grafanaVersion: '12', release: '12.2.0' });
    const base = '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards';
    const editor = { authorization: `Bearer ${await s.createToken('Editor')}` };
    for (const method of ['GET', 'DELETE'] as const) {
      const gone = await fetch(`${s.url}${base}/gone`, { method, headers: editor });
      expect([gone.status, gone.headers.get('content-type'), await gone.text()]).toEqual([
        500,
        'text/plain; charset=utf-8',
        `Internal Server Error: "${base}/gone": could not resolve dashboards:uid:gone: Dashboard not found\n`,
      ]);
    }
    expect((await apiRequest(s, 'GET', `${base}/gone`)).status).toBe(404);
    // A dashboard the token may not read: the authorizer's Forbidden with its reason (12.3+: the storage's bare 403).
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'closed', title: 'closed' })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/folders/closed/permissions', { items: [] })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'in-closed', title: 'C' }, folderUid: 'closed' })).status).toBe(200);
    const hidden = await apiRequest(s, 'GET', `${base}/in-closed`, undefined, editor);
    expect([hidden.status, hidden.body.reason, hidden.body.message]).toEqual([403, 'Forbidden', expect.stringMatching(/: can not view dashboard$/)]);
  });
});

describe.each(['11.2', '12', '13'] as const)('a Viewer service account with Edit on one folder on Grafana %s', (grafanaVersion) => {
  it('saves a dashboard there and is refused in another folder (the route passes a folder grant; the folder check decides)', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    for (const uid of ['team', 'other']) expect((await apiRequest(s, 'POST', '/api/folders', { uid, title: uid })).status).toBe(200);
    const account = await apiRequest(s, 'POST', '/api/serviceaccounts', { name: 'team bot', role: 'Viewer' });
    const token = await apiRequest(s, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'ci' });
    const bot = { authorization: `Bearer ${token.body.key}` };
    const save = (uid: string, folderUid: string) => apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid, title: uid }, folderUid }, bot);

    const before = await save('first', 'team');
    expect([before.status, before.body.message]).toEqual([403, expect.stringContaining('Permissions needed: any of dashboards:create, dashboards:write')]);
    expect((await apiRequest(s, 'POST', '/api/folders/team/permissions', { items: [{ role: 'Viewer', permission: 1 }, { userId: account.body.id, permission: 2 }] })).status).toBe(200);

    expect((await save('first', 'team')).status).toBe(200);
    const elsewhere = await save('second', 'other');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.message ?? '').not.toContain('Permissions needed');
    expect((await apiRequest(s, 'DELETE', '/api/dashboards/uid/first', undefined, bot)).status).toBe(200);
  });
});
