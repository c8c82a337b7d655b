import { didYouMean } from '../config/closest-name.js';
import { DEFAULT_CONFIG_FILE } from '../config/config-keys.js';
import { uidProblem } from '../files/uid-rules.js';
import { renderNextCommand, shellWord } from '../report/next-command.js';
import { APPLY_OPTIONS, CHECK_OPTIONS, COMMON_OPTIONS, GLOBAL_OPTIONS, PLAN_OPTIONS, PULL_OPTIONS, RESTORE_OPTIONS, SHOW_OPTIONS } from './options.js';

/** What a command's parser knows about its options (from yargs' getOptions()). */
export interface OptionTable {
  /** Every option name and alias (`help`, `h`, `max-deletes`, …). */
  names: ReadonlySet<string>;
  booleans: ReadonlySet<string>;
  /** Options that must be followed by a value (yargs' requiresArg). */
  requiresValue: ReadonlySet<string>;
  /** Options that take several values (yargs' array): each of them needs one too, and may be given again. */
  arrays: ReadonlySet<string>;
  choices: Readonly<Record<string, readonly string[]>>;
}

/**
 * The first problem with a command line, in dashsync's words, or undefined. yargs finds the
 * same problems but words them its own way (`Unknown arguments: frobnicate-me, frobnicateMe`,
 * with its camelCase alias; `Invalid values: Argument: …`) and in the user's locale, while
 * every other dashsync error is one English line. Only the words before `--` are options.
 * `invocation`: how the shell ran dashsync (`npx dashsync`), as the commands the problem names begin.
 */
export function findArgvProblem(tokens: readonly string[], command: string, table: OptionTable, invocation?: string): string | undefined {
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token === '--') break;
    if (!looksLikeOption(token)) continue;
    const { long, name, inline, negated, known } = readOption(token, table);
    const previous = i > 0 ? readOption(tokens[i - 1]!, table) : undefined;
    const awaited = previous !== undefined && looksLikeOption(tokens[i - 1]!) && previous.known && !previous.negated && !table.booleans.has(previous.name) && previous.inline === undefined;
    if (!known && awaited && !long) return describeDashValue(previous.name, token);
    if (!known) return unknownOption(token.slice(0, long ? 2 + name.length : token.length), command, table, tokens, invocation);
    if (negated || table.booleans.has(name)) {
      if (inline !== undefined && inline !== 'true' && inline !== 'false') return `--${name} takes no value (write just --${name})`;
      continue;
    }
    if (!(table.requiresValue.has(name) || table.arrays.has(name)) || inline !== undefined) continue;
    const next = tokens[i + 1];
    if (next === undefined || next === '--') return `--${name} needs a value`;
    // A value that begins with "-" (a folder uid `-abc`) is read as an option after a space: joined with "=", it is the value.
    if (looksLikeOption(next)) return next.startsWith('--') ? `--${name} needs a value` : describeDashValue(name, next);
    i += 1;
  }
  return undefined;
}

/** An option's value that begins with "-" (a folder uid `-abc`): after a space the parser reads it as an option; joined with "=", it is the value. */
function describeDashValue(name: string, value: string): string {
  return `--${name} needs a value; one that begins with "-" is joined to it: --${name}=${shellWord(value)}`;
}

/** A value yargs read for an option with choices that is not one of them (`--delete-mode purge`). */
export function findChoiceProblem(argv: Readonly<Record<string, unknown>>, table: OptionTable): string | undefined {
  for (const [name, choices] of Object.entries(table.choices)) {
    const given = argv[name];
    if (given === undefined) continue;
    const listed = listChoices(choices);
    for (const value of Array.isArray(given) ? given : [given]) {
      // `--api` at the end of the line: yargs reads '' or true.
      if (value === '' || value === true) return `--${name} needs a value: ${listed}`;
      if (!choices.includes(String(value))) return `--${name} takes ${listed}, not ${JSON.stringify(String(value))}`;
    }
  }
  return undefined;
}

/** What a flag given twice is told besides "give it once", where the command has more to say. */
const ONCE_ONLY: Record<string, string> = { env: 'this command runs against one environment; only plan takes several' };

/**
 * A flag that takes one value given more than once (`--format text --format json`, `--url a --url b`): yargs keeps both, and
 * a command would take one of them silently. Judged from the command's option table, so every single-valued flag of every
 * command is held to it; flags that take several (`--include`) and switches (`--force`) are not. The values are not repeated:
 * one may hold a credential (a URL with a token).
 */
export function findRepeatedOption(argv: Readonly<Record<string, unknown>>, table: OptionTable): string | undefined {
  for (const name of table.names) {
    const given = argv[name];
    if (!Array.isArray(given) || table.arrays.has(name) || table.booleans.has(name) || name.length === 1 || /[A-Z]/.test(name)) continue;
    return `--${name} was given ${given.length} times: ${ONCE_ONLY[name] ?? 'it takes one value; give it once'}`;
  }
  return undefined;
}

/** Words left after the command's positionals (`dashsync plan extra`). */
export function describeUnexpectedWords(words: readonly unknown[], command: string, invocation?: string): string {
  return `unexpected ${words.length === 1 ? 'argument' : 'arguments'} ${words.map((word) => JSON.stringify(String(word))).join(' ')} (see ${helpOf(command, invocation)})`;
}

/** `dashsync pull --help`, begun as the shell ran dashsync. */
function helpOf(command: string, invocation: string | undefined): string {
  return renderNextCommand({ ...(invocation !== undefined && { invocation }) }, [command, '--help']);
}

/** The commands whose operands are uids: a uid may begin with "-" (Grafana allows it), which the parser reads as an option. */
const TAKES_UIDS = ['pull', 'restore'];

/** Every option a dashsync command takes (`--root` given to restore is another command's option, not a uid). */
const ANY_COMMAND_OPTIONS = new Set([
  ...[GLOBAL_OPTIONS, COMMON_OPTIONS, PLAN_OPTIONS, APPLY_OPTIONS, CHECK_OPTIONS, PULL_OPTIONS, RESTORE_OPTIONS, SHOW_OPTIONS].flatMap(Object.keys),
  'prune',
  'help',
  'version',
]);

/** A word that may be a uid the parser took for an option: it begins with "-", holds only a uid's characters, and names no option of dashsync's. */
function mayBeDashUid(token: string, table: OptionTable): boolean {
  if (!looksLikeOption(token) || uidProblem(token) !== undefined || readOption(token, table).known) return false;
  const name = token.replace(/^--?/, '');
  return !ANY_COMMAND_OPTIONS.has(name) && !(name.startsWith('no-') && ANY_COMMAND_OPTIONS.has(name.slice(3)));
}

function unknownOption(flag: string, command: string, table: OptionTable, tokens: readonly string[], invocation: string | undefined): string {
  if (flag === '--all-envs' && command === 'check') {
    return `--all-envs is for plan only: check without --env already checks every environment of ${configNamed(tokens)} (leave --all-envs out)`;
  }
  if (flag === '--all-envs') {
    return `--all-envs is for plan only: ${command} runs against one environment; choose it with --env NAME (or DASHSYNC_ENV)`;
  }
  const longNames = [...table.names].filter((name) => name.length > 1);
  const near = flag.startsWith('--') ? didYouMean(flag.slice(2), longNames).replace(/"([^"]+)"/, '--$1') : '';
  if (near === '' && TAKES_UIDS.includes(command) && mayBeDashUid(flag, table)) return `unknown option ${flag}: ${describeDashUids(tokens, command, table, invocation)}`;
  return `unknown option ${flag}${near || ` (see ${helpOf(command, invocation)})`}`;
}

/**
 * What to do where a uid that begins with "-" was read as an option: the command line again with every such word (a word no
 * option of the command is named by, which could be a uid) after `--`, each word as a POSIX shell reads it back.
 */
function describeDashUids(tokens: readonly string[], command: string, table: OptionTable, invocation: string | undefined): string {
  const end = tokens.indexOf('--');
  const options = end < 0 ? tokens : tokens.slice(0, end);
  const isDashUid = (token: string) => mayBeDashUid(token, table);
  const uids = options.filter(isDashUid);
  // The command's name where it stands (global options may come before it), the other words as given.
  const named = options.indexOf(command);
  const words = options.filter((token, at) => at !== named && !isDashUid(token));
  const line = renderNextCommand(invocation === undefined ? {} : { invocation }, [command, ...words, '--', ...uids, ...(end < 0 ? [] : tokens.slice(end + 1))]);
  return `a uid that begins with "-" goes after --, at the end of the line (${uids.length === 1 ? `if ${uids[0]} is one` : `if ${uids.join(', ')} are`}): ${line}`;
}

/** The config file the command line names (`--config FILE`, `--config=FILE`), else the default one. */
function configNamed(tokens: readonly string[]): string {
  const at = tokens.indexOf('--config');
  const inline = tokens.find((token) => token.startsWith('--config='));
  return inline?.slice('--config='.length) ?? (at >= 0 ? tokens[at + 1] : undefined) ?? DEFAULT_CONFIG_FILE;
}

function listChoices(choices: readonly string[]): string {
  const quoted = choices.map((choice) => JSON.stringify(choice));
  return quoted.length <= 2 ? quoted.join(' or ') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

/** An option word as the parser reads it: its name, a value given with `=`, and whether the command takes it. */
function readOption(token: string, table: OptionTable): { long: boolean; name: string; inline?: string; negated: boolean; known: boolean } {
  const long = token.startsWith('--');
  const body = token.slice(long ? 2 : 1);
  const equals = body.indexOf('=');
  const name = equals >= 0 ? body.slice(0, equals) : body;
  const inline = equals >= 0 ? body.slice(equals + 1) : undefined;
  // yargs' negation: `--no-color`, `--no-prune` (a string option that can be turned off).
  const negated = long && name.startsWith('no-') && table.names.has(name.slice(3));
  const known = negated || (table.names.has(name) && (long || name.length === 1));
  return { long, name, ...(inline !== undefined && { inline }), negated, known };
}

/** `-x`, `--x`, `--x=1`; not `-`, not a negative number (`--max-deletes -1` is a value). */
function looksLikeOption(token: string): boolean {
  return token.startsWith('-') && token !== '-' && !/^-\d/.test(token);
}
