import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeBackup } from '../../../src/apply/write-backup.js';
import { readNewestLibraryPanelBackup, writeLibraryPanelBackup } from '../../../src/apply/write-library-panel-backup.js';
import type { LiveDashboard, LiveLibraryPanel } from '../../../src/grafana/port.js';

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-backup-'));
  dirs.push(dir);
  return dir;
}

function panel(version: number, name: string): LiveLibraryPanel {
  return {
    uid: 'lp-cpu',
    name,
    kind: 1,
    model: { type: 'timeseries', title: 'CPU' },
    folderUid: 'team',
    folderTitle: 'Team',
    revision: String(version),
    version,
    connectedDashboards: 0,
    lastSave: { by: 'admin', at: '', message: null, byDashsync: null, version },
  };
}

const source = { url: 'http://grafana.test', orgId: null };

describe('readNewestLibraryPanelBackup', () => {
  it('reads the newest library panel backup from the same Grafana and org, never a dashboard backup of the same uid', async () => {
    const dir = await tempDir();
    await writeLibraryPanelBackup(dir, panel(2, 'old'), source, new Date('2026-11-22T10:00:00Z'));
    await writeLibraryPanelBackup(dir, panel(4, 'new'), source, new Date('2026-11-22T11:00:00Z'));
    await writeLibraryPanelBackup(dir, panel(9, 'elsewhere'), { url: 'http://other.test', orgId: null }, new Date('2026-11-22T12:00:00Z'));
    const found = await readNewestLibraryPanelBackup(dir, 'lp-cpu', source);
    expect(found?.path).toBe(join(dir, 'library-panels', 'lp-cpu', '2026-11-22T11-00-00-000Z-v4.json'));
    expect(found?.backup).toMatchObject({ uid: 'lp-cpu', folderUid: 'team', element: { uid: 'lp-cpu', name: 'new', kind: 1, model: { type: 'timeseries', title: 'CPU', description: '' } } });
    expect(await readNewestLibraryPanelBackup(dir, 'lp-cpu', { url: source.url, orgId: 2 })).toBeNull();

    await writeBackup(dir, { uid: 'dash', model: {}, folderUid: null, folderTitle: 'General', version: 1, apiVersion: null } as unknown as LiveDashboard, source);
    expect(await readNewestLibraryPanelBackup(dir, 'dash', source)).toBeNull();
  });

  it('names a file in the library panel backups that is not one', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'library-panels', 'lp-cpu'), { recursive: true });
    const path = join(dir, 'library-panels', 'lp-cpu', '2026-11-22T10-00-00-000Z-v1.json');
    await writeFile(path, JSON.stringify({ kind: 'dashsync-backup', formatVersion: 1, source, dashboard: {} }));
    await expect(readNewestLibraryPanelBackup(dir, 'lp-cpu', source)).rejects.toThrow(`${path} is not a dashsync backup of format version 1; move it away and run restore again`);
  });
});
