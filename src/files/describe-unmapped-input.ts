/** Where an input's mapping belongs: the config file in use and the selected environment (Settings' fields of those names). */
export interface InputsHome {
  /** The config file as shown to the user; `dashsync.config.json` when there is none (where it would go). */
  configFile: string;
  /** The selected environment; undefined when none is. */
  environment: string | undefined;
}

/** Where inputs go when the caller does not say: the default config file, no environment. */
export const DEFAULT_INPUTS_HOME: InputsHome = { configFile: 'dashsync.config.json', environment: undefined };

/**
 * Pure: the `input-unmapped` message for input `name`, naming the config file in use and, for
 * environments, the place in it where the mapping goes: the environment's own `"inputs"`, or
 * the top-level `"inputs"` that every environment's map is laid over.
 * `environments`: those the input is missing for (the selected one; several for `check`
 * without --env); none = a config without environments, or none selected.
 */
export function describeUnmappedInput(name: string, configFile: string, environments: readonly string[] = []): string {
  const value = `"${name}": "<datasource uid>"`;
  if (environments.length === 0) return `input ${name} is not mapped: add "inputs": { ${value} } to ${configFile}`;
  const topLevel = 'or to the top-level "inputs" for every environment';
  if (environments.length === 1) {
    const [environment] = environments;
    return `input ${name} is not mapped for environment ${environment}: add ${value} to the "inputs" of environment "${environment}" (under "environments") in ${configFile}, ${topLevel}`;
  }
  return `input ${name} is not mapped for environments ${environments.join(', ')}: add ${value} to the "inputs" of each of them (under "environments") in ${configFile}, ${topLevel}`;
}

/** The home named by settings (or what of it they hold: a caller without a config file gets the default). */
export function inputsHomeOf(settings: { configFile?: string; environment?: string }): InputsHome {
  return { configFile: settings.configFile ?? DEFAULT_INPUTS_HOME.configFile, environment: settings.environment };
}

/** Pure: describeUnmappedInput for the selected environment, if any. */
export function describeUnmappedInputIn(name: string, home: InputsHome): string {
  return describeUnmappedInput(name, home.configFile, home.environment === undefined ? [] : [home.environment]);
}
