import { isObject } from '../dashboard-model.js';
import type { Reply } from '../http/reply.js';
import type { ApisContext } from './apis-context.js';
import { invalid } from './k8s-status.js';

type WriteVerb = 'create' | 'update' | 'patch' | 'delete';

const OPTIONS_KIND: Record<WriteVerb, string> = { create: 'CreateOptions', update: 'UpdateOptions', patch: 'PatchOptions', delete: 'DeleteOptions' };

/** The `dryRun` values of a write: the query's, and for a delete those of a DeleteOptions body too. */
export function dryRunValues(context: Pick<ApisContext, 'query' | 'body'>, verb: WriteVerb): string[] {
  const values = context.query.getAll('dryRun');
  if (verb === 'delete' && isObject(context.body) && Array.isArray(context.body.dryRun)) {
    for (const value of context.body.dryRun) values.push(typeof value === 'string' ? value : String(value));
  }
  return values;
}

/**
 * The apiserver's options check before anything is written (k8s.io/apiserver handlers: `ValidateCreateOptions`,
 * `ValidateUpdateOptions`, `ValidatePatchOptions`, `ValidateDeleteOptions` → `ValidateDryRun`): every value must be `All`,
 * else 422 Invalid on `<Kind>Options.meta.k8s.io ""` with field.NotSupported's words (the values as Go prints a
 * []string). So `dryRun=true` is refused, never taken as a real write.
 */
export function dryRunRefusal(verb: WriteVerb, values: readonly string[]): Reply | undefined {
  if (values.every((value) => value === 'All')) return undefined;
  const shown = `[]string{${values.map((value) => JSON.stringify(value)).join(', ')}}`;
  return invalid('meta.k8s.io', OPTIONS_KIND[verb], '', [{ reason: 'FieldValueNotSupported', message: `Unsupported value: ${shown}: supported values: "All"`, field: 'dryRun' }]);
}

/** Whether a write that passed dryRunRefusal is a dry run. */
export const isDryRun = (values: readonly string[]): boolean => values.includes('All');
