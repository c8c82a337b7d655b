import type { SandboxState } from './state.js';

/**
 * Drops the dashboards a data file holds in "Recently deleted", for a server on legacy SQL storage (Grafana 12's default),
 * whose delete removes a dashboard's row for good (era.ts keepsApisTrash): a sandbox before sandbox-12-trash kept a trash
 * there, which `--data` files written then still hold. Returns how many were dropped.
 */
export function dropUnkeptTrash(state: SandboxState): number {
  let dropped = 0;
  for (const dashboards of state.dashboards.values()) {
    for (const [uid, record] of dashboards) {
      if (record.deleted === undefined) continue;
      dashboards.delete(uid);
      dropped += 1;
    }
  }
  return dropped;
}
