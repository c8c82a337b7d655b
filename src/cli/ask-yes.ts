import { createInterface } from 'node:readline';
import type { CliIo } from './cli-io.js';

/**
 * Asks `question` on the terminal and resolves true only for the answer `yes` (spaces around it allowed). Ctrl-C,
 * end of input (Ctrl-D) and `signal` (SIGTERM) resolve false: whatever ends the question, the answer is no.
 */
export function askYes(terminal: NonNullable<CliIo['terminal']>, question: string, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    // Raw mode: Ctrl-C arrives here as a key (the 'SIGINT' event), not as a signal to the process.
    const reader = createInterface({ input: terminal.input, output: terminal.output, terminal: true });
    let answered = false;
    const answer = (yes: boolean) => {
      if (answered) return;
      answered = true;
      signal?.removeEventListener('abort', refuse);
      reader.close();
      resolve(yes);
    };
    const refuse = () => {
      if (answered) return;
      // The cursor is still on the question's line.
      terminal.output.write('\n');
      answer(false);
    };
    reader.on('SIGINT', refuse);
    reader.on('close', refuse);
    signal?.addEventListener('abort', refuse, { once: true });
    reader.question(question, (text) => answer(text.trim() === 'yes'));
  });
}
