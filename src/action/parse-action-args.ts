import yargs from 'yargs';
import { APPLY_OPTIONS, COMMON_OPTIONS, GLOBAL_OPTIONS } from '../cli/options.js';
import type { ApiMode, DeleteMode } from '../config/types.js';
import type { ActionCommand } from './action-command.js';

/** Settings the `args` input may carry: the CLI flags that make sense in a workflow step. */
export interface ActionArgs {
  concurrency?: number;
  timeout?: number;
  api?: ApiMode;
  include: string[];
  exclude: string[];
  caCert?: string;
  insecure: boolean;
  verbose: boolean;
  force: boolean;
  maxDeletes?: number;
  message?: string;
  deleteMode?: DeleteMode;
  interruptGrace?: number;
}

/** The CLI's definitions of the flags `args` accepts. */
const DEFINITIONS = {
  concurrency: COMMON_OPTIONS.concurrency,
  timeout: COMMON_OPTIONS.timeout,
  api: COMMON_OPTIONS.api,
  include: COMMON_OPTIONS.include,
  exclude: COMMON_OPTIONS.exclude,
  'ca-cert': COMMON_OPTIONS['ca-cert'],
  insecure: COMMON_OPTIONS.insecure,
  verbose: GLOBAL_OPTIONS.verbose,
  force: APPLY_OPTIONS.force,
  'max-deletes': APPLY_OPTIONS['max-deletes'],
  message: APPLY_OPTIONS.message,
  'delete-mode': APPLY_OPTIONS['delete-mode'],
  'interrupt-grace': APPLY_OPTIONS['interrupt-grace'],
} as const;

type FlagName = keyof typeof DEFINITIONS;
type Definition = { type?: string; array?: boolean; choices?: readonly string[] };

const ONLINE = ['plan', 'apply'] as const;
const ALL = ['plan', 'apply', 'check'] as const;

/** Which commands each flag makes sense for in a workflow step. */
const COMMANDS: Record<FlagName, readonly ActionCommand[]> = {
  concurrency: ONLINE,
  timeout: ONLINE,
  api: ONLINE,
  include: ALL,
  exclude: ALL,
  'ca-cert': ONLINE,
  insecure: ONLINE,
  verbose: ALL,
  force: ['apply'],
  'max-deletes': ONLINE,
  message: ['apply'],
  'delete-mode': ['apply'],
  'interrupt-grace': ['apply'],
};

/** CLI flags that have their own Action input; naming it beats "unknown flag". */
const USE_INPUT_INSTEAD: Record<string, string> = {
  '--root': 'path',
  '--url': 'grafana-url',
  '--org-id': 'org-id',
  '--prune': 'prune',
  '--out': 'plan-file',
  '--config': 'config',
  '--env': 'environment',
};

/**
 * Parses the `args` input: the flags the CLI defines that fit the command, read with the
 * CLI's own yargs definitions. Words split on whitespace; single or double quotes group words
 * (`--message "deploy {sha}"`); nothing else is interpreted (no shell). Returns every problem
 * at once.
 */
export function parseActionArgs(text: string, command: ActionCommand): { args: ActionArgs; problems: string[] } {
  const args: ActionArgs = { include: [], exclude: [], insecure: false, verbose: false, force: false };
  const { words, problem } = splitWords(text);
  if (problem) return { args, problems: [problem] };
  const { accepted, problems } = selectFlags(words, command);
  const found: { at: number; problem: string }[] = [...problems];
  const values = args as unknown as Record<string, unknown>;
  const given = new Set<FlagName>();
  for (const { at, name, word } of accepted) {
    // Each flag as the CLI reads it: yargs with the CLI's definition (type, array, choices).
    const definition: Definition = DEFINITIONS[name];
    // A flag of one value given again would replace the first silently; the CLI refuses it too (findRepeatedOption).
    if (!definition.array && definition.type !== 'boolean' && given.has(name)) {
      found.push({ at, problem: `args: --${name} was given more than once: it takes one value; give it once` });
      continue;
    }
    given.add(name);
    const value = readFlag(name, word);
    const shown = word.slice(word.indexOf('=') + 1);
    if (definition.type === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) {
      found.push({ at, problem: `args: --${name} takes a number, got "${shown}"` });
    } else if (definition.choices && (value === REFUSED || !definition.choices.includes(String(value)))) {
      found.push({ at, problem: `args: --${name} takes ${definition.choices.join(' or ')}, got "${shown}"` });
    } else {
      const key = camelCase(name);
      values[key] = definition.array ? [...((values[key] as unknown[] | undefined) ?? []), ...(value as unknown[])] : value;
    }
  }
  return { args, problems: found.sort((a, b) => a.at - b.at).map((entry) => entry.problem) };
}

/** The words of known flags that fit this command, each as `--name=value`; a problem for every other word (with its position). */
function selectFlags(words: string[], command: ActionCommand): { accepted: { at: number; name: FlagName; word: string }[]; problems: { at: number; problem: string }[] } {
  const accepted: { at: number; name: FlagName; word: string }[] = [];
  const problems: { at: number; problem: string }[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const at = i;
    const word = words[i]!;
    const equals = word.startsWith('--') ? word.indexOf('=') : -1;
    const flag = equals > 0 ? word.slice(0, equals) : word;
    const inline = equals > 0 ? word.slice(equals + 1) : undefined;
    const name = flag.slice(2) as FlagName;
    const definition: Definition | undefined = flag.startsWith('--') && Object.hasOwn(DEFINITIONS, name) ? DEFINITIONS[name] : undefined;
    const takesValue = definition !== undefined && definition.type !== 'boolean';
    if (!definition) {
      problems.push({ at, problem: describeUnknown(flag) });
      // Skip the unknown flag's likely value so it is not reported a second time.
      if (flag.startsWith('--') && inline === undefined && words[i + 1] !== undefined && !words[i + 1]!.startsWith('--')) i += 1;
      continue;
    }
    if (!COMMANDS[name].includes(command)) {
      problems.push({ at, problem: `args: ${flag} does not apply to command ${command} (it works with: ${COMMANDS[name].join(', ')})` });
      if (takesValue && inline === undefined) i += 1;
      continue;
    }
    if (!takesValue) {
      if (inline !== undefined) problems.push({ at, problem: `args: ${flag} takes no value (write just ${flag})` });
      else accepted.push({ at, name, word: flag });
      continue;
    }
    const value = inline ?? words[i + 1];
    if (inline === undefined && (value === undefined || value.startsWith('--'))) {
      problems.push({ at, problem: `args: ${flag} needs a value` });
      continue;
    }
    if (inline === undefined) i += 1;
    accepted.push({ at, name, word: `${flag}=${value}` });
  }
  return { accepted, problems };
}

const REFUSED = Symbol('refused');

/** One flag as the CLI reads it: yargs with the CLI's definition of it (type, array, choices); REFUSED when yargs refuses the value. */
function readFlag(name: FlagName, word: string): unknown {
  try {
    const parsed = yargs([word]).options({ [name]: DEFINITIONS[name] }).help(false).version(false).exitProcess(false).fail(false).parseSync();
    return (parsed as Record<string, unknown>)[name];
  } catch {
    return REFUSED;
  }
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function describeUnknown(word: string): string {
  const input = USE_INPUT_INSTEAD[word];
  if (input) return `args: ${word} is set with the "${input}" input of the Action, not in args`;
  if (word === '--all-envs') {
    return 'args: --all-envs is not for the Action: a step plans the one environment of its "environment" input (run a job matrix over the environments)';
  }
  if (/token|password|user/i.test(word)) return `args: ${word} is not accepted: pass the service account token with the "grafana-token" input`;
  if (!word.startsWith('--')) return `args: unexpected "${word}" (args takes flags such as --concurrency 16 --force)`;
  return `args: unknown flag ${word} (accepted: ${Object.keys(DEFINITIONS).map((name) => `--${name}`).join(', ')})`;
}

function splitWords(text: string): { words: string[]; problem?: string } {
  const words: string[] = [];
  let current: string | undefined;
  let quote: '"' | "'" | undefined;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      current ??= '';
    } else if (/\s/.test(char)) {
      if (current !== undefined) words.push(current);
      current = undefined;
    } else {
      current = (current ?? '') + char;
    }
  }
  if (quote) return { words, problem: `args: a ${quote === '"' ? 'double' : 'single'} quote is not closed` };
  if (current !== undefined) words.push(current);
  return { words };
}
