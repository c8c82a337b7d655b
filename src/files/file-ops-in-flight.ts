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
 * signal handler; writeFileAtomic and removeFile record into the log of every trackFileOps running while they start.
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
   * Resolves once no write or delete is under way, or after `capMs` with some still under way (a file system that stopped
   * answering). A quit waits for this before it removes temp files: an `open` the file system is still carrying out would
   * create its temp after the removal (a loaded run left 24 so, review of walk-73 L1).
   */
  async settled(capMs: number): Promise<void> {
    const deadline = Date.now() + capMs;
    while (this.running.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
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

/**
 * The logs of the runs being tracked now, each with how many trackFileOps hold it. Not an AsyncLocalStorage: that turns
 * on Node's promise hooks for every promise of the run (an apply's thousands of requests and reads), and a second
 * Ctrl-C quits the whole process anyway, so every write or delete under way in it is one to name and clean up.
 */
const tracking = new Map<FileOpsLog, number>();

/** Runs `work` with the file writes and deletes (writeFileAtomic, removeFile) that start while it runs recorded into `log`. */
export async function trackFileOps<T>(log: FileOpsLog, work: () => Promise<T>): Promise<T> {
  tracking.set(log, (tracking.get(log) ?? 0) + 1);
  try {
    return await work();
  } finally {
    const holders = tracking.get(log)! - 1;
    if (holders === 0) tracking.delete(log);
    else tracking.set(log, holders);
  }
}

/**
 * Set when the process quits once the writes and deletes under way have ended (quitAfterFileOps): none starts after it. One
 * that would start never settles instead of failing, so no error line about it reaches the terminal before the exit.
 */
let quitting = false;

/**
 * Calls `quit` (which ends the process) once the file writes and deletes under way in `log` have ended, none starting
 * meanwhile (up to `capMs`); at once, before this returns, when none is under way.
 */
export function quitAfterFileOps(log: FileOpsLog, capMs: number, quit: () => void): void {
  if (log.inFlight().length === 0) return quit();
  quitting = true;
  void log.settled(capMs).then(quit);
}

/** Records `op` while `work` runs, into the log of every trackFileOps running now (none: just runs it). */
export async function recordFileOp<T>(op: FileOp, work: () => Promise<T>): Promise<T> {
  if (quitting) return new Promise<T>(() => {});
  const ends = [...tracking.keys()].map((log) => log.begin(op));
  let completed = false;
  try {
    const value = await work();
    completed = true;
    return value;
  } finally {
    for (const end of ends) end(completed);
  }
}

/** Deletes a file of the tree (gone already is fine), recorded while it runs. */
export function removeFile(absPath: string): Promise<void> {
  return recordFileOp({ op: 'delete', absPath }, () => rm(absPath, { force: true }));
}
