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
