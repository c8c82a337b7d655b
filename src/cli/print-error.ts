import { describeError } from '../describe-error.js';
import { InputError } from '../errors.js';
import { renderDiagnostic } from '../report/render-diagnostics.js';
import type { OutputStream } from './cli-io.js';

/** Writes an error as the user reads it on stderr, and returns the exit code it means. */
export function printError(error: unknown, stderr: OutputStream, options: { verbose: boolean }): number {
  const write = (line: string) => stderr.write(`${line}\n`);
  if (error instanceof InputError) for (const diagnostic of error.diagnostics) write(renderDiagnostic(diagnostic));
  const described = describeError(error, 'cli');
  const stack = error instanceof Error ? error.stack : undefined;
  if (described.unexpected) {
    write(`error: ${options.verbose && stack ? `unexpected failure: ${stack}` : described.line}`);
    if (!options.verbose) write('Run again with --verbose for details, and please report it.');
    return described.exitCode;
  }
  const lines = described.line.split('\n');
  lines[lines.length - 1] += described.hint ?? '';
  for (const line of lines) write(`error: ${line}`);
  if (options.verbose && stack) write(stack);
  return described.exitCode;
}
