import { AuthError, GrafanaHttpError } from '../errors.js';
import type { NotedPusher } from '../grafana/content-note.js';
import type { GrafanaPort } from '../grafana/port.js';

/**
 * A dashboard using a library panel whose history holds a push of dashsync's, the identity its note names, Grafana's time
 * of it (ISO; '' when not given), and the commit its note says it was pushed from (absent: the note names none, or its
 * saver is not confirmed). `unconfirmed`: Grafana did not confirm that the note names who saved it (EarlierPush.unconfirmed).
 */
export interface PushNearPanel {
  dashboard: string;
  pusher: NotedPusher;
  at: string;
  commit?: string;
  unconfirmed?: true;
}

/**
 * What the dashboards using a library panel say of dashsync in this org: `pushes`, each one whose history holds a push of
 * dashsync's (readEarlierPush: its newest content note, whoever's credentials made it) with the identity that pushed it;
 * `unreadable`: the connection list, or a dashboard or its history, these credentials could not read.
 */
export interface DashsyncPushNearPanel {
  pushes: PushNearPanel[];
  unreadable: boolean;
}

/**
 * Whether dashsync applies to the dashboards that use a library panel, and with which identities, whoever's credentials
 * pull runs with: a panel's meta names only its creator and last saver, and a CI token's apply and a person's pull are
 * different identities, so "neither is these credentials" says nothing about dashsync without this. One connections
 * request, then per dashboard one read and its history.
 */
export async function findDashsyncPushNearPanel(
  grafana: Pick<GrafanaPort, 'libraryPanelConnections' | 'getDashboard' | 'readEarlierPush'>,
  panelUid: string,
): Promise<DashsyncPushNearPanel> {
  const dashboards = await grafana.libraryPanelConnections(panelUid);
  const pushes: PushNearPanel[] = [];
  if (dashboards === null || (dashboards.length > 0 && grafana.readEarlierPush === undefined)) return { pushes, unreadable: true };
  let unreadable = false;
  for (const uid of dashboards) {
    try {
      const live = await grafana.getDashboard(uid);
      if (live === null) continue;
      // readEarlierPush looks below the version given: one above the live one takes in the newest save too. A note whose saver
      // the history cannot check counts (11.2–11.5's `/api` names every service account `Anonymous`), without its commit: it
      // only adds refusals (findUncarriedCommit).
      const push = await grafana.readEarlierPush!(uid, live.version + 1, { unconfirmed: true });
      if (push !== null) {
        const { pusher, at, commit, unconfirmed } = push;
        pushes.push({ dashboard: uid, pusher, at, ...(commit !== undefined && { commit }), ...(unconfirmed && { unconfirmed: true as const }) });
      }
    } catch (error) {
      if (!(error instanceof GrafanaHttpError) || error instanceof AuthError) throw error;
      unreadable = true;
    }
  }
  return { pushes, unreadable };
}
