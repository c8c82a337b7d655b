import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeNewFileDurably } from '../files/write-new-file-durably.js';
import { describeErrorCode, describeReadError, fileErrorReason } from '../files/file-error-reasons.js';
import type { GitView } from './read-git-view.js';

/** Where `pull --force` copies files git does not hold before it replaces or deletes them: `<cwd>/.dashsync/pull-backups/<run time>/<root-relative path>`. */
export const PULL_BACKUP_DIR = '.dashsync/pull-backups';

/** What git held of a file pull replaced or deleted with `--force`, and where its copy is (shown to the user). */
export interface SavedCopy {
  /** `untracked`: git never had the file; `changed`: git holds another version (an uncommitted edit); `no-git`: git could not be asked. */
  held: 'untracked' | 'changed' | 'no-git';
  /** The copy's path as shown to the user. */
  copy: string;
}

/** Copies files pull is about to replace or delete, once each, into one directory per run. */
export interface ReplacedFileSaver {
  /**
   * Copies the file at `rootRelative` when git does not hold it as it is (an uncommitted edit, an untracked file,
   * no git); resolves to null when git holds it (nothing to save). Throws when the copy cannot be made, its message saying
   * why in the file error table's words (`it cannot be read: …`, `permission denied (EACCES) in .dashsync/pull-backups; …`):
   * the caller must then leave the file as it is.
   */
  save(rootRelative: string): Promise<SavedCopy | null>;
}

export interface ReplacedFileSaverOptions {
  realRoot: string;
  /** The working directory the backup directory is under. */
  cwd: string;
  git: GitView;
  display: (absPath: string) => string;
  now?: Date;
}

/**
 * A saver for one pull: the copies keep the tree's layout under a directory named for the run's start, so
 * two runs never mix and a copy is never written over (`-2`… after the name on a clash). The copy is fsync'd
 * before the caller touches the file, as apply's backups are before a DELETE.
 */
export function createReplacedFileSaver(options: ReplacedFileSaverOptions): ReplacedFileSaver {
  const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const base = resolve(options.cwd, PULL_BACKUP_DIR, stamp);
  return {
    async save(rootRelative) {
      const state = options.git.stateOf(rootRelative);
      if (state === 'committed') return null;
      const held = state === 'no-git' ? 'no-git' : options.git.untracked?.(rootRelative) ? 'untracked' : 'changed';
      const target = join(base, ...rootRelative.split('/'));
      // Through a temp file, like every other write: a crash or a second Ctrl-C never leaves half a copy under the copy's name.
      const bytes = await readFile(join(options.realRoot, ...rootRelative.split('/'))).catch((error: unknown) => {
        throw new Error(`it cannot be read: ${describeReadError(error)}`);
      });
      const placed = await writeNewFileDurably((attempt) => (attempt === 1 ? target : `${target}-${attempt}`), bytes).catch((error: unknown) => {
        throw new Error(describeCopyUnwritten(error));
      });
      return { held, copy: options.display(placed) };
    },
  };
}

/** `permission denied (EACCES) in .dashsync/pull-backups; let the user running dashsync write there`. */
function describeCopyUnwritten(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return String((error as Error).message ?? error);
  const toDo = fileErrorReason(code)?.toWriteIn;
  return `${describeErrorCode(code)} in ${PULL_BACKUP_DIR}${toDo === undefined ? '' : `; ${toDo}`}`;
}
