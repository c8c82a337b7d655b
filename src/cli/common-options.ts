import type { Argv } from 'yargs';
import { loadSettings } from '../config/load-settings.js';
import type { ApiMode, ConfigFlags, Settings } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { escapeText } from '../report/escape-untrusted.js';
import type { CliIo, OutputStream } from './cli-io.js';
import { COMMON_OPTIONS, HIDDEN_OPTIONS, TREE_OPTION_NAMES } from './options.js';

export interface CommonArgs {
  root?: string;
  config?: string;
  /** yargs makes an array of a repeated option; only `plan` takes several. */
  env?: string | string[];
  url?: string;
  orgId?: number;
  concurrency?: number;
  include?: string[];
  exclude?: string[];
  timeout?: number;
  api?: ApiMode;
  caCert?: string;
  insecure?: boolean;
  verbose?: boolean;
  color?: boolean;
}

/**
 * The options every command that talks to Grafana shares (SPEC §2). A command that reads no
 * tree (restore) leaves out `--root`, `--include`, `--exclude` and `--concurrency`.
 */
export function withCommonOptions<T>(yargs: Argv<T>, options: { tree?: boolean } = {}): Argv<T & CommonArgs> {
  const names = Object.keys(COMMON_OPTIONS) as (keyof typeof COMMON_OPTIONS)[];
  const wanted = options.tree ?? true ? names : names.filter((name) => !(TREE_OPTION_NAMES as readonly string[]).includes(name));
  return yargs.options(Object.fromEntries(wanted.map((name) => [name, COMMON_OPTIONS[name]]))) as unknown as Argv<T & CommonArgs>;
}

/** Leaves out of --help what the command ignores (HIDDEN_OPTIONS). */
export function hideIgnoredOptions<T>(yargs: Argv<T>, command: keyof typeof HIDDEN_OPTIONS): Argv<T> {
  return HIDDEN_OPTIONS[command].reduce((argv, name) => argv.hide(name), yargs);
}

export function flagsFrom(args: CommonArgs, extra: Partial<ConfigFlags> = {}): ConfigFlags {
  return {
    typed: true,
    config: args.config,
    env: singleEnvironment(args.env),
    root: args.root,
    url: args.url,
    orgId: args.orgId,
    concurrency: args.concurrency,
    include: args.include,
    exclude: args.exclude,
    timeout: args.timeout,
    api: args.api,
    caCert: args.caCert,
    insecure: args.insecure,
    verbose: args.verbose,
    ...extra,
  };
}

export function loadSettingsFromArgs(args: CommonArgs, io: CliIo, extra: Partial<ConfigFlags> = {}): Promise<Settings> {
  return loadSettings({
    flags: flagsFrom(args, { invocation: io.invocation, ...extra }),
    env: io.env,
    cwd: io.cwd,
    onWarning: settingsWarningPrinter(io.stderr),
  });
}

/** Where a warning about the settings goes (an environment variable replacing an environment's url). */
export function settingsWarningPrinter(stderr: OutputStream): (line: string) => void {
  return (line) => stderr.write(`${escapeText(`warning: ${line}`)}\n`);
}

/** `--env` given once. Only plan runs several environments (it reads the list itself). */
export function singleEnvironment(value: string | string[] | undefined): string | undefined {
  if (!Array.isArray(value)) return value;
  if (value.length <= 1) return value[0];
  throw new ConfigError([`--env was given ${value.length} times (${value.join(', ')}): this command runs against one environment; only plan takes several`]);
}

/** A command that takes uids (pull, restore): yargs' `_` holds its name, then the words after `--`. */
interface UidArgs {
  uids?: string[];
  _?: (string | number)[];
}

/**
 * The args with the uids given after `--` among the uids (`dashsync restore -- -abc`: a uid that begins with "-", which Grafana
 * allows, is read as an option before `--`); yargs hands those words to the handler in `_`, after the command's name.
 */
export function withUidsAfterDashes<T extends UidArgs>(args: T): T {
  const after = (args._ ?? []).slice(1).map(String);
  return after.length === 0 ? args : { ...args, uids: [...(args.uids ?? []), ...after] };
}
