import type { DashboardWriteAccess } from '../grafana/port.js';
import { sortWarnings } from './sort-warnings.js';
import { dashboardActions, type Plan, type PlanWarning } from './types.js';

/** What Grafana said of the plan's target beyond its resources (readAccessNotesInput); null = not asked. */
export interface AccessNotesInput {
  /** The uids in Grafana 11's "Recently deleted" (null: not asked, refused, or no such trash). */
  trashedUids: readonly string[] | null;
  writeAccess: DashboardWriteAccess | null;
}

/** Whether the plan creates a dashboard: only then is 11's trash worth listing. */
export function createsDashboards(plan: Pick<Plan, 'actions'>): boolean {
  return dashboardActions(plan).some((action) => action.action === 'create');
}

/** Whether the plan writes or deletes a dashboard: only then are the credentials' permissions worth asking. */
export function writesDashboards(plan: Pick<Plan, 'actions'>): boolean {
  return dashboardActions(plan).some((action) => action.action !== 'noop');
}

/**
 * Pure: the plan with a `recently-deleted` warning for each dashboard create whose uid waits in 11's trash, and one
 * `read-only` note when Grafana lists no dashboard write permission for the credentials (nothing when unsure).
 */
export function addAccessNotes(plan: Plan, input: AccessNotesInput): Plan {
  const trashed = new Set(input.trashedUids ?? []);
  const notes: PlanWarning[] = dashboardActions(plan)
    .filter((action) => action.action === 'create' && trashed.has(action.uid))
    .map((action) => ({ kind: 'recently-deleted', uid: action.uid, title: action.title }));
  if (input.writeAccess === 'none' && writesDashboards(plan)) notes.push({ kind: 'read-only', uid: null, orgId: plan.target.orgId });
  if (notes.length === 0) return plan;
  return { ...plan, warnings: sortWarnings([...plan.warnings, ...notes]) };
}
