import yargs, { type Arguments, type Argv, type MiddlewareFunction } from 'yargs';
import { ConfigError, PlanFileError, UsageError } from '../errors.js';
import { credentialVariables, secretsInEnvironment } from '../config/credential-secrets.js';
import { redactUrl } from '../config/redact-url.js';
import { describeUnexpectedWords, findArgvProblem, findChoiceProblem, findRepeatedOption, type OptionTable } from './argv-problems.js';
import { DASHSYNC_VERSION } from '../version.js';
import { processIo, type CliIo, type OutputStream } from './cli-io.js';
import { findUnknownCommand, loadCommands } from './commands/index.js';
import { toYargsCommand } from './define-command.js';
import { CHECK_OPTIONS, GLOBAL_OPTIONS } from './options.js';
import { splitHookWords } from './split-hook-words.js';
import { printError } from './print-error.js';
import { findCredentialWord } from './find-credential-word.js';
import { invocationOf } from './invocation-of.js';

/**
 * Parses argv, runs one command, and turns every failure into one exit code. Never throws.
 * `givenIo` is the process's by default; tests pass their own to run the CLI in-process. How the shell ran dashsync (npx or
 * not) is read from its environment here, once: every command printed as advice begins so (RunSelection.invocation).
 */
export async function runCli(givenArgv: string[], givenIo: CliIo = processIo()): Promise<number> {
  const invocation = invocationOf(givenIo.env);
  const io: CliIo = { ...givenIo, ...(invocation !== undefined && { invocation }) };
  const argv = splitHookWords(givenArgv, HOOK_OPTIONS);
  const verbose = argv.includes('--verbose');
  let exitCode = 0;
  try {
    const unknownCommand = findUnknownCommand(argv);
    if (unknownCommand !== undefined) throw new UsageError(unknownCommand);
    const { commands, listOnly } = await loadCommands(argv);
    const parser = yargs(argv)
      .scriptName('dashsync')
      .strict()
      // A word is an option only as defined: no `--fix.json` read as `--fix` (dot notation: fix = {json: true}),
      // no `-v.json` read as the flags v, ., j, s, o, n (pre-commit passes file names, whatever they are called).
      .parserConfiguration({ 'dot-notation': false, 'short-option-groups': false })
      .middleware(((args: Arguments, command: Argv) => refuseBadArguments(argv, args, command, io)) as unknown as MiddlewareFunction, true)
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
    for (const command of commands) parser.command(toYargsCommand(command, io, (code) => (exitCode = code), { listOnly }));
    skipHelpCache(parser);
    await parser.parseAsync();
  } catch (error) {
    exitCode = printError(error, echoesCommandLine(error) ? withoutCredentials(io.stderr, io.env) : io.stderr, { verbose, invocation: io.invocation });
  }
  const lostBy = io.stdout.lost?.() ?? null;
  if (lostBy !== null) io.stderr.write(`${renderStdoutLost(lostBy, exitCode)}\n`);
  return exitCode;
}

/**
 * An error that may repeat the command line's words or a variable's value (`unexpected argument "https://gw/<token>"`,
 * where `--url` was left out; restore's and pull's `"…" is not a Grafana uid`; `plan file … not found`; a ConfigError's
 * `no environment "…"`, from `--env prod <url>` or DASHSYNC_ENV), often before any environment is chosen. Only these: the
 * others' outside words are redacted with the run's own credentials where they arise, and one that ordinary words hold
 * (`admin`) would garble a file's or folder's name.
 */
function echoesCommandLine(error: unknown): boolean {
  return error instanceof UsageError || error instanceof PlanFileError || error instanceof ConfigError;
}

/** stderr with the value of every credential variable set redacted (which of them the run sends may not be known yet). */
function withoutCredentials(stderr: OutputStream, env: Record<string, string | undefined>): OutputStream {
  const secrets = secretsInEnvironment(env);
  return { write: (text: string) => stderr.write(redactUrl(text, secrets)) };
}

/** The one line that says a run's stdout went away before its end (README, Troubleshooting). */
function renderStdoutLost(code: string, exitCode: number): string {
  const why = code === 'EPIPE' ? 'its reader stopped reading (head, grep -q, grep -m1…)' : `writing failed (${code})`;
  return `note: stdout was closed before the end: ${why}. The rest of the output was not written; the run went on to its end as it would have, and exit code ${exitCode} is its own`;
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

/**
 * Before yargs validates (and words its complaints its own way): the command line's problems in
 * dashsync's words. `command` is the yargs instance of the command that runs, with its options.
 */
function refuseBadArguments(argv: readonly string[], args: Arguments, command: Argv, io: Pick<CliIo, 'env' | 'invocation'>): void {
  const { invocation } = io;
  const name = String(args._[0] ?? '');
  const table = optionTable(command);
  const problem = findArgvProblem(argv, name, table, invocation) ?? findChoiceProblem(args, table) ?? findRepeatedOption(args, table);
  if (problem) throw new UsageError(problem);
  if (args._.length > 1) throw new UsageError(describeUnexpectedWords(args._.slice(1), name, invocation));
  // A credential in a word (a URL typed without --url): refused before the command takes it for a uid, file or name and repeats it.
  const credentialWord = findCredentialWord(argv, credentialVariables(io.env), table.booleans);
  if (credentialWord !== undefined) throw new UsageError(credentialWord);
  // yargs holds the words after `--` apart until the handler (in `_`), past the positionals.
  const afterDashes = (args['--'] as unknown[] | undefined) ?? [];
  if (afterDashes.length > 0 && !TAKES_OPERANDS_AFTER_DASHES.includes(name)) throw new UsageError(describeUnexpectedWords(afterDashes, name, invocation));
}

/** check's options as pre-commit's `args` may give them (`--root DIR`, not `--root=DIR`). */
const HOOK_OPTIONS = {
  flags: new Set(['--fix', '--verbose', '--no-color', '--color']),
  withValue: new Set(Object.keys(CHECK_OPTIONS).filter((name) => !['fix', 'pre-commit'].includes(name)).map((name) => `--${name}`)),
};

/**
 * `dashsync check -- FILE…`: pre-commit's file names, never read as options; `dashsync restore -- -abc` (pull too): uids, where
 * one begins with "-" (Grafana allows it), which before `--` is read as an option.
 */
const TAKES_OPERANDS_AFTER_DASHES = ['check', 'pull', 'restore'];

function optionTable(command: Argv): OptionTable {
  // yargs' runtime API (the typings leave getOptions out), pinned with yargs.
  const options = (command as unknown as { getOptions: () => unknown }).getOptions() as {
    key: Record<string, unknown>;
    alias: Record<string, string[]>;
    boolean: string[];
    array: string[];
    narg: Record<string, unknown>;
    choices: Record<string, string[]>;
  };
  const names = new Set([...Object.keys(options.key), ...Object.keys(options.alias), ...Object.values(options.alias).flat()]);
  return { names, booleans: new Set(options.boolean), requiresValue: new Set(Object.keys(options.narg)), arrays: new Set(options.array), choices: options.choices };
}

const NO_COMMAND = 'Name a command: plan, apply, check, pull, restore, show or sandbox.';

/** `Invalid values:\n  Argument: api, Given: "foo", …` → `Invalid values: Argument: api, Given: "foo", …`. */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
