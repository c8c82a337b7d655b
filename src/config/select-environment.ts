import { didYouMean } from './closest-name.js';
import type { ConfigValues } from './config-keys.js';
import type { ConfigFile } from './validate-config-file.js';

export interface EnvironmentChoice {
  /** `--env` (flag), else DASHSYNC_ENV; undefined = not given. */
  flag: string | undefined;
  /** How errors name the flag: `--env`, or the Action's `the "environment" input`. */
  flagName?: string;
  /** The config file has problems of its own: "choose an environment" would only add noise. */
  fileHasProblems?: boolean;
  envVar: string | undefined;
  /** Commands that never talk to Grafana (check) may run without one. */
  offline: boolean;
}

/**
 * Pure: which environment of the config file this run uses. A name that is not defined is a
 * problem (with "did you mean"); so is a file with environments and no name, for a command
 * that talks to Grafana — running against the top level would use nobody's settings.
 */
export function selectEnvironment(
  config: ConfigFile,
  choice: EnvironmentChoice,
  fileLabel: string | undefined,
): { name: string | undefined; values: ConfigValues; problems: string[] } {
  const names = Object.keys(config.environments);
  const given = choice.flag !== undefined ? { name: choice.flag.trim(), from: choice.flagName ?? '--env' } : choice.envVar !== undefined ? { name: choice.envVar.trim(), from: 'DASHSYNC_ENV' } : undefined;
  const none = { name: undefined, values: {} };
  if (given === undefined || given.name === '') {
    if (names.length === 0 || choice.offline || choice.fileHasProblems) return { ...none, problems: [] };
    return {
      ...none,
      problems: [`${fileLabel} defines environments ${names.join(', ')}: choose one with --env NAME (or DASHSYNC_ENV, or the Action's "environment" input)`],
    };
  }
  const values = config.environments[given.name];
  if (values !== undefined) return { name: given.name, values, problems: [] };
  if (names.length === 0) {
    const where = fileLabel === undefined ? 'there is no dashsync.config.json to define it in' : `${fileLabel} defines no environments`;
    return { ...none, problems: [`${given.from} ${JSON.stringify(given.name)}: ${where} (add "environments": { "${given.name}": { "url": … } })`] };
  }
  return {
    ...none,
    problems: [`${given.from}: unknown environment ${JSON.stringify(given.name)}${didYouMean(given.name, names)}; ${fileLabel} defines ${names.join(', ')}`],
  };
}
