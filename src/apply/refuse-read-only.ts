import { PlanFileError } from '../errors.js';
import type { GrafanaPort } from '../grafana/port.js';
import { describeWrites, writeAccessOf } from '../grafana/read-write-access.js';
import { writtenKindsOf } from '../plan/add-access-notes.js';
import type { Plan } from '../plan/types.js';

/** Whose credentials these are, as the refusal names them: the variables they came from (the CLI's; the Action's come from its inputs) and the environment. */
export interface ReadOnlyCredentials {
  from?: string;
  kind?: 'token' | 'basic' | 'none';
  environment?: string;
}

/**
 * Stops an apply before its first write when Grafana lists no write permission for this run's credentials for what the
 * plan writes, folders and library panels as well as dashboards (the plan's `read-only` note): every write would come back 403. Asked of this run's credentials, not read
 * from the plan: a saved plan may come from a read-only token, its apply from an Editor's. `unknown` goes on.
 */
export async function refuseReadOnlyApply(
  plan: Plan,
  grafana: Pick<GrafanaPort, 'dashboardPermissions'>,
  overrideFlag: string | undefined,
  credentials: ReadOnlyCredentials = {},
): Promise<void> {
  const written = writtenKindsOf(plan);
  if (written.length === 0 || writeAccessOf(await grafana.dashboardPermissions(), written) !== 'none') return;
  const org = plan.target.orgId === null ? 'their org' : `org ${plan.target.orgId}`;
  const override = overrideFlag === undefined ? '' : `; ${overrideFlag} sends them anyway`;
  const whose = [credentials.from, credentials.environment === undefined ? undefined : `environment ${credentials.environment}`].filter((part) => part !== undefined);
  const named = whose.length === 0 ? '' : ` (${whose.join(', ')})`;
  const what = credentials.kind === 'basic' ? 'login' : 'token';
  const use = credentials.from === undefined ? `Use an Editor's or Admin's ${what}` : `Put an Editor's or Admin's ${what} in ${credentials.from}`;
  throw new PlanFileError(
    `Grafana lists no permission for these credentials${named} to ${describeWrites(written)} in ${org}: every write of the plan would be refused (HTTP 403)`,
    `${use}, or grant this one Edit on the folders the plan writes to${override}`,
  );
}
