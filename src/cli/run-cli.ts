import yargs, { type Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { DASHSYNC_VERSION } from '../version.js';
import { processIo, type CliIo } from './cli-io.js';
import { loadCommands } from './commands/index.js';
import { toYargsCommand } from './define-command.js';
import { GLOBAL_OPTIONS } from './options.js';
import { printError } from './print-error.js';

/**
 * Parses argv, runs one command, and turns every failure into one exit code. Never throws.
 * `io` is the process's by default; tests pass their own to run the CLI in-process.
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const verbose = argv.includes('--verbose');
  let exitCode = 0;
  try {
    const commands = await loadCommands(argv);
    const parser = yargs(argv)
      .scriptName('dashsync')
      .strict()
      .exitProcess(false)
      .demandCommand(1, NO_COMMAND)
      .options(GLOBAL_OPTIONS)
      .recommendCommands()
      .help()
      .alias('h', 'help')
      .version(DASHSYNC_VERSION)
      .wrap(Math.min(110, io.stdout.columns ?? 110))
      .fail((message, error, parser) => {
        // A bare `dashsync`: the usage, then what is missing (stderr; exit 1).
        if (message === NO_COMMAND) parser.showHelp((usage: string) => io.stderr.write(`${usage}\n\n`));
        // yargs' own complaints (YError: a missing value, an invalid choice) are usage errors, on one line.
        if (error && error.name !== 'YError') throw error;
        throw new UsageError(oneLine(message ?? error?.message ?? ''));
      });
    for (const command of commands) parser.command(toYargsCommand(command, io, (code) => (exitCode = code)));
    skipHelpCache(parser);
    await parser.parseAsync();
  } catch (error) {
    exitCode = printError(error, io.stderr, { verbose });
  }
  return exitCode;
}

/**
 * yargs renders the command's whole help text before it starts the handler, in case a failure
 * later wants to print it: ~30 ms of every run's start-up (cliui wrapping every option). dashsync
 * never prints help after a command started (a failure is one line), so it is not rendered then.
 * `--help` renders its text as before. yargs' internal API, pinned with yargs: a release
 * without it just renders the text again.
 */
function skipHelpCache(parser: Argv): void {
  const internal = parser as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = internal.getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

const NO_COMMAND = 'Name a command: plan, apply, check, pull, restore or sandbox.';

/** `Invalid values:\n  Argument: api, Given: "foo", …` → `Invalid values: Argument: api, Given: "foo", …`. */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
