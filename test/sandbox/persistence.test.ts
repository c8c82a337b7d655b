import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import type { GrafanaVersion } from '../../src/sandbox/types.js';
import { adminHeaders, apiRequest, bearerHeaders } from '../helpers/sandbox.js';

const versions: GrafanaVersion[] = ['11.2', '12', '13'];
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function dataFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-data-'));
  dirs.push(dir);
  return join(dir, 'state.json');
}

describe.each(versions)('persistence on Grafana %s', (grafanaVersion) => {
  it('restores dashboards, versions, folders, orgs and tokens after a restart', async () => {
    const file = await dataFile();
    const first = await startSandbox({ port: 0, grafanaVersion, dataFile: file });
    await apiRequest(first, 'POST', '/api/folders', { uid: 'f', title: 'Folder' });
    await apiRequest(first, 'POST', '/api/folders', { uid: 'g', title: 'Nested', parentUid: 'f' });
    await apiRequest(first, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd', title: 'D' }, folderUid: 'g', message: 'one' });
    await apiRequest(first, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd', title: 'D2', version: 1 }, folderUid: 'g', message: 'two' });
    await apiRequest(first, 'POST', '/api/orgs', { name: 'Other' });
    await apiRequest(first, 'POST', '/api/dashboards/db', { dashboard: { uid: 'o', title: 'O' } }, adminHeaders(2));
    expect((await apiRequest(first, 'PUT', '/api/org/preferences', { homeDashboardUID: 'd' })).status).toBe(200);
    const token = await first.createToken('Editor');
    const before = await apiRequest(first, 'GET', '/api/dashboards/uid/d');
    const beforeVersions = await apiRequest(first, 'GET', '/api/dashboards/uid/d/versions');
    await first.close();

    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(token);
    expect(await readdir(join(file, '..'))).toEqual(['state.json']);

    const second = await startSandbox({ port: 0, grafanaVersion, dataFile: file });
    try {
      expect((await apiRequest(second, 'GET', '/api/dashboards/uid/d')).body).toEqual(before.body);
      expect((await apiRequest(second, 'GET', '/api/dashboards/uid/d/versions')).body).toEqual(beforeVersions.body);
      expect((await apiRequest(second, 'GET', '/api/folders/g')).body.parents.map((p: any) => p.uid)).toEqual(['f']);
      expect((await apiRequest(second, 'GET', '/api/dashboards/uid/o', undefined, adminHeaders(2))).body.dashboard.title).toBe('O');
      expect((await apiRequest(second, 'GET', '/api/dashboards/home')).body).toEqual({ redirectUri: '/d/d/d2' });
      const withToken = await apiRequest(second, 'GET', '/api/dashboards/uid/d', undefined, bearerHeaders(token));
      expect(withToken.status).toBe(200);
      const next = await apiRequest(second, 'POST', '/api/dashboards/db', { dashboard: { uid: 'new', title: 'New' } });
      expect(next.body.id).toBe(5);
    } finally {
      await second.close();
    }
  });
});

describe('a data file holding "Recently deleted" dashboards, loaded by Grafana 12 on legacy SQL storage', () => {
  it('drops them with a note (legacy storage deletes for good), and keeps them where the trash exists', async () => {
    const file = await dataFile();
    // Unified storage with restoreDashboards on keeps a deleted dashboard in "Recently deleted".
    const unified = await startSandbox({ port: 0, grafanaVersion: '12', storage: 'unified', features: { restoreDashboards: true }, dataFile: file });
    await apiRequest(unified, 'POST', '/api/dashboards/db', { dashboard: { uid: 'gone', title: 'Trashed one' } });
    await apiRequest(unified, 'POST', '/api/dashboards/db', { dashboard: { uid: 'kept', title: 'Live one' } });
    expect((await apiRequest(unified, 'DELETE', '/api/dashboards/uid/gone')).status).toBe(200);
    await unified.close();
    expect(await readFile(file, 'utf8')).toMatch(/"title":"Trashed one".*"deleted":"|"deleted":"[^"]+".*"title":"Trashed one"/s);

    // The same storage again: the trash is kept.
    const again = await startSandbox({ port: 0, grafanaVersion: '12', storage: 'unified', features: { restoreDashboards: true }, dataFile: file });
    await again.close();
    expect(await readFile(file, 'utf8')).toContain('Trashed one');

    // (It says so on stderr: `sandbox: note: dropped 1 dashboard in "Recently deleted" from <file>: …`.)
    const legacy = await startSandbox({ port: 0, grafanaVersion: '12', storage: 'legacy', features: { restoreDashboards: true }, dataFile: file });
    try {
      expect((await apiRequest(legacy, 'GET', '/api/dashboards/uid/kept')).status).toBe(200);
      // A change writes the file again: the trashed row is gone from it.
      await apiRequest(legacy, 'POST', '/api/dashboards/db', { dashboard: { uid: 'new', title: 'New' } });
    } finally {
      await legacy.close();
    }
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('Trashed one');
    expect(text).toContain('Live one');
  });
});

describe('persistence file handling', () => {
  it('never exposes a half-written file while saving under load, and flushes on close', async () => {
    const file = await dataFile();
    const sandbox = await startSandbox({ port: 0, dataFile: file });
    let writing = true;
    let reads = 0;
    const reader = (async () => {
      while (writing) {
        const text = await readFile(file, 'utf8').catch(() => undefined);
        if (text !== undefined) {
          expect(() => JSON.parse(text)).not.toThrow();
          reads++;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const body = { panels: Array.from({ length: 50 }, (_, id) => ({ id, title: 'p'.repeat(200) })) };
    for (let batch = 0; batch < 4; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: `x${batch * 50 + i}`, title: `X ${batch * 50 + i}`, ...body } }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
    // The reader stops only once it has seen the file at least once: on a busy machine the first coalesced write
    // (100 ms after a change, then fsync and rename) may land after the last batch.
    while (reads === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    await sandbox.close();
    const state = JSON.parse(await readFile(file, 'utf8'));
    expect(state.dashboards).toHaveLength(200);
    expect(await readdir(join(file, '..'))).toEqual(['state.json']);
  });

  it('refuses a data file that is not a sandbox state file with a clear message', async () => {
    const file = await dataFile();
    await writeFile(file, '{"something":"else"}');
    await expect(startSandbox({ port: 0, dataFile: file })).rejects.toThrow(
      `sandbox data file ${file} is not a dashsync sandbox state file`,
    );
    await writeFile(file, '{half');
    await expect(startSandbox({ port: 0, dataFile: file })).rejects.toThrow(`sandbox data file ${file} is not valid JSON`);
  });
});
