import { isDatasourceVariable } from '../files/is-datasource-reference.js';
import { isPlainObject } from '../files/is-plain-object.js';

/**
 * Pure: the file's model with each datasource variable's `current` taken from Grafana's variable of that name (removed
 * where Grafana's has none), so that the pick is no change: Grafana's UI writes the data source picked last into it on
 * every save, and each environment's is its own (Grafana's "export for sharing" clears it). Classic
 * (`templating.list`, `type: "datasource"`) and v2 (`variables`, `DatasourceVariable`, its `spec.current`) models.
 * Returns `desired` itself where nothing differs.
 */
export function withDatasourceCurrentAsLive(desired: Record<string, unknown>, live: Record<string, unknown>): Record<string, unknown> {
  const classic = isPlainObject(desired.templating) && Array.isArray(desired.templating.list);
  const list = classic ? ((desired.templating as { list: unknown[] }).list) : desired.variables;
  if (!Array.isArray(list)) return desired;
  const liveList = classic ? (isPlainObject(live.templating) ? live.templating.list : undefined) : live.variables;
  const liveCurrents = new Map<string, unknown>();
  for (const variable of Array.isArray(liveList) ? liveList : []) {
    const found = datasourceVariable(variable, classic);
    if (found !== undefined && !liveCurrents.has(found.name)) liveCurrents.set(found.name, found.holder.current);
  }
  let changed = false;
  const taken = list.map((variable) => {
    const found = datasourceVariable(variable, classic);
    if (found === undefined || !liveCurrents.has(found.name)) return variable;
    const current = liveCurrents.get(found.name);
    if (current === found.holder.current) return variable;
    changed = true;
    const holder = { ...found.holder, current };
    if (current === undefined) delete holder.current;
    return classic ? holder : { ...(variable as Record<string, unknown>), spec: holder };
  });
  if (!changed) return desired;
  return classic ? { ...desired, templating: { ...(desired.templating as Record<string, unknown>), list: taken } } : { ...desired, variables: taken };
}

/** A datasource variable's name and the object that holds its `current` (the variable; a v2 variable's spec). */
function datasourceVariable(variable: unknown, classic: boolean): { name: string; holder: Record<string, unknown> } | undefined {
  if (!isPlainObject(variable) || !isDatasourceVariable(variable, classic)) return undefined;
  const holder = classic ? variable : variable.spec;
  return isPlainObject(holder) && typeof holder.name === 'string' ? { name: holder.name, holder } : undefined;
}
