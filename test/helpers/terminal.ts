import { spawn, spawnSync } from 'node:child_process';
import { onTestFinished } from 'vitest';

export interface TerminalRun {
  /** Everything the terminal has shown so far, as the bytes arrived (the pty turns `\n` into `\r\n`). */
  output(): string;
  /** Types at the keyboard: `\x03` is Ctrl-C, which the terminal turns into SIGINT for the command. */
  type(keys: string): void;
  /**
   * Resolves as soon as the terminal has shown `text` (checked as each chunk arrives, not polled): a test that must
   * answer a prompt before a deadline it does not control (the CLI's 1 s grace after Ctrl-C) reacts at once.
   */
  shows(text: string): Promise<void>;
  closed: Promise<{ code: number | null }>;
}

/**
 * Runs `shellCommand` (sh syntax, so it may redirect: `exec node cli.js apply > out.txt`) on a
 * pseudo-terminal, as a user at a terminal runs it: util-linux `script` gives the command a pty
 * for stdin, stdout and stderr and passes its exit code on.
 */
export function runInTerminal(shellCommand: string, options: { cwd: string; env: Record<string, string> }): TerminalRun {
  if (spawnSync('script', ['--version']).status !== 0) throw new Error('these tests need `script` from util-linux (Debian: bsdutils) to give the CLI a terminal');
  const child = spawn('script', ['-q', '-e', '-c', shellCommand, '/dev/null'], { cwd: options.cwd, env: options.env, stdio: 'pipe' });
  onTestFinished(() => void child.kill('SIGKILL'));
  let output = '';
  const waiting: { text: string; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    for (const waiter of waiting.filter(({ text }) => output.includes(text))) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  child.stderr.resume();
  const closed = new Promise<{ code: number | null }>((resolve) => child.on('close', (code) => resolve({ code })));
  const shows = (text: string) =>
    output.includes(text)
      ? Promise.resolve()
      : Promise.race([
          new Promise<void>((resolve) => waiting.push({ text, resolve })),
          closed.then(() => {
            if (!output.includes(text)) throw new Error(`the command ended without showing ${JSON.stringify(text)}; the terminal shows:\n${output}`);
          }),
        ]);
  return { output: () => output, type: (keys) => void child.stdin.write(keys), shows, closed };
}

export interface Screen {
  /** The lines as the terminal shows them in the end (colour codes dropped, erased text gone). */
  lines: string[];
  /** Whether the last cursor-visibility code left the cursor hidden. */
  cursorHidden: boolean;
}

/**
 * What a terminal shows after `output`: enough of a VT100 for what a CLI writes — `\r`, `\n`,
 * erase line (`ESC[2K`, `ESC[K`), cursor to column (`ESC[nG`), cursor up (`ESC[nA`), colours
 * (ignored) and cursor show/hide.
 */
export function renderScreen(output: string): Screen {
  const lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  let cursorHidden = false;
  const csi = /^\x1b\[(\??)([\d;]*)([A-Za-z])/;
  for (let i = 0; i < output.length; i++) {
    const ch = output[i]!;
    if (ch === '\x1b') {
      const match = csi.exec(output.slice(i));
      if (!match) continue;
      i += match[0].length - 1;
      const [, privateMode, params, final] = match;
      const n = Number(params || '0');
      if (privateMode && params === '25') cursorHidden = final === 'l';
      else if (final === 'K') lines[row] = n === 2 || n === 1 ? lines[row]!.map(() => ' ') : lines[row]!.slice(0, col);
      else if (final === 'G') col = Math.max(0, n - 1);
      else if (final === 'A') row = Math.max(0, row - Math.max(1, n));
      continue;
    }
    if (ch === '\r') col = 0;
    else if (ch === '\n') {
      row += 1;
      lines[row] ??= [];
    } else {
      lines[row]![col] = ch;
      col += 1;
    }
  }
  return { lines: lines.map((line) => Array.from(line, (ch) => ch ?? ' ').join('').trimEnd()), cursorHidden };
}
