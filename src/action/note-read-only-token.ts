import { sortWarnings } from '../plan/sort-warnings.js';
import type { Plan, PlanWarning } from '../plan/types.js';

/**
 * Pure: the plan of a step whose `read-only-token` input says its Grafana token cannot write on purpose (a pull
 * request's plan with a Viewer's token; the apply job has its own). The plan's `read-only` warning is true but expected
 * there, so it becomes one note — a notice in the log, a NOTE in the job summary and the comment — instead of a warning
 * on every such plan.
 */
export function noteReadOnlyToken(plan: Plan): Plan {
  const readOnly = plan.warnings.find((warning) => warning.kind === 'read-only');
  if (readOnly === undefined) return plan;
  const where = readOnly.orgId === null ? 'their org' : `org ${readOnly.orgId}`;
  const note: PlanWarning = {
    kind: 'note',
    uid: null,
    code: 'read-only-token',
    message: `read-only token, as input read-only-token says: Grafana lists no permission for it to save or delete a dashboard in ${where}; applying this plan needs a token that can write (the apply job's own)`,
  };
  return { ...plan, warnings: sortWarnings(plan.warnings.map((warning) => (warning === readOnly ? note : warning))) };
}
