import { keepAnswer } from './ask-once.js';
import type { DashboardPermissions, GrafanaPort } from './port.js';
import { writeAccessOf } from './read-write-access.js';

/**
 * The port with its permissions read (`GET /api/access-control/user/permissions`, and the write access judged from it)
 * kept in `answers` under `asker` (askerIdentityOf: one Grafana, org and set of credentials), so that the ports of a run
 * that ask as the same credentials (environments of one Grafana org that differ in their API or connection settings) read
 * them once: Grafana answers them alike whatever the port. A read that failed (`null`: a timeout, a 5xx, a refusal) says
 * something of the port that asked, whose connection settings (`timeoutMs`, `caCert`, …) may differ from the others': it is
 * not kept, and a port handed another's failure asks for itself (rev-70b L1). Every other member is the port's.
 */
export function sharePermissions(grafana: GrafanaPort, answers: Map<string, Promise<DashboardPermissions | null>>, asker: string): GrafanaPort {
  const permissions = async (): Promise<DashboardPermissions | null> => {
    let asked = false;
    const answer = keepAnswer(answers, asker, () => {
      asked = true;
      return grafana.dashboardPermissions();
    });
    const read = await answer;
    if (read !== null) return read;
    if (answers.get(asker) === answer) answers.delete(asker);
    return asked ? read : await grafana.dashboardPermissions();
  };
  // The port's getters (`api`, `readsWholeOrg` of a deferred port) stay the port's.
  const shared: GrafanaPort = Object.create(grafana);
  return Object.assign(shared, {
    dashboardPermissions: permissions,
    dashboardWriteAccess: async () => writeAccessOf(await permissions()),
  });
}
