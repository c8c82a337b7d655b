import { V2_UNCOUNTED_RELEASES } from '../plan/decide-library-panels.js';
import type { GrafanaPort } from '../grafana/port.js';

/** Panel uid → the v2 dashboards that use it; null when this API cannot read the v2 dashboards the org holds. */
export type V2LibraryPanelUsers = Map<string, string[]> | null;

/**
 * Where Grafana may leave v2 dashboards out of a library panel's connections (Capabilities.v2LibraryPanelUsesUncounted:
 * 12 on), the v2 users of the plan's library panel deletes, read once, when the first of them runs (after
 * the plan's dashboard writes and deletes): a v2 dashboard saved since the plan is among them. Elsewhere none.
 */
export function readUncountedV2UsersOnce(grafana: Pick<GrafanaPort, 'describeServer' | 'v2LibraryPanelUsers'>, panelUids: ReadonlySet<string>): () => Promise<V2LibraryPanelUsers> {
  let read: Promise<V2LibraryPanelUsers> | undefined;
  return () => {
    read ??= (async () => {
      if (panelUids.size === 0 || !(await grafana.describeServer()).capabilities.v2LibraryPanelUsesUncounted) return new Map();
      return grafana.v2LibraryPanelUsers(panelUids);
    })();
    return read;
  };
}

/** Why a panel no connection holds is still kept at apply, or null to delete it. */
export function describeV2Keep(uid: string, users: V2LibraryPanelUsers): string | null {
  if (users === null) {
    return (
      `library panel kept: this Grafana may not count v2 dashboards as using a library panel ${V2_UNCOUNTED_RELEASES}, ` +
      'and the org holds v2 dashboards, which /api cannot read (use api: auto or k8s to let dashsync look in them)'
    );
  }
  const holders = users.get(uid) ?? [];
  if (holders.length === 0) return null;
  return `library panel kept: v2 dashboards use it (${holders.join(', ')}); this Grafana does not count them as its users and would delete it under them`;
}
