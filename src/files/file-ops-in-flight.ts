import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';

/** A file write (through a temp file, then a rename) or delete that has started and not ended. */
export interface FileOp {
  op: 'write' | 'delete';
  absPath: string;
  /** A write's temp file, until it is renamed (or linked) into place. */
  temp?: string;
  /** The final name was created empty to claim it (a file system without hard links): the temp, complete, is renamed over it next. */
  claimed?: boolean;
}

/**
 * The file writes and deletes of one run (a pull, an apply's backups), as they happen: what a
 * second Ctrl-C, which quits at once, leaves unknown. The shell reads it synchronously, from its
 * signal handler; writeFileAtomic and removeFile record into the log of the trackFileOps around them.
 */
export class FileOpsLog {
  private readonly running = new Set<FileOp>();
  private done = { written: 0, deleted: 0 };

  begin(op: FileOp): (completed: boolean) => void {
    this.running.add(op);
    return (completed) => {
      this.running.delete(op);
      if (completed) this.done = op.op === 'write' ? { ...this.done, written: this.done.written + 1 } : { ...this.done, deleted: this.done.deleted + 1 };
    };
  }

  /** The writes and deletes under way, in the order they started. */
  inFlight(): FileOp[] {
    return [...this.running];
  }

  /** How many files were written and deleted so far. */
  completed(): { written: number; deleted: number } {
    return this.done;
  }

  /**
   * Removes the temp files of the writes under way (the process is about to quit): each file then holds what it held
   * before, or, where the rename already happened, the new content, never part of either. A write that claimed its
   * name empty has its complete temp renamed over the claim instead, so the name never stays empty.
   */
  removeTempsSync(): void {
    for (const op of this.running) {
      if (op.temp === undefined) continue;
      if (op.claimed && existsSync(op.temp)) renameSync(op.temp, op.absPath);
      else rmSync(op.temp, { force: true });
    }
  }
}

const scope = new AsyncLocalStorage<FileOpsLog>();

/** Runs `work` with its file writes and deletes (writeFileAtomic, removeFile) recorded into `log`. */
export function trackFileOps<T>(log: FileOpsLog, work: () => Promise<T>): Promise<T> {
  return scope.run(log, work);
}

/** Records `op` while `work` runs, into the log of the trackFileOps around it (none: just runs it). */
export async function recordFileOp<T>(op: FileOp, work: () => Promise<T>): Promise<T> {
  const end = scope.getStore()?.begin(op);
  let completed = false;
  try {
    const value = await work();
    completed = true;
    return value;
  } finally {
    end?.(completed);
  }
}

/** Deletes a file of the tree (gone already is fine), recorded while it runs. */
export function removeFile(absPath: string): Promise<void> {
  return recordFileOp({ op: 'delete', absPath }, () => rm(absPath, { force: true }));
}
