import { describe, expect, it } from 'vitest';
import { emptyApplyResult } from '../../../src/apply/types.js';
import { renderBackupsWritten } from '../../../src/report/render-apply-result.js';

const place = { backupDir: '/repo/.dashsync/backups', cwd: '/repo', environment: undefined };

describe('the closing line about backups', () => {
  it('says what was deleted when the run deleted what it backed up, and the run\'s time for a restore --all (walk-71 L4)', () => {
    const result = { ...emptyApplyResult(), libraryPanelsDeleted: ['lp-old'], backups: ['/repo/.dashsync/backups/lp-old/2026-12-03T16-00-00-000Z-v1.json'] };
    expect(renderBackupsWritten(result, place, 'cli')).toBe(
      'Backups of what was deleted: 1 file under .dashsync/backups/ (dashsync restore lp-old puts it back, as does dashsync restore --all --deleted-since 2026-12-03T16:00:00.000Z)',
    );
  });

  it('does not call a backup taken before a handover rename a backup of something deleted', () => {
    const result = { ...emptyApplyResult(), backups: ['/repo/.dashsync/backups/lp-old/2026-12-03T16-00-00-000Z-v1.json'] };
    const line = renderBackupsWritten(result, place, 'cli');
    expect(line).toContain('nothing was deleted');
    expect(line).not.toContain('Backups of what was deleted');
    expect(line).not.toContain('restore');
  });

  it('writes nothing when no backup was taken', () => {
    expect(renderBackupsWritten(emptyApplyResult(), place, 'cli')).toBeNull();
  });

  it('in the Action with an environment, names the directory the workflows upload (one per environment), which restore --env --backup-dir reads', () => {
    const result = { ...emptyApplyResult(), deleted: ['a', 'b'], backups: ['a', 'b'].map((uid) => `/repo/.dashsync/backups/staging/${uid}/2026-12-03T16-00-00-000Z-v1.json`) };
    expect(renderBackupsWritten(result, { backupDir: '/repo/.dashsync/backups/staging', cwd: '/repo' }, 'action', { environment: 'staging' })).toBe(
      "Backups of what was deleted: 2 files under .dashsync/backups/staging/ (the runner's disk goes with the job: upload .dashsync/backups/staging/ (or .dashsync/backups/, one directory per environment) as an artifact " +
        "to keep them; dashsync restore --env staging --all --deleted-since 2026-12-03T16:00:00.000Z --backup-dir <the artifact's directory> puts them all back)",
    );
    // One file: the restore workflow's deleted-since is named too (walk-70 L2).
    const one = { ...emptyApplyResult(), deleted: ['a'], backups: ['/repo/.dashsync/backups/staging/a/2026-12-03T16-00-00-000Z-v1.json'] };
    expect(renderBackupsWritten(one, { backupDir: '/repo/.dashsync/backups/staging', cwd: '/repo' }, 'action', { environment: 'staging' })).toBe(
      "Backups of what was deleted: 1 file under .dashsync/backups/staging/ (the runner's disk goes with the job: upload .dashsync/backups/staging/ (or .dashsync/backups/, one directory per environment) as an artifact " +
        "to keep them; dashsync restore --env staging a --backup-dir <the artifact's directory> puts it back, as does dashsync restore --env staging --all --deleted-since 2026-12-03T16:00:00.000Z --backup-dir <the artifact's directory>)",
    );
    // A backupDir of its own (not the environment's directory) is uploaded as it is.
    expect(renderBackupsWritten(result, { backupDir: '/repo/backups', cwd: '/repo' }, 'action', { environment: 'staging' })).toContain('upload that directory as an artifact');
  });
});

describe('the closing line about backups where restore cannot read "Recently deleted" (api legacy on 12.4 and later)', () => {
  const file = (uid: string, second = 0) => `/repo/.dashsync/backups/${uid}/2026-12-03T16-00-0${second}-000Z-v1.json`;
  const unread = { ...place, trashNotRead: true };

  it('names the one dashboard backup as the file, which restore puts back there (it refuses the bare uid)', () => {
    const result = { ...emptyApplyResult(), deleted: ['c1'], backups: [file('c1')] };
    expect(renderBackupsWritten(result, unread, 'cli', { api: 'legacy' })).toBe(
      'Backups of what was deleted: 1 file under .dashsync/backups/ (dashsync restore --api legacy c1 --from-backup .dashsync/backups/c1/2026-12-03T16-00-00-000Z-v1.json puts it back)',
    );
    expect(renderBackupsWritten(result, unread, 'action', { api: 'legacy' })).toBe(
      "Backups of what was deleted: 1 file under .dashsync/backups/ (the runner's disk goes with the job: upload that directory as an artifact to keep them; " +
        "dashsync restore --api legacy c1 --from-backup <the artifact's directory>/c1/2026-12-03T16-00-00-000Z-v1.json puts it back)",
    );
  });

  it('puts several back through --api auto, which asks "Recently deleted" first', () => {
    const result = { ...emptyApplyResult(), deleted: ['a', 'b'], backups: [file('a', 1), file('b', 2)] };
    expect(renderBackupsWritten(result, unread, 'cli', { api: 'legacy', environment: 'prod' })).toBe(
      'Backups of what was deleted: 2 files under .dashsync/backups/ (dashsync restore --env prod --all --deleted-since 2026-12-03T16:00:01.000Z --api auto puts them all back, ' +
        'dashsync restore --env prod UID --api auto one of them)',
    );
  });

  it('keeps the uid for a library panel, whose backup restore does not refuse', () => {
    const result = { ...emptyApplyResult(), libraryPanelsDeleted: ['lp'], backups: [file('lp')] };
    expect(renderBackupsWritten(result, unread, 'cli', { api: 'legacy' })).toBe(
      'Backups of what was deleted: 1 file under .dashsync/backups/ (dashsync restore --api legacy lp puts it back, as does dashsync restore --api legacy --all --deleted-since 2026-12-03T16:00:00.000Z)',
    );
  });
});

describe('the closing line about backups of an interrupted prune', () => {
  const file = (uid: string) => `/repo/.dashsync/backups/${uid}/2026-12-03T16-00-0${uid.length % 10}-000Z-v1.json`;

  it('counts only the backups of what was deleted, and names those whose delete was not made or may not have landed', () => {
    const deleted = ['a', 'b'];
    const result = {
      ...emptyApplyResult(),
      deleted,
      backups: ['a', 'b', 'c', 'd', 'e'].map(file),
      backupsNotDeleted: [
        { kind: 'dashboard' as const, uid: 'c', file: file('c'), delete: 'not-made' as const },
        { kind: 'dashboard' as const, uid: 'd', file: file('d'), delete: 'not-made' as const },
        { kind: 'dashboard' as const, uid: 'e', file: file('e'), delete: 'unknown' as const },
      ],
    };
    expect(renderBackupsWritten(result, place, 'cli')).toBe(
      'Backups of what was deleted: 2 files under .dashsync/backups/ (dashsync restore --all --deleted-since 2026-12-03T16:00:01.000Z puts them all back, dashsync restore UID one of them); ' +
        '2 more were written for deletes this run did not make (c, d): those are still in Grafana, and the backups stay; ' +
        '1 more for deletes whose outcome is not known (e): whether it is still in Grafana is not known: dashsync plan will show it',
    );
  });

  it('when no delete of a backed-up dashboard was made, calls none of them a backup of what was deleted', () => {
    const result = {
      ...emptyApplyResult(),
      foldersDeleted: ['f'],
      backups: [file('c')],
      backupsNotDeleted: [{ kind: 'dashboard' as const, uid: 'c', file: file('c'), delete: 'not-made' as const }],
    };
    expect(renderBackupsWritten(result, place, 'cli')).toMatch(/^Backups taken before deletes this run did not make: 1 file under/);
  });

  it('never says "nothing was deleted" while a delete may still land (a gateway answered for Grafana, the read back found it still there)', () => {
    const result = {
      ...emptyApplyResult(),
      backups: [file('c'), file('gone')],
      backupsNotDeleted: [
        { kind: 'dashboard' as const, uid: 'c', file: file('c'), delete: 'not-made' as const },
        { kind: 'dashboard' as const, uid: 'gone', file: file('gone'), delete: 'unknown' as const, stillThereWhenReadBack: true as const },
      ],
    };
    expect(renderBackupsWritten(result, place, 'cli', { prune: 'all' })).toBe(
      'Backups taken before deletes this run did not make or whose outcome is not known: 2 files under .dashsync/backups/ (they stay; ' +
        '1 was written for deletes this run did not make (c): it is still in Grafana, and the backups stay; ' +
        '1 for deletes whose outcome is not known (gone): whether it is still in Grafana is not known ' +
        '(gone was still there when read back, and a send of its delete may still be processed): dashsync plan --prune all will show it)',
    );
  });
});
