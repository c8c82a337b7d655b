import { isAbsolute, relative, resolve } from 'node:path';
import { commandLineFlagsOf, type CommandLineFlags } from '../report/next-command.js';
import { DEFAULT_CONFIG_FILE } from './config-keys.js';
import type { ConfigFlags } from './types.js';

/**
 * Pure: the `--config` and `--root` a command printed as advice carries where it is pasted at `pastedAt` (the Action's: the
 * top of a checkout, GITHUB_WORKSPACE), so that it reads the run's config file and tree: `--config` where the run's file
 * (`configFile`, absolute; undefined: none) is not the one a run there reads by default, `--root` where the run's tree
 * (`root`) is not the one a run there reads with that file (`configuredRoot`: the file's `root`, absolute; else the
 * default). Paths relative to `pastedAt`, with `/`.
 */
export function placeFlagsPastedAt(pastedAt: string, run: { configFile: string | undefined; root: string; configuredRoot: string | undefined; defaultRoot: string }): Pick<CommandLineFlags, 'config' | 'root'> {
  const readThere = run.configFile === undefined || run.configFile === resolve(pastedAt, DEFAULT_CONFIG_FILE);
  const rootThere = run.configuredRoot ?? resolve(pastedAt, run.defaultRoot);
  return {
    ...(!readThere && { config: pastedPath(pastedAt, run.configFile!) }),
    ...(run.root !== rootThere && { root: pastedPath(pastedAt, run.root) }),
  };
}

/**
 * Pure: the other flags of the Action's step (its `args`, its `prune` input) that a command printed as advice carries where
 * it is pasted at `pastedAt`, so that it selects, reads through and deletes what the step did: `--include`, `--exclude`,
 * `--api` (as given, `auto` too: a config pinning another API would read it), `--prune`, `--delete-mode`, `--max-deletes`,
 * and `--ca-cert` where the file lies in the checkout (`cwd`: where the step resolved it), relative to `pastedAt`: a
 * runner's path elsewhere names no file on another machine. Never what only suits the runner (`--concurrency`,
 * `--timeout`, `--verbose`, `--message`), what turns off a check on another machine (`--insecure`), nor what takes over
 * an edit made in Grafana (`--force`).
 */
export function stepFlagsPastedAt(pastedAt: string, cwd: string, flags: Pick<ConfigFlags, 'include' | 'exclude' | 'api' | 'prune' | 'deleteMode' | 'maxDeletes' | 'caCert'>): CommandLineFlags {
  const { include, exclude, api, prune, deleteMode, maxDeletes, caCert } = flags;
  const caCertPath = caCert === undefined ? undefined : resolve(cwd, caCert);
  const inCheckout = caCertPath !== undefined && isInside(pastedAt, caCertPath);
  return commandLineFlagsOf({ include, exclude, api, prune, deleteMode, maxDeletes, ...(inCheckout && { caCert: pastedPath(pastedAt, caCertPath) }) });
}

function isInside(dir: string, path: string): boolean {
  const relativePath = relative(dir, path);
  return relativePath !== '' && !relativePath.startsWith('..') && !isAbsolute(relativePath);
}

/** `path` as typed at `pastedAt`: relative (`.` for itself), or absolute where it is on another drive. */
function pastedPath(pastedAt: string, path: string): string {
  const relativePath = relative(pastedAt, path);
  if (isAbsolute(relativePath)) return path;
  return relativePath === '' ? '.' : relativePath.split('\\').join('/');
}
