import { describeUnmappedInput } from '../files/describe-unmapped-input.js';
import { describeOwners, environmentValues, mayHoldEnvironmentValue, type EnvironmentInput } from '../files/find-environment-literals.js';
import { isDatasourcePlaceIn } from '../files/is-datasource-reference.js';
import { mapStrings } from '../files/resolve-inputs.js';
import { datasourceType, declaredDatasourceInput } from '../files/declared-datasource-input.js';

/** The config's environments as check --fix reads them for placeholders. */
interface EnvironmentsInputs {
  /** Each environment's inputs map, its own merged over the top level's (Settings.environmentInputs), in config order. */
  environmentInputs: Record<string, Record<string, string>>;
  /** The config file as shown to the user. */
  configFile: string;
}

/** A file's model with its environment literals written as placeholders, what that changed, and what it left. */
export interface PlacedDatasources {
  model: Record<string, unknown>;
  /** One per value written as a placeholder, for the file's `fixed` line (and one for the `__inputs` entries an export gets). */
  changes: string[];
  /** One per value left literal: its first place (a path in the model) and why. */
  left: { path: (string | number)[]; why: string }[];
}

type Decision = { name: string; holders: EnvironmentInput[] } | { why: (places: number, kind: string) => string };

/**
 * Pure: what `check --fix` makes of the literals `datasource-literal-of-env` warns about (findEnvironmentLiterals): each
 * becomes the placeholder of the one `DS_…` input whose value it is (`"prom-staging"`, staging's DS_PROMETHEUS, becomes
 * `"${DS_PROMETHEUS}"`), so every environment gets its own. A value that is two inputs' (in one environment, or one in
 * each, or one that differs and one every environment shares) stays literal: which one a place means cannot be told. So
 * does one of environments none of which deploys the file (`deployers`; a file made elsewhere may mean that datasource
 * on purpose), and one whose input an environment that deploys the file does not map: the placeholder would stop that
 * environment's plan (input-unmapped). `text`, the file's, is looked at first: most files hold none of these values.
 */
export function placeEnvironmentDatasources(model: Record<string, unknown>, text: string, deployers: readonly string[], config: EnvironmentsInputs): PlacedDatasources {
  const warned = environmentValues(config.environmentInputs);
  if (!mayHoldEnvironmentValue(text, warned)) return { model, changes: [], left: [] };
  const decisions = new Map<string, Decision>();
  const places = new Map<string, { path: (string | number)[]; count: number; kind: string }>();
  const pluginIds = new Map<string, string>();
  const isDatasourcePlace = isDatasourcePlaceIn(model);
  const written = mapStrings(model, [], (value, path) => {
    if (!isDatasourcePlace(path) || !warned.has(value)) return value;
    const seen = places.get(value);
    if (seen) seen.count += 1;
    else places.set(value, { path: [...path], count: 1, kind: path[path.length - 1] === 'name' ? 'name' : 'uid' });
    const decision = decisions.get(value) ?? decide(value, deployers, config);
    decisions.set(value, decision);
    if (!('name' in decision)) return value;
    const type = datasourceType(model, path);
    if (type !== undefined && !pluginIds.has(decision.name)) pluginIds.set(decision.name, type);
    return `\${${decision.name}}`;
  }) as Record<string, unknown>;
  const changes: string[] = [];
  const left: PlacedDatasources['left'] = [];
  for (const [value, { path, count, kind }] of places) {
    const decision = decisions.get(value)!;
    const more = count > 1 ? `; ${count} places` : '';
    if ('name' in decision) changes.push(`wrote "\${${decision.name}}" for datasource ${kind} ${JSON.stringify(value)} (${describeOwners(decision.holders)}${more})`);
    else left.push({ path, why: decision.why(count, kind) });
  }
  if (changes.length === 0) return { model, changes, left };
  const declared = declareInputs(written, [...decisions.values()].flatMap((decision) => ('name' in decision ? [decision.name] : [])), pluginIds);
  return { model: declared.model, changes: [...changes, ...declared.changes], left };
}

/**
 * An export's model (one with an `__inputs` list) with an entry for each placeholder written that it does not declare, as
 * Grafana's exporter writes one (declaredDatasourceInput), so an import into a Grafana asks for that data source too. A
 * model without `__inputs` stays as it is: the config's `inputs` resolve its placeholders.
 */
function declareInputs(model: Record<string, unknown>, names: readonly string[], pluginIds: ReadonlyMap<string, string>): { model: Record<string, unknown>; changes: string[] } {
  const inputs = model.__inputs;
  if (!Array.isArray(inputs)) return { model, changes: [] };
  const known = new Set(inputs.map((input) => (input !== null && typeof input === 'object' ? (input as { name?: unknown }).name : undefined)));
  const added = [...new Set(names)].filter((name) => !known.has(name)).sort();
  if (added.length === 0) return { model, changes: [] };
  return {
    model: { ...model, __inputs: [...inputs, ...added.map((name) => declaredDatasourceInput(name, pluginIds.get(name)))] },
    changes: [`declared ${added.map((name) => `"${name}"`).join(', ')} in __inputs`],
  };
}

/** The placeholder a literal becomes, or why it stays (worded with its count of places and whether it is a uid or a name). */
function decide(value: string, deployers: readonly string[], config: EnvironmentsInputs): Decision {
  const holders = holdersOf(value, config.environmentInputs);
  const names = [...new Set(holders.map((holder) => holder.name))].sort();
  const shown = JSON.stringify(value);
  const times = (places: number) => (places > 1 ? ` (${places} places)` : '');
  if (names.length > 1) {
    const placeholders = names.map((name) => `"\${${name}}"`).join(' or ');
    return { why: (places, kind) => `datasource ${kind} ${shown} is ${describeOwners(holders)}: which of them a place means cannot be told, so it is left as it is${times(places)}; write ${placeholders} there yourself` };
  }
  const name = names[0]!;
  const owners = new Set(holders.map((holder) => holder.environment));
  if (deployers.length > 0 && !deployers.some((environment) => owners.has(environment))) {
    const them = deployers.length === 1 ? `environment ${deployers[0]} does` : `environments ${deployers.join(', ')} do`;
    return {
      why: (places, kind) =>
        `datasource ${kind} ${shown} is ${describeOwners(holders)}, and ${owners.size === 1 ? 'that environment does' : 'those environments do'} not deploy this file (${them}): whether it means that datasource there cannot be told, so it is left as it is${times(places)}; to give each environment its own, write "\${${name}}" there yourself`,
    };
  }
  const unmapped = deployers.filter((environment) => config.environmentInputs[environment]?.[name] === undefined);
  if (unmapped.length > 0) {
    const where = unmapped.length === 1 ? `the plan of environment ${unmapped[0]}, which deploys` : `the plans of environments ${unmapped.join(', ')}, which deploy`;
    return {
      why: (places, kind) =>
        `datasource ${kind} ${shown} is ${describeOwners(holders)}, but "\${${name}}" would stop ${where} this file, so it is left as it is${times(places)}; ${describeUnmappedInput(name, config.configFile, unmapped)}, then run dashsync check --fix again`,
    };
  }
  return { name, holders };
}

/** Every environment's `DS_…` input whose value `value` is (those every environment shares too), in config order. */
function holdersOf(value: string, environmentInputs: Record<string, Record<string, string>>): EnvironmentInput[] {
  return Object.entries(environmentInputs).flatMap(([environment, inputs]) =>
    Object.keys(inputs)
      .sort()
      .filter((name) => name.startsWith('DS_') && inputs[name] === value)
      .map((name) => ({ environment, name })),
  );
}
