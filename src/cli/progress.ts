import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../plan/create-plan.js';

/**
 * A progress bar on stderr, only when stderr is a terminal and the work takes longer than
 * a second; CI logs stay quiet.
 */
export function createProgressReporter(label: string): { onProgress: (event: ProgressEvent) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { onProgress: () => {}, stop: () => {} };
  const startedAt = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  return {
    onProgress(event) {
      if (!bar && Date.now() - startedAt > 1000 && event.done < event.total) {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: `${label} [{bar}] {value}/{total} dashboards · {eta_formatted} left`, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(event.total, event.done);
      }
      bar?.update(event.done);
    },
    stop() {
      bar?.stop();
    },
  };
}
