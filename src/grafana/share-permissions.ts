import { keepAnswer } from './ask-once.js';
import type { DashboardPermissions, GrafanaPort } from './port.js';
import { writeAccessOf } from './read-write-access.js';

/**
 * The port with its permissions read (`GET /api/access-control/user/permissions`, and the write access judged from it)
 * kept in `answers` under `asker` (askerIdentityOf: one Grafana, org and set of credentials), so that the ports of a run
 * that ask as the same credentials (environments of one Grafana org that differ in their API or connection settings) read
 * them once: Grafana answers them alike whatever the port. A failed read is not kept (the next port asks again). Every
 * other member is the port's.
 */
export function sharePermissions(grafana: GrafanaPort, answers: Map<string, Promise<DashboardPermissions | null>>, asker: string): GrafanaPort {
  const permissions = () => keepAnswer(answers, asker, () => grafana.dashboardPermissions());
  // The port's getters (`api`, `readsWholeOrg` of a deferred port) stay the port's.
  const shared: GrafanaPort = Object.create(grafana);
  return Object.assign(shared, {
    dashboardPermissions: permissions,
    dashboardWriteAccess: async () => writeAccessOf(await permissions()),
  });
}
