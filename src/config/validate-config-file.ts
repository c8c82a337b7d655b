import { describeValue, isInputValue, isPlainObject } from './checks.js';
import { didYouMean } from './closest-name.js';
import { CONFIG_KEYS, ENVIRONMENT_KEYS, ENVIRONMENTS_KEY, TOP_LEVEL_KEYS, TOP_LEVEL_ONLY_KEYS, type ConfigKey, type ConfigValues } from './config-keys.js';
import { credentialVariables, findEnvironmentNameProblems, isEnvironmentName } from './environment-name.js';
import type { RawConfigFile } from './types.js';

/** dashsync.config.json, validated: only the values that passed their check. */
export interface ConfigFile {
  values: ConfigValues;
  /** By name, in the file's order. */
  environments: Record<string, ConfigValues>;
}

const CREDENTIAL_KEY = /token|password|passwd|secret|api[-_]?key|credential|auth/i;

/**
 * Where a problem is in the file, as its lines start: `dashsync.config.json:4:21` — the key of
 * the member at `path` for `'key'` (an unknown key, a bad name), else its value; the bare label
 * when the position is not known (a file given as a value, not text).
 */
export type ConfigPlace = (path: string[], part?: 'key' | 'value') => string;

/**
 * Pure: every key and value of the file against the CONFIG_KEYS table (the same table
 * dashsync.schema.json is built from), every environment included whether or not it is
 * selected. Returns what is valid and every problem, one line each, at its place in the file.
 */
export function validateConfigFile(raw: RawConfigFile, label: string, place: ConfigPlace = () => label): { config: ConfigFile; problems: string[] } {
  const problems: string[] = [];
  const values = validateLevel(raw, {
    known: TOP_LEVEL_KEYS,
    keys: Object.keys(CONFIG_KEYS) as ConfigKey[],
    keyLabel: (key) => `${place([key])}: "${key}"`,
    entryLabel: (key, entry) => `${place([key, entry])}: "${key}.${entry}"`,
    unknown: (key) => `${place([key], 'key')}: unknown key "${key}"${didYouMean(key, TOP_LEVEL_KEYS)}`,
    credential: (key) =>
      `${place([key], 'key')}: "${key}" looks like a credential; credentials belong in GRAFANA_TOKEN (or GRAFANA_USER and GRAFANA_PASSWORD), never in the config file`,
    problems,
  });
  const environments: Record<string, ConfigValues> = {};
  const rawEnvironments = raw[ENVIRONMENTS_KEY];
  if (rawEnvironments !== undefined && !isPlainObject(rawEnvironments)) {
    problems.push(
      `${place([ENVIRONMENTS_KEY])}: "${ENVIRONMENTS_KEY}" must be an object of environments such as { "staging": { "url": "https://…" } }, got ${describeValue(rawEnvironments)}`,
    );
  } else if (rawEnvironments !== undefined) {
    problems.push(...findEnvironmentNameProblems(Object.keys(rawEnvironments), (name) => place([ENVIRONMENTS_KEY, name], 'key')));
    for (const [name, rawEnvironment] of Object.entries(rawEnvironments)) {
      const where = (path: string[], part?: 'key' | 'value') => `${place([ENVIRONMENTS_KEY, name, ...path], part)}: "${ENVIRONMENTS_KEY}.${name}`;
      if (!isPlainObject(rawEnvironment)) {
        problems.push(`${where([])}" must be an object such as { "url": "https://…", "inputs": { … } }, got ${describeValue(rawEnvironment)}`);
        continue;
      }
      environments[name] = validateLevel(rawEnvironment, {
        known: ENVIRONMENT_KEYS,
        keys: ENVIRONMENT_KEYS,
        keyLabel: (key) => `${where([key])}.${key}"`,
        entryLabel: (key, entry) => `${where([key, entry])}.${key}.${entry}"`,
        unknown: (key) =>
          (TOP_LEVEL_ONLY_KEYS as readonly string[]).includes(key)
            ? `${where([key], 'key')}": "${key}" cannot differ between environments (one tree for all of them): set it at the top level`
            : `${where([key], 'key')}": unknown key "${key}"${didYouMean(key, ENVIRONMENT_KEYS)}`,
        credential: (key) => {
          const variables = isEnvironmentName(name) ? credentialVariables(name) : { token: 'GRAFANA_TOKEN_<NAME>', user: 'GRAFANA_USER_<NAME>', password: 'GRAFANA_PASSWORD_<NAME>' };
          return `${where([key], 'key')}": "${key}" looks like a credential; credentials belong in ${variables.token} (or ${variables.user} and ${variables.password}), never in the config file`;
        },
        problems,
      });
    }
  }
  return { config: { values, environments }, problems: inFileOrder(problems, label) };
}

/** Problems by their place in the file (`label:line:col: …`); those without one keep their order, after. */
function inFileOrder(problems: string[], label: string): string[] {
  const position = (problem: string): [number, number] => {
    const match = problem.startsWith(`${label}:`) ? /^:(\d+):(\d+):/.exec(problem.slice(label.length)) : null;
    return match ? [Number(match[1]), Number(match[2])] : [Infinity, Infinity];
  };
  return problems
    .map((problem, index) => ({ problem, index, at: position(problem) }))
    .sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1] || a.index - b.index)
    .map((entry) => entry.problem);
}

function validateLevel(
  raw: Record<string, unknown>,
  rules: {
    known: readonly string[];
    keys: readonly ConfigKey[];
    keyLabel: (key: string) => string;
    /** The label of one member of an object value (an input), at that member's value. */
    entryLabel: (key: string, entry: string) => string;
    unknown: (key: string) => string;
    credential: (key: string) => string;
    problems: string[];
  },
): ConfigValues {
  for (const key of Object.keys(raw)) {
    if (rules.known.includes(key)) continue;
    rules.problems.push(CREDENTIAL_KEY.test(key) ? rules.credential(key) : rules.unknown(key));
  }
  const values: Record<string, unknown> = {};
  for (const key of rules.keys) {
    if (!Object.hasOwn(raw, key) || raw[key] === undefined) continue;
    const result = CONFIG_KEYS[key].check(raw[key], rules.keyLabel(key));
    if (result.ok) values[key] = result.value;
    else rules.problems.push(...(findInputValueProblems(key, raw[key], rules.entryLabel) ?? [result.problem]));
  }
  return values as ConfigValues;
}

/** An `inputs` object with values that are no datasource uids: one problem at each such value (null when it is not such an object). */
function findInputValueProblems(key: ConfigKey, value: unknown, entryLabel: (key: string, entry: string) => string): string[] | null {
  if (key !== 'inputs' || !isPlainObject(value)) return null;
  const problems = Object.entries(value)
    .filter(([, input]) => !isInputValue(input))
    .map(([name, input]) => `${entryLabel(key, name)} must be ${describeInputExpected(input)}, got ${describeValue(input)}`);
  return problems.length > 0 ? problems : null;
}

function describeInputExpected(input: unknown): string {
  if (typeof input !== 'string') return 'a string (a datasource uid)';
  if (input.trim() === '') return 'a datasource uid (empty, it would point every panel using the input at no datasource: set the uid, or remove the input)';
  return 'a datasource uid without spaces at either end';
}
