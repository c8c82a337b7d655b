import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { createFolder, dashsync, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

/** top / mid / leaf, a dashboard in each, one at the General level. */
async function seedNested(handle: SandboxHandle): Promise<void> {
  await createFolder(handle, { uid: 'top', title: 'Top' });
  await createFolder(handle, { uid: 'mid', title: 'Mid', parentUid: 'top' });
  await createFolder(handle, { uid: 'leaf', title: 'Leaf', parentUid: 'mid' });
  await saveDashboard(handle, { uid: 'home', title: 'Home', panels: [] });
  await saveDashboard(handle, { uid: 'top-dash', title: 'Top Dash', panels: [] }, 'top');
  await saveDashboard(handle, { uid: 'mid-dash', title: 'Mid Dash', panels: [] }, 'mid');
  await saveDashboard(handle, { uid: 'leaf-dash', title: 'Leaf Dash', panels: [] }, 'leaf');
}

const EXPECTED = [
  'home.json',
  'top/_folder.json',
  'top/mid/_folder.json',
  'top/mid/leaf/_folder.json',
  'top/mid/leaf/leaf-dash.json',
  'top/mid/mid-dash.json',
  'top/top-dash.json',
];

describe('dashsync pull with nested folders (Grafana 13)', () => {
  it('writes every level at its path, listing the folders in one search', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    await seedNested(handle);
    const work = await makeWorkDir();
    handle.clearRequests();

    const pulled = await dashsync(handle, work, ['pull', '--api', 'legacy']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect((await walkFiles(join(work, 'dashboards'))).map((file) => file.path)).toEqual(EXPECTED);
    const folderRequests = handle.requests().filter((entry) => entry.path.startsWith('/api/folders') || entry.path.includes('type=dash-folder'));
    expect(folderRequests.map((entry) => entry.path)).toEqual(['/api/search?type=dash-folder&limit=5000&page=1']);
  });

  it('a search index that has not caught up with two levels: their folders are read, and every file still lands at its path', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    await seedNested(handle);
    handle.setFaults({ searchMisses: ['top', 'mid'] });
    const work = await makeWorkDir();
    handle.clearRequests();

    const pulled = await dashsync(handle, work, ['pull', '--api', 'legacy']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stderr).not.toContain('not in Grafana');
    const files = await walkFiles(join(work, 'dashboards'));
    expect(files.map((file) => file.path)).toEqual(EXPECTED);
    expect(JSON.parse(files.find((file) => file.path === 'top/mid/_folder.json')!.bytes)).toEqual({ uid: 'mid', title: 'Mid' });
    const reads = handle.requests().filter((entry) => entry.path.startsWith('/api/folders/')).map((entry) => entry.path);
    expect(reads.sort()).toEqual(['/api/folders/mid', '/api/folders/top']);
  });

  it('two levels the index has not caught up with above the only folder that holds a dashboard: read level by level up to the top', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    await createFolder(handle, { uid: 'top', title: 'Top' });
    await createFolder(handle, { uid: 'mid', title: 'Mid', parentUid: 'top' });
    await createFolder(handle, { uid: 'leaf', title: 'Leaf', parentUid: 'mid' });
    await saveDashboard(handle, { uid: 'leaf-dash', title: 'Leaf Dash', panels: [] }, 'leaf');
    handle.setFaults({ searchMisses: ['top', 'mid'] });
    const work = await makeWorkDir();
    handle.clearRequests();

    const pulled = await dashsync(handle, work, ['pull', '--api', 'legacy']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect((await walkFiles(join(work, 'dashboards'))).map((file) => file.path)).toContain('top/mid/leaf/leaf-dash.json');
    const reads = handle.requests().filter((entry) => entry.path.startsWith('/api/folders/')).map((entry) => entry.path);
    expect(reads).toEqual(['/api/folders/mid', '/api/folders/top']);
  });

  it('a folder whose parent the token cannot read is not pulled to the top level: its dashboards stay out, and the note names that parent', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    await seedNested(handle);
    // The index does not show `top`, and reading it is refused (injected: the sandbox has roles only, no per-folder rights).
    handle.setFaults({ searchMisses: ['top'], pathPrefix: '/api/folders/top', script: [{ kind: 'status', status: 403 }] });
    const work = await makeWorkDir();

    const pulled = await dashsync(handle, work, ['pull', '--api', 'legacy']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect((await walkFiles(join(work, 'dashboards'))).map((file) => file.path)).toEqual(['home.json']);
    expect(pulled.stderr).toContain('mid-dash: its folder mid sits in folder top, which this token cannot read; not pulled');
    expect(pulled.stderr).toContain('leaf-dash: its folder leaf sits in folder top, which this token cannot read; not pulled');
  });

  it('pull --folder of a folder the index shows nothing of yet (neither it nor its dashboard): read and accepted, not refused as unknown', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    await createFolder(handle, { uid: 'fresh', title: 'Fresh' });
    await saveDashboard(handle, { uid: 'fresh-dash', title: 'Fresh Dash', panels: [] }, 'fresh');
    handle.setFaults({ searchMisses: ['fresh', 'fresh-dash'] });
    const work = await makeWorkDir();
    handle.clearRequests();

    const pulled = await dashsync(handle, work, ['pull', '--api', 'legacy', '--folder', 'fresh']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stderr).not.toContain('no folder with this uid');
    expect(handle.requests().map((entry) => entry.path)).toContain('/api/folders/fresh');
  });
});
