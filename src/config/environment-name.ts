/**
 * An environment's name picks its credentials: `GRAFANA_TOKEN_<SUFFIX>` (or
 * `GRAFANA_USER_<SUFFIX>` + `GRAFANA_PASSWORD_<SUFFIX>`), where the suffix is the name in
 * upper case with `-` written as `_` (`prod-eu` → `GRAFANA_TOKEN_PROD_EU`). So a name may only
 * hold letters, digits, `-` and `_`, and two names may not map to the same suffix.
 */
export const ENVIRONMENT_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]*$';
const NAME = new RegExp(ENVIRONMENT_NAME_PATTERN);

export function isEnvironmentName(name: string): boolean {
  return NAME.test(name);
}

/** `prod-eu` → `PROD_EU`. Only meaningful for a name isEnvironmentName accepts. */
function environmentSuffix(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

/** The variables an environment's credentials come from, before the GRAFANA_TOKEN / GRAFANA_USER fallback. */
export function credentialVariables(name: string): { token: string; user: string; password: string } {
  const suffix = environmentSuffix(name);
  return { token: `GRAFANA_TOKEN_${suffix}`, user: `GRAFANA_USER_${suffix}`, password: `GRAFANA_PASSWORD_${suffix}` };
}

/**
 * The variables of environment `name`'s own credentials of the kind `from` names (GRAFANA_TOKEN, or GRAFANA_USER and
 * GRAFANA_PASSWORD), when it took those generic ones because its own are unset: a refusal names them as the ones to set.
 */
export function ownCredentialVariables(name: string, from: string): { names: string; are: 'is' | 'are' } {
  const own = credentialVariables(name);
  return from.startsWith('GRAFANA_USER') ? { names: `${own.user} and ${own.password}`, are: 'are' } : { names: own.token, are: 'is' };
}

/** Names that cannot map to a variable, and names that map to the same one; one problem each, at `placeOf(name)` (the file, and where the name is in it). */
export function findEnvironmentNameProblems(names: string[], placeOf: (name: string) => string): string[] {
  const problems: string[] = [];
  const bySuffix = new Map<string, string>();
  for (const name of names) {
    if (!isEnvironmentName(name)) {
      problems.push(
        `${placeOf(name)}: environment name ${JSON.stringify(name)} may only hold letters, digits, "-" and "_" (starting with a letter or digit), because it names the GRAFANA_TOKEN_<NAME> variable of its credentials`,
      );
      continue;
    }
    const suffix = environmentSuffix(name);
    const other = bySuffix.get(suffix);
    if (other !== undefined) {
      problems.push(`${placeOf(name)}: environments "${other}" and "${name}" would share the credentials GRAFANA_TOKEN_${suffix}: rename one`);
    } else {
      bySuffix.set(suffix, name);
    }
  }
  return problems;
}
