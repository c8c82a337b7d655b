import { describe, expect, it } from 'vitest';
import { printError } from '../../../src/cli/print-error.js';
import { GrafanaHttpError } from '../../../src/errors.js';

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
