import { didYouMean } from '../../config/closest-name.js';
import type { DashsyncCommand } from '../define-command.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type CommandLoader = () => Promise<DashsyncCommand<any>>;

/**
 * Every dashsync command by name; each lives in its own module (src/cli/commands/<name>.ts)
 * and is listed here. Modules are imported on demand: a plan run does not pay for loading
 * the sandbox server, pull or check (start-up is part of every measured run).
 */
const loaders: Record<string, CommandLoader> = {
  plan: async () => (await import('./plan.js')).planCommand,
  apply: async () => (await import('./apply.js')).applyCommand,
  check: async () => (await import('./check.js')).checkCommand,
  pull: async () => (await import('./pull.js')).pullCommand,
  restore: async () => (await import('./restore.js')).restoreCommand,
  show: async () => (await import('./show.js')).showCommand,
  sandbox: async () => (await import('./sandbox.js')).sandboxCommand,
};

const commandNames = Object.keys(loaders);

/**
 * The commands yargs needs for `argv`: the one its first word names (options aside: the global ones take no value), and
 * only that one, so a later word that is another command's name (`pull plan`: the uid "plan") loads nothing more; none for a
 * bare `--version`; all of them otherwise (top-level help, a missing command, which yargs answers with the list).
 * `listOnly`: argv names no command, so none of them runs.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function loadCommands(argv: readonly string[]): Promise<{ commands: DashsyncCommand<any>[]; listOnly: boolean }> {
  const named = firstWord(argv);
  if (named !== undefined && commandNames.includes(named)) return { commands: [await loaders[named]!()], listOnly: false };
  return { commands: await Promise.all((isBareVersion(argv) ? [] : commandNames).map((name) => loaders[name]!())), listOnly: true };
}

/** The first word of argv that is no option. */
function firstWord(argv: readonly string[]): string | undefined {
  return argv.find((word) => !word.startsWith('-'));
}

function isBareVersion(argv: readonly string[]): boolean {
  return argv.includes('--version') && !argv.some((arg) => arg === '--help' || arg === '-h');
}

/**
 * `unknown command bogus (did you mean …): plan, apply, …` when the first word that is no option names no command
 * (yargs' strict mode would call it an unknown argument); undefined otherwise. The global options take no value.
 */
export function findUnknownCommand(argv: readonly string[]): string | undefined {
  const first = firstWord(argv);
  if (first === undefined || commandNames.includes(first)) return undefined;
  return `unknown command ${first}${didYouMean(first, commandNames)}: plan, apply, check, pull, restore, show or sandbox`;
}
