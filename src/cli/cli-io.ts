import type { ProgressTicker } from './progress-lines.js';
import { writeUntilClosed } from './write-until-closed.js';

/** Where a CLI run reads its surroundings and writes its output: the process, or a test running the CLI in-process. */
export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: OutputStream;
  stderr: OutputStream;
  /**
   * Where a question can be asked and answered: stdin and stderr, present only when both are terminals
   * (CI, pipes and redirects have none, and are never asked).
   */
  terminal?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
  /** When a progress line is due in a log (stderr not a terminal); default every PROGRESS_LINE_INTERVAL_MS. A test ticks it itself. */
  progressTicker?: ProgressTicker;
}

export interface OutputStream {
  write(text: string): unknown;
  /** True for a terminal (colours, progress bars). */
  isTTY?: boolean;
  columns?: number;
  /** Why writes are being dropped (`EPIPE`: the reader closed the pipe), null while they are not; absent when it cannot tell. */
  lost?(): string | null;
}

export function processIo(): CliIo {
  const terminal = process.stdin.isTTY && process.stderr.isTTY ? { input: process.stdin, output: process.stderr } : undefined;
  const stdout = writeUntilClosed(process.stdout);
  const stderr = writeUntilClosed(process.stderr);
  return { cwd: process.cwd(), env: process.env, stdout, stderr, ...(terminal ? { terminal } : {}) };
}
