import { EXPRESSION_DATASOURCE, EXPRESSION_DATASOURCE_UIDS } from './grafana-own-datasources.js';

interface UnmappedInput {
  name: string;
  /** JSON path of the first string that uses it. */
  path: (string | number)[];
}

export interface ResolvedInputs {
  model: Record<string, unknown>;
  unmapped: UnmappedInput[];
  /** Some placeholder was replaced by its value: the model is not the one given any more. */
  replaced: boolean;
}

/** `${NAME}` or `$NAME`; which names count as inputs is decided by `isInputName`. */
const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}|\$([A-Za-z0-9_]+)/g;

/**
 * Replaces the placeholders of "Export for sharing externally" in every string of the
 * model. Inputs are the names the export declares in `__inputs` plus any `DS_*` name;
 * other `$names` are dashboard variables and stay as they are. A constant input with a
 * `value` in `__inputs` uses it when `inputs` does not map the name; an expression input is `__expr__` (inputValues). Pure.
 */
export function resolveInputs(model: Record<string, unknown>, inputs: Record<string, string>): ResolvedInputs {
  const { values, isInputName } = inputValues(model, inputs);

  const unmapped = new Map<string, UnmappedInput>();
  let replaced = false;
  const replaceIn = (text: string, path: (string | number)[]): string =>
    replacePlaceholders(text, isInputName, (name) => {
      const value = values.get(name);
      if (value === undefined) {
        if (!unmapped.has(name)) unmapped.set(name, { name, path: [...path] });
      } else replaced = true;
      return value;
    });
  const resolved = mapStrings(model, [], replaceIn) as Record<string, unknown>;
  return { model: resolved, unmapped: [...unmapped.values()], replaced };
}

/** Pure: inputs that give each input named in `renderings` its own placeholder (`${DS_X}`), as a dashboard imported with its placeholders unresolved holds it. */
export function placeholdersAsText(renderings: readonly Record<string, string>[]): Record<string, string> {
  const names = new Set(renderings.flatMap((inputs) => Object.keys(inputs)));
  return Object.fromEntries([...names].map((name) => [name, `\${${name}}`]));
}

/**
 * Pure: whether the JSON text of a model may hold a placeholder of a `DS_*` input (`${DS_…}`,
 * `$DS_…`), the only inputs there are when it declares no `__inputs`. False means resolveInputs
 * would replace nothing: no string holds these marks, and no `\u` escape could write one of
 * their characters (JSON's other escapes write none of them).
 */
export function mayHoldDsPlaceholder(text: string | Buffer): boolean {
  return text.includes('$DS_') || text.includes('${DS_') || text.includes('\\u');
}

/**
 * The value of each input a file may use (the config's `inputs`, then constants of `__inputs`), and which `$names` are inputs.
 * An `__inputs` datasource of server-side expressions (`pluginId: "__expr__"`, the `DS_EXPRESSION` Grafana's export writes)
 * is `__expr__` whatever else the config says, as Grafana's import makes it (EXPRESSION_DATASOURCE); the config's mapping
 * stays where it is an expression uid itself (`-100`: EXPRESSION_DATASOURCE_UIDS).
 */
export function inputValues(
  model: Record<string, unknown>,
  inputs: Record<string, string>,
): { values: Map<string, string>; isInputName: (name: string) => boolean } {
  const values = new Map(Object.entries(inputs));
  const declared = declaredInputs(model.__inputs);
  for (const [name, input] of declared) {
    // The config's `-100` (the expression datasource's older uid, which older dashboards hold) is kept: pull writes that
    // input's placeholder where the model held it, and apply must give it back.
    if (input.forced && !EXPRESSION_DATASOURCE_UIDS.has(values.get(name) ?? '')) values.set(name, input.value);
    else if (!values.has(name) && input.value !== undefined) values.set(name, input.value);
  }
  return { values, isInputName: (name) => declared.has(name) || name.startsWith('DS_') };
}

/** How a file uses inputs as server-side expressions (findExpressionInputMappings): names, sorted. */
export interface ExpressionInputNames {
  /** Its `__inputs` declare them with `pluginId: "__expr__"`: inputValues gives them `__expr__` whatever they are mapped to. */
  declared: string[];
  /**
   * `DS_…` inputs it writes as the uid of a server-side expressions reference (`{"type": "__expr__", "uid": "${DS_EXPRESSION}"}`,
   * as Grafana's export writes an expression query) without an `__inputs` entry for them (a library panel file has none):
   * these get the config's mapping.
   */
  undeclared: string[];
}

const WHOLE_PLACEHOLDER = /^\$\{([A-Za-z0-9_]+)\}$|^\$([A-Za-z0-9_]+)$/;

/** Pure: the inputs a model (as written: placeholders and `__inputs` kept) uses as server-side expressions. */
export function expressionInputUses(model: Record<string, unknown>): ExpressionInputNames {
  const declared = declaredInputs(model.__inputs);
  const undeclared = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const { type, uid } = value as Record<string, unknown>;
    if (type === EXPRESSION_DATASOURCE && typeof uid === 'string') {
      const match = WHOLE_PLACEHOLDER.exec(uid.trim());
      const name = match?.[1] ?? match?.[2];
      if (name !== undefined && name.startsWith('DS_') && !declared.has(name)) undeclared.add(name);
    }
    for (const item of Object.values(value)) visit(item);
  };
  for (const [key, value] of Object.entries(model)) if (key !== '__inputs') visit(value);
  return {
    declared: [...declared].filter(([, input]) => input.forced === true).map(([name]) => name).sort(),
    undeclared: [...undeclared].sort(),
  };
}

/** Every `${NAME}` / `$NAME` placeholder of an input in `text`, replaced by `replace(name)` (undefined = left as it is). */
export function replacePlaceholders(text: string, isInputName: (name: string) => boolean, replace: (name: string) => string | undefined): string {
  if (!text.includes('$')) return text;
  return text.replace(PLACEHOLDER, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    return isInputName(name) ? (replace(name) ?? whole) : whole;
  });
}

/** An `__inputs` entry's own value: a constant's default, or the expression datasource's, which no mapping changes (`forced`). */
type DeclaredInput = { value: string | undefined; forced?: false } | { value: string; forced: true };

function declaredInputs(raw: unknown): Map<string, DeclaredInput> {
  const declared = new Map<string, DeclaredInput>();
  if (!Array.isArray(raw)) return declared;
  for (const input of raw) {
    if (!input || typeof input !== 'object') continue;
    const { name, type, value, pluginId } = input as Record<string, unknown>;
    if (typeof name !== 'string' || name === '') continue;
    if (type === 'datasource' && pluginId === EXPRESSION_DATASOURCE) declared.set(name, { value: EXPRESSION_DATASOURCE, forced: true });
    else declared.set(name, { value: type === 'constant' && typeof value === 'string' ? value : undefined });
  }
  return declared;
}

/** Copies `value`, passing every string through `map`. Objects without strings changed are still copied. */
export function mapStrings(
  value: unknown,
  path: (string | number)[],
  map: (text: string, path: (string | number)[]) => string,
): unknown {
  if (typeof value === 'string') return map(value, path);
  if (Array.isArray(value)) {
    return value.map((item, index) => {
      path.push(index);
      const result = mapStrings(item, path, map);
      path.pop();
      return result;
    });
  }
  if (value && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      path.push(key);
      // defineProperty keeps a `__proto__` key an ordinary property, as JSON.parse made it.
      Object.defineProperty(result, key, { value: mapStrings(item, path, map), enumerable: true, writable: true, configurable: true });
      path.pop();
    }
    return result;
  }
  return value;
}
