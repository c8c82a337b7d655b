import type { Diagnostic } from '../errors.js';
import { describeUnmappedInput } from '../files/describe-unmapped-input.js';
import { locateJsonPath } from '../files/parse-json.js';
import { resolveInputs } from '../files/resolve-inputs.js';
import type { DashboardDocument } from './inspect-dashboard-document.js';

/**
 * Pure: `check` on a config with environments and no `--env` — every `${DS_…}` placeholder
 * of the file must be mapped by the inputs of every environment (its own merged over the
 * top level's). One diagnostic per input, naming the environments that lack it and the config file.
 */
export function findUnmappedInputs(
  document: DashboardDocument,
  file: string,
  inputsByEnvironment: Record<string, Record<string, string>>,
  configFile: string,
): Diagnostic[] {
  const { spec, specPath } = document.parts;
  if (!spec || (!('__inputs' in spec) && !document.text.includes('DS_'))) return [];
  const missing = new Map<string, { path: (string | number)[]; environments: string[] }>();
  for (const [environment, inputs] of Object.entries(inputsByEnvironment)) {
    for (const input of resolveInputs(spec, inputs).unmapped) {
      const entry = missing.get(input.name) ?? { path: input.path, environments: [] };
      entry.environments.push(environment);
      missing.set(input.name, entry);
    }
  }
  return [...missing].map(([name, { path, environments }]) => ({
    file,
    ...locateJsonPath(document.text, [...specPath, ...path]),
    severity: 'error' as const,
    rule: 'input-unmapped',
    message: describeUnmappedInput(name, configFile, environments),
  }));
}
