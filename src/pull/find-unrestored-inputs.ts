import { inputValues, mapStrings, replacePlaceholders } from '../files/resolve-inputs.js';
import { dashboardParts, partAt } from '../files/dashboard-parts.js';
import { isDatasourceReference } from '../files/is-datasource-reference.js';
import type { FileForm } from '../files/restore-file-form.js';
import { withoutExportKeys } from '../files/without-export-keys.js';
import { joinAnd } from '../report/join-and.js';
import { BUILT_IN_DATASOURCE_UIDS, EXPRESSION_DATASOURCE_UIDS } from '../files/grafana-own-datasources.js';
import { groupBy } from '../group-by.js';

/** The inputs of a file pull could not put back in the form Grafana now stores, and why. */
export interface UnrestoredInputs {
  /** One clause per problem, naming the inputs and the literal that stays: `DS_A and DS_B both resolve to "prom" (2 places)`. */
  problems: string[];
  /** What the user can do, one clause per kind of problem. */
  advice: string[];
  /** Every input named in `problems`, sorted. */
  inputs: string[];
  /** This run's environment, for the `pull --force` command the refusal suggests. */
  environment?: string;
}

export interface InputsContext {
  /** This run's inputs map (the selected environment's merged over the top level's). */
  inputs: Record<string, string>;
  /** Every environment's inputs map, by name (Settings.environmentInputs). */
  environmentInputs: Record<string, Record<string, string>>;
  /** The selected environment, if any. */
  environment: string | undefined;
}

/**
 * Pure: which placeholders of `file` (an "export for sharing" file in another schema than Grafana now stores)
 * the restored document (`form`, restoreFileForm with `otherSchema`) does not hold again although their
 * datasource may sit in it as a literal; null when every one that matters is back. `live` is Grafana's
 * version (normalized). Problems:
 * - an input this run's `inputs` map gives no value: pull cannot tell where its datasource went;
 * - two inputs resolving to one literal that Grafana's version holds: pull cannot tell which it was;
 * - an input's value that stays a literal (at a place pull could not tie to the file's placeholder);
 * - a datasource literal no input of this run maps, where an input of the file is no longer held: another
 *   environment's datasource (named when an environment maps the input to it), or the placeholder's place
 *   changed to another datasource.
 * An input whose datasource is simply gone from Grafana's version (its panel was removed) is no problem.
 */
export function findUnrestoredInputs(file: Record<string, unknown>, live: Record<string, unknown>, form: FileForm, context: InputsContext): UnrestoredInputs | null {
  const { values, isInputName } = inputValues(file, context.inputs);
  const used = namesUsedIn(withoutExportKeys(file), isInputName);
  if (used.size === 0) return null;
  const problems: string[] = [];
  const advice = new Set<string>();
  const named = new Set<string>();
  const report = (names: string[], problem: string, what: string) => {
    problems.push(problem);
    advice.add(what);
    for (const name of names) named.add(name);
  };
  const written = form.kept ? withoutExportKeys(form.model) : live;
  const placed = form.kept ? namesUsedIn(written, isInputName) : new Set<string>();
  // Only datasource references count: a datasource's uid may well equal other text (a uid "prometheus" is its type too).
  const literals = datasourceLiterals(written);
  const fileLiterals = datasourceLiterals(withoutExportKeys(file));
  const inputsHome = context.environment === undefined ? 'the inputs map' : `environment "${context.environment}"'s inputs`;

  if (!form.kept && form.lost) report([...used].sort(), `its placeholders ${joinAnd([...used].sort())} ${form.lost}`, BY_HAND);
  const unmapped = [...used].filter((name) => !values.has(name)).sort();
  if (unmapped.length > 0) {
    report(unmapped, `${joinAnd(unmapped)} ${unmapped.length === 1 ? 'has' : 'have'} no value in this run's inputs, so pull cannot tell which datasource ${unmapped.length === 1 ? 'it' : 'each'} became`, `map ${joinAnd(unmapped)} in ${inputsHome} and pull again`);
  }
  const namesByValue = groupBy([...used].sort().filter((name) => values.has(name)), (name) => values.get(name)!);
  for (const [value, names] of namesByValue) {
    const left = (literals.get(value) ?? 0) - (fileLiterals.get(value) ?? 0);
    if (left <= 0) continue;
    const where = `${JSON.stringify(value)}, which stays a literal at ${places(left)}`;
    if (names.length > 1) report(names, `${joinAnd(names)} ${names.length === 2 ? 'both' : 'all'} resolve to ${where}`, BY_HAND);
    else report(names, `${names[0]}'s value is ${where} pull cannot tie to its placeholder`, BY_HAND);
  }

  const mapped = new Set(values.values());
  const unheld = [...used].filter((name) => values.has(name) && !placed.has(name)).sort();
  // A datasource the file itself named (a panel's own literal, fanned out to each of its queries in v2) is not new.
  for (const literal of literals.keys()) {
    if (mapped.has(literal) || fileLiterals.has(literal) || GRAFANA_OWN_DATASOURCES.has(literal)) continue;
    const others = otherEnvironmentsMapping(literal, used, context);
    if (others.length > 0) {
      const [environment, name] = others[0]!;
      report([name], `Grafana's version holds ${JSON.stringify(literal)}, environment "${environment}"'s value of ${name}, where this run ${values.has(name) ? `maps ${name} to ${JSON.stringify(values.get(name))}` : `does not map ${name}`}`, `pull with --env ${environment} if this Grafana is ${environment}'s, else ${BY_HAND}`);
    } else if (unheld.length > 0) {
      report(unheld, `${joinAnd(unheld)} ${unheld.length === 1 ? 'is' : 'are'} no longer held, and Grafana's version holds the datasource ${JSON.stringify(literal)}, which no input of this run maps`, `map the input to ${JSON.stringify(literal)} in ${inputsHome} and pull again if that is its datasource here`);
    }
  }
  for (const [name, where] of placesTaken(file, live, written, isInputName, values)) {
    if (!named.has(name)) report([name], `${name} is no longer held in ${where.join('; ')}, which Grafana's version still has`, BY_HAND);
  }
  if (problems.length === 0) return null;
  return { problems, advice: [...advice], inputs: [...named].sort(), ...(context.environment === undefined ? {} : { environment: context.environment }) };
}

const BY_HAND = 'write it with --force and put the placeholders back by hand';

/**
 * Grafana's own data sources (grafana-own-datasources.ts), which no input of this run's datasource became: a v2 save adds
 * one where a file had none (the built-in "Annotations & Alerts" annotation's `-- Grafana --`, which the UI adds to a
 * dashboard without it); a UI edit may turn a query into an expression.
 */
const GRAFANA_OWN_DATASOURCES: ReadonlySet<string> = new Set([...BUILT_IN_DATASOURCE_UIDS, ...EXPRESSION_DATASOURCE_UIDS]);

/**
 * Per input, the parts (panels by id, variables and annotations by name) that held its placeholder in the file,
 * that Grafana's version still has, and whose written form holds it no more: where another input's placeholder or
 * another datasource took its place, or a constant's value stays a literal. A datasource input's part that names
 * no datasource at all (its queries use the default) is no problem, nor is a part Grafana's version no longer has.
 */
function placesTaken(file: Record<string, unknown>, live: Record<string, unknown>, written: Record<string, unknown>, isInputName: (name: string) => boolean, values: Map<string, string>): Map<string, string[]> {
  const body = withoutExportKeys(file);
  const before = namesByPart(body, isInputName);
  const after = namesByPart(written, isInputName);
  const references = datasourceReferencesByPart(written);
  const liveParts = new Set(dashboardParts(live).map((part) => part.key));
  const taken = new Map<string, string[]>();
  for (const [key, names] of before) {
    if (!liveParts.has(key)) continue;
    for (const name of names) {
      if (after.get(key)?.has(name)) continue;
      const held = [...(references.get(key) ?? [])].sort();
      let where: string;
      if (name.startsWith('DS_')) {
        if (held.length === 0) continue;
        where = `${key} (its datasource is ${held.map((text) => JSON.stringify(text)).join(', ')} now)`;
      } else {
        const value = values.get(name);
        where = value === undefined ? key : `${key} (its value ${JSON.stringify(value)} stays a literal)`;
      }
      taken.set(name, [...(taken.get(name) ?? []), where]);
    }
  }
  return taken;
}

/** The input names whose placeholders each part of `model` holds. */
function namesByPart(model: Record<string, unknown>, isInputName: (name: string) => boolean): Map<string, Set<string>> {
  const parts = dashboardParts(model);
  const byPart = new Map<string, Set<string>>();
  mapStrings(model, [], (text, path) => {
    const part = partAt(parts, path);
    if (!part) return text;
    replacePlaceholders(text, isInputName, (name) => {
      byPart.set(part.key, (byPart.get(part.key) ?? new Set()).add(name));
      return undefined;
    });
    return text;
  });
  return byPart;
}

/** The datasource references (placeholders and literals) each part of `model` holds. */
function datasourceReferencesByPart(model: Record<string, unknown>): Map<string, Set<string>> {
  const parts = dashboardParts(model);
  const byPart = new Map<string, Set<string>>();
  mapStrings(model, [], (text, path) => {
    const part = partAt(parts, path);
    if (part && text !== '' && isDatasourceReference(path)) byPart.set(part.key, (byPart.get(part.key) ?? new Set()).add(text));
    return text;
  });
  return byPart;
}

/** Environments (other than this run's) that map one of the file's inputs to `literal`, with that input: [environment, input]. */
function otherEnvironmentsMapping(literal: string, used: Set<string>, context: InputsContext): [string, string][] {
  const found: [string, string][] = [];
  for (const [environment, inputs] of Object.entries(context.environmentInputs)) {
    if (environment === context.environment) continue;
    for (const name of [...used].sort()) if (inputs[name] === literal && context.inputs[name] !== literal) found.push([environment, name]);
  }
  return found;
}

/** Pure: the inputs of `file` (its `__inputs`, and every `DS_…` name) whose placeholders the strings of `model` hold, export keys left out, sorted. */
export function placeholderNames(model: Record<string, unknown>, file: Record<string, unknown>): string[] {
  return [...namesUsedIn(withoutExportKeys(model), inputValues(file, {}).isInputName)].sort();
}

/** The input names whose placeholders the strings of `model` hold. */
function namesUsedIn(model: Record<string, unknown>, isInputName: (name: string) => boolean): Set<string> {
  const names = new Set<string>();
  mapStrings(model, [], (text) => {
    replacePlaceholders(text, isInputName, (name) => {
      names.add(name);
      return undefined;
    });
    return text;
  });
  return names;
}

/** The literal datasource references of `model` (no placeholder), each with how many places hold it. */
function datasourceLiterals(model: Record<string, unknown>): Map<string, number> {
  const counts = new Map<string, number>();
  mapStrings(model, [], (text, path) => {
    if (isDatasourceReference(path) && !text.includes('$') && text !== '') counts.set(text, (counts.get(text) ?? 0) + 1);
    return text;
  });
  return counts;
}

function places(count: number): string {
  return count === 1 ? '1 place' : `${count} places`;
}
