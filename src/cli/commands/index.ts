import type { CommandModule } from 'yargs';
import { toYargsCommand, type DashsyncCommand } from '../define-command.js';

/** Every dashsync command; each lives in its own module (src/cli/commands/<name>.ts) and is listed here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const all: DashsyncCommand<any>[] = [];

export const commands: CommandModule<object, unknown>[] = all.map((command) => toYargsCommand(command));
