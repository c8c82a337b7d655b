import { createInterface } from 'node:readline';
import type { ReadStream } from 'node:tty';
import type { CliIo } from './cli-io.js';

/**
 * Asks `question` on the terminal and resolves with the line typed (trimmed); only `yes` is a yes. Ctrl-C, end of
 * input (Ctrl-D) and `signal` (SIGTERM) resolve null: whatever ends the question, the answer is no.
 */
export async function askAtTerminal(terminal: NonNullable<CliIo['terminal']>, question: string, signal?: AbortSignal): Promise<string | null> {
  await dropTypeAhead(terminal.input);
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(null);
    // Raw mode: Ctrl-C arrives here as a key (the 'SIGINT' event), not as a signal to the process.
    const reader = createInterface({ input: terminal.input, output: terminal.output, terminal: true });
    let answered = false;
    const answer = (typed: string | null) => {
      if (answered) return;
      answered = true;
      signal?.removeEventListener('abort', refuse);
      reader.close();
      resolve(typed);
    };
    const refuse = () => {
      if (answered) return;
      // The cursor is still on the question's line.
      terminal.output.write('\n');
      answer(null);
    };
    reader.on('SIGINT', refuse);
    reader.on('close', refuse);
    signal?.addEventListener('abort', refuse, { once: true });
    reader.question(question, (text) => answer(text.trim()));
  });
}

/** How long keys typed before the question are read and dropped: what the terminal already holds arrives at once. */
const TYPE_AHEAD_WINDOW_MS = 30;

/**
 * Reads and drops what was typed before the question was shown (the terminal keeps keys typed while planning until
 * someone reads them): `yes⏎` typed then must not answer a question the user has not seen. Raw mode, so that a line
 * typed without its Enter is dropped too.
 */
async function dropTypeAhead(input: NodeJS.ReadableStream): Promise<void> {
  const tty = input as Partial<ReadStream>;
  if (typeof tty.setRawMode !== 'function') return;
  const wasRaw = tty.isRaw === true;
  tty.setRawMode(true);
  const drop = () => {};
  input.on('data', drop);
  input.resume();
  await new Promise((resolve) => setTimeout(resolve, TYPE_AHEAD_WINDOW_MS));
  input.off('data', drop);
  input.pause();
  tty.setRawMode(wasRaw);
}
