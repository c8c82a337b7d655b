import { majorOf } from './legacy/capabilities.js';
import type { GrafanaPort } from './port.js';

/**
 * Whether a library panel's `connectedDashboards` can stand for its connections, so that a panel counted 0 need
 * not have them read: up to 12. 13.0 before PR #121903 counted a SQL table its dashboards (always in unified
 * storage) no longer write, so a panel in use says 0 there; which 13.0.x carries the fix is unconfirmed, so 13 on,
 * and a hidden version, read the connections of every panel.
 */
export async function connectionCountTrusted(grafana: Pick<GrafanaPort, 'describeServer'>): Promise<boolean> {
  const major = majorOf((await grafana.describeServer()).version);
  return major !== null && major < 13;
}
