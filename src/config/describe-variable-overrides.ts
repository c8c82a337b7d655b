import type { Shell } from '../describe-error.js';

export type OverridingVariable = 'GRAFANA_URL' | 'GRAFANA_ORG_ID';

export interface VariableOverride<T> {
  variable: OverridingVariable;
  /** The value the run uses (undefined: none). */
  used: T | undefined;
  /** The flag's value: a flag is explicit and replaces the file's silently. */
  flag: unknown;
  /** The variable's value as read (undefined: unset or empty). */
  envVar: unknown;
  /** The selected environment's own value, and the top level's. */
  environmentValue: T | undefined;
  topLevelValue: T | undefined;
  show: (value: T) => string;
}

/**
 * Pure: the warning when GRAFANA_URL or GRAFANA_ORG_ID replaces a url/orgId the config file sets (the selected
 * environment's, else the top level's), or null. A variable left exported from another shell would otherwise
 * point the run at another Grafana without a word. `explicit` variables were set by the shell from inputs the
 * user wrote for this run (the Action's grafana-url / org-id), like a flag.
 */
export function describeVariableOverride<T>(
  override: VariableOverride<T>,
  context: { environment: string | undefined; fileLabel: string; explicit: readonly OverridingVariable[] },
): string | null {
  const { variable, used } = override;
  if (override.flag !== undefined || override.envVar === undefined || used === undefined || context.explicit.includes(variable)) return null;
  const key = variable === 'GRAFANA_URL' ? 'url' : 'orgId';
  if (context.environment !== undefined && override.environmentValue !== undefined) {
    if (used === override.environmentValue) return null;
    const was = override.show(override.environmentValue);
    return `${variable} (${override.show(used)}) replaces the ${key} of environment "${context.environment}" (${was}); unset ${variable} to use the environment's`;
  }
  if (override.topLevelValue === undefined || used === override.topLevelValue) return null;
  return `${variable} (${override.show(used)}) replaces the ${key} in ${context.fileLabel} (${override.show(override.topLevelValue)}); unset ${variable} to use the file's`;
}

/**
 * Pure: the refusal of a run that writes to Grafana (apply, restore; the Action's apply) when GRAFANA_URL or GRAFANA_ORG_ID
 * replaces the url or orgId the selected environment sets in the config file (walk-73 M2; rev-74 M1: the same org id of one
 * Grafana is another environment), or null. `--env` (the Action's "environment" input) names where to write; a variable left
 * exported from another shell, or set in a workflow's `env:`, is no choice made for this run, and would send one
 * environment's files to another's Grafana or org. `--url`/`--org-id` (or the Action's grafana-url/org-id inputs,
 * `explicit`) still mean it; each shell's line names its own way to say so.
 */
export function describeVariableRefusal<T>(
  override: VariableOverride<T>,
  context: { environment: string | undefined; fileLabel: string; explicit: readonly OverridingVariable[]; shell?: Shell },
): string | null {
  if (context.environment === undefined || override.environmentValue === undefined) return null;
  if (describeVariableOverride(override, context) === null) return null;
  const { variable } = override;
  const [key, flag, input] = variable === 'GRAFANA_URL' ? ['url', '--url', 'grafana-url'] : ['orgId', '--org-id', 'org-id'];
  const used = override.show(override.used!);
  const environment = `the ${key} of environment "${context.environment}" (${override.show(override.environmentValue)}) in ${context.fileLabel}`;
  if (context.shell === 'action') {
    return (
      `${variable} (${used}) in the step's env is not ${environment}, and command apply writes to Grafana: ` +
      `remove ${variable} from the workflow's env: to use the environment's, or set the "${input}" input to ${used} to write there`
    );
  }
  return `${variable} (${used}) is not ${environment}, and this command writes to Grafana: unset ${variable} to use the environment's, or pass ${flag} to write to ${variable === 'GRAFANA_URL' ? used : `org ${used}`}`;
}
