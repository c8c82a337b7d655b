import { APPLY_OPTIONS, CHECK_OPTIONS, COMMON_OPTIONS, GLOBAL_OPTIONS, PLAN_OPTIONS, PULL_OPTIONS, RESTORE_OPTIONS, SHOW_OPTIONS } from '../cli/options.js';

/** Options by name, as yargs takes them (`type: 'boolean'`: one that takes no value). */
type OptionTable = Readonly<Record<string, object>>;

/** yargs' own, which every command takes. */
const YARGS_OPTIONS: OptionTable = { help: { type: 'boolean' }, version: { type: 'boolean' } };

/** The options each command's parser takes, as its builder gives them (plan's and apply's `--prune` is their own: PRUNE_SCOPES). */
const OPTIONS: Record<string, readonly OptionTable[]> = {
  plan: [YARGS_OPTIONS, GLOBAL_OPTIONS, COMMON_OPTIONS, PLAN_OPTIONS, { prune: {} }],
  apply: [YARGS_OPTIONS, GLOBAL_OPTIONS, COMMON_OPTIONS, APPLY_OPTIONS, { prune: {} }],
  pull: [YARGS_OPTIONS, GLOBAL_OPTIONS, COMMON_OPTIONS, PULL_OPTIONS],
  restore: [YARGS_OPTIONS, GLOBAL_OPTIONS, COMMON_OPTIONS, RESTORE_OPTIONS],
  check: [YARGS_OPTIONS, GLOBAL_OPTIONS, CHECK_OPTIONS],
  show: [YARGS_OPTIONS, GLOBAL_OPTIONS, SHOW_OPTIONS],
};

/** plan's and apply's `--prune` takes a scope where one follows (`--prune all`), else stands alone (the folders scope). */
const PRUNE_SCOPES = ['all', 'folders'];

/**
 * A printed command's words after its subcommand (options and operands, each already one shell word), such that an operand
 * that begins with `-` (a uid such as `-abc`, which Grafana allows: its uid pattern is `^[a-zA-Z0-9\-_]*$`) is read as one
 * when pasted: after `--`, at the end (the parser reads it as an unknown option anywhere else), and an option's value that
 * begins so joined to it (`--folder=-abc`). Other words stay as they are, in their order. Pure.
 */
export function withDashOperandsLast(subcommand: string, words: readonly string[]): string[] {
  const tables = OPTIONS[subcommand];
  if (tables === undefined || !words.some((word) => word.startsWith('-'))) return [...words];
  const kindOf = (name: string): 'flag' | 'value' | undefined => {
    const found = tables.find((table) => Object.hasOwn(table, name))?.[name];
    return found === undefined ? undefined : (found as { type?: unknown }).type === 'boolean' ? 'flag' : 'value';
  };
  const kept: string[] = [];
  const dashed: string[] = [];
  for (let at = 0; at < words.length; at += 1) {
    const word = words[at]!;
    if (word === '--') {
      dashed.push(...words.slice(at + 1));
      break;
    }
    const name = word.startsWith('--') ? word.slice(2).split('=')[0]! : undefined;
    // yargs' negation (`--no-prune`, `--no-color`) takes no value.
    const negated = name !== undefined && name.startsWith('no-') && kindOf(name) === undefined && kindOf(name.slice(3)) !== undefined;
    const kind = name === undefined ? undefined : negated ? 'flag' : kindOf(name);
    if (kind === undefined) {
      (word.startsWith('-') ? dashed : kept).push(word);
      continue;
    }
    const value = words[at + 1];
    const takes = kind === 'value' && !word.includes('=') && value !== undefined && (name !== 'prune' || PRUNE_SCOPES.includes(value));
    if (!takes) {
      kept.push(word);
      continue;
    }
    kept.push(...(value.startsWith('-') ? [`${word}=${value}`] : [word, value]));
    at += 1;
  }
  return dashed.length === 0 ? kept : [...kept, '--', ...dashed];
}
