import { mapStrings } from '../files/resolve-inputs.js';
import { isDatasourcePlaceIn } from '../files/is-datasource-reference.js';
import { BUILT_IN_DATASOURCE_UIDS } from '../files/grafana-own-datasources.js';
import { datasourceType, declaredDatasourceInput } from '../files/declared-datasource-input.js';
import { groupBy } from '../group-by.js';

/** A new file's datasource references written as this run's `${DS_…}` placeholders, and those left literal. */
export interface PlacedInputs {
  /** The model or spec to write: with `__inputs` declaring each placeholder written when any was. */
  model: Record<string, unknown>;
  /** Each input written, with the datasource it stands for in this run, sorted by name. */
  placed: { name: string; value: string }[];
  /** Datasources left literal because two or more inputs map to them: the value and those inputs. */
  ambiguous: { value: string; names: string[] }[];
}

/**
 * Pure: the model pull writes for a dashboard that has no file yet. A datasource reference
 * (`datasource.uid`, a v2 query's `datasource.name`, a `datasource` string) whose text is the value of
 * exactly one `DS_…` input of this run (`inputs`: the selected environment's merged over the top
 * level's) becomes that input's placeholder, so another environment's plan gets its own datasource
 * instead of this one's; the model then gets an `__inputs` list (as an "export for sharing" has) declaring
 * them. Where two inputs map to the same datasource the literal stays: pull cannot tell which was meant. Grafana's
 * built-in data sources (`-- Grafana --`, `-- Mixed --`, …) stay literal whatever the inputs map, as Grafana's export
 * leaves them (BUILT_IN_DATASOURCE_UIDS); an expression (`__expr__`) becomes a placeholder only where an input maps it, and
 * that input's `pluginId` is `__expr__`, which any Grafana import resolves to `__expr__` (dashsync to the mapped
 * `-100` where that is the input's value).
 * Resolving the result with `inputs` gives back `model` (`__inputs` aside). `declare: false` writes no `__inputs`
 * (a library panel file's model: its format has no place for them, and the config's `inputs` resolve it anyway).
 */
export function placeNewFileInputs(model: Record<string, unknown>, inputs: Record<string, string>, options: { declare?: boolean } = {}): PlacedInputs {
  const placeable = Object.entries(inputs).filter(([name, value]) => name.startsWith('DS_') && value !== '' && !value.includes('$') && !BUILT_IN_DATASOURCE_UIDS.has(value));
  const namesByValue = groupBy(placeable, ([, value]) => value, ([name]) => name);
  const placed = new Map<string, string>();
  const ambiguous = new Map<string, string[]>();
  const pluginIds = new Map<string, string>();
  const isDatasourcePlace = isDatasourcePlaceIn(model);
  const written = mapStrings(model, [], (text, path) => {
    const names = isDatasourcePlace(path) ? namesByValue.get(text) : undefined;
    if (names === undefined) return text;
    if (names.length > 1) {
      ambiguous.set(text, [...names].sort());
      return text;
    }
    const name = names[0]!;
    placed.set(name, text);
    const type = datasourceType(model, path);
    if (type !== undefined && !pluginIds.has(name)) pluginIds.set(name, type);
    return `\${${name}}`;
  }) as Record<string, unknown>;
  if (placed.size === 0) return { model, placed: [], ambiguous: [...ambiguous].map(([value, names]) => ({ value, names })) };

  const names = [...placed.keys()].sort();
  const declared = names.map((name) => declaredDatasourceInput(name, pluginIds.get(name)));
  return {
    model: options.declare === false ? written : { __inputs: declared, ...written },
    placed: names.map((name) => ({ name, value: placed.get(name)! })),
    ambiguous: [...ambiguous].map(([value, names]) => ({ value, names })),
  };
}
