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

type FlagSpec = { commands: readonly ActionCommand[] } & (
  | { kind: 'number'; key: 'concurrency' | 'timeout' | 'maxDeletes' }
  | { kind: 'string'; key: 'caCert' | 'message' }
  | { kind: 'list'; key: 'include' | 'exclude' }
  | { kind: 'boolean'; key: 'insecure' | 'verbose' | 'force' }
  | { kind: 'delete-mode'; key: 'deleteMode' }
);

const ONLINE = ['plan', 'apply'] as const;
const ALL = ['plan', 'apply', 'check'] as const;

const FLAGS: Record<string, FlagSpec> = {
  '--concurrency': { kind: 'number', key: 'concurrency', commands: ONLINE },
  '--timeout': { kind: 'number', key: 'timeout', commands: ONLINE },
  '--include': { kind: 'list', key: 'include', commands: ALL },
  '--exclude': { kind: 'list', key: 'exclude', commands: ALL },
  '--ca-cert': { kind: 'string', key: 'caCert', commands: ONLINE },
  '--insecure': { kind: 'boolean', key: 'insecure', commands: ONLINE },
  '--verbose': { kind: 'boolean', key: 'verbose', commands: ALL },
  '--force': { kind: 'boolean', key: 'force', commands: ['apply'] },
  '--max-deletes': { kind: 'number', key: 'maxDeletes', commands: ['apply'] },
  '--message': { kind: 'string', key: 'message', commands: ['apply'] },
  '--delete-mode': { kind: 'delete-mode', key: 'deleteMode', commands: ['apply'] },
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
 * Parses the `args` input with an allow-list. Words split on whitespace; single or double
 * quotes group words (`--message "deploy {sha}"`); nothing else is interpreted (no shell).
 * Returns every problem at once.
 */
export function parseActionArgs(text: string, command: ActionCommand): { args: ActionArgs; problems: string[] } {
  const args: ActionArgs = { include: [], exclude: [], insecure: false, verbose: false, force: false };
  const problems: string[] = [];
  const { words, problem } = splitWords(text);
  if (problem) return { args, problems: [problem] };

  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const equals = word.startsWith('--') ? word.indexOf('=') : -1;
    const name = equals > 0 ? word.slice(0, equals) : word;
    const inline = equals > 0 ? word.slice(equals + 1) : undefined;
    const spec = FLAGS[name];
    if (!spec) {
      problems.push(describeUnknown(name));
      // Skip the unknown flag's likely value so it is not reported a second time.
      if (name.startsWith('--') && inline === undefined && words[i + 1] !== undefined && !words[i + 1]!.startsWith('--')) i += 1;
      continue;
    }
    if (!spec.commands.includes(command)) {
      problems.push(`args: ${name} does not apply to command ${command} (it works with: ${spec.commands.join(', ')})`);
      if (spec.kind !== 'boolean' && inline === undefined) i += 1;
      continue;
    }
    if (spec.kind === 'boolean') {
      if (inline !== undefined) problems.push(`args: ${name} takes no value (write just ${name})`);
      else args[spec.key] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = words[i + 1];
      if (next === undefined || next.startsWith('--')) {
        problems.push(`args: ${name} needs a value`);
        continue;
      }
      value = next;
      i += 1;
    }
    if (spec.kind === 'number') {
      if (/^\d+(\.\d+)?$/.test(value)) args[spec.key] = Number(value);
      else problems.push(`args: ${name} takes a number, got "${value}"`);
    } else if (spec.kind === 'delete-mode') {
      if (value === 'soft' || value === 'hard') args.deleteMode = value;
      else problems.push(`args: ${name} takes soft or hard, got "${value}"`);
    } else if (spec.kind === 'list') {
      args[spec.key].push(value);
    } else {
      args[spec.key] = value;
    }
  }
  return { args, problems };
}

function describeUnknown(word: string): string {
  const input = USE_INPUT_INSTEAD[word];
  if (input) return `args: ${word} is set with the "${input}" input of the Action, not in args`;
  if (/token|password|user/i.test(word)) return `args: ${word} is not accepted: pass the service account token with the "grafana-token" input`;
  if (!word.startsWith('--')) return `args: unexpected "${word}" (args takes flags such as --concurrency 16 --force)`;
  return `args: unknown flag ${word} (accepted: ${Object.keys(FLAGS).join(', ')})`;
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
