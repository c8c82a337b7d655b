import type { GrafanaPort } from '../grafana/port.js';
import { createsDashboards, writesDashboards, type AccessNotesInput } from './add-access-notes.js';
import type { Plan } from './types.js';

/**
 * What addAccessNotes decides from, asked only where it can matter: 11's trash listing when the plan creates a
 * dashboard (the port lists only a trash that keeps uids taken), the credentials' permissions when it writes one.
 */
export async function readAccessNotesInput(grafana: GrafanaPort, plan: Pick<Plan, 'actions'>): Promise<AccessNotesInput> {
  const [trashedUids, writeAccess] = await Promise.all([
    createsDashboards(plan) ? grafana.trashedDashboardUids() : null,
    writesDashboards(plan) ? grafana.dashboardWriteAccess() : null,
  ]);
  return { trashedUids, writeAccess };
}
