import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UnsafeBackupUidError } from '../../../src/apply/backup-dir.js';
import { pushOfBackup, readNewestBackup, recordDeleteOutcome, writeBackup } from '../../../src/apply/write-backup.js';
import { backedUpModelDigest } from '../../../src/normalize/backed-up-model-digest.js';
import { readNewestLibraryPanelBackup, writeLibraryPanelBackup } from '../../../src/apply/write-library-panel-backup.js';
import { urlSha256 } from '../../../src/config/url-sha256.js';
import type { LiveDashboard, LiveLibraryPanel } from '../../../src/grafana/port.js';

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-backup-'));
  dirs.push(dir);
  return dir;
}

function live(version: number, title = 'API'): LiveDashboard {
  return {
    uid: 'api',
    model: { uid: 'api', title, version, id: 7, panels: [] },
    schema: 'v1',
    apiVersion: null,
    metadata: { labels: {}, annotations: {} },
    pushed: null,
    folderUid: 'team',
    folderTitle: 'Team',
    revision: String(version),
    version,
    owner: null,
    lastSave: { by: 'admin', at: '', message: null, byDashsync: null, version },
    internalId: 7,
  };
}

const sourceOf = (url: string) => ({ url, urlSha256: urlSha256(url), orgId: null });
const source = sourceOf('http://grafana.test');

describe('writeBackup / readNewestBackup', () => {
  it('writes <backupDir>/<uid>/<time>-v<version>.json with the live JSON and leaves no temp file', async () => {
    const dir = await tempDir();
    const path = await writeBackup(dir, live(3), source, null, new Date('2026-11-22T10:00:00.123Z'));
    expect(path).toBe(join(dir, 'api', '2026-11-22T10-00-00-123Z-v3.json'));
    expect(await readdir(join(dir, 'api'))).toEqual(['2026-11-22T10-00-00-123Z-v3.json']);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      kind: 'dashsync-backup',
      formatVersion: 1,
      deletedAt: '2026-11-22T10:00:00.123Z',
      source,
      uid: 'api',
      folderUid: 'team',
      folderTitle: 'Team',
      version: 3,
      dashboard: live(3).model,
    });
  });

  // fixg-72 left: a backup through /api records when the object was made, and every backup what its delete came to.
  it("records /api's meta.created (objectCreated) and, once the DELETE is answered, its outcome, in place; a missing file is left alone", async () => {
    const dir = await tempDir();
    const path = await writeBackup(dir, { ...live(3), created: '2026-11-20T08:00:00Z' }, source, null, new Date('2026-11-22T10:00:00Z'));
    const written = JSON.parse(await readFile(path, 'utf8'));
    expect([written.objectCreated, written.deleteOutcome]).toEqual(['2026-11-20T08:00:00Z', undefined]);
    await recordDeleteOutcome(path, 'not-deleted');
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ ...written, deleteOutcome: 'not-deleted' });
    expect(await readdir(join(dir, 'api'))).toEqual([basename(path)]);
    expect((await readNewestBackup(dir, 'api', source))?.backup.deleteOutcome).toBe('not-deleted');
    await expect(recordDeleteOutcome(join(dir, 'api', 'gone.json'), 'deleted')).resolves.toBeUndefined();
  });

  it('records the push the dashboard held (pushed), reads it back, and refuses a backup whose pushed is not one', async () => {
    const dir = await tempDir();
    const pushed = { sha256: 'sha256:0123456789abcdef', objectUid: 'c0ffee', modelSha256: backedUpModelDigest(live(3).model) };
    const path = await writeBackup(dir, live(3), source, null, new Date('2026-11-22T10:00:00Z'), pushed);
    const read = await readNewestBackup(dir, 'api', source);
    expect(read?.backup.pushed).toEqual(pushed);
    expect(pushOfBackup(read!.backup)).toEqual(pushed);
    const backup = JSON.parse(await readFile(path, 'utf8'));
    const malformed = `${path} is a dashsync backup whose \`pushed\` field is malformed; fix it and run restore again (it is api's only backup here: moving it away leaves nothing to restore api from)`;
    for (const bad of [{ sha256: 7 }, { ...pushed, sha256: 'sha256:0123' }, { ...pushed, sha256: 'sha256:0123456789abcdef\nforged' }, { ...pushed, modelSha256: 'sha256:12' }]) {
      await writeFile(path, JSON.stringify({ ...backup, pushed: bad }));
      await expect(readNewestBackup(dir, 'api', source)).rejects.toThrow(malformed);
    }
  });

  it('a backup whose dashboard was edited by hand, or that records no digest of it, holds no push to take back', async () => {
    const dir = await tempDir();
    const pushed = { sha256: `sha256:${'a'.repeat(64)}`, objectUid: 'c0ffee', modelSha256: backedUpModelDigest(live(3).model) };
    const path = await writeBackup(dir, live(3), source, null, new Date('2026-11-22T10:00:00Z'), pushed);
    const backup = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify({ ...backup, dashboard: { ...backup.dashboard, title: 'fixed by hand' } }));
    expect(pushOfBackup((await readNewestBackup(dir, 'api', source))!.backup)).toBeNull();
    // uid, id and version are not content: a copy of the same dashboard may carry others.
    await writeFile(path, JSON.stringify({ ...backup, dashboard: { ...backup.dashboard, id: 9, version: 8 } }));
    expect(pushOfBackup((await readNewestBackup(dir, 'api', source))!.backup)).toEqual(pushed);
    const { modelSha256: _, ...older } = pushed;
    await writeFile(path, JSON.stringify({ ...backup, pushed: older }));
    expect(pushOfBackup((await readNewestBackup(dir, 'api', source))!.backup)).toBeNull();
  });

  it('never replaces a backup: the same uid deleted at the same version in the same millisecond (two runs sharing the directory) gets a second file', async () => {
    const dir = await tempDir();
    const at = new Date('2026-11-22T10:00:00.123Z');
    const other = sourceOf('http://staging.test');
    const [first, second] = await Promise.all([writeBackup(dir, live(3, 'production'), source, null, at), writeBackup(dir, live(3, 'staging'), other, null, at)]);
    expect(new Set([first, second]).size).toBe(2);
    expect((await readdir(join(dir, 'api'))).sort()).toEqual(['2026-11-22T10-00-00-123Z-v3-2.json', '2026-11-22T10-00-00-123Z-v3.json']);
    expect((await readNewestBackup(dir, 'api', source))!.backup.dashboard.title).toBe('production');
    expect((await readNewestBackup(dir, 'api', other))!.backup.dashboard.title).toBe('staging');
  });

  it('reads the newest backup from the same Grafana and org, ignoring other sources', async () => {
    const dir = await tempDir();
    await writeBackup(dir, live(3, 'old'), source, null, new Date('2026-11-22T10:00:00Z'));
    await writeBackup(dir, live(5, 'new'), source, null, new Date('2026-11-22T11:00:00Z'));
    await writeBackup(dir, live(9, 'elsewhere'), sourceOf('http://other.test'), null, new Date('2026-11-22T12:00:00Z'));
    const found = await readNewestBackup(dir, 'api', source);
    expect(found?.backup.dashboard.title).toBe('new');
    expect(await readNewestBackup(dir, 'api', { ...source, orgId: 2 })).toBeNull();
    expect(await readNewestBackup(dir, 'missing', source)).toBeNull();
  });

  it('tells apart two Grafanas that read the same once redacted by the digest of the URL as sent; a backup without one is matched by its shown URL', async () => {
    const dir = await tempDir();
    const shown = 'https://gw.example.com/[redacted]';
    const tenantA = { url: shown, urlSha256: urlSha256('https://gw.example.com/tenantA-SECRET1'), orgId: null };
    const tenantB = { url: shown, urlSha256: urlSha256('https://gw.example.com/tenantB-SECRET2'), orgId: null };
    await writeBackup(dir, live(3, 'tenant A'), tenantA, null, new Date('2026-11-22T10:00:00Z'));
    expect(await readNewestBackup(dir, 'api', tenantB)).toBeNull();
    expect((await readNewestBackup(dir, 'api', tenantA))?.backup.dashboard.title).toBe('tenant A');
    // Written before digests were kept: its shown URL decides.
    await writeBackup(dir, live(4, 'older format'), { url: 'http://grafana.test', orgId: null }, null, new Date('2026-11-22T11:00:00Z'));
    expect((await readNewestBackup(dir, 'api', source))?.backup.dashboard.title).toBe('older format');
  });

  it("passes over another uid's backup in the directory (a file system that ignores case keeps Api's backups in api/)", async () => {
    const dir = await tempDir();
    await writeBackup(dir, live(3, 'mine'), source, null, new Date('2026-11-22T10:00:00Z'));
    const other = await writeBackup(dir, { ...live(5, 'Api, another dashboard'), uid: 'Api' }, source, null, new Date('2026-11-22T11:00:00Z'));
    await rename(other, join(dir, 'api', basename(other)));
    expect((await readNewestBackup(dir, 'api', source))?.backup.dashboard.title).toBe('mine');
  });

  it('names an unreadable backup file at line:col instead of failing with a stack, and what fixing or moving it does', async () => {
    const dir = await tempDir();
    await writeBackup(dir, live(2), source, null, new Date('2026-11-22T09:00:00Z'));
    const path = await writeBackup(dir, live(3), source, null, new Date('2026-11-22T10:00:00Z'));
    await writeFile(path, '{"kind": "dashsync-backup", ');
    await expect(readNewestBackup(dir, 'api', source)).rejects.toThrow(
      `${path}:1:29: not a readable dashsync backup (unexpected end of file (missing closing brace for the "{" at line 1, col 1)); fix it and run restore again, or move it away to restore api from its next older backup (1 older backup of it from this Grafana and org in its directory)`,
    );
  });

  // review-53b R6: the count named only files restore passes over (another Grafana's backup) and promised a restore.
  it('an unreadable newest backup whose directory holds only backups of another Grafana and org: moving it away restores nothing, and the message says so', async () => {
    const dir = await tempDir();
    await writeBackup(dir, live(1, 'other Grafana'), sourceOf('http://other-grafana.example:3000'), null, new Date('2026-11-22T08:00:00Z'));
    await writeBackup(dir, live(2, 'other org'), { ...source, orgId: 2 }, null, new Date('2026-11-22T09:00:00Z'));
    const path = await writeBackup(dir, live(3), source, null, new Date('2026-11-22T10:00:00Z'));
    await writeFile(path, '{"kind": "dashsync-backup", ');
    await expect(readNewestBackup(dir, 'api', source)).rejects.toThrow(
      `${path}:1:29: not a readable dashsync backup (unexpected end of file (missing closing brace for the "{" at line 1, col 1)); fix it and run restore again (no older file in its directory is a backup of api from this Grafana and org: moving it away leaves nothing to restore api from)`,
    );
    // One of this Grafana's among them: counted alone.
    await writeBackup(dir, live(2, 'mine'), source, null, new Date('2026-11-22T08:30:00Z'));
    await expect(readNewestBackup(dir, 'api', source)).rejects.toThrow('or move it away to restore api from its next older backup (1 older backup of it from this Grafana and org in its directory)');
  });
});

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

describe('readNewestLibraryPanelBackup', () => {
  it('reads the newest library panel backup from the same Grafana and org, never a dashboard backup of the same uid', async () => {
    const dir = await tempDir();
    await writeLibraryPanelBackup(dir, panel(2, 'old'), source, null, new Date('2026-11-22T10:00:00Z'));
    await writeLibraryPanelBackup(dir, panel(4, 'new'), source, null, new Date('2026-11-22T11:00:00Z'));
    await writeLibraryPanelBackup(dir, panel(9, 'elsewhere'), sourceOf('http://other.test'), null, new Date('2026-11-22T12:00:00Z'));
    const found = await readNewestLibraryPanelBackup(dir, 'lp-cpu', source);
    expect(found?.path).toBe(join(dir, 'library-panels', 'lp-cpu', '2026-11-22T11-00-00-000Z-v4.json'));
    expect(found?.backup).toMatchObject({ uid: 'lp-cpu', folderUid: 'team', element: { uid: 'lp-cpu', name: 'new', kind: 1, model: { type: 'timeseries', title: 'CPU', description: '' } } });
    expect(await readNewestLibraryPanelBackup(dir, 'lp-cpu', { ...source, orgId: 2 })).toBeNull();

    await writeBackup(dir, { ...live(1), uid: 'dash' }, source);
    expect(await readNewestLibraryPanelBackup(dir, 'dash', source)).toBeNull();
  });

  it('names a file in the library panel backups that is not one', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'library-panels', 'lp-cpu'), { recursive: true });
    const path = join(dir, 'library-panels', 'lp-cpu', '2026-11-22T10-00-00-000Z-v1.json');
    await writeFile(path, JSON.stringify({ kind: 'dashsync-backup', formatVersion: 1, source, dashboard: {} }));
    await expect(readNewestLibraryPanelBackup(dir, 'lp-cpu', source)).rejects.toThrow(`${path} is not a dashsync backup of format version 1; fix it and run restore again (it is lp-cpu's only backup here: moving it away leaves nothing to restore lp-cpu from)`);
  });
});

describe('a uid that is not a Grafana uid names no backup directory', () => {
  it.each(['../../escape', '..', '.', '', 'a/b', 'a\\b', 'x\u0000y'])('%j: refused, nothing written in or beside the backup directory', async (uid) => {
    const parent = await tempDir();
    const dir = join(parent, 'backups');
    await expect(writeBackup(dir, { ...live(1), uid }, source)).rejects.toThrow(UnsafeBackupUidError);
    await expect(writeLibraryPanelBackup(dir, { ...panel(1, 'p'), uid }, source)).rejects.toThrow(UnsafeBackupUidError);
    await expect(readNewestBackup(dir, uid, source)).rejects.toThrow(UnsafeBackupUidError);
    expect(await readdir(parent)).toEqual([]);
  });

  it('takes any Grafana uid, also one longer than the 40 characters Grafana allows today', async () => {
    const dir = await tempDir();
    const long = 'a'.repeat(60);
    expect(await writeBackup(dir, { ...live(1), uid: long }, source, null, new Date('2026-11-22T10:00:00Z'))).toBe(join(dir, long, '2026-11-22T10-00-00-000Z-v1.json'));
  });
});
