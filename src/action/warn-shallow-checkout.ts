import { isShallowClone } from '../git/is-shallow-clone.js';
import type { Plan, PlanWarning } from '../plan/types.js';

const SHALLOW_CHECKOUT =
  'the checkout is shallow (actions/checkout fetches 1 commit by default) and prune is on: prune takes a folder no directory of the tree holds, or one whose directory ' +
  'holds only subdirectories, only where git history shows it this tree\'s, so a shallow checkout can plan fewer deletes than a full clone. ' +
  'Set fetch-depth: 0 on the actions/checkout step';

/**
 * With prune on in a shallow checkout (actions/checkout's default depth 1), a plan made in this step (by `plan`, or by `apply`
 * without a plan file) carries one plan-wide `shallow-history`
 * warning saying to fetch the whole history: an annotation, a line in the job summary and the PR comment, and in the plan file.
 * A plan that already says its history is shallow (create-plan asked git) is left as it is.
 */
export async function warnShallowCheckout(plan: Plan, cwd: string): Promise<Plan> {
  if (plan.prune === false || plan.warnings.some((warning) => warning.kind === 'shallow-history' && warning.uid === null)) return plan;
  if (!(await isShallowClone(cwd))) return plan;
  const warning: PlanWarning = { kind: 'shallow-history', uid: null, message: SHALLOW_CHECKOUT };
  return { ...plan, warnings: [...plan.warnings, warning] };
}
