import { describe, expect, it } from 'vitest';
import { backUpBeforeDelete, BackupWriteError } from '../../../src/apply/write-file-durably.js';

const failing = (code: string) => () => Promise.reject(Object.assign(new Error(`${code}: refused`), { code }));

// review-67a L8: the failure line says what the code means, as check --fix does for the tree's files.
describe('backUpBeforeDelete: a backup that cannot be written', () => {
  it('names the file size limit for EFBIG, and keeps the code for the closing', async () => {
    const error = await backUpBeforeDelete('/work/.dashsync/backups', failing('EFBIG'), '/work').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackupWriteError);
    expect((error as BackupWriteError).message).toBe(
      'not deleted: cannot write its backup into .dashsync/backups (EFBIG): over the file size limit; check backupDir / --backup-dir',
    );
    expect((error as BackupWriteError).code).toBe('EFBIG');
  });

  it('a code it has no words for: the code alone', async () => {
    const error = await backUpBeforeDelete('/work/.dashsync/backups', failing('EIO'), '/work', 'action').catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('not deleted: cannot write its backup into .dashsync/backups (EIO); check "backupDir" in the config file (the Action has no input for it)');
  });
});
