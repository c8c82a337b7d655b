import type { GrafanaPort, LastSave } from '../grafana/port.js';
import { orHistoryFailure } from '../plan/read-since-push.js';
import type { DashboardAction, Plan } from '../plan/types.js';
import type { HeldAtApplyPort, HeldInGitAtApply } from './held-in-git-at-apply.js';
import type { ApplyConflict, ForcedOver } from './types.js';

/**
 * The plan's updates and moves whose drift it could not check (its drift-not-checked warnings: the plan's token may not read
 * the version history, or Grafana could not convert it), by uid. The apply's token may read it: the apply checks them
 * (checkDriftAtApply) before it saves. Prune deletes are not among them: the delete path judges their owner itself.
 */
export function driftUncheckedByPlan(plan: Pick<Plan, 'warnings'>): Set<string> {
  return new Set(plan.warnings.flatMap((warning) => (warning.kind === 'drift-not-checked' && warning.deletes !== true ? warning.uids : [])));
}

/**
 * What the apply finds of an update or move whose drift the plan could not check: `edited`, someone other than dashsync saved
 * its newest version (`save`; `by` as people know the saver); `unread`, these credentials may not read its history either (or
 * Grafana cannot convert it); null when dashsync saved it last, a commit of its file holds that version (`heldInGit`, the
 * run's heldInGitAtApply: pulled and committed), or the dashboard is no longer the version the plan saw (the save's own
 * version check says that). One read of the dashboard and one of its history.
 */
export async function checkDriftAtApply(
  grafana: Pick<GrafanaPort, 'getDashboard' | 'readLastSave' | 'nameSavers'> & HeldAtApplyPort,
  action: DashboardAction,
  heldInGit: HeldInGitAtApply,
): Promise<{ kind: 'edited'; save: LastSave; by: string } | { kind: 'unread'; reason: 'unreadable' | 'unconvertible' } | null> {
  if (action.live === null) return null;
  const live = await grafana.getDashboard(action.uid);
  if (live === null || live.version !== action.live.version) return null;
  const save = await orHistoryFailure(() => grafana.readLastSave(live));
  if (typeof save === 'string') return { kind: 'unread', reason: save };
  if (save.byDashsync !== false) return null;
  // An edit pulled and committed (a commit of the file holds the live version) is no drift, as the plan would have judged it.
  if (await heldInGit(grafana, action, save)) return null;
  const by = save.by === '' ? '' : ((await grafana.nameSavers([save.by]).catch(() => null))?.get(save.by) ?? save.by);
  return { kind: 'edited', save, by };
}

/** The conflict of an update or move held at apply over an edit its plan could not see (checkDriftAtApply's `edited`): left untouched. */
export function driftAtApplyConflict(action: DashboardAction, edited: { save: LastSave; by: string }): ApplyConflict {
  const { save } = edited;
  return {
    uid: action.uid,
    title: action.title,
    action: action.action,
    file: action.file,
    plannedVersion: save.version,
    currentVersion: save.version,
    changedBy: save.metadataEdited ? null : edited.by,
    changedAt: save.metadataEdited ? null : save.at || null,
    plannedTitle: action.live?.title ?? null,
    ...(save.metadataEdited && { metadataEdited: true as const }),
    driftCheckedAtApply: true,
  };
}

/** What a --force save of such a dashboard replaced (checkDriftAtApply's `edited`): its line names it. */
export function forcedOverEdit(edited: { save: LastSave; by: string }): ForcedOver {
  const { save } = edited;
  return save.metadataEdited ? { version: save.version, by: '', at: '', metadataEdited: true } : { version: save.version, by: edited.by, at: save.at };
}

/** The line of an update or move saved while neither the plan nor the apply could read its history. */
export function describeDriftUnreadAtApply(uid: string, reason: 'unreadable' | 'unconvertible'): string {
  const why = reason === 'unreadable' ? "these credentials may not read its version history either" : 'Grafana could not convert its version history';
  return `drift not checked for ${uid} at apply either: ${why}, so whether it overwrote an edit made in Grafana is not known (Grafana's history keeps any such version)`;
}
