import type { Argv, CommandModule } from 'yargs';
import type { CliIo } from './cli-io.js';

/** A dashsync command: yargs options plus a `run` that returns the exit code. */
export interface DashsyncCommand<Args> {
  command: string | string[];
  describe: string;
  builder: (yargs: Argv) => Argv<Args>;
  run: (args: Args, io: CliIo) => Promise<number>;
}

/** The yargs command for one run; `done` receives the exit code (yargs has no return channel for handlers). */
export function toYargsCommand<Args>(command: DashsyncCommand<Args>, io: CliIo, done: (exitCode: number) => void): CommandModule<object, Args> {
  return {
    command: command.command,
    describe: command.describe,
    builder: command.builder as CommandModule<object, Args>['builder'],
    handler: async (args) => done(await command.run(args as Args, io)),
  };
}
