import { joinAnd } from '../report/join-and.js';
import { inputValues, mapStrings, replacePlaceholders } from './resolve-inputs.js';

/** An input a file uses that the given environments render with different values. */
export interface DifferingInput {
  name: string;
  /** JSON path (in the model) of the first string that uses it. */
  path: (string | number)[];
  /** Each value, with the environments that give it, in the order given. */
  values: { value: string; environments: string[] }[];
}

/** An environment's name and its inputs map (its own merged over the top level's). */
export type EnvironmentInputs = readonly [environment: string, inputs: Readonly<Record<string, string>>];

/**
 * Pure: the names whose value is not the same in every one of these maps (missing in some counts as different).
 * Empty: no file can render differently under them, so none needs reading.
 */
export function namesMappedApart(maps: readonly EnvironmentInputs[]): string[] {
  const names = new Set(maps.flatMap(([, inputs]) => Object.keys(inputs)));
  return [...names].filter((name) => maps.some(([, inputs]) => inputs[name] !== maps[0]![1][name])).sort();
}

/** Pure: whether a file's JSON text may use one of `names` (none: nothing to parse). A `\u` escape could spell one. */
export function mayUseAny(text: string, names: readonly string[]): boolean {
  return names.length > 0 && (names.some((name) => text.includes(name)) || text.includes('\\u'));
}

/**
 * Pure: the inputs of `model` (a dashboard's model or spec, a library panel's model, as written) that these environments
 * resolve to different values, each with the first place it is used (in the model's order). An input some environment
 * does not map at all is left out: that is `input-unmapped`, and that environment renders nothing. A constant of
 * `__inputs` counts as the value of an environment that does not map its name, as resolveInputs uses it.
 */
export function findDifferingInputs(model: Record<string, unknown>, environments: readonly EnvironmentInputs[]): DifferingInput[] {
  if (environments.length < 2) return [];
  const resolved = environments.map(([environment, inputs]) => ({ environment, ...inputValues(model, inputs) }));
  const { isInputName } = resolved[0]!;
  const used = new Map<string, (string | number)[]>();
  mapStrings(model, [], (text, path) =>
    replacePlaceholders(text, isInputName, (name) => {
      if (!used.has(name)) used.set(name, [...path]);
      return undefined;
    }),
  );
  const differing: DifferingInput[] = [];
  for (const [name, path] of used) {
    const values: DifferingInput['values'] = [];
    for (const { environment, values: map } of resolved) {
      const value = map.get(name);
      if (value === undefined) break;
      const same = values.find((entry) => entry.value === value);
      if (same) same.environments.push(environment);
      else values.push({ value, environments: [environment] });
    }
    const everyOneMaps = values.reduce((count, entry) => count + entry.environments.length, 0) === resolved.length;
    if (everyOneMaps && values.length > 1) differing.push({ name, path, values });
  }
  return differing;
}

/** `DS_PROM is "prom-dev" in dev and qa, "prom-prod" in prod; DS_LOKI is …` (values as JSON strings). */
export function describeDifferingInputs(differing: readonly DifferingInput[]): string {
  return differing
    .map(({ name, values }) => `${name} is ${values.map(({ value, environments }) => `${JSON.stringify(value)} in ${joinAnd(environments)}`).join(', ')}`)
    .join('; ');
}
