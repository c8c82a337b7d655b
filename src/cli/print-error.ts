import { describeError } from '../describe-error.js';
import { InputError } from '../errors.js';
import { renderDiagnostic } from '../report/render-diagnostics.js';
import { diagnosticsInInvocation } from '../report/diagnostics-in-invocation.js';
import type { OutputStream } from './cli-io.js';
import { renderStack } from '../report/render-stack.js';

/**
 * Writes an error as the user reads it on stderr, and returns the exit code it means.
 * `context` names what failed when a run does several things (`error: environment production: …`); `invocation`: how the
 * shell ran dashsync, as the files' diagnostics then name the commands they advise.
 */
export function printError(error: unknown, stderr: OutputStream, options: { verbose: boolean; context?: string; invocation?: string }): number {
  const write = (line: string) => stderr.write(`${line}\n`);
  const prefix = options.context ? `error: ${options.context}: ` : 'error: ';
  if (error instanceof InputError) for (const diagnostic of diagnosticsInInvocation(error.diagnostics, options.invocation)) write(renderDiagnostic(diagnostic));
  // describeError escapes what came from outside (Grafana's words, file names, values).
  const described = describeError(error, 'cli');
  // A stack holds messages from outside too: one escaped block whose message cannot start a line.
  const stack = error instanceof Error ? renderStack(error) : undefined;
  if (described.unexpected) {
    write(`${prefix}${options.verbose && stack ? `unexpected failure: ${stack}` : described.line}`);
    if (!options.verbose) write('Run again with --verbose for details, and please report it.');
    return described.exitCode;
  }
  const lines = described.line.split('\n');
  lines[lines.length - 1] += described.hint ?? '';
  for (const line of lines) write(`${prefix}${line}`);
  if (options.verbose && stack) write(stack);
  return described.exitCode;
}
