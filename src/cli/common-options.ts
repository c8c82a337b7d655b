import type { Argv } from 'yargs';
import { loadSettings } from '../config/load-settings.js';
import type { ConfigFlags, Settings } from '../config/types.js';
import { ConfigError } from '../errors.js';

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
  caCert?: string;
  insecure?: boolean;
  verbose?: boolean;
  color?: boolean;
}

/**
 * Options every command that reads the tree or talks to Grafana shares (SPEC §2). A command
 * that reads no tree (restore) leaves out `--root`, `--include`, `--exclude` and
 * `--concurrency`, so its help lists no option it would ignore (and strict parsing refuses them).
 */
export function withCommonOptions<T>(yargs: Argv<T>, options: { tree?: boolean } = {}): Argv<T & CommonArgs> {
  const withTree = options.tree ?? true;
  let argv = yargs as Argv<T>;
  if (withTree) argv = argv.option('root', { type: 'string', describe: 'Dashboards tree (default: dashboards)' });
  argv = argv
    .option('config', { type: 'string', describe: 'Config file (default: dashsync.config.json when present)' })
    .option('env', { type: 'string', describe: 'Environment of the config file to use (or DASHSYNC_ENV)' })
    .option('url', { type: 'string', describe: 'Grafana URL (or GRAFANA_URL)' })
    .option('org-id', { type: 'number', describe: 'Grafana org id, sent as X-Grafana-Org-Id (or GRAFANA_ORG_ID)' });
  if (withTree) {
    argv = argv
      .option('concurrency', { type: 'number', describe: 'Parallel requests to Grafana (default 8)' })
      .option('include', { type: 'string', array: true, describe: 'Only files matching these globs (relative to the root)' })
      .option('exclude', { type: 'string', array: true, describe: 'Skip files matching these globs' });
  }
  return argv
    .option('timeout', { type: 'number', describe: 'Seconds before one request to Grafana gives up (default 30)' })
    .option('ca-cert', { type: 'string', describe: 'PEM file of a CA to trust for Grafana TLS' })
    .option('insecure', { type: 'boolean', describe: 'Do not verify Grafana TLS certificates (warns)' }) as Argv<T & CommonArgs>;
}

export function flagsFrom(args: CommonArgs, extra: Partial<ConfigFlags> = {}): ConfigFlags {
  return {
    config: args.config,
    env: singleEnvironment(args.env),
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

export function loadSettingsFromArgs(args: CommonArgs, extra: Partial<ConfigFlags> = {}): Promise<Settings> {
  return loadSettings({ flags: flagsFrom(args, extra), env: process.env, cwd: process.cwd(), onWarning: printSettingsWarning });
}

export function printSettingsWarning(line: string): void {
  process.stderr.write(`warning: ${line}\n`);
}

/** `--env` given once. Only plan runs several environments (it reads the list itself). */
export function singleEnvironment(value: string | string[] | undefined): string | undefined {
  if (!Array.isArray(value)) return value;
  if (value.length <= 1) return value[0];
  throw new ConfigError([`--env was given ${value.length} times (${value.join(', ')}): this command runs against one environment; only plan takes several`]);
}
