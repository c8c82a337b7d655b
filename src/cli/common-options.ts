import type { Argv } from 'yargs';
import { loadSettings } from '../config/load-settings.js';
import type { ConfigFlags, Settings } from '../config/types.js';
import type { CliIo } from './cli-io.js';
import { COMMON_OPTIONS } from './options.js';

export interface CommonArgs {
  root?: string;
  config?: string;
  url?: string;
  orgId?: number;
  concurrency?: number;
  include?: string[];
  exclude?: string[];
  timeout?: number;
  caCert?: string;
  insecure?: boolean;
  verbose?: boolean;
  color?: boolean;
}

export function withCommonOptions<T>(yargs: Argv<T>): Argv<T & CommonArgs> {
  return yargs.options(COMMON_OPTIONS) as unknown as Argv<T & CommonArgs>;
}

function flagsFrom(args: CommonArgs, extra: Partial<ConfigFlags> = {}): ConfigFlags {
  return {
    config: args.config,
    root: args.root,
    url: args.url,
    orgId: args.orgId,
    concurrency: args.concurrency,
    include: args.include,
    exclude: args.exclude,
    timeout: args.timeout,
    caCert: args.caCert,
    insecure: args.insecure,
    verbose: args.verbose,
    color: args.color,
    ...extra,
  };
}

export function loadSettingsFromArgs(args: CommonArgs, io: CliIo, extra: Partial<ConfigFlags> = {}): Promise<Settings> {
  return loadSettings({ flags: flagsFrom(args, extra), env: io.env, cwd: io.cwd, isTTY: io.stderr.isTTY === true });
}
