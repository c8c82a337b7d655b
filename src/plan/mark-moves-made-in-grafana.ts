import type { Plan, PlanWarning } from './types.js';
import type { SavedHead } from './read-saved-commits.js';
import type { SincePushReader } from './read-since-push.js';

type DriftWarning = Extract<PlanWarning, { kind: 'drift' }>;

/**
 * The plan an apply no one reviews applies: a same-content move of a dashboard dashsync had placed (a push of its own lies under
 * the save that left it in another folder, or, where Grafana's history no longer reaches that far, dashsync's push record names
 * it) undoes a move made in Grafana since, an edit like any other, so its warning is plain drift, which that apply keeps
 * (driftByAction). A dashboard dashsync never pushed (a tree adopted from another tool, its directories not yet the live
 * folders) loses nothing by the move, which stays (review-54 F2); so does one whose history Grafana cut short with no push
 * record to tell. One look down the history per such move (SincePushReader.pushBelow, shared with the plan's other checks).
 */
export async function markMovesMadeInGrafana(plan: Plan, pushes: SincePushReader, heads: ReadonlyMap<string, SavedHead>): Promise<Plan> {
  const sameContent = plan.warnings.filter((warning): warning is DriftWarning => warning.kind === 'drift' && warning.sameContent === true && warning.resource === undefined);
  const placed = new Map<DriftWarning, boolean>();
  for (const warning of sameContent) {
    const head = heads.get(warning.uid);
    const below = head === undefined ? 'none' : await pushes.pushBelow(head, warning.version);
    if (below === 'in-history' || below === 'recorded') placed.set(warning, below === 'recorded');
  }
  if (placed.size === 0) return plan;
  const warnings = plan.warnings.map((warning) => {
    if (warning.kind !== 'drift' || !placed.has(warning)) return warning;
    const { sameContent: _moved, ...edit } = warning;
    return placed.get(warning) ? { ...edit, pushBeyondHistory: true as const } : edit;
  });
  return { ...plan, warnings };
}
