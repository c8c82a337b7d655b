import { join } from 'node:path';
import { uidProblem } from '../files/uid-rules.js';

/** A uid that cannot name a backup directory: it is not a Grafana uid, so it could lead out of the backup directory (`../..`). */
export class UnsafeBackupUidError extends Error {
  override readonly name = 'UnsafeBackupUidError';
  constructor(readonly uid: string) {
    super(`${JSON.stringify(uid)} is not a Grafana uid (letters, digits, "-" and "_" only), so it cannot name a backup directory`);
  }
}

/**
 * The directory of one dashboard's or library panel's backups: `<backupDir>/<under…>/<uid>`. The uid came from
 * the server's answer: Grafana's own uids are letters, digits, `-` and `_` (grafana-api.md §1.4), but whatever
 * answers at its address (another server, a proxy) may send `../../x`, so anything else is refused
 * (UnsafeBackupUidError) before a path is made of it. The 40-character limit is not checked: a longer uid is no
 * risk to the path, and older Grafana releases may hold one.
 */
export function backupDirOf(backupDir: string, uid: string, ...under: string[]): string {
  if (uid === '' || uidProblem(uid) === 'uid-invalid') throw new UnsafeBackupUidError(uid);
  return join(backupDir, ...under, uid);
}
