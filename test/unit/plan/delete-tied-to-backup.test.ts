import { describe, expect, it } from 'vitest';
import type { DashboardBackup } from '../../../src/apply/write-backup.js';
import { backedUpModelDigest } from '../../../src/normalize/backed-up-model-digest.js';
import { deleteTiedToBackup } from '../../../src/plan/mark-pruned-in-trash.js';

const dashboard = { title: 'Redis', panels: [], schemaVersion: 41 };
const backup: DashboardBackup = {
  kind: 'dashsync-backup',
  formatVersion: 1,
  deletedAt: '2026-12-07T04:31:12.702Z',
  source: { url: 'http://grafana', urlSha256: 'sha256:00', orgId: 1 },
  uid: 'redis',
  folderUid: '',
  folderTitle: 'General',
  version: 3,
  dashboard,
  objectUid: 'object-1',
};
const entry = { objectUid: 'object-1', modelSha256: backedUpModelDigest(dashboard), deletedAt: '2026-12-07T04:31:13Z' };

// rev-71 L4: the entry is dashsync's delete only where it is the object the backup was taken of.
describe('deleteTiedToBackup', () => {
  it('ties the delete of the object backed up, a prune unless the backup names a change of uid', () => {
    expect(deleteTiedToBackup(backup, entry)).toEqual({ deletedFor: { prune: true } });
    const uidChangedTo = { file: 'dashboards/redis.json', uid: 'redis-2' };
    expect(deleteTiedToBackup({ ...backup, uidChangedTo }, entry)).toEqual({ deletedFor: { uidChangedTo } });
    // An entry without the model's digest (a v2 dashboard on 12.x) is tied by its object alone.
    expect(deleteTiedToBackup(backup, { ...entry, modelSha256: undefined })).toEqual({ deletedFor: { prune: true } });
  });

  it('does not tie another object (a restore since, then someone\'s delete), other content, another hour, or legacy SQL storage', () => {
    expect(deleteTiedToBackup(backup, { ...entry, objectUid: 'object-2' })).toBeNull();
    expect(deleteTiedToBackup(backup, { ...entry, modelSha256: 'sha256:other' })).toBeNull();
    expect(deleteTiedToBackup(backup, { ...entry, deletedAt: '2026-12-07T05:31:13Z' })).toBeNull();
    expect(deleteTiedToBackup(backup, { ...entry, deletedAt: null })).toBeNull();
    expect(deleteTiedToBackup({ ...backup, deletedFromLegacySql: true }, entry)).toBeNull();
  });

  it("ties an earlier release's backup by its push's object without saying why, and not one that records no object", () => {
    const { objectUid: _recorded, ...older } = backup;
    expect(deleteTiedToBackup({ ...older, pushed: { sha256: 'sha256:0123456789abcdef', objectUid: 'object-1' } }, entry)).toEqual({});
    expect(deleteTiedToBackup(older, entry)).toBeNull();
    expect(deleteTiedToBackup({ ...older, pushed: { sha256: 'sha256:0123456789abcdef', objectUid: null } }, entry)).toBeNull();
  });
});
