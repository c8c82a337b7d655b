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
  apiVersion: 'dashboard.grafana.app/v1beta1',
  objectUid: 'object-1',
  deleteOutcome: 'deleted',
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

  // fixg-72 left: a failed or "already gone" DELETE left the object to someone else's delete within the hour.
  it('ties only a delete its backup records as landed; one that did not is not tied, one with no record is not known', () => {
    expect(deleteTiedToBackup({ ...backup, deleteOutcome: 'not-deleted' }, entry)).toBeNull();
    expect(deleteTiedToBackup({ ...backup, deleteOutcome: 'unknown' }, entry)).toBe('not-known');
    const { deleteOutcome: _outcome, ...unrecorded } = backup;
    expect(deleteTiedToBackup(unrecorded, entry)).toBe('not-known');
    // Another object is not tied, whatever the backup records.
    expect(deleteTiedToBackup(unrecorded, { ...entry, objectUid: 'object-2' })).toBeNull();
  });

  it("an earlier release's backup by its push's object: not known (no outcome recorded); one that records no object: not known", () => {
    const { objectUid: _recorded, deleteOutcome: _outcome, ...older } = backup;
    expect(deleteTiedToBackup({ ...older, pushed: { sha256: 'sha256:0123456789abcdef', objectUid: 'object-1' } }, entry)).toBe('not-known');
    expect(deleteTiedToBackup({ ...older, pushed: { sha256: 'sha256:0123456789abcdef', objectUid: 'object-2' } }, entry)).toBeNull();
    expect(deleteTiedToBackup(older, entry)).toBe('not-known');
    // An entry that names no object (a list without metadata.uid) cannot be told either.
    expect(deleteTiedToBackup(backup, { ...entry, objectUid: undefined })).toBe('not-known');
  });

  // fixg-72 left: a backup through /api records no metadata.uid; /api's id and the object's creation time tell it.
  it("a backup through /api: tied by /api's id and when the object was made, which the entry's label and creationTimestamp give", () => {
    const { objectUid: _recorded, apiVersion: _apiVersion, ...base } = backup;
    const viaApi: DashboardBackup = { ...base, dashboard: { ...dashboard, id: 14, uid: 'redis', version: 3 }, objectCreated: '2026-12-07T04:00:05Z' };
    const listed = { modelSha256: backedUpModelDigest(dashboard), deletedAt: entry.deletedAt, internalId: 14, created: '2026-12-07T04:00:05Z' };
    expect(deleteTiedToBackup(viaApi, listed)).toEqual({ deletedFor: { prune: true } });
    // A restore from "Recently deleted" keeps the id and makes the object anew: someone's later delete of it is theirs.
    expect(deleteTiedToBackup(viaApi, { ...listed, created: '2026-12-07T04:40:00Z' })).toBeNull();
    expect(deleteTiedToBackup(viaApi, { ...listed, internalId: 15 })).toBeNull();
    // Where either side does not say, not known: never a guess.
    const { objectCreated: _created, ...noCreated } = viaApi;
    expect(deleteTiedToBackup(noCreated, listed)).toBe('not-known');
    expect(deleteTiedToBackup(noCreated, { ...listed, internalId: 15 })).toBeNull();
    expect(deleteTiedToBackup(viaApi, { ...listed, created: undefined })).toBe('not-known');
    expect(deleteTiedToBackup(viaApi, { ...listed, internalId: undefined })).toBe('not-known');
    expect(deleteTiedToBackup({ ...viaApi, deleteOutcome: 'not-deleted' }, listed)).toBeNull();
  });
});
