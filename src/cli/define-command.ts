import type { Argv, CommandModule } from 'yargs';

/** A dashsync command: yargs options plus a `run` that returns the exit code. */
export interface DashsyncCommand<Args> {
  command: string | string[];
  describe: string;
  builder: (yargs: Argv) => Argv<Args>;
  run: (args: Args) => Promise<number>;
}

/** The exit code of the command that ran last (yargs has no return channel for handlers). */
export const lastExit = { code: 0 };

export function toYargsCommand<Args>(command: DashsyncCommand<Args>): CommandModule<object, Args> {
  return {
    command: command.command,
    describe: command.describe,
    builder: command.builder as CommandModule<object, Args>['builder'],
    handler: async (args) => {
      lastExit.code = await command.run(args as Args);
    },
  };
}
