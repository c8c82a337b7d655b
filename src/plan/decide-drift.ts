import type { LastSave } from '../grafana/port.js';
import type { PlanWarning } from './types.js';

/**
 * Pure: a drift warning when the newest live save of a dashboard the plan changes was not
 * made by dashsync — someone edited it in Grafana, and applying will overwrite that edit.
 * Unknown (no history) is not drift.
 */
export function decideDrift(
  dashboard: { uid: string; title: string; live?: { title: string } | null },
  lastSave: LastSave,
): PlanWarning | null {
  if (lastSave.byDashsync !== false) return null;
  return {
    kind: 'drift',
    uid: dashboard.uid,
    // The title people see in Grafana now, which the edit may have changed.
    title: dashboard.live?.title || dashboard.title,
    version: lastSave.version,
    updatedBy: lastSave.by,
    updated: lastSave.at,
    message: lastSave.message ?? '',
  };
}

/**
 * Pure: one note for the dashboards whose history could not be read. The versions API needs
 * `dashboards:write`: a read-only token (Viewer) is refused there, which must not fail the
 * plan — edits made in Grafana just cannot be detected for those.
 */
export function driftNotChecked(uids: string[]): PlanWarning[] {
  if (uids.length === 0) return [];
  const sorted = [...uids].sort();
  const shown = sorted.slice(0, 5).join(', ') + (sorted.length > 5 ? `, … (${sorted.length - 5} more)` : '');
  return [
    {
      kind: 'other',
      uid: null,
      message:
        `drift not checked for ${sorted.length} dashboard(s) (${shown}): these credentials may not read version history ` +
        '(Grafana answers 403; it needs dashboards:write), so edits made in Grafana cannot be detected; plan with an Editor token to see them',
    },
  ];
}
