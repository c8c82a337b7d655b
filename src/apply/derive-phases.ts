import { PlanFileError } from '../errors.js';
import { actionId, type PlanAction } from '../plan/types.js';
import { planAgain } from '../report/plan-again.js';

/**
 * Pure: the order apply works in, from the plan's dependencies. Actions that do something
 * fall into groups — one kind of resource, written or deleted — and a group comes after every
 * group it depends on: folders are written before the dashboards inside them, dashboards are
 * deleted before the folders they leave (and, with library panels, panels are saved before
 * the dashboards that use them). Groups with no dependency between them keep the plan's order.
 * Within a phase an action still waits for the ones it depends on (a parent folder first). The one exception to
 * deletes after writes: a delete a write of its kind waits for, and the deletes that one waits for (deletesHandingOver),
 * form a group of their own per kind, before those writes.
 */
export function derivePhases(actions: PlanAction[]): PlanAction[][] {
  const active = actions.filter((action) => action.action !== 'noop');
  const handingOver = deletesHandingOver(active);
  const groupKey = (action: PlanAction) => `${action.kind} ${action.action !== 'delete' ? 'write' : handingOver.has(actionId(action.kind, action.uid)) ? 'delete handing over' : 'delete'}`;
  const groupOf = new Map(active.map((action) => [actionId(action.kind, action.uid), groupKey(action)]));
  const groups = new Map<string, PlanAction[]>();
  const after = new Map<string, Set<string>>();
  for (const action of handingOverFirst(active, (action) => groupKey(action).endsWith(' delete handing over'))) {
    const key = groupKey(action);
    if (!groups.has(key)) {
      groups.set(key, []);
      after.set(key, new Set());
    }
    groups.get(key)!.push(action);
    for (const dependency of action.dependsOn) {
      const other = groupOf.get(dependency);
      if (other !== undefined && other !== key) after.get(key)!.add(other);
    }
  }

  // Writes that wait for deletes handing over must not let the other deletes pass them: stated, not left to the plan's order.
  if (handingOver.size > 0) {
    const writeGroups = [...groups.keys()].filter((key) => key.endsWith(' write'));
    for (const key of groups.keys()) if (key.endsWith(' delete')) for (const write of writeGroups) after.get(key)!.add(write);
  }
  refuseCycles(active);
  const phases: PlanAction[][] = [];
  const placed = new Set<string>();
  while (placed.size < groups.size) {
    const ready = [...groups.keys()].find((key) => !placed.has(key) && [...after.get(key)!].every((other) => placed.has(other)));
    if (ready === undefined) {
      const stuck = [...groups.keys()].filter((key) => !placed.has(key)).join(', ');
      throw new PlanFileError(`the plan's dependencies form a cycle between ${stuck}`, planAgain({ review: false }));
    }
    placed.add(ready);
    phases.push(groups.get(ready)!);
  }
  return phases;
}

/** Every action must be reachable in dependency order, or an action would wait for itself. */
function refuseCycles(actions: PlanAction[]): void {
  const pending = new Map(actions.map((action) => [actionId(action.kind, action.uid), action]));
  let progress = true;
  while (pending.size > 0 && progress) {
    progress = false;
    for (const [id, action] of pending) {
      if (action.dependsOn.every((dependency) => !pending.has(dependency))) {
        pending.delete(id);
        progress = true;
      }
    }
  }
  if (pending.size > 0) {
    throw new PlanFileError(`the plan's dependencies form a cycle (${[...pending.keys()].sort().join(', ')})`, planAgain({ review: false }));
  }
}

/**
 * The actions with the deletes handing over moved to just before their kind's first write: groups keep the order they
 * first appear in, so no group that is ready passes such a delete while the writes wait for it (only the writes do).
 */
function handingOverFirst(actions: PlanAction[], handsOver: (action: PlanAction) => boolean): PlanAction[] {
  const waiting = new Set(actions.filter(handsOver));
  const ordered: PlanAction[] = [];
  for (const action of actions) {
    if (handsOver(action)) continue;
    if (action.action !== 'delete' && waiting.size > 0) {
      for (const other of waiting) {
        if (other.kind !== action.kind) continue;
        ordered.push(other);
        waiting.delete(other);
      }
    }
    ordered.push(action);
  }
  return [...ordered, ...waiting];
}

/**
 * The deletes a write of their kind waits for (a dashboard taking the title a pruned one holds, on Grafana ≤ 11.2:
 * orderTitleHandovers; a library panel taking the name of a pruned one: decideLibraryPanels), and the deletes those wait
 * for (the dashboard deletes that disconnect such a library panel). They form a group of their own per kind before those
 * writes; every other delete stays after the writes, so that what a run deletes is only ever what the writes left behind.
 */
function deletesHandingOver(actions: PlanAction[]): Set<string> {
  const deletes = new Map(actions.filter((action) => action.action === 'delete').map((action) => [actionId(action.kind, action.uid), action]));
  const handingOver = new Set(
    actions.flatMap((action) => (action.action === 'delete' ? [] : action.dependsOn.filter((id) => deletes.has(id) && id.startsWith(`${action.kind}:`)))),
  );
  const waiting = [...handingOver];
  for (let id = waiting.pop(); id !== undefined; id = waiting.pop()) {
    for (const dependency of deletes.get(id)!.dependsOn) {
      if (!deletes.has(dependency) || handingOver.has(dependency)) continue;
      handingOver.add(dependency);
      waiting.push(dependency);
    }
  }
  return handingOver;
}
