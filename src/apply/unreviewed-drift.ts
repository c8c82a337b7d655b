import { actionId, type DashboardAction, type LibraryPanelAction, type Plan, type PlanWarning } from '../plan/types.js';
import type { GrafanaPort } from '../grafana/port.js';
import type { ApplyConflict, UnreviewedWhy } from './types.js';

/** A plan's warning of an edit made in Grafana that its save overwrites. */
export type DriftWarning = Extract<PlanWarning, { kind: 'drift' }>;

/**
 * The plan's drift warnings (edits made in Grafana that its saves would overwrite), by the id of the action they are about. A
 * same-content move overwrites no content (its warning says what it undoes): one of them only with `sameContent`, as whether
 * it undoes a move made in Grafana is read apart (undoesMoveMadeInGrafana).
 */
export function driftByAction(plan: Pick<Plan, 'warnings'>, which: { sameContent?: boolean } = {}): Map<string, DriftWarning> {
  const counted = (warning: DriftWarning) => (which.sameContent === true ? warning.sameContent === true : warning.sameContent !== true);
  return new Map(plan.warnings.flatMap((warning) => (warning.kind === 'drift' && counted(warning) ? [[actionId(warning.resource ?? 'dashboard', warning.uid), warning] as const] : [])));
}

/**
 * Whether a same-content move undoes a move made in Grafana: a push of dashsync's lies under the save that left the dashboard
 * in another folder, so dashsync placed it where its file says and someone moved it since, an edit like any other. A
 * dashboard dashsync never pushed (a tree adopted from another tool, its directories not yet the live folders) loses
 * nothing by the move (review-54 F2). One history read, only for such moves in an apply no one reviewed.
 */
export async function undoesMoveMadeInGrafana(drift: DriftWarning, grafana: Pick<GrafanaPort, 'readEarlierPush'>): Promise<boolean> {
  return ((await grafana.readEarlierPush?.(drift.uid, drift.version)) ?? null) !== null;
}

/**
 * The conflict of a save that would overwrite an edit made in Grafana that no one reviewed (ApplyPlanOptions.keepDrift): the
 * version the plan read is the edit's, and Grafana still has it (this apply made the plan a moment ago).
 */
export function unreviewedDriftConflict(action: DashboardAction | LibraryPanelAction, drift: DriftWarning, why: UnreviewedWhy): ApplyConflict {
  const library = action.kind === 'library-panel';
  return {
    uid: action.uid,
    title: action.title,
    action: library ? `library-panel-${action.action}` : action.action,
    file: action.file,
    plannedVersion: drift.version,
    currentVersion: drift.version,
    // '' is a saver Grafana no longer names (an account deleted since), said as such; a labels or annotations edit has none.
    changedBy: drift.metadataEdited ? null : drift.updatedBy,
    changedAt: drift.updated || null,
    plannedTitle: library ? (action.live?.name ?? null) : (action.live?.title ?? null),
    ...(drift.metadataEdited ? { metadataEdited: true as const } : {}),
    ...(drift.shallowHistory ? { shallowHistory: true as const } : {}),
    unreviewedDrift: true,
    unreviewedWhy: why,
  };
}
