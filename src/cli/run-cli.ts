import yargs from 'yargs';
import { loadCommands } from './commands/index.js';
import { lastExit } from './define-command.js';
import { exitCodeFor, printError } from './print-error.js';
import { DASHSYNC_VERSION } from '../version.js';

/** Parses argv, runs one command, and turns every failure into one exit code. Never throws. */
export async function runCli(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  let exitCode = 0;
  try {
    const commands = await loadCommands(argv);
    const parser = yargs(argv)
      .scriptName('dashsync')
      .strict()
      .demandCommand(1, NO_COMMAND)
      .option('verbose', { type: 'boolean', describe: 'Print stack traces and request details', global: true })
      .option('color', { type: 'boolean', describe: 'Colour output (--no-color or NO_COLOR=1 to disable)', global: true })
      .recommendCommands()
      .help()
      .alias('h', 'help')
      .version(DASHSYNC_VERSION)
      .wrap(Math.min(110, process.stdout.columns ?? 110))
      .fail((message, error, parser) => {
        // A bare `dashsync`: the usage, then what is missing (stderr; exit 1).
        if (message === NO_COMMAND) parser.showHelp((usage: string) => process.stderr.write(`${usage}\n\n`));
        throw error ?? new UsageError(message);
      });
    for (const command of commands) parser.command(command);
    await parser.parseAsync();
    exitCode = lastExit.code;
  } catch (error) {
    printError(error, { verbose });
    exitCode = exitCodeFor(error);
  }
  return exitCode;
}

const NO_COMMAND = 'Name a command: plan, apply, check, pull, restore or sandbox.';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
