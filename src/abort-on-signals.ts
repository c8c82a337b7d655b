import { EXIT_INTERRUPTED } from './errors.js';
import { quitAfterFileOps, type FileOpsLog } from './files/file-ops-in-flight.js';

/**
 * After Ctrl-C, how long a write in flight may still be answered before it is abandoned (its
 * outcome then unknown); reads in flight are abandoned at once. Long enough for a Grafana that
 * answers, short enough that a hung one does not hold the run. The default of the setting
 * `interruptGrace` (Settings.interruptGraceMs).
 */
export const IN_FLIGHT_GRACE_MS = 1000;

/** A run's signal handlers: its abort signal; `settle` once its outcome is printed; `dispose` at its very end. */
export interface InterruptHandlers {
  signal: AbortSignal;
  /**
   * The run is over (its summary printed), only its teardown is left (connections closing): the next signal is ignored, so
   * the exit code stays the run's (walk-73 L4), and `onSettled` says so; one after it quits at once (exit 130), should the
   * teardown hang.
   */
  settle: () => void;
  dispose: () => void;
}

/**
 * SIGINT (Ctrl-C, or a cancelled CI run) and SIGTERM: the first one aborts the returned signal,
 * so no new work starts and the requests in flight end (see HttpClientOptions.signal); `onRepeat`
 * handles any later one.
 */
export function abortOnSignals(handlers: {
  onFirst: (name: NodeJS.Signals) => void;
  onRepeat?: (name: NodeJS.Signals) => void;
  /** The first signal after `settle`: ignored, so that the run's exit code stays; this says why nothing happens. */
  onSettled?: (name: NodeJS.Signals) => void;
}): InterruptHandlers {
  const controller = new AbortController();
  let settledSignals: number | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    if (settledSignals !== undefined) {
      // The run has ended (its summary printed): the exit code is the run's; only a signal sent again quits (a hung teardown).
      settledSignals += 1;
      if (settledSignals > 1) process.exit(EXIT_INTERRUPTED);
      handlers.onSettled?.(name);
      return;
    }
    if (controller.signal.aborted) {
      handlers.onRepeat?.(name);
      return;
    }
    handlers.onFirst(name);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    settle: () => {
      settledSignals ??= 0;
    },
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * The CLI's Ctrl-C (and SIGTERM: no terminal, so its note asks for the signal again, not a Ctrl-C): a note on stderr naming the run's grace (read when the signal comes: installed before the settings
 * name it, a command gives a function), and a second Ctrl-C quits at once
 * (exit 130). `before` runs first, every time: it clears what is drawn on the terminal (a progress
 * bar) so the note, or the shell prompt after the exit, starts on a clean line. `lastWords`, read
 * in the handler itself (stderr is written synchronously on a terminal, pipe or file), is what the
 * quit leaves untold, such as the writes Grafana has not answered: printed before the exit.
 */
export function abortOnInterrupt(
  stderr: { write(text: string): unknown },
  graceMs: number | (() => number),
  before: () => void = () => {},
  lastWords: () => string | null = () => null,
  fileOps?: FileOpsLog,
): InterruptHandlers {
  let quitting = false;
  const quit = () => {
    before();
    const words = lastWords();
    if (words !== null) stderr.write(`${words}\n`);
    process.exit(EXIT_INTERRUPTED);
  };
  return abortOnSignals({
    onFirst: (name) => {
      before();
      stderr.write(`\n${name}: stopping — no new work starts; requests in flight get up to ${describeGrace(typeof graceMs === 'number' ? graceMs : graceMs())} to finish (${quitAgain(name)} to quit now)\n`);
    },
    onSettled: (name) => {
      before();
      stderr.write(`\n${name}: the run has ended (its summary above); closing its connections — ${quitAgain(name)} to quit now\n`);
    },
    onRepeat: () => {
      // The file writes under way (`fileOps`) end first, briefly: a temp file an open still under way would create after
      // lastWords removed the temps would stay. A signal meanwhile quits without waiting.
      if (fileOps === undefined || quitting) return quit();
      quitting = true;
      quitAfterFileOps(fileOps, QUIT_NOW_SETTLE_MS, quit);
    },
  });
}

/** How long a quit-now signal waits for the file writes under way to end (local writes take milliseconds). */
const QUIT_NOW_SETTLE_MS = 500;

/** How a note after a signal asks for it again: a Ctrl-C at a terminal, else the signal itself (no terminal to press keys in). */
function quitAgain(name: NodeJS.Signals): string {
  return name === 'SIGINT' ? 'press Ctrl-C again' : `send ${name} again`;
}

/** `1 s`, `2.5 s`: the grace as the notes after a signal name it. */
export function describeGrace(graceMs: number): string {
  return `${graceMs / 1000} s`;
}

/** How long a quit waits for the file writes under way to end before it removes their temp files. */
const FILE_OPS_SETTLE_MS = 2000;

/**
 * For a run that only writes files (check --fix, plan --out): the first SIGINT or SIGTERM quits (exit 130) once the writes
 * under way have ended (none starts after the signal; up to FILE_OPS_SETTLE_MS), after `lastWords` (read then: it removes
 * the temp files of any write still under way and says what was written) on stderr. A second signal quits at once.
 */
export function quitOnInterrupt(stderr: { write(text: string): unknown }, fileOps: FileOpsLog, lastWords: () => string): { dispose: () => void } {
  let quitting = false;
  const quit = (name: NodeJS.Signals) => {
    stderr.write(`\n${name}: ${lastWords()}\n`);
    process.exit(EXIT_INTERRUPTED);
  };
  const onSignal = (name: NodeJS.Signals) => {
    if (quitting) return quit(name);
    quitting = true;
    quitAfterFileOps(fileOps, FILE_OPS_SETTLE_MS, () => quit(name));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
