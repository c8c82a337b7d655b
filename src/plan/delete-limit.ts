import type { ConfiguredMaxDeletes, MaxDeletesSource, Settings } from '../config/types.js';
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

/**
 * A delete limit the plan's deletes exceed, though this run's lets them through: the one the saved plan was reviewed
 * against (its max-deletes warning told the reviewer apply would refuse), else the config's (or the default) that
 * --max-deletes raised for this run.
 */
export interface RaisedDeleteLimit {
  deletes: number;
  exceeded: { by: 'plan'; maxDeletes: number } | ({ by: 'config' } & ConfiguredMaxDeletes);
  /** This run's limit and where it came from. */
  allowed: { maxDeletes: number; from: MaxDeletesSource | undefined };
}

/**
 * Pure: the limit a run raised past its plan's deletes, or null when none did (or when this run's limit refuses them
 * anyway: checkPlanTarget says so). Said before the deletes are sent, so a review that read "apply refuses" is not
 * contradicted in silence.
 */
export function findRaisedDeleteLimit(plan: Pick<Plan, 'actions' | 'warnings'>, settings: Pick<Settings, 'maxDeletes' | 'maxDeletesFrom'>): RaisedDeleteLimit | null {
  const deletes = countGuardedDeletes(plan).total;
  if (deletes === 0 || deletes > settings.maxDeletes) return null;
  const allowed = { maxDeletes: settings.maxDeletes, from: settings.maxDeletesFrom };
  const reviewed = plan.warnings.find((warning): warning is Extract<PlanWarning, { kind: 'max-deletes' }> => warning.kind === 'max-deletes');
  if (reviewed !== undefined && deletes > reviewed.maxDeletes) return { deletes, exceeded: { by: 'plan', maxDeletes: reviewed.maxDeletes }, allowed };
  const configured = settings.maxDeletesFrom?.flag ? settings.maxDeletesFrom.configured : undefined;
  if (configured !== undefined && deletes > configured.maxDeletes) return { deletes, exceeded: { by: 'config', ...configured }, allowed };
  return null;
}
