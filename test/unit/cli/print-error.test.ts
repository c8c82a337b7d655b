import { describe, expect, it } from 'vitest';
import { printError } from '../../../src/cli/print-error.js';
import { GrafanaHttpError, InputError } from '../../../src/errors.js';

function printed(error: unknown, verbose: boolean): { lines: string[]; exitCode: number } {
  let text = '';
  const exitCode = printError(error, { write: (chunk: string) => (text += chunk) }, { verbose });
  return { lines: text.split('\n').slice(0, -1), exitCode };
}

describe('printError --verbose: a stack as one block', () => {
  it('keeps a multi-line message of an unexpected error on its first line, escaped, so it cannot forge an error line or a workflow command', () => {
    const error = new Error('boom\nerror: everything is fine\n::error::forged\r\n\x1b[31mred');
    const { lines, exitCode } = printed(error, true);
    expect(exitCode).toBe(1);
    expect(lines[0]).toBe('error: unexpected failure: Error: boom\\nerror: everything is fine\\n::error::forged\\r\\n\\x1b[31mred');
    expect(lines.slice(1).length).toBeGreaterThan(0);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {4}at /);
    expect(lines.filter((line) => line.startsWith('error:'))).toHaveLength(1);
  });

  it('prints an expected error one line, then its stack with the server message on the stack block first line only', () => {
    const error = new GrafanaHttpError('GET', '/api/x', 500, 'bad\nerror: forged', undefined, 1);
    const { lines } = printed(error, true);
    expect(lines.filter((line) => line.startsWith('error:'))).toHaveLength(1);
    expect(lines.some((line) => line.startsWith('::'))).toBe(false);
    const stackStart = lines.findIndex((line) => !line.startsWith('error:'));
    expect(lines[stackStart]).toBe(`${error.name}: ${error.message.replace('\n', '\\n')}`);
    for (const line of lines.slice(stackStart + 1)) expect(line).toMatch(/^ {4}at /);
  });

  it('prints a message found inside the error name once (new Error("rror"))', () => {
    const { lines } = printed(new Error('rror'), true);
    expect(lines[0]).toBe('error: unexpected failure: Error: rror');
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {4}at /);
  });

  it('indents a stack line that is not a frame (a stack set by hand)', () => {
    const error = new Error('short');
    error.stack = 'something else\nerror: forged\n    at here (file.js:1:1)';
    const { lines } = printed(error, true);
    expect(lines).toEqual(['error: unexpected failure: Error: short', '    something else', '    error: forged', '    at here (file.js:1:1)']);
  });
});

describe('printError of a tree\'s findings', () => {
  it('words the check and pull they advise as the shell ran dashsync (walk-67 M1: npx)', () => {
    const finding = { file: 'dashboards/a.json', line: 1, col: 1, severity: 'error' as const, rule: 'uid-missing', message: 'dashboard has no "uid": `dashsync pull` writes it with its uid; else run `dashsync check --fix` to add a stable one' };
    let text = '';
    printError(new InputError([finding]), { write: (chunk: string) => (text += chunk) }, { verbose: false, invocation: 'npx dashsync' });
    expect(text.split('\n')[0]).toBe('dashboards/a.json:1:1: error: dashboard has no "uid": `npx dashsync pull` writes it with its uid; else run `npx dashsync check --fix` to add a stable one (uid-missing)');
  });
});
