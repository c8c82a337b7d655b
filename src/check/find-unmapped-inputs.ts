import type { Diagnostic } from '../errors.js';
import { locateJsonPath } from '../files/parse-json.js';
import { resolveInputs } from '../files/resolve-inputs.js';
import type { DashboardDocument } from './inspect-dashboard-document.js';

/**
 * Pure: `check` on a config with environments and no `--env` — every `${DS_…}` placeholder
 * of the file must be mapped by the inputs of every environment (its own merged over the
 * top level's). One diagnostic per input, naming the environments that lack it.
 */
export function findUnmappedInputs(
  document: DashboardDocument,
  file: string,
  inputsByEnvironment: Record<string, Record<string, string>>,
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
    message:
      `input ${name} is not mapped for environment${environments.length === 1 ? '' : 's'} ${environments.join(', ')}: ` +
      `add "${name}": "<datasource uid>" to the "inputs" of ${environments.length === 1 ? 'that environment' : 'each'} (or to the top-level "inputs") in dashsync.config.json`,
  }));
}
