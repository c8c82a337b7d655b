import type { Options } from 'yargs';
import { parsePruneScope } from '../config/parse-prune-scope.js';
import type { PruneScope } from '../config/types.js';
import { ConfigError } from '../errors.js';

const PRUNE_SCOPE = ': "folders" (managed folders, the default scope) or "all" (whole org); --no-prune turns off "prune" from the config file';

/** apply's `--prune` (= folders), `--prune all`, `--prune folders`, `--no-prune`. */
export const pruneOption: Options = {
  describe: `Delete live dashboards that have no file${PRUNE_SCOPE}`,
  type: 'string',
  coerce: (value: unknown) => value,
};

/** plan's `--prune`: the same flag, but a plan only lists the deletes. */
export const planPruneOption: Options = { ...pruneOption, describe: `Plan the deletion of live dashboards that have no file${PRUNE_SCOPE}` };

export function parsePruneFlag(value: string | boolean | undefined): PruneScope | undefined {
  if (value === undefined) return undefined;
  const scope = parsePruneScope(value);
  if (scope === null) throw new ConfigError([`--prune takes "folders" or "all", not "${String(value)}"`]);
  return scope;
}
