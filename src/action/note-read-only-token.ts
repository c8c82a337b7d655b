import type { DashboardPermissions } from '../grafana/port.js';
import { describeWrites, writeActionsOf } from '../grafana/read-write-access.js';
import { writtenKindsOf } from '../plan/add-access-notes.js';
import { sortWarnings } from '../plan/sort-warnings.js';
import type { Plan, PlanWarning } from '../plan/types.js';

/**
 * Pure: the plan of a step whose `read-only-token` input says its Grafana token cannot write on purpose (a pull
 * request's plan with a Viewer's token; the apply job has its own).
 * - The plan's `read-only` warning is true but expected there, so it becomes one note — a notice in the log, a NOTE in
 *   the job summary and the comment — instead of a warning on every such plan.
 * - A `drift-not-checked` warning for history the token may not read keeps warning (a reviewer cannot see those edits),
 *   with advice that fits a read-only token (`readOnlyToken`) instead of "plan with credentials that may edit them"; so does
 *   an `owners-not-judged` warning (the token is why the plan could not tell which deletes dashsync pushed).
 * - `permissions`, the token's as the plan read them (null: not read), listing a write of what the plan writes (dashboards,
 *   folders, library panels, as the apply judges it: writeAccessOf): the token is not what
 *   the input says, and a pull request's workflow holding it can change Grafana: one warning says so.
 * (The folders to create that it could not prove absent are one note with or without the input: foldUnverifiedFolders.)
 */
export function noteReadOnlyToken(plan: Plan, permissions: DashboardPermissions | null): Plan {
  // The read-only warning's org is the plan's (addAccessNotes).
  const where = plan.target.orgId === null ? 'its org' : `org ${plan.target.orgId}`;
  // The kinds the plan writes, as the apply's judgement takes them (writeAccessOf): a folder grant alone can write a folder.
  const kinds = writtenKindsOf(plan);
  const writes = permissions === null ? [] : writeActionsOf(permissions, kinds);
  const warnings = plan.warnings.map((warning): PlanWarning => {
    if (warning.kind === 'read-only') {
      return {
        kind: 'note',
        uid: null,
        code: 'read-only-token',
        message: `read-only token, as input read-only-token says: Grafana lists no permission for it to ${describeWrites(kinds)} in ${where}; applying this plan needs a token that can write (the apply job's own)`,
      };
    }
    if (warning.kind === 'drift-not-checked' && warning.reason === 'forbidden') return { ...warning, readOnlyToken: true };
    if (warning.kind === 'owners-not-judged') return { ...warning, readOnlyToken: true };
    return warning;
  });
  if (writes.length > 0) warnings.push(canWrite(writes, where));
  return { ...plan, warnings: sortWarnings(warnings) };
}

/** The warning for a token marked read-only that Grafana lists write permissions for (of what the plan writes). */
function canWrite(writes: string[], where: string): PlanWarning {
  return {
    kind: 'other',
    uid: null,
    rule: 'read-only-token',
    message:
      `token can write: input read-only-token says this step's Grafana token cannot write, but Grafana lists ${writes.join(', ')} for it in ${where} ` +
      "(an Editor's or Admin's role, or a folder's grant): a workflow run that gets this token can change Grafana; " +
      "give the plan step a Viewer's token (a service account with the Viewer role and no folder permissions), " +
      'or remove read-only-token if this step is meant to hold a token that can write',
  };
}
