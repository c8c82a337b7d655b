import type { Argv, CommandModule } from 'yargs';
import type { CliIo } from './cli-io.js';

/** A dashsync command: yargs options plus a `run` that returns the exit code. */
export interface DashsyncCommand<Args> {
  command: string | string[];
  /** How the top-level command list shows it, where yargs must parse it another way (`command`). */
  listedAs?: string;
  describe: string;
  builder: (yargs: Argv) => Argv<Args>;
  run: (args: Args, io: CliIo) => Promise<number>;
}

/**
 * The yargs command for one run; `done` receives the exit code (yargs has no return channel for handlers).
 * `listOnly`: no command runs (top-level help), so each may be shown as it is listed.
 */
export function toYargsCommand<Args>(command: DashsyncCommand<Args>, io: CliIo, done: (exitCode: number) => void, { listOnly }: { listOnly: boolean }): CommandModule<object, Args> {
  return {
    command: listOnly ? (command.listedAs ?? command.command) : command.command,
    describe: command.describe,
    builder: command.builder as CommandModule<object, Args>['builder'],
    handler: async (args) => done(await command.run(args as Args, io)),
  };
}
