import type { Settings } from '../config/types.js';
import type { Diagnostic } from '../errors.js';
import type { ExpressionInputFiles } from '../files/expression-input-files.js';
import { EXPRESSION_DATASOURCE, EXPRESSION_DATASOURCE_UIDS } from '../files/grafana-own-datasources.js';

const FILES_NAMED = 3;

/**
 * Pure: a warning at each mapping in the config file of an input that files use as server-side expressions to anything but
 * an expression uid (check, and plan once per mapping). Where a file's `__inputs` declare it (`pluginId: "__expr__"`,
 * Grafana's `DS_EXPRESSION`), Grafana's import gives it `__expr__` whatever it is mapped to (dash_template_evaluator.go:
 * "force expressions value to `__expr__`"; its import form does not even offer a picker for it), and so does dashsync
 * (inputValues): the mapping is not used there. Where a file writes it as the uid of an expression reference with no
 * `__inputs` entry (a library panel file, which has no `__inputs`; Grafana's import evaluates the `__elements` of the export
 * with the dashboard's inputs, service.go), dashsync gives it the mapping: an expression query pointed at that data source.
 * `environments`: the inputs maps judged, by environment (undefined: the run's own map, with no environment or its one).
 * One warning per mapping, naming the files, at its value; a mapping another environment's own `inputs` replaces is that one's.
 */
export function findExpressionInputMappings(
  files: ExpressionInputFiles,
  environments: readonly [string | undefined, Record<string, string>][],
  settings: Pick<Settings, 'configFile' | 'inputPlaces'>,
): Diagnostic[] {
  const mappings = new Map<string, { owner: string; name: string; value: string }>();
  for (const name of [...new Set([...files.declared.keys(), ...files.undeclared.keys()])].sort()) {
    for (const [environment, inputs] of environments) {
      const value = inputs[name];
      if (value === undefined || EXPRESSION_DATASOURCE_UIDS.has(value)) continue;
      const owner = environment !== undefined && settings.inputPlaces?.get(environment)?.has(name) ? environment : '';
      const key = `${owner}\u0000${name}`;
      if (!mappings.has(key)) mappings.set(key, { owner, name, value });
    }
  }
  return [...mappings.values()].map(({ owner, name, value }) => {
    const inputsOf = owner === '' ? '"inputs"' : `environment "${owner}"'s "inputs"`;
    const declared = files.declared.get(name) ?? [];
    const undeclared = files.undeclared.get(name) ?? [];
    const uses = [
      ...(declared.length === 0 ? [] : [
        `${nameFiles(declared)} ${declared.length === 1 ? 'declares' : 'declare'} it as Grafana's server-side expressions ("pluginId": "${EXPRESSION_DATASOURCE}" in "__inputs"), ` +
          `which Grafana's import sets to "${EXPRESSION_DATASOURCE}" whatever it is mapped to, and so does dashsync: this mapping is not used there`,
      ]),
      ...(undeclared.length === 0 ? [] : [
        `${nameFiles(undeclared)} ${undeclared.length === 1 ? 'writes' : 'write'} \${${name}} as the uid of a server-side expression query ("type": "${EXPRESSION_DATASOURCE}") ` +
          `with no "__inputs" entry that says so (a library panel file has none), so dashsync writes ${JSON.stringify(value)} there, where Grafana's import of the export writes "${EXPRESSION_DATASOURCE}"`,
      ]),
    ];
    const advice = undeclared.length === 0 ? `Remove ${name} from ${inputsOf}` : `Map ${name} to "${EXPRESSION_DATASOURCE}" in ${inputsOf}`;
    return {
      file: settings.configFile,
      ...settings.inputPlaces?.get(owner)?.get(name),
      severity: 'warning' as const,
      rule: 'input-expression-mapped',
      // Every file the message names (or counts): a run over several environments says it once where one plan's hold the others' (treeWarningsOfRun).
      files: [...new Set([...declared, ...undeclared])].sort(),
      message:
        `input ${name} is mapped to ${JSON.stringify(value)}${owner === '' ? '' : ` for environment "${owner}"`}, but ${uses.join('; and ')}. ` +
        `${advice} in ${settings.configFile} (a query that means another data source needs an input of its own)`,
    };
  });
}

function nameFiles(files: readonly string[]): string {
  return files.slice(0, FILES_NAMED).join(', ') + (files.length > FILES_NAMED ? ` and ${files.length - FILES_NAMED} more` : '');
}
