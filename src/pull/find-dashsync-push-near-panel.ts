import { AuthError, GrafanaHttpError } from '../errors.js';
import type { GrafanaPort } from '../grafana/port.js';

/**
 * What the dashboards using a library panel say of dashsync in this org: `pushed` names one whose history holds a push
 * of dashsync's (readEarlierPush: a content note, whoever's credentials made it); `unreadable`: a connection list or a
 * history these credentials could not read; `none`: no dashboard using it shows one (or none uses it).
 */
export type DashsyncPushNearPanel = { kind: 'none' } | { kind: 'pushed'; dashboard: string } | { kind: 'unreadable' };

/**
 * Whether dashsync applies to the dashboards that use a library panel, whoever's credentials it runs with: a panel's
 * meta names only its creator and last saver, and a CI token's apply and a person's pull are different identities, so
 * "neither is these credentials" says nothing about dashsync without this. One connections request, then per dashboard
 * one read and its history (stops at the first push found).
 */
export async function findDashsyncPushNearPanel(
  grafana: Pick<GrafanaPort, 'libraryPanelConnections' | 'getDashboard' | 'readEarlierPush'>,
  panelUid: string,
): Promise<DashsyncPushNearPanel> {
  const dashboards = await grafana.libraryPanelConnections(panelUid);
  if (dashboards === null) return { kind: 'unreadable' };
  if (dashboards.length === 0) return { kind: 'none' };
  if (grafana.readEarlierPush === undefined) return { kind: 'unreadable' };
  let unreadable = false;
  for (const uid of dashboards) {
    try {
      const live = await grafana.getDashboard(uid);
      if (live === null) continue;
      // readEarlierPush looks below the version given: one above the live one takes in the newest save too.
      if ((await grafana.readEarlierPush(uid, live.version + 1)) !== null) return { kind: 'pushed', dashboard: uid };
    } catch (error) {
      if (!(error instanceof GrafanaHttpError) || error instanceof AuthError) throw error;
      unreadable = true;
    }
  }
  return unreadable ? { kind: 'unreadable' } : { kind: 'none' };
}
