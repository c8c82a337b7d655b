import type { Settings } from '../config/types.js';
import { PlanFileError } from '../errors.js';
import { schemaVersionOf } from '../files/schema-version.js';
import type { DesiredContent } from '../files/types.js';
import type { GrafanaPort, ServerDescription } from '../grafana/port.js';
import { readDesired } from '../plan/read-desired.js';
import type { DashboardAction, Plan } from '../plan/types.js';
import { planAgain } from '../report/plan-again.js';
import { adviceInInvocation } from '../report/diagnostics-in-invocation.js';
import { withPullAt13 } from '../grafana/k8s/choose-versions.js';

/** One dashboard write of the plan with the content it sends. */
export interface PlannedWrite {
  action: Pick<DashboardAction, 'uid' | 'file' | 'write'>;
  content: Pick<DesiredContent, 'schema' | 'apiVersion' | 'spec'>;
}

/**
 * A plan made on a later release of this Grafana's major (13.1 → 13.0: a restore of its database) is applied when this
 * release takes every dashboard it writes; otherwise nothing is applied, with one line naming what it cannot take.
 * Returns the note the apply prints when it goes on.
 */
export async function checkOlderRelease(
  plan: Pick<Plan, 'target'>,
  writes: readonly DashboardAction[],
  server: ServerDescription,
  grafana: Pick<GrafanaPort, 'writeTargetFor'>,
  settings: Pick<Settings, 'cwd' | 'inputs' | 'minRefreshInterval'> & Partial<Pick<Settings, 'configFile' | 'environment' | 'environments' | 'commandLine'>>,
): Promise<string> {
  const planned: PlannedWrite[] = [];
  for (const action of writes) {
    if (action.file === null || action.write?.api !== 'k8s') continue;
    planned.push({ action, content: await readDesired(action.file, settings) });
  }
  const made = `the plan was made on Grafana ${plan.target.grafanaVersion}, and this Grafana runs ${server.version} (rolled back?)`;
  const untakeable = describeUntakeableWrites(planned, server, grafana, { environment: settings.environment, environments: settings.environments ?? [] });
  if (untakeable.length > 0) {
    // Worded as a file's diagnostic is (api-unwritable): its pull begun as the shell ran dashsync.
    const shown = adviceInInvocation(untakeable.slice(0, 3).join('; ') + (untakeable.length > 3 ? `; and ${untakeable.length - 3} more` : ''), settings.commandLine?.invocation);
    throw new PlanFileError(`${made}, which cannot take what it writes: ${shown}`, planAgain({ review: false, before: 'Take those files back from git (or make them what this release takes), then ' }));
  }
  return `${made}; it takes every dashboard the plan writes, so the plan is applied, and a dashboard the rollback made older again is a conflict, as always`;
}

/**
 * Pure: the writes through `/apis` a release cannot take, one phrase each: a v2 version it does not serve
 * (writeTargetFor), or a classic spec at a schemaVersion above the one it migrates to (Grafana refuses it, 422
 * "schema migration from version N to M failed": src/sandbox/README.md "Versions"). Where that schemaVersion is only
 * a floor (a hidden or newer release), nothing is refused for it. A refusal's pull is a command to paste, as the plan's
 * (withPullAt13: the uid, and the environment on 13 where `run` tells it).
 */
export function describeUntakeableWrites(
  writes: readonly PlannedWrite[],
  server: ServerDescription,
  grafana: Pick<GrafanaPort, 'writeTargetFor'>,
  run: { environment?: string; environments: readonly string[] },
): string[] {
  const { apisSchemaVersion: latest, apisSchemaVersionAtLeast: floorOnly } = server.capabilities;
  return writes.flatMap(({ action, content }) => {
    const named = `${action.uid} (${action.file})`;
    const target = grafana.writeTargetFor({ schema: content.schema, apiVersion: content.apiVersion, metadata: { labels: {}, annotations: {} } });
    if ('refused' in target) return [`${named}: ${withPullAt13(target.refused, action.uid, run)}`];
    if (content.schema !== 'v1' || latest === null || floorOnly) return [];
    const schemaVersion = schemaVersionOf(content.spec);
    return schemaVersion > latest ? [`${named} is at schemaVersion ${schemaVersion}, and Grafana ${server.version} migrates dashboards up to ${latest}`] : [];
  });
}
