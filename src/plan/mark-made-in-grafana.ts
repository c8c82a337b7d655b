import type { LastSave } from '../grafana/port.js';
import type { PushOver } from '../grafana/restore-note.js';
import type { PlanAction, PlanWarning } from './types.js';

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

/**
 * Pure: each prune delete the plan warns of as drift (an edit made in Grafana since dashsync pushed it, as the warning names
 * its saver; after dashsync's restore, the save that restore took back) carries that save, and the push it was saved over
 * where the plan found one (`over`, uid → push): its backup records them (DashboardBackup.held), so that a restore of it says
 * whose save it holds through `/api` too, where the apply reads no history for it. A labels-only edit is no save to name.
 */
export function markEditedInGrafana(actions: readonly PlanAction[], warnings: readonly PlanWarning[], over: ReadonlyMap<string, PushOver>): PlanAction[] {
  const drift = new Map(warnings.flatMap((warning) => (warning.kind === 'drift' && warning.pruned && warning.resource === undefined && !warning.metadataEdited ? [[warning.uid, warning] as const] : [])));
  if (drift.size === 0) return [...actions];
  return actions.map((action) => {
    const warning = action.kind === 'dashboard' && action.action === 'delete' ? drift.get(action.uid) : undefined;
    if (warning === undefined) return action;
    const pushOver = over.get(action.uid);
    const edited = { by: warning.updatedBy, at: warning.updated, version: warning.savedVersion ?? warning.version, ...(pushOver && { over: pushOver }) };
    return { ...action, editedInGrafana: edited };
  });
}
