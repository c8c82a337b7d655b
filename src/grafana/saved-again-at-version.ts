/** The save of a dashboard a plan saw: its version number and that save's time (LiveDashboardState.version, updated). */
export interface PlannedSave {
  version: number;
  at: string;
}

/** What a plan recorded of the save it saw (undefined: no time, a plan that did not record it). Pure. */
export function plannedSaveOf(live: { version: number; updated?: string }): PlannedSave | undefined {
  return live.updated ? { version: live.version, at: live.updated } : undefined;
}

/**
 * Whether the dashboard read now holds another save than the plan saw under the same version number: Grafana's database
 * restored from an earlier backup gives the numbers out again, and a save made since reaches the planned one, which the
 * version (`/api`), or the generation (`/apis`, and `/api` on unified storage), then lets through. That save's time tells
 * them apart: legacy SQL stamps `updated` on every save, and unified storage moves `grafana.app/updatedTimestamp` only
 * with the generation (`pkg/storage/unified/apistore/prepare.go` prepareObjectForUpdate keeps it on a labels or
 * annotations edit and on a save of unchanged content, which are no such save). Compared to the second: legacy storage
 * keeps no finer, and one release's answer may show milliseconds another's does not. The saver is not compared: `/api`
 * names a login, which a rename changes. A time either side lacks or cannot read does not tell (a plan that recorded
 * none). Pure.
 */
export function savedAgainAtVersion(planned: PlannedSave | undefined, current: { version: number; lastSave: { at: string } }): boolean {
  if (planned === undefined || planned.version !== current.version) return false;
  const before = toSecond(planned.at);
  const now = toSecond(current.lastSave.at);
  return before !== null && now !== null && before !== now;
}

/**
 * Whether Grafana now holds another save than the plan saw under the planned version (savedAgainAtVersion of the save the
 * plan recorded: plannedSaveOf); false where the plan saw none (`planned` null: a create). Pure.
 */
export function savedAgainSincePlan(planned: { version: number; updated?: string } | null, current: { version: number; lastSave: { at: string } }): boolean {
  return planned !== null && savedAgainAtVersion(plannedSaveOf(planned), current);
}

function toSecond(time: string): number | null {
  const ms = time === '' ? Number.NaN : Date.parse(time);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}
