import { ConfigError, EXIT_ERROR, GrafanaHttpError, InputError, InterruptedError, PlanFileError } from '../errors.js';
import { renderDiagnostic } from '../report/render-diagnostics.js';
import { escapeText } from '../report/escape-untrusted.js';

/**
 * The one place that turns an error into what the user reads on stderr. `context` names what
 * failed when a run does several things (`error: environment production: …`).
 */
export function printError(error: unknown, options: { verbose: boolean; context?: string }): void {
  // Messages carry Grafana's words, file names and values from outside: escaped, one line each.
  const write = (raw: string) => {
    const line = options.context && raw.startsWith('error: ') ? `error: ${options.context}: ${raw.slice(7)}` : raw;
    process.stderr.write(`${line.split('\n').map(escapeText).join('\n')}\n`);
  };
  if (error instanceof InputError) {
    for (const diagnostic of error.diagnostics) process.stderr.write(`${renderDiagnostic(diagnostic)}\n`);
    write(`error: ${error.message}; nothing was sent to Grafana. Fix the files above and run again.`);
  } else if (error instanceof ConfigError) {
    for (const problem of error.problems) write(`error: ${problem}`);
  } else if (
    error instanceof PlanFileError ||
    error instanceof GrafanaHttpError ||
    error instanceof InterruptedError ||
    (error instanceof Error && error.name === 'UsageError')
  ) {
    write(`error: ${error.message}`);
  } else {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    write(`error: unexpected failure: ${options.verbose ? detail : firstLine(detail)}`);
    if (!options.verbose) write('Run again with --verbose for details, and please report it.');
    return;
  }
  if (options.verbose && error instanceof Error && error.stack) write(error.stack);
}

export function exitCodeFor(_error: unknown): number {
  return EXIT_ERROR;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}
