import { listOf, panelAt, panelSteps } from './panel-paths.js';
import { splitPath } from './split-path.js';
import type { FieldChange } from './types.js';

/**
 * Pure: a classic row's own title change (`panels[id=3].title`) marked `rows: true`, so that it counts as a row renamed,
 * as a v2 row's or tab's title does (`1 row renamed`), not as a field. `desired` is the file's spec, which the paths name.
 */
export function withRowRenames(changes: FieldChange[], desired: Record<string, unknown>): FieldChange[] {
  if (!changes.some((change) => change.path.endsWith('.title'))) return changes;
  return changes.map((change) => (isRowTitle(change, desired) ? { ...change, rows: true as const } : change));
}

function isRowTitle(change: FieldChange, desired: Record<string, unknown>): boolean {
  if (change.kind === 'moved' || !change.path.endsWith('.title')) return false;
  const steps = splitPath(change.path);
  return steps.length === 3 && panelSteps(steps) === 2 && panelAt(listOf(desired), steps[1]!)?.type === 'row';
}
