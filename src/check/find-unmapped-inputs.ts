import type { Diagnostic } from '../errors.js';
import { describeUnmappedInput } from '../files/describe-unmapped-input.js';
import { locateJsonPath } from '../files/parse-json.js';
import { resolveInputs } from '../files/resolve-inputs.js';

/** Where a file's placeholders are: its text, the model (or spec) as written, and that model's JSON path in the text. */
export interface InputsSite {
  text: string;
  model: Record<string, unknown>;
  modelPath: (string | number)[];
}

/**
 * Pure: `check` on a config with environments and no `--env` — every `${DS_…}` placeholder
 * of a dashboard's spec or a library panel's model must be mapped by the inputs of every
 * environment (its own merged over the top level's). One diagnostic per input, naming the
 * environments that lack it and the config file.
 */
export function findUnmappedInputs(
  site: InputsSite,
  file: string,
  inputsByEnvironment: Record<string, Record<string, string>>,
  configFile: string,
): Diagnostic[] {
  const { model, modelPath, text } = site;
  if (!('__inputs' in model) && !text.includes('DS_')) return [];
  const missing = new Map<string, { path: (string | number)[]; environments: string[] }>();
  for (const [environment, inputs] of Object.entries(inputsByEnvironment)) {
    for (const input of resolveInputs(model, inputs).unmapped) {
      const entry = missing.get(input.name) ?? { path: input.path, environments: [] };
      entry.environments.push(environment);
      missing.set(input.name, entry);
    }
  }
  return [...missing].map(([name, { path, environments }]) => ({
    file,
    ...locateJsonPath(text, [...modelPath, ...path]),
    severity: 'error' as const,
    rule: 'input-unmapped',
    message: describeUnmappedInput(name, configFile, environments),
    environments,
  }));
}
