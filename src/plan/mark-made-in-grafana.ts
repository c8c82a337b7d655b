import type { LastSave } from '../grafana/port.js';
import type { PlanAction } from './types.js';

/**
 * Pure: each prune delete of a dashboard dashsync never pushed (its history, read to the first version, holds no push of
 * dashsync's: `made`, uid → its newest save, saver named as people know them) carries who saved it last and when, for its line
 * (walk-62 L7: a dashboard someone made by hand is deleted with a word of whose it was).
 */
export function markMadeInGrafana(actions: readonly PlanAction[], made: ReadonlyMap<string, LastSave>): PlanAction[] {
  if (made.size === 0) return [...actions];
  return actions.map((action) => {
    const save = action.kind === 'dashboard' && action.action === 'delete' ? made.get(action.uid) : undefined;
    return save === undefined ? action : { ...action, madeInGrafana: { by: save.by, at: save.at } };
  });
}
