import { PlanFileError } from '../errors.js';
import type { GrafanaPort } from '../grafana/port.js';
import { writesDashboards } from '../plan/add-access-notes.js';
import type { Plan } from '../plan/types.js';

/**
 * Stops an apply before its first write when Grafana lists no dashboard write permission for this run's credentials
 * (the plan's `read-only` note): every dashboard write would come back 403. Asked of this run's credentials, not read
 * from the plan: a saved plan may come from a read-only token, its apply from an Editor's. `unknown` goes on.
 */
export async function refuseReadOnlyApply(plan: Plan, grafana: Pick<GrafanaPort, 'dashboardWriteAccess'>, overrideFlag: string | undefined): Promise<void> {
  if (!writesDashboards(plan) || (await grafana.dashboardWriteAccess()) !== 'none') return;
  const org = plan.target.orgId === null ? 'their org' : `org ${plan.target.orgId}`;
  const override = overrideFlag === undefined ? '' : `; ${overrideFlag} sends them anyway`;
  throw new PlanFileError(
    `Grafana lists no permission for these credentials to save or delete a dashboard in ${org}: every dashboard write of the plan would be refused (HTTP 403)`,
    `Use an Editor's or Admin's token, or grant this one Edit on the folders the plan writes to${override}`,
  );
}
