import { parseCommittedJson } from '../git/parse-committed-json.js';

/**
 * Pure: the inputs a committed config text gave `environment` (its own merged over the top level's, key by key; the top
 * level's alone for a run without environments), as the run at that commit resolved them. Null where that text tells
 * nothing: none committed, not a JSON object, or no such environment then (a config without `environments` gives its top
 * level's inputs for any: that commit deployed them to the one Grafana it had). Values that are no strings are left out (that
 * commit's run refused them).
 */
export function inputsOfCommittedConfig(text: string | null | undefined, environment: string | undefined): Record<string, string> | null {
  if (typeof text !== 'string') return null;
  const config = parseCommittedJson(text);
  if (!isObject(config)) return null;
  const top = stringsOf(config.inputs);
  if (environment === undefined) return top;
  const environments = config.environments;
  // A config of one Grafana, before `environments` (review-66a L6): what a run at that commit deployed, wherever it deployed.
  if (environments === undefined) return top;
  if (!isObject(environments) || !isObject(environments[environment])) return null;
  return { ...top, ...stringsOf(environments[environment].inputs) };
}

/** Pure: whether two inputs maps map the same names to the same values. */
export function sameInputs(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringsOf(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
