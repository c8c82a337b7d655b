import { isPlainObject } from './is-plain-object.js';

/** The `kind`s of the files prune writes before each delete (apply/write-backup.ts, apply/write-library-panel-backup.ts). */
const BACKUP_KINDS: ReadonlySet<unknown> = new Set(['dashsync-backup', 'dashsync-library-panel-backup']);

/**
 * A backup prune wrote, found in the tree (a backupDir inside the root, or backups copied in): one error
 * (rule `dashsync-backup`) instead of a dashboard file's every rule, and never rewritten by `check --fix`.
 */
export function isDashsyncBackup(document: unknown): boolean {
  return isPlainObject(document) && BACKUP_KINDS.has(document.kind);
}

export const DASHSYNC_BACKUP_MESSAGE = 'this is a dashsync backup, not a dashboard: move it out of the tree (and set backupDir outside the root)';
