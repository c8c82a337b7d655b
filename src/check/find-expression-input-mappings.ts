import type { Settings } from '../config/types.js';
import type { Diagnostic } from '../errors.js';
import { EXPRESSION_DATASOURCE, EXPRESSION_DATASOURCE_UIDS } from '../files/grafana-own-datasources.js';

/** The files that declare each input as server-side expressions (expressionInputNames), as shown. */
type ExpressionInputFiles = ReadonlyMap<string, readonly string[]>;

const FILES_NAMED = 3;

/**
 * Pure: a warning at each mapping in the config file of an input that a file's `__inputs` declares as server-side
 * expressions (`pluginId: "__expr__"`, Grafana's `DS_EXPRESSION`) to anything but an expression uid. Grafana's import gives
 * such an input `__expr__` whatever it is mapped to (dash_template_evaluator.go: "force expressions value to `__expr__`";
 * its import form does not even offer a picker for it), and so does dashsync (inputValues): the mapping is not used there.
 * `environments`: the inputs maps judged, by environment (undefined: the run's own map, with no environment or its one).
 * One warning per mapping, naming the files, at its value; a mapping another environment's own `inputs` replaces is that one's.
 */
export function findExpressionInputMappings(
  files: ExpressionInputFiles,
  environments: readonly [string | undefined, Record<string, string>][],
  settings: Pick<Settings, 'configFile' | 'inputPlaces'>,
): Diagnostic[] {
  const mappings = new Map<string, { owner: string; name: string; value: string; files: string[] }>();
  for (const [name, declaring] of files) {
    for (const [environment, inputs] of environments) {
      const value = inputs[name];
      if (value === undefined || EXPRESSION_DATASOURCE_UIDS.has(value)) continue;
      const owner = environment !== undefined && settings.inputPlaces?.get(environment)?.has(name) ? environment : '';
      const key = `${owner}\u0000${name}`;
      mappings.set(key, mappings.get(key) ?? { owner, name, value, files: [...declaring] });
    }
  }
  return [...mappings.values()].map(({ owner, name, value, files: declaring }) => {
    const inputsOf = owner === '' ? '"inputs"' : `environment "${owner}"'s "inputs"`;
    const named = declaring.slice(0, FILES_NAMED).join(', ') + (declaring.length > FILES_NAMED ? ` and ${declaring.length - FILES_NAMED} more` : '');
    return {
      file: settings.configFile,
      ...settings.inputPlaces?.get(owner)?.get(name),
      severity: 'warning' as const,
      rule: 'input-expression-mapped',
      message:
        `input ${name} is mapped to ${JSON.stringify(value)}${owner === '' ? '' : ` for environment "${owner}"`}, but ${named} ${declaring.length === 1 ? 'declares' : 'declare'} it as ` +
        `Grafana's server-side expressions ("pluginId": "${EXPRESSION_DATASOURCE}" in "__inputs"), which Grafana's import sets to "${EXPRESSION_DATASOURCE}" whatever it is mapped to, ` +
        `and so does dashsync: this mapping is not used there. Remove ${name} from ${inputsOf} in ${settings.configFile}` +
        ` (a query that means another data source needs an input of its own)`,
    };
  });
}
