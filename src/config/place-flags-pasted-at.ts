import { isAbsolute, relative, resolve } from 'node:path';
import type { CommandLineFlags } from '../report/next-command.js';
import { DEFAULT_CONFIG_FILE } from './config-keys.js';

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

/** `path` as typed at `pastedAt`: relative (`.` for itself), or absolute where it is on another drive. */
function pastedPath(pastedAt: string, path: string): string {
  const relativePath = relative(pastedAt, path);
  if (isAbsolute(relativePath)) return path;
  return relativePath === '' ? '.' : relativePath.split('\\').join('/');
}
