import { openSync } from 'node:fs';
import { WriteStream } from 'node:tty';
import type { ProgressTicker } from './progress-lines.js';
import { writeUntilClosed } from './write-until-closed.js';

/** Where a CLI run reads its surroundings and writes its output: the process, or a test running the CLI in-process. */
export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: OutputStream;
  stderr: OutputStream;
  /**
   * Where a question can be asked and answered: present only when stdin is a terminal (CI, pipes and a redirected
   * stdin have none, and are never asked). The question is written to stderr, or to the terminal itself (/dev/tty)
   * when stderr is not one (`apply 2>&1 | tee apply.log`): `besideStderr` is then true, and stderr (the log) gets a
   * record of what was asked and answered.
   */
  terminal?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; besideStderr?: boolean };
  /**
   * Why no question can be shown although stdin is a terminal (`terminal` absent): stderr is not one, and /dev/tty cannot be
   * opened (a process without a controlling terminal, started with setsid). A run that would ask refuses then: stdin a
   * terminal says someone is there, who would otherwise never see what the run loses.
   */
  terminalUnreachable?: string;
  /** When a progress line is due in a log (stderr not a terminal); default every PROGRESS_LINE_INTERVAL_MS. A test ticks it itself. */
  progressTicker?: ProgressTicker;
  /** How the shell ran dashsync where not as `dashsync` (`npx dashsync`): runCli decides it from `env` (invocationOf), once. */
  invocation?: string;
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
  const terminal = openTerminal();
  const stdout = writeUntilClosed(process.stdout);
  const stderr = writeUntilClosed(process.stderr);
  return { cwd: process.cwd(), env: process.env, stdout, stderr, ...terminal };
}

/** The terminal a question goes to: stderr when it is one, else the terminal stdin reads from (/dev/tty); or why there is none. */
function openTerminal(): Pick<CliIo, 'terminal' | 'terminalUnreachable'> {
  if (!process.stdin.isTTY) return {};
  if (process.stderr.isTTY) return { terminal: { input: process.stdin, output: process.stderr } };
  try {
    return { terminal: { input: process.stdin, output: new WriteStream(openSync('/dev/tty', 'w')), besideStderr: true } };
  } catch (error) {
    // No controlling terminal (a process started with setsid): nowhere to show a question.
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { terminalUnreachable: `stdin is a terminal, but stderr is not and /dev/tty cannot be opened (${code}: no controlling terminal, as under setsid)` };
  }
}
