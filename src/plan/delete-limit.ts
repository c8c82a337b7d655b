import { dashboardActions, libraryPanelActions, type Plan, type PlanWarning } from './types.js';

/** Pure: what `maxDeletes` counts in a plan — its dashboard and library panel deletes. */
export function countGuardedDeletes(plan: Pick<Plan, 'actions'>): { dashboards: number; libraryPanels: number; total: number } {
  const dashboards = dashboardActions(plan).filter((d) => d.action === 'delete').length;
  const libraryPanels = libraryPanelActions(plan).filter((p) => p.action === 'delete').length;
  return { dashboards, libraryPanels, total: dashboards + libraryPanels };
}

/**
 * Pure: the plan with a warning first when it deletes more than `maxDeletes` allows. The limit is
 * known when planning, and a plan reviewed and merged green that its apply then refuses fails
 * after the merge: the review should see it.
 */
export function warnOverDeleteLimit(plan: Plan, maxDeletes: number): Plan {
  const deletes = countGuardedDeletes(plan).total;
  if (deletes <= maxDeletes) return plan;
  const warning: PlanWarning = { kind: 'max-deletes', uid: null, deletes, maxDeletes };
  return { ...plan, warnings: [warning, ...plan.warnings] };
}
