import type { OutputStream } from './cli-io.js';

/**
 * The process's stdout or stderr, written until it fails, then quietly not written any more.
 *
 * A reader that stops early (`| head -1`, `| grep -q`, `| grep -m1`) closes the pipe; Node then reports
 * EPIPE as an 'error' event, which, unhandled, ends the process with a stack trace wherever the run is:
 * an apply or restore half done, its writes in flight abandoned. Here that error only marks the stream as
 * gone, so the run goes on to its own end and exit code; what it would still have printed there is dropped
 * (no reader is left to see it). Listening on the stream itself also covers writers that never pass
 * through this wrapper (yargs' --help).
 */
export function writeUntilClosed(stream: NodeJS.WriteStream): OutputStream {
  let lostBy: string | null = null;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    lostBy ??= error.code ?? error.name;
  });
  return {
    write(text: string): boolean {
      if (lostBy !== null || stream.destroyed) return false;
      return stream.write(text);
    },
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
    lost: () => lostBy,
  };
}
