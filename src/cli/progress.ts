import type { ProgressEvent } from '../plan/types.js';
import type { OutputStream } from './cli-io.js';
import { createProgressLines, describeProgressCount, type ProgressTicker } from './progress-lines.js';

export interface ProgressOptions {
  /** Default process.stderr. */
  stream?: OutputStream;
  /** Default Date.now (injectable so a test needs no real waiting). */
  now?: () => number;
  /** Work shorter than this shows no bar; default 1000 ms. */
  minMs?: number;
  /** Not a terminal: when a progress line is due (progress-lines.ts); without one a log gets none. */
  ticker?: ProgressTicker;
  /** What the run's retries so far come to (RetryCount.describe), for the progress lines. */
  retries?: () => string;
}

export interface ProgressReporter {
  onProgress(event: ProgressEvent): void;
  /** Writes whole lines to `stream` with the bar out of their way: erased first, drawn again after. */
  print(stream: OutputStream, text: string): void;
  /** Erases the bar; the next progress draws it again (the next phase). */
  stop(): void;
  /** Erases the bar for good (Ctrl-C, the end of the command): nothing is drawn any more. */
  end(): void;
}

const ERASE_LINE = '\r\x1b[2K';
const WIDTH = 30;
const REDRAW_MS = 100;

/**
 * A one-line progress bar on stderr when stderr is a terminal and the work takes longer than a
 * second; in a log (stderr not a terminal), a progress line now and then instead when `ticker` paces them (progress-lines.ts), else nothing. The bar never moves or hides
 * the cursor: erasing its line is all it takes to leave the terminal clean, so lines printed
 * meanwhile (`print`), an interrupt note or an exit at any moment find it as it was.
 */
export function createProgressReporter(label: string | ((event: ProgressEvent) => string), options: ProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY) {
    if (options.ticker) return createProgressLines(stream, options.ticker, options.retries ?? (() => ''));
    return { onProgress: () => {}, print: (target, text) => void target.write(text), stop: () => {}, end: () => {} };
  }
  const now = options.now ?? Date.now;
  const minMs = options.minMs ?? 1000;
  const startedAt = now();
  let phaseStartedAt = startedAt;
  let phase: ProgressEvent['phase'] | undefined;
  let latest: ProgressEvent | undefined;
  let drawn = false;
  let lastDrawAt = 0;
  let ended = false;

  const draw = () => {
    if (!latest) return;
    stream.write(`${ERASE_LINE}${render(latest)}`);
    drawn = true;
    lastDrawAt = now();
  };
  const erase = () => {
    if (drawn) stream.write(ERASE_LINE);
    drawn = false;
  };
  const render = (event: ProgressEvent) => {
    // Once every dashboard is read, the bar fills with the edit-history lookups the plan still waits for.
    const [done, total] = event.done >= event.total && event.history ? [event.history.done, event.history.total] : [event.done, event.total];
    const filled = total > 0 ? Math.round((done / total) * WIDTH) : 0;
    const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
    const elapsed = now() - phaseStartedAt;
    const left = event.done > 0 && event.done < event.total ? ` · ${formatSeconds(((elapsed / event.done) * (event.total - event.done)) / 1000)} left` : '';
    const text = `${typeof label === 'string' ? label : label(event)} [${bar}] ${describeProgressCount(event)}${left}`;
    return text.slice(0, Math.max(10, (stream.columns || 80) - 1));
  };
  return {
    onProgress(event) {
      if (ended) return;
      if (event.phase !== phase) {
        phase = event.phase;
        phaseStartedAt = now();
      }
      latest = event;
      if (event.done >= event.total && (event.history === undefined || event.history.done >= event.history.total)) {
        erase();
        return;
      }
      if (!drawn && now() - startedAt <= minMs) return;
      if (!drawn || now() - lastDrawAt >= REDRAW_MS) draw();
    },
    print(target, text) {
      const inTheWay = drawn && (target === stream || target.isTTY === true);
      if (inTheWay) erase();
      target.write(text);
      if (inTheWay) draw();
    },
    stop() {
      erase();
      latest = undefined;
    },
    end() {
      erase();
      ended = true;
    },
  };
}

function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}
