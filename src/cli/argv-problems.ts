import { didYouMean } from '../config/closest-name.js';
import { DEFAULT_CONFIG_FILE } from '../config/config-keys.js';

/** What a command's parser knows about its options (from yargs' getOptions()). */
export interface OptionTable {
  /** Every option name and alias (`help`, `h`, `max-deletes`, …). */
  names: ReadonlySet<string>;
  booleans: ReadonlySet<string>;
  /** Options that must be followed by a value (yargs' requiresArg). */
  requiresValue: ReadonlySet<string>;
  choices: Readonly<Record<string, readonly string[]>>;
}

/**
 * The first problem with a command line, in dashsync's words, or undefined. yargs finds the
 * same problems but words them its own way (`Unknown arguments: frobnicate-me, frobnicateMe`,
 * with its camelCase alias; `Invalid values: Argument: …`) and in the user's locale, while
 * every other dashsync error is one English line. Only the words before `--` are options.
 */
export function findArgvProblem(tokens: readonly string[], command: string, table: OptionTable): string | undefined {
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token === '--') break;
    if (!looksLikeOption(token)) continue;
    const long = token.startsWith('--');
    const body = token.slice(long ? 2 : 1);
    const equals = body.indexOf('=');
    const name = equals >= 0 ? body.slice(0, equals) : body;
    const inline = equals >= 0 ? body.slice(equals + 1) : undefined;
    // yargs' negation: `--no-color`, `--no-prune` (a string option that can be turned off).
    const negated = long && name.startsWith('no-') && table.names.has(name.slice(3));
    const known = negated || (table.names.has(name) && (long || name.length === 1));
    if (!known) return unknownOption(token.slice(0, long ? 2 + name.length : token.length), command, table, tokens);
    if (negated || table.booleans.has(name)) {
      if (inline !== undefined && inline !== 'true' && inline !== 'false') return `--${name} takes no value (write just --${name})`;
      continue;
    }
    if (!table.requiresValue.has(name) || inline !== undefined) continue;
    const next = tokens[i + 1];
    if (next === undefined || next === '--' || looksLikeOption(next)) return `--${name} needs a value`;
    i += 1;
  }
  return undefined;
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

/** Words left after the command's positionals (`dashsync plan extra`). */
export function describeUnexpectedWords(words: readonly unknown[], command: string): string {
  return `unexpected ${words.length === 1 ? 'argument' : 'arguments'} ${words.map((word) => JSON.stringify(String(word))).join(' ')} (see dashsync ${command} --help)`;
}

function unknownOption(flag: string, command: string, table: OptionTable, tokens: readonly string[]): string {
  if (flag === '--all-envs' && command === 'check') {
    return `--all-envs is for plan only: check without --env already checks every environment of ${configNamed(tokens)} (leave --all-envs out)`;
  }
  if (flag === '--all-envs') {
    return `--all-envs is for plan only: ${command} runs against one environment; choose it with --env NAME (or DASHSYNC_ENV)`;
  }
  const longNames = [...table.names].filter((name) => name.length > 1);
  const near = flag.startsWith('--') ? didYouMean(flag.slice(2), longNames).replace(/"([^"]+)"/, '--$1') : '';
  return `unknown option ${flag}${near || ` (see dashsync ${command} --help)`}`;
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

/** `-x`, `--x`, `--x=1`; not `-`, not a negative number (`--max-deletes -1` is a value). */
function looksLikeOption(token: string): boolean {
  return token.startsWith('-') && token !== '-' && !/^-\d/.test(token);
}
