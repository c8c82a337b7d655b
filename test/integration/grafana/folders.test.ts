import { GRAFANA_VERSIONS } from '../../helpers/releases.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GrafanaHttpError } from '../../../src/errors.js';
import { listAllFolders } from '../../../src/grafana/legacy/endpoints/list-all-folders.js';
import { createRequester } from '../../../src/grafana/http/request.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { ADMIN, caught, clientFor, closeClients, dashboard } from './client-fixture.js';

describe.each(GRAFANA_VERSIONS)('folders on Grafana %s', (grafanaVersion) => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ grafanaVersion });
  });
  afterEach(closeClients);

  it('creates a top-level folder without sending parentUid, and a nested one with it', async () => {
    const client = clientFor(sandbox);
    sandbox.clearRequests();
    const top = await client.createFolder({ uid: 'create-top', title: 'Create top', parentUid: null });
    const child = await client.createFolder({ uid: 'create-child', title: 'Create child', parentUid: 'create-top' });
    expect(sandbox.requests().map((entry) => entry.body)).toEqual([
      { uid: 'create-top', title: 'Create top' },
      { uid: 'create-child', title: 'Create child', parentUid: 'create-top' },
    ]);
    expect(top).toMatchObject({ uid: 'create-top', title: 'Create top', parentUid: null });
    expect(top.url).toMatch(/\/dashboards\/f\/create-top/);
    expect(child).toMatchObject({ uid: 'create-child', parentUid: 'create-top' });
    expect(await client.getFolder('create-child')).toMatchObject({ uid: 'create-child', title: 'Create child', parentUid: 'create-top' });
  });

  it('returns null for a folder that does not exist', async () => {
    const client = clientFor(sandbox);
    expect(await client.getFolder('no-such-folder')).toBeNull();
    expect(await client.folderCounts('no-such-folder')).toBeNull();
    expect(await client.deleteFolder('no-such-folder')).toBeNull();
  });

  it('renames with the version last read and refuses a stale version with 412', async () => {
    const client = clientFor(sandbox);
    await client.createFolder({ uid: 'rename-me', title: 'Old name', parentUid: null });
    const current = await client.getFolder('rename-me');
    const renamed = await client.updateFolder('rename-me', { title: 'New name', version: current?.version ?? -1 });
    expect(renamed).toMatchObject({ uid: 'rename-me', title: 'New name' });
    expect(renamed.version).toBeGreaterThan(current?.version ?? 0);
    const error = (await caught(client.updateFolder('rename-me', { title: 'Stale', version: current?.version ?? -1 }))) as GrafanaHttpError;
    expect(error).toBeInstanceOf(GrafanaHttpError);
    expect([error.method, error.path, error.status, error.grafanaStatus]).toEqual(['PUT', '/api/folders/rename-me', 412, 'version-mismatch']);
    expect(error.grafanaMessage).toBe('the folder has been changed by someone else');
  });

  it('moves a folder under another and back to the top level', async () => {
    const client = clientFor(sandbox);
    await client.createFolder({ uid: 'move-parent', title: 'Move parent', parentUid: null });
    await client.createFolder({ uid: 'move-me', title: 'Move me', parentUid: null });
    expect(await client.moveFolder('move-me', 'move-parent')).toMatchObject({ uid: 'move-me', parentUid: 'move-parent' });
    expect((await client.getFolder('move-me'))?.parentUid).toBe('move-parent');
    expect(await client.moveFolder('move-me', null)).toMatchObject({ uid: 'move-me', parentUid: null });
    expect((await client.getFolder('move-me'))?.parentUid).toBeNull();
  });

  it('counts what a delete would remove, then deletes without forceDeleteRules', async () => {
    const client = clientFor(sandbox);
    await client.createFolder({ uid: 'count-me', title: 'Count me', parentUid: null });
    await client.createFolder({ uid: 'count-child', title: 'Count child', parentUid: 'count-me' });
    for (const uid of ['count-d1', 'count-d2']) {
      await client.saveDashboard({ dashboard: dashboard(uid), folderUid: 'count-me', message: '', overwrite: false });
    }
    expect(await client.folderCounts('count-me')).toEqual({ folders: 1, dashboards: 2, librarypanels: 0, alertrules: 0 });
    sandbox.clearRequests();
    expect(await client.deleteFolder('count-me')).toBe(true);
    expect(sandbox.requests().map((entry) => `${entry.method} ${entry.path}`)).toEqual(['DELETE /api/folders/count-me']);
    expect(await client.getFolder('count-child')).toBeNull();
    expect(await client.getDashboard('count-d1')).toBeNull();
  });
});

describe.each(GRAFANA_VERSIONS)('listing every folder on Grafana %s', (grafanaVersion) => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ grafanaVersion });
    const client = clientFor(sandbox);
    const tree: [string, string | null][] = [
      ['a', null], ['b', null], ['c', null],
      ['a1', 'a'], ['a2', 'a'], ['a3', 'a'], ['b1', 'b'],
      ['a1x', 'a1'], ['a1x-deep', 'a1x'],
    ];
    for (const [uid, parentUid] of tree) await client.createFolder({ uid, title: `Folder ${uid}`, parentUid });
    await closeClients();
  });
  afterEach(closeClients);

  const expected = [
    { uid: 'a', parentUid: null }, { uid: 'b', parentUid: null }, { uid: 'c', parentUid: null },
    { uid: 'a1', parentUid: 'a' }, { uid: 'a2', parentUid: 'a' }, { uid: 'a3', parentUid: 'a' }, { uid: 'b1', parentUid: 'b' },
    { uid: 'a1x', parentUid: 'a1' }, { uid: 'a1x-deep', parentUid: 'a1x' },
  ];
  const byUid = (left: { uid: string }, right: { uid: string }) => left.uid.localeCompare(right.uid);

  it('lists every level in one search and gives each folder its parent', async () => {
    sandbox.clearRequests();
    const folders = await clientFor(sandbox).listAllFolders();
    expect(folders.map(({ uid, parentUid }) => ({ uid, parentUid })).sort(byUid)).toEqual([...expected].sort(byUid));
    expect(folders.find((folder) => folder.uid === 'a1x')?.title).toBe('Folder a1x');
    expect(sandbox.requests().map((entry) => entry.path)).toEqual(['/api/search?type=dash-folder&limit=5000&page=1']);
  });

  it('pages through the search until a short page', async () => {
    const requester = createRequester({ url: sandbox.url, auth: ADMIN, timeoutMs: 5000, concurrency: 2, userAgent: 'test' });
    sandbox.clearRequests();
    try {
      const folders = await listAllFolders(requester, 2);
      expect(folders.map(({ uid, parentUid }) => ({ uid, parentUid })).sort(byUid)).toEqual([...expected].sort(byUid));
      // 9 folders, 2 a page: pages 1–5, the fifth holding one.
      expect(sandbox.requests().map((entry) => entry.path)).toEqual([1, 2, 3, 4, 5].map((page) => `/api/search?type=dash-folder&limit=2&page=${page}`));
    } finally {
      await requester.close();
    }
  });

  it('stops with an error naming the search when a proxy drops `page` (the same full page again)', async () => {
    const requester = createRequester({ url: sandbox.url, auth: ADMIN, timeoutMs: 5000, concurrency: 2, userAgent: 'test' });
    sandbox.setFaults({ dropQueryParams: ['page'], pathPrefix: '/api/search' });
    sandbox.clearRequests();
    try {
      const error = await caught(listAllFolders(requester, 2));
      expect(error).toBeInstanceOf(GrafanaHttpError);
      expect((error as Error).message).toBe(
        'GET /api/search?type=dash-folder&limit=2&page=2 failed: HTTP 200: page 2 repeats hits of the pages before it, so the search ignores `page` ' +
          'and would answer the same page forever; check that a proxy in front of Grafana passes the query string through unchanged',
      );
      expect(sandbox.requests()).toHaveLength(2);
    } finally {
      sandbox.setFaults(undefined);
      await requester.close();
    }
  });

  it('lists only what a lagging search index shows (the searchMisses fault)', async () => {
    sandbox.setFaults({ searchMisses: ['a1x'] });
    try {
      const folders = await clientFor(sandbox).listAllFolders();
      expect(folders.map((folder) => folder.uid)).not.toContain('a1x');
      expect(folders.find((folder) => folder.uid === 'a1x-deep')?.parentUid).toBe('a1x');
      expect(await clientFor(sandbox).getFolder('a1x')).toMatchObject({ uid: 'a1x', parentUid: 'a1' });
    } finally {
      sandbox.setFaults(undefined);
    }
  });
});
