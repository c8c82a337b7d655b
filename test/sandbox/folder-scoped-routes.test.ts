import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const rbac = (needed: string) => `You'll need additional permissions to perform this action. Permissions needed: ${needed}`;

/**
 * Folder `team` where a Viewer service account has Edit, and `viewed` where Editors have View only; `other` keeps the
 * defaults (Editors Edit, Viewers View). One dashboard in each of `team` and `viewed`, saved twice.
 */
async function grantedSandbox(grafanaVersion: '11.2' | '12' | '13') {
  const s = await startTestSandbox({ grafanaVersion });
  for (const uid of ['team', 'viewed', 'other']) expect((await apiRequest(s, 'POST', '/api/folders', { uid, title: uid })).status).toBe(200);
  const account = await apiRequest(s, 'POST', '/api/serviceaccounts', { name: 'team bot', role: 'Viewer' });
  const token = await apiRequest(s, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'ci' });
  const items = [{ role: 'Viewer', permission: 1 }, { userId: account.body.id, permission: 2 }];
  expect((await apiRequest(s, 'POST', '/api/folders/team/permissions', { items })).status).toBe(200);
  expect((await apiRequest(s, 'POST', '/api/folders/viewed/permissions', { items: [{ role: 'Editor', permission: 1 }] })).status).toBe(200);
  for (const [uid, folderUid] of [['in-team', 'team'], ['in-viewed', 'viewed']]) {
    for (const title of ['One', 'Two']) {
      const saved = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid, title }, folderUid, overwrite: true });
      expect(saved.status).toBe(200);
    }
  }
  const bot = { authorization: `Bearer ${token.body.key}` };
  const editor = { authorization: `Bearer ${await s.createToken('Editor')}` };
  return { s, bot, editor, botId: account.body.id as number };
}

describe.each(['11.2', '12', '13'] as const)('folder routes check the folder grant, not the role, on Grafana %s', (grafanaVersion) => {
  it('rename and delete need Edit on the folder: a Viewer token with Edit there may, an Editor with View only may not (RBAC 403)', async () => {
    const { s, bot, editor } = await grantedSandbox(grafanaVersion);
    const renamed = await apiRequest(s, 'PUT', '/api/folders/team', { title: 'Team renamed', version: 1 }, bot);
    expect([renamed.status, renamed.body.title]).toEqual([200, 'Team renamed']);
    const refused = await apiRequest(s, 'PUT', '/api/folders/viewed', { title: 'Nope', version: 1 }, editor);
    expect([refused.status, refused.body.message]).toEqual([403, rbac('folders:write')]);
    const notDeleted = await apiRequest(s, 'DELETE', '/api/folders/viewed', undefined, editor);
    expect([notDeleted.status, notDeleted.body.message]).toEqual([403, rbac('folders:delete')]);
    // A folder the scope resolver cannot find is the same 403 for anyone without folders:*; an org Admin gets the 404.
    expect((await apiRequest(s, 'PUT', '/api/folders/missing', { title: 'x', version: 1 }, editor)).status).toBe(403);
    expect((await apiRequest(s, 'PUT', '/api/folders/missing', { title: 'x', version: 1 })).status).toBe(404);
    expect((await apiRequest(s, 'DELETE', '/api/folders/team', undefined, bot)).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/folders/viewed')).body.title).toBe('viewed');
  });

  it('a move needs Edit on the folder and on the destination ("Access denied to the destination folder"); the top level needs the Editor role', async () => {
    const { s, bot, editor } = await grantedSandbox(grafanaVersion);
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'sub', title: 'Sub', parentUid: 'team' })).status).toBe(200);
    const intoViewed = await apiRequest(s, 'POST', '/api/folders/other/move', { parentUid: 'viewed' }, editor);
    expect([intoViewed.status, intoViewed.body]).toEqual([
      403,
      { message: 'Access denied to the destination folder', messageId: 'folders.forbiddenMove', statusCode: 403, traceID: '' },
    ]);
    const fromViewed = await apiRequest(s, 'POST', '/api/folders/viewed/move', { parentUid: 'other' }, editor);
    expect([fromViewed.status, fromViewed.body.message]).toEqual([403, rbac('folders:write')]);
    const toTop = await apiRequest(s, 'POST', '/api/folders/sub/move', { parentUid: '' }, bot);
    expect([toTop.status, toTop.body.messageId]).toEqual([403, 'folders.forbiddenMove']);
    expect((await apiRequest(s, 'POST', '/api/folders/sub/move', { parentUid: '' }, editor)).status).toBe(403);
    expect((await apiRequest(s, 'POST', '/api/folders/team/permissions', { items: [{ role: 'Editor', permission: 2 }] })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/folders/other/move', { parentUid: 'team' }, editor)).status).toBe(200);
    // canMove's second check: the move may gain no permission. General gives the Editor role folders:create, which no
    // folder permission carries, so only an org Admin moves a folder to the top.
    const escalation = { message: 'Cannot move a folder to a folder where you have higher permissions', messageId: 'folders.accessEscalation', statusCode: 403, traceID: '' };
    const toTopAsEditor = await apiRequest(s, 'POST', '/api/folders/sub/move', { parentUid: '' }, editor);
    expect([toTopAsEditor.status, toTopAsEditor.body]).toEqual([403, escalation]);
    expect((await apiRequest(s, 'POST', '/api/folders/sub/move', { parentUid: '' })).status).toBe(200);
  });

  it('a move into a folder where the token holds more than on the moved folder is refused (ErrFolderAccessEscalation)', async () => {
    const { s, bot, botId: account } = await grantedSandbox(grafanaVersion);
    // The bot has Edit on `team` and on `mine` below it; `solo` (top level) gives it Edit, `boss` Admin.
    for (const [uid, parentUid] of [['mine', 'team'], ['solo', ''], ['boss', '']]) {
      expect((await apiRequest(s, 'POST', '/api/folders', { uid, title: uid, ...(parentUid ? { parentUid } : {}) })).status).toBe(200);
    }
    expect((await apiRequest(s, 'POST', '/api/folders/solo/permissions', { items: [{ userId: account, permission: 2 }] })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/folders/boss/permissions', { items: [{ userId: account, permission: 4 }] })).status).toBe(200);
    const intoBoss = await apiRequest(s, 'POST', '/api/folders/mine/move', { parentUid: 'boss' }, bot);
    expect([intoBoss.status, intoBoss.body.messageId]).toEqual([403, 'folders.accessEscalation']);
    expect((await apiRequest(s, 'GET', '/api/folders/mine')).body.parentUid).toBe('team');
    const intoSolo = await apiRequest(s, 'POST', '/api/folders/mine/move', { parentUid: 'solo' }, bot);
    expect([intoSolo.status, intoSolo.body.parentUid]).toEqual([200, 'solo']);
  });

  it('version history and restore need Edit on the dashboard\'s folder, whatever the role', async () => {
    const { s, bot, editor } = await grantedSandbox(grafanaVersion);
    const versions = await apiRequest(s, 'GET', '/api/dashboards/uid/in-team/versions', undefined, bot);
    expect(versions.status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/in-team/versions/1', undefined, bot)).status).toBe(200);
    const restored = await apiRequest(s, 'POST', '/api/dashboards/uid/in-team/restore', { version: 1 }, bot);
    expect([restored.status, restored.body.version]).toEqual([200, 3]);

    const refusal = grafanaVersion === '11.2' ? { message: 'Access denied to this dashboard' } : { message: rbac('dashboards:write') };
    for (const path of ['/api/dashboards/uid/in-viewed/versions', '/api/dashboards/uid/in-viewed/versions/1']) {
      const denied = await apiRequest(s, 'GET', path, undefined, editor);
      expect([denied.status, denied.body.message]).toEqual([403, refusal.message]);
    }
    const notRestored = await apiRequest(s, 'POST', '/api/dashboards/uid/in-viewed/restore', { version: 1 }, editor);
    expect([notRestored.status, notRestored.body.message]).toEqual([403, refusal.message]);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/in-viewed/versions', undefined, bot)).status).toBe(403);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/in-viewed')).body.dashboard.title).toBe('Two');
  });
});

describe.each(['12', '13'] as const)('/apis folder writes check the folder grant on Grafana %s', (grafanaVersion) => {
  it('update and delete need Edit on the folder, create the Editor role; refusals name the reason "folder"', async () => {
    const { s, bot, editor } = await grantedSandbox(grafanaVersion);
    const base = '/apis/folder.grafana.app/v1beta1/namespaces/default/folders';
    const team = await apiRequest(s, 'GET', `${base}/team`, undefined, bot);
    expect(team.status).toBe(200);
    const renamed = await apiRequest(s, 'PUT', `${base}/team`, { ...team.body, spec: { ...team.body.spec, title: 'Renamed' } }, bot);
    expect([renamed.status, renamed.body.spec.title]).toEqual([200, 'Renamed']);

    const viewed = await apiRequest(s, 'GET', `${base}/viewed`, undefined, editor);
    const refused = await apiRequest(s, 'PUT', `${base}/viewed`, { ...viewed.body, spec: { ...viewed.body.spec, title: 'Nope' } }, editor);
    expect([refused.status, refused.body.message]).toEqual([403, expect.stringMatching(/cannot update resource "folders" .*: folder$/)]);
    const notDeleted = await apiRequest(s, 'DELETE', `${base}/viewed`, undefined, editor);
    expect([notDeleted.status, notDeleted.body.message]).toEqual([403, expect.stringMatching(/cannot delete resource "folders" .*: folder$/)]);
    const created = await apiRequest(s, 'POST', base, { metadata: { name: 'new', annotations: { 'grafana.app/folder': 'team' } }, spec: { title: 'New' } }, bot);
    expect([created.status, created.body.message]).toEqual([403, expect.stringMatching(/cannot create resource "folders" .*: folder$/)]);
    const listed = await apiRequest(s, 'GET', base, undefined, bot);
    expect(listed.status).toBe(200);
    expect((await apiRequest(s, 'DELETE', `${base}/team`, undefined, bot)).status).toBe(200);
  });
});

describe.each(['12', '13'] as const)('an /apis folder move on Grafana %s', (grafanaVersion) => {
  const base = '/apis/folder.grafana.app/v1beta1/namespaces/default/folders';
  const movedTo = (folder: { metadata: { annotations?: Record<string, string> } }, parent: string) => {
    const annotations = { ...folder.metadata.annotations };
    if (parent === '') delete annotations['grafana.app/folder'];
    else annotations['grafana.app/folder'] = parent;
    return { ...folder, metadata: { ...folder.metadata, annotations } };
  };

  it('to the top: 12 (legacy storage, folderimpl canMove) refuses an Editor; 13 (unified storage, checkMoveAccess) lets it', async () => {
    const { s, editor } = await grantedSandbox(grafanaVersion);
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'sub', title: 'Sub', parentUid: 'other' })).status).toBe(200);
    const sub = await apiRequest(s, 'GET', `${base}/sub`, undefined, editor);
    const toTop = await apiRequest(s, 'PUT', `${base}/sub`, movedTo(sub.body, ''), editor);
    if (grafanaVersion === '12') {
      expect([toTop.status, toTop.body.message]).toEqual([500, 'error changing parent folder spec']);
      expect((await apiRequest(s, 'GET', '/api/folders/sub')).body.parentUid).toBe('other');
    } else {
      expect(toTop.status).toBe(200);
      expect((await apiRequest(s, 'GET', '/api/folders/sub')).body.parentUid ?? '').toBe('');
    }
    // `/api/folders/:uid/move` runs canMove on both: the Editor role's folders:create on General is a permission gained.
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'sub2', title: 'Sub 2', parentUid: 'other' })).status).toBe(200);
    const viaApi = await apiRequest(s, 'POST', '/api/folders/sub2/move', { parentUid: '' }, editor);
    expect([viaApi.status, viaApi.body.messageId]).toEqual([403, 'folders.accessEscalation']);
  });

  it('13 refuses with the errutil Status: no Edit at the destination, or a higher tier there than where the folder is', async () => {
    const { s, bot, botId } = await grantedSandbox(grafanaVersion);
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'mine', title: 'Mine', parentUid: 'team' })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'boss', title: 'Boss' })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/folders/boss/permissions', { items: [{ userId: botId, permission: 4 }] })).status).toBe(200);
    const mine = await apiRequest(s, 'GET', `${base}/mine`, undefined, bot);
    const intoViewed = await apiRequest(s, 'PUT', `${base}/mine`, movedTo(mine.body, 'viewed'), bot);
    const intoBoss = await apiRequest(s, 'PUT', `${base}/mine`, movedTo(mine.body, 'boss'), bot);
    if (grafanaVersion === '12') {
      expect([intoViewed.status, intoBoss.status]).toEqual([500, 500]);
    } else {
      const status = (uid: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details: { uid }, code: 403 });
      expect([intoViewed.status, intoViewed.body]).toEqual([403, status('folders.forbiddenMove', 'Access denied to the destination folder')]);
      expect([intoBoss.status, intoBoss.body]).toEqual([403, status('folders.accessEscalation', 'Cannot move a folder to a folder where you have higher permissions')]);
    }
    expect((await apiRequest(s, 'GET', '/api/folders/mine')).body.parentUid).toBe('team');
    // Edit on both ends: the same tier, so both releases move it.
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'team2', title: 'Team 2' })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/folders/team2/permissions', { items: [{ userId: botId, permission: 2 }] })).status).toBe(200);
    expect((await apiRequest(s, 'PUT', `${base}/mine`, movedTo(mine.body, 'team2'), bot)).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/folders/mine')).body.parentUid).toBe('team2');
  });
});
