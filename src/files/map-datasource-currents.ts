import { isDatasourceVariable } from './is-datasource-reference.js';
import { isPlainObject } from './is-plain-object.js';

/** A datasource variable's name and the object that holds its `current` (the variable; a v2 variable's spec). */
export interface DatasourceVariableHolder {
  name: string;
  holder: Record<string, unknown>;
}

/** Pure: the datasource variables of a classic model (`templating.list`, `type: "datasource"`) or a v2 spec (`variables`, `DatasourceVariable`). */
export function datasourceVariablesOf(model: Record<string, unknown>): DatasourceVariableHolder[] {
  const { list, classic } = variableListOf(model);
  const found: DatasourceVariableHolder[] = [];
  if (list === undefined) return found;
  for (const variable of list) {
    const holder = datasourceVariable(variable, classic);
    if (holder !== undefined) found.push(holder);
  }
  return found;
}

/**
 * Pure: the model with each datasource variable's `current` replaced by `next(variable, current)` (`undefined`: removed).
 * Returns `model` itself where nothing differs.
 */
export function mapDatasourceCurrents(model: Record<string, unknown>, next: (variable: DatasourceVariableHolder, current: unknown) => unknown): Record<string, unknown> {
  const { list, classic } = variableListOf(model);
  if (list === undefined) return model;
  let changed = false;
  const mapped = list.map((variable) => {
    const found = datasourceVariable(variable, classic);
    if (found === undefined) return variable;
    const current = next(found, found.holder.current);
    if (current === found.holder.current) return variable;
    changed = true;
    const holder = { ...found.holder, current };
    if (current === undefined) delete holder.current;
    return classic ? holder : { ...(variable as Record<string, unknown>), spec: holder };
  });
  if (!changed) return model;
  return classic ? { ...model, templating: { ...(model.templating as Record<string, unknown>), list: mapped } } : { ...model, variables: mapped };
}

function variableListOf(model: Record<string, unknown>): { list: unknown[] | undefined; classic: boolean } {
  const classic = isPlainObject(model.templating) && Array.isArray(model.templating.list);
  const list = classic ? (model.templating as { list: unknown[] }).list : model.variables;
  return { list: Array.isArray(list) ? list : undefined, classic };
}

function datasourceVariable(variable: unknown, classic: boolean): DatasourceVariableHolder | undefined {
  if (!isPlainObject(variable) || !isDatasourceVariable(variable, classic)) return undefined;
  const holder = classic ? variable : variable.spec;
  return isPlainObject(holder) && typeof holder.name === 'string' ? { name: holder.name, holder } : undefined;
}
