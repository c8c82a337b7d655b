import type { DashboardAction, PlanAction, PlanWarning } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';

/**
 * Pure: a file whose uid was changed in place plans as a create and, with prune, the delete of the dashboard its old uid
 * names. One note each, naming the file, old → new uid, what goes (the versions and `/d/<uid>` links) and how to keep it.
 * `formerUids`: create uid → the uid its file's path held in git history (findFormerUids).
 */
export function describeUidChanges(actions: readonly DashboardAction[], formerUids: ReadonlyMap<string, string>): PlanWarning[] {
  const deletes = new Map(actions.filter((action) => action.action === 'delete').map((action) => [action.uid, action]));
  return actions.flatMap((created): PlanWarning[] => {
    const old = created.action === 'create' ? deletes.get(formerUids.get(created.uid) ?? '') : undefined;
    if (old === undefined) return [];
    const versions = old.live === null ? '' : `${old.live.version} version${old.live.version === 1 ? '' : 's'}, `;
    return [{
      kind: 'note',
      uid: created.uid,
      message:
        `${created.file} changed its uid ${old.uid} → ${created.uid}: Grafana cannot rename a uid, so ${old.uid} ${quoteText(old.title)} (${versions}links /d/${old.uid}) ` +
        `is deleted and a new dashboard created; keep "uid": "${old.uid}" in the file to keep them`,
    }];
  });
}

/** Pure: each delete of a uid a file held before its uid changed in place names that file and its new uid (`formerUids` as for describeUidChanges). */
export function markReplacedDeletes(actions: readonly PlanAction[], formerUids: ReadonlyMap<string, string>): PlanAction[] {
  const creates = new Map(
    actions.flatMap((action) => (action.kind === 'dashboard' && action.action === 'create' && action.file !== null && formerUids.has(action.uid) ? [[formerUids.get(action.uid)!, action] as const] : [])),
  );
  return actions.map((action) => {
    const created = action.kind === 'dashboard' && action.action === 'delete' ? creates.get(action.uid) : undefined;
    return created === undefined ? action : { ...action, replacedBy: { file: created.file!, uid: created.uid } };
  });
}

/** Pure: each drift warning of a delete markReplacedDeletes marked names the change of uid too (`uidChangedTo`), for its advice. */
export function markUidChangeDrift(warnings: readonly PlanWarning[], actions: readonly PlanAction[]): PlanWarning[] {
  const replaced = new Map(actions.flatMap((action) => (action.kind === 'dashboard' && action.action === 'delete' && action.replacedBy !== undefined ? [[action.uid, action.replacedBy] as const] : [])));
  return warnings.map((warning) => {
    const to = warning.kind === 'drift' && warning.pruned && warning.resource === undefined ? replaced.get(warning.uid) : undefined;
    return to === undefined ? warning : { ...warning, uidChangedTo: to };
  });
}

/**
 * Pure: each create whose former uid (formerUids) is a delete prune holds (`held`: the owners-not-seen uids) is marked
 * `replacesHeld`: the apply does not create it, as the old dashboard stays (review-65a M3).
 */
export function markReplacesHeld(actions: readonly PlanAction[], formerUids: ReadonlyMap<string, string>, held: ReadonlySet<string>): PlanAction[] {
  if (held.size === 0) return [...actions];
  return actions.map((action) => {
    const former = action.kind === 'dashboard' && action.action === 'create' ? formerUids.get(action.uid) : undefined;
    return former !== undefined && held.has(former) ? { ...action, replacesHeld: former } : action;
  });
}

/** Pure: the note of each create markReplacesHeld marks: the uid change is not made, and why. */
export function describeHeldUidChanges(actions: readonly DashboardAction[], formerUids: ReadonlyMap<string, string>, held: ReadonlySet<string>): PlanWarning[] {
  return actions.flatMap((created): PlanWarning[] => {
    const former = created.action === 'create' ? formerUids.get(created.uid) : undefined;
    if (former === undefined || !held.has(former)) return [];
    return [{
      kind: 'note',
      uid: created.uid,
      message:
        `${created.file} changed its uid ${former} → ${created.uid}, and prune holds the delete of ${former} (its line above says why): ` +
        `the apply does not create ${created.uid}, or the folder would hold two dashboards of one title; keep "uid": "${former}" in the file, or delete ${former} in Grafana first`,
    }];
  });
}
