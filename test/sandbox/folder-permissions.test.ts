import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const RBAC_FOLDERS_READ = "You'll need additional permissions to perform this action. Permissions needed: folders:read";

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
