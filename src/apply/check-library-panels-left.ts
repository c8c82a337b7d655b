import { PlanFileError } from '../errors.js';
import type { GrafanaPort } from '../grafana/port.js';
import type { DashboardAction, LibraryPanelAction } from '../plan/types.js';
import { planAgain } from '../report/plan-again.js';

/** A dashboard write of the plan whose library panel is gone. */
interface LibraryPanelGone {
  file: string;
  uid: string;
}

/**
 * Pure: the library panels the plan's dashboard writes use that are neither in Grafana now nor written by the plan
 * (a create, update or move of the panel, which its dashboards wait for). A panel the plan leaves alone (noop) and
 * another apply deleted since is gone: Grafana would save the dashboard with a panel that shows an error.
 */
function findLibraryPanelsGone(dashboards: readonly DashboardAction[], libraryPanels: readonly LibraryPanelAction[], live: ReadonlySet<string>): LibraryPanelGone[] {
  const written = new Set(libraryPanels.filter((panel) => panel.action === 'create' || panel.action === 'update' || panel.action === 'move').map((panel) => panel.uid));
  return dashboards.flatMap((dashboard) => {
    if (dashboard.action === 'delete' || dashboard.action === 'noop' || !dashboard.file) return [];
    return (dashboard.libraryPanels ?? []).filter((uid) => !live.has(uid) && !written.has(uid)).map((uid) => ({ file: dashboard.file!, uid }));
  });
}

/**
 * Before the first write of a saved plan: every library panel its dashboard writes use must still be in Grafana (or be
 * written by the plan), or nothing is applied. One list of the library elements, and only when a write uses one.
 */
export async function checkLibraryPanelsLeft(grafana: Pick<GrafanaPort, 'listLibraryPanels'>, dashboards: readonly DashboardAction[], libraryPanels: readonly LibraryPanelAction[]): Promise<void> {
  if (!dashboards.some((dashboard) => (dashboard.libraryPanels?.length ?? 0) > 0)) return;
  const live = new Set((await grafana.listLibraryPanels()).filter((panel) => panel.kind === 1).map((panel) => panel.uid));
  const gone = findLibraryPanelsGone(dashboards, libraryPanels, live);
  if (gone.length === 0) return;
  const named = gone.slice(0, 5).map((use) => `${use.file} uses library panel "${use.uid}"`);
  throw new PlanFileError(
    `${named.join('; ')}${gone.length > 5 ? `; … (${gone.length} in all)` : ''}, which Grafana no longer has (deleted since the plan was made): ` +
      'the dashboard would be saved with a panel that shows an error',
    planAgain({ review: true }),
  );
}
