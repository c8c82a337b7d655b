import yargs from 'yargs';
import { APPLY_OPTIONS, COMMON_OPTIONS, GLOBAL_OPTIONS } from '../cli/options.js';
import type { DeleteMode } from '../config/types.js';
import type { ActionCommand } from './action-inputs.js';

/** Settings the `args` input may carry: the CLI flags that make sense in a workflow step. */
export interface ActionArgs {
  concurrency?: number;
  timeout?: number;
  include: string[];
  exclude: string[];
  caCert?: string;
  insecure: boolean;
  verbose: boolean;
  force: boolean;
  maxDeletes?: number;
  message?: string;
  deleteMode?: DeleteMode;
}

/** The CLI's definitions of the flags `args` accepts. */
const DEFINITIONS = {
  concurrency: COMMON_OPTIONS.concurrency,
  timeout: COMMON_OPTIONS.timeout,
  include: COMMON_OPTIONS.include,
  exclude: COMMON_OPTIONS.exclude,
  'ca-cert': COMMON_OPTIONS['ca-cert'],
  insecure: COMMON_OPTIONS.insecure,
  verbose: GLOBAL_OPTIONS.verbose,
  force: APPLY_OPTIONS.force,
  'max-deletes': APPLY_OPTIONS['max-deletes'],
  message: APPLY_OPTIONS.message,
  'delete-mode': APPLY_OPTIONS['delete-mode'],
} as const;

type FlagName = keyof typeof DEFINITIONS;
type Definition = { type?: string; array?: boolean; choices?: readonly string[] };

const ONLINE = ['plan', 'apply'] as const;
const ALL = ['plan', 'apply', 'check'] as const;

/** Which commands each flag makes sense for in a workflow step. */
const COMMANDS: Record<FlagName, readonly ActionCommand[]> = {
  concurrency: ONLINE,
  timeout: ONLINE,
  include: ALL,
  exclude: ALL,
  'ca-cert': ONLINE,
  insecure: ONLINE,
  verbose: ALL,
  force: ['apply'],
  'max-deletes': ['apply'],
  message: ['apply'],
  'delete-mode': ['apply'],
};

/** CLI flags that have their own Action input; naming it beats "unknown flag". */
const USE_INPUT_INSTEAD: Record<string, string> = {
  '--root': 'path',
  '--url': 'grafana-url',
  '--org-id': 'org-id',
  '--prune': 'prune',
  '--out': 'plan-file',
  '--config': 'config',
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
  if (problems.length > 0) return { args, problems };

  const parsed = yargs(accepted).options(DEFINITIONS).help(false).version(false).exitProcess(false).parseSync() as Record<string, unknown>;
  for (const [name, definition] of Object.entries(DEFINITIONS) as [FlagName, Definition][]) {
    const value = parsed[name];
    if (value === undefined) continue;
    const key = camelCase(name) as keyof ActionArgs;
    if (definition.type === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) {
      problems.push(`args: --${name} takes a number, got "${rawValue(accepted, name)}"`);
    } else if (definition.choices && !definition.choices.includes(String(value))) {
      problems.push(`args: --${name} takes ${definition.choices.join(' or ')}, got "${String(value)}"`);
    } else {
      (args as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return { args, problems };
}

/** The words of known flags that fit this command, each with its value; a problem for every other word. */
function selectFlags(words: string[], command: ActionCommand): { accepted: string[]; problems: string[] } {
  const accepted: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const equals = word.startsWith('--') ? word.indexOf('=') : -1;
    const flag = equals > 0 ? word.slice(0, equals) : word;
    const inline = equals > 0 ? word.slice(equals + 1) : undefined;
    const name = flag.slice(2) as FlagName;
    const definition: Definition | undefined = flag.startsWith('--') ? DEFINITIONS[name] : undefined;
    const takesValue = definition !== undefined && definition.type !== 'boolean';
    if (!definition) {
      problems.push(describeUnknown(flag));
      // Skip the unknown flag's likely value so it is not reported a second time.
      if (flag.startsWith('--') && inline === undefined && words[i + 1] !== undefined && !words[i + 1]!.startsWith('--')) i += 1;
      continue;
    }
    if (!COMMANDS[name].includes(command)) {
      problems.push(`args: ${flag} does not apply to command ${command} (it works with: ${COMMANDS[name].join(', ')})`);
      if (takesValue && inline === undefined) i += 1;
      continue;
    }
    if (!takesValue) {
      if (inline !== undefined) problems.push(`args: ${flag} takes no value (write just ${flag})`);
      else accepted.push(flag);
      continue;
    }
    if (inline !== undefined) {
      accepted.push(`${flag}=${inline}`);
      continue;
    }
    const next = words[i + 1];
    if (next === undefined || next.startsWith('--')) {
      problems.push(`args: ${flag} needs a value`);
      continue;
    }
    accepted.push(`${flag}=${next}`);
    i += 1;
  }
  return { accepted, problems };
}

/** The value as written for `--name` (the last one given). */
function rawValue(accepted: string[], name: string): string {
  const prefix = `--${name}=`;
  return accepted.filter((word) => word.startsWith(prefix)).at(-1)?.slice(prefix.length) ?? '';
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function describeUnknown(word: string): string {
  const input = USE_INPUT_INSTEAD[word];
  if (input) return `args: ${word} is set with the "${input}" input of the Action, not in args`;
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
