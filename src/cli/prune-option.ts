import type { Options } from 'yargs';
import type { PruneScope } from '../config/types.js';
import { ConfigError } from '../errors.js';

/** `--prune` (= folders), `--prune all`, `--prune folders`, `--no-prune`. */
export const pruneOption: Options = {
  describe:
    'Delete live dashboards that have no file: "folders" (managed folders, the default scope) or "all" (whole org); ' +
    '--no-prune turns off "prune" from the config file',
  type: 'string',
  coerce: (value: unknown) => value,
};

export function parsePruneFlag(value: string | boolean | undefined): PruneScope | undefined {
  if (value === undefined) return undefined;
  if (value === false || value === 'false') return false;
  if (value === true || value === '' || value === 'true' || value === 'folders') return 'folders';
  if (value === 'all') return 'all';
  throw new ConfigError([`--prune takes "folders" or "all", not "${String(value)}"`]);
}
