import type { Diagnostic } from '../errors.js';
import type { Shell } from '../describe-error.js';
import { locateJsonPath } from './parse-json.js';
import { mapStrings } from './resolve-inputs.js';
import { isDatasourcePlaceIn } from './is-datasource-reference.js';
import { groupBy } from '../group-by.js';

/** An environment's `DS_…` input whose value a literal datasource reference holds. */
export interface EnvironmentInput {
  environment: string;
  name: string;
}

/**
 * Pure: with environments configured (`environmentInputs`: each one's inputs map, merged over the top level's),
 * a warning for each datasource reference of the model (`datasource.uid`, a v2 query's `datasource.name`, a
 * `datasource` string) that is a literal equal to some environment's value of a `DS_…` input another environment
 * maps elsewhere or not at all: every environment would get that one's datasource. One per value, at its first place, naming
 * every such input of every environment (two inputs may share a datasource in one environment).
 * `model` is the model or spec as written, at `modelPath` in `text`.
 */
export function findEnvironmentLiterals(
  site: { text: string; model: Record<string, unknown>; modelPath: (string | number)[] },
  file: string,
  environmentInputs: Record<string, Record<string, string>>,
): Diagnostic[] {
  const byValue = environmentValues(environmentInputs);
  if (!mayHoldEnvironmentValue(site.text, byValue)) return [];
  const found = new Map<string, { path: (string | number)[]; places: number }>();
  const isDatasourcePlace = isDatasourcePlaceIn(site.model);
  mapStrings(site.model, [], (text, path) => {
    if (!isDatasourcePlace(path) || !byValue.has(text)) return text;
    const seen = found.get(text);
    found.set(text, seen ? { ...seen, places: seen.places + 1 } : { path: [...path], places: 1 });
    return text;
  });
  return [...found].map(([value, { path, places }]) => {
    const owners = byValue.get(value)!;
    const more = places > 1 ? ` (${places} places)` : '';
    const names = [...new Set(owners.map((owner) => owner.name))].sort();
    const placeholders = names.map((name) => `"\${${name}}"`).join(' or ');
    const which = names.length > 1 ? ' (the one this place means)' : '';
    const lacking = Object.keys(environmentInputs).filter((environment) => names.every((name) => environmentInputs[environment]![name] === undefined));
    // Only then is the placeholder check --fix's to write: one input, and every environment maps it.
    const fix = names.length === 1 && lacking.length === 0 ? `; ${CHECK_FIX} ${WRITES}` : '';
    return {
      file,
      ...locateJsonPath(site.text, [...site.modelPath, ...path]),
      severity: 'warning' as const,
      rule: 'datasource-literal-of-env',
      message: `datasource ${path[path.length - 1] === 'name' ? 'name' : 'uid'} ${JSON.stringify(value)} is ${describeOwners(owners)}${describeLacking(lacking, names)}: ${lacking.length > 0 ? `map ${names.join(' or ')} there and ` : ''}write ${placeholders}${which} so each environment gets its own${more}${fix}`,
    };
  });
}

/** The command the warning names as its remedy; a run's own flags replace it (withCheckFixCommand). */
const CHECK_FIX = 'dashsync check --fix';
const WRITES = 'writes it, or says why not';

/** `, and environment production maps no DS_TEMPO (where it deploys this file, it gets this datasource too)`. */
function describeLacking(lacking: readonly string[], names: readonly string[]): string {
  if (lacking.length === 0) return '';
  const who = lacking.length === 1 ? `environment ${lacking[0]} maps` : `environments ${lacking.join(', ')} map`;
  return `, and ${who} no ${names.join(' or ')} (where ${lacking.length === 1 ? 'it deploys' : 'they deploy'} this file, ${lacking.length === 1 ? 'it gets' : 'they get'} this datasource too)`;
}

/**
 * Diagnostics with the remedy check --fix named as this run would run it (renderNextCommand's `command`: its --config,
 * --root…). In the Action (`shell`), whose step cannot write the branch, the command is one to run in a checkout of it.
 */
export function withCheckFixCommand<T extends { rule: string; message: string }>(diagnostics: T[], command: string, shell: Shell = 'cli'): T[] {
  if (command === CHECK_FIX && shell === 'cli') return diagnostics;
  const remedy = `${CHECK_FIX} ${WRITES}`;
  const words = shell === 'action' ? `in a checkout of this branch, ${command} ${WRITES} (then commit the files it changed)` : `${command} ${WRITES}`;
  return diagnostics.map((d) => (d.rule === 'datasource-literal-of-env' && d.message.includes(remedy) ? { ...d, message: d.message.replace(remedy, words) } : d));
}

/** A cheap look at a file's text first: most files hold none of these values (false: its model holds none either). */
export function mayHoldEnvironmentValue(text: string, byValue: ReadonlyMap<string, unknown>): boolean {
  return byValue.size > 0 && [...byValue.keys()].some((value) => text.includes(JSON.stringify(value).slice(1, -1)));
}

/**
 * Each value some environment gives a `DS_…` input that another environment maps to something else, or does not map (a file
 * it deploys would get this one's datasource): every such environment and input, in config order.
 */
export function environmentValues(environmentInputs: Record<string, Record<string, string>>): Map<string, EnvironmentInput[]> {
  const byValue = new Map<string, EnvironmentInput[]>();
  const environments = Object.entries(environmentInputs);
  for (const [environment, inputs] of environments) {
    for (const name of Object.keys(inputs).sort()) {
      const value = inputs[name]!;
      if (!name.startsWith('DS_') || value === '') continue;
      const differs = environments.some(([, other]) => other[name] !== value);
      if (differs) byValue.set(value, [...(byValue.get(value) ?? []), { environment, name }]);
    }
  }
  return byValue;
}

/** `environment staging's DS_A and DS_B and environment production's DS_C`. */
export function describeOwners(owners: EnvironmentInput[]): string {
  const byEnvironment = groupBy(owners, ({ environment }) => environment, ({ name }) => name);
  return [...byEnvironment].map(([environment, names]) => `environment ${environment}'s ${names.join(' and ')}`).join(' and ');
}
