import { datasourceVariablesOf, mapDatasourceCurrents } from '../files/map-datasource-currents.js';

/**
 * Pure: the file's model with each datasource variable's `current` taken from Grafana's variable of that name (removed
 * where Grafana's has none), so that the pick is no change: Grafana's UI writes the data source picked last into it on
 * every save, and each environment's is its own (Grafana's "export for sharing" clears it). Classic
 * (`templating.list`, `type: "datasource"`) and v2 (`variables`, `DatasourceVariable`, its `spec.current`) models.
 * Returns `desired` itself where nothing differs.
 */
export function withDatasourceCurrentAsLive(desired: Record<string, unknown>, live: Record<string, unknown>): Record<string, unknown> {
  const liveCurrents = new Map<string, unknown>();
  for (const { name, holder } of datasourceVariablesOf(live)) if (!liveCurrents.has(name)) liveCurrents.set(name, holder.current);
  return mapDatasourceCurrents(desired, ({ name }, current) => (liveCurrents.has(name) ? liveCurrents.get(name) : current));
}
