import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../plan/types.js';
import type { OutputStream } from './cli-io.js';

export interface ProgressOptions {
  /** Default process.stderr. */
  stream?: OutputStream;
  /** Default Date.now (injectable so a test needs no real waiting). */
  now?: () => number;
  /** Work shorter than this shows no bar; default 1000 ms. */
  minMs?: number;
}

/**
 * A progress bar on stderr, only when stderr is a terminal and the work takes longer than
 * a second; CI logs (stderr not a terminal) stay quiet.
 */
export function createProgressReporter(
  label: string,
  options: ProgressOptions = {},
): { onProgress: (event: ProgressEvent) => void; stop: () => void } {
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY) return { onProgress: () => {}, stop: () => {} };
  const now = options.now ?? Date.now;
  const minMs = options.minMs ?? 1000;
  const startedAt = now();
  let bar: cliProgress.SingleBar | undefined;
  return {
    onProgress(event) {
      if (!bar && now() - startedAt > minMs && event.done < event.total) {
        bar = new cliProgress.SingleBar(
          { stream: stream as NodeJS.WriteStream, format: `${label} [{bar}] {value}/{total} dashboards · {eta_formatted} left`, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(event.total, event.done);
      }
      bar?.update(event.done);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
