import type { CommandModule } from 'yargs';
import { toYargsCommand, type DashsyncCommand } from '../define-command.js';
import { applyCommand } from './apply.js';
import { checkCommand } from './check.js';
import { planCommand } from './plan.js';
import { pullCommand } from './pull.js';
import { restoreCommand } from './restore.js';
import { sandboxCommand } from './sandbox.js';

/** Every dashsync command; each lives in its own module (src/cli/commands/<name>.ts) and is listed here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const all: DashsyncCommand<any>[] = [planCommand, applyCommand, checkCommand, pullCommand, restoreCommand, sandboxCommand];

export const commands: CommandModule<object, unknown>[] = all.map((command) => toYargsCommand(command));
