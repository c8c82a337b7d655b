import type { ConfiguredMaxDeletes, MaxDeletesSource } from '../config/types.js';
import type { Shell } from '../describe-error.js';
import type { RaisedDeleteLimit } from '../plan/delete-limit.js';

/** How each shell raises apply's delete limit for one run. */
const RAISE_FOR_RUN: Record<Shell, (deletes: number) => string> = {
  cli: (deletes) => `apply --max-deletes ${deletes}`,
  action: (deletes) => `args: --max-deletes ${deletes} on the apply step`,
};

/**
 * The limit apply needs to go through `deletes` deletes, and the ways to set it in the words of the shell that will
 * read it: `3 or more ("maxDeletes" in dashsync.config.json, or apply --max-deletes 3)`. The config file's is what a plan
 * and an apply both judge by; the flag raises it for one run.
 */
export function describeDeleteLimitNeeded(deletes: number, shell: Shell, configFile: string): string {
  return `${deletes} or more ("maxDeletes" in ${configFile}, or ${RAISE_FOR_RUN[shell](deletes)})`;
}

/** `maxDeletes 2 of dashsync.config.json`, `maxDeletes 2 of environment "production" in dashsync.config.json`, `the default maxDeletes 10`. */
function describeConfigured(limit: ConfiguredMaxDeletes): string {
  if (limit.file === undefined) return `the default maxDeletes ${limit.maxDeletes}`;
  return `maxDeletes ${limit.maxDeletes} of ${limit.environment === undefined ? '' : `environment "${limit.environment}" in `}${limit.file}`;
}

/** This run's limit as it was given: `--max-deletes 20` (the Action: `args: --max-deletes 20`), or the config's. */
function describeRunLimit(maxDeletes: number, from: MaxDeletesSource | undefined, shell: Shell): string {
  if (from === undefined) return `this run's limit of ${maxDeletes}`;
  if (!from.flag) return describeConfigured(from.configured);
  return shell === 'cli' ? `--max-deletes ${maxDeletes}` : `the apply step's args: --max-deletes ${maxDeletes}`;
}

/** `3 deletes exceed`, `1 delete exceeds`. */
export function deletesExceed(deletes: number): string {
  return deletes === 1 ? '1 delete exceeds' : `${deletes} deletes exceed`;
}

/** `3 deletes exceed maxDeletes 2 of dashsync.config.json; --max-deletes 20 lets them through`. */
export function describeRaisedDeleteLimit(raised: RaisedDeleteLimit, shell: Shell): string {
  const them = raised.deletes === 1 ? 'it' : 'them';
  const exceeded =
    raised.exceeded.by === 'plan'
      ? `maxDeletes ${raised.exceeded.maxDeletes}, the limit the plan was made with (its warning said apply would refuse ${them})`
      : describeConfigured(raised.exceeded);
  return `${deletesExceed(raised.deletes)} ${exceeded}; ${describeRunLimit(raised.allowed.maxDeletes, raised.allowed.from, shell)} lets ${them} through`;
}
