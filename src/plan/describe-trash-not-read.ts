import type { GrafanaApiKind } from '../grafana/port.js';
import type { Release } from '../grafana/parse-release.js';
import { LEGACY_STORAGE_12, trashNotRead } from '../grafana/trash-not-read.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import { wordedForShells } from './worded-for-shells.js';
import { dashboardActions, type Plan, type PlanWarning } from './types.js';

/**
 * Pure: one note for a plan through `/api` (`api`: the port's, "legacy") that creates a dashboard on a Grafana whose
 * "Recently deleted" it cannot read (trashNotRead: 12.4 and later), so the plan cannot say whether a create's uid was
 * deleted there: the note says so, and which plan would (the run's own options, the API set to auto). Nothing on a hidden version.
 */
export function describeTrashNotRead(api: GrafanaApiKind | undefined, grafanaVersion: string | null, plan: Pick<Plan, 'actions'>, selection: RunSelection): PlanWarning[] {
  const release = trashNotRead(api, grafanaVersion);
  if (release === null) return [];
  if (!dashboardActions(plan).some((action) => action.action === 'create')) return [];
  const auto = { ...selection, api: undefined };
  return [
    {
      kind: 'note',
      uid: null,
      code: 'trash-not-read',
      ...wordedForShells(
        (shell) =>
          `recently deleted: not checked: ${describeUnreadTrash(release)}; ` +
          (shell === 'cli' ? `${renderNextCommand(auto, ['plan', '--api', 'auto'])} names` : 'a plan whose "args" input holds --api auto names') +
          ' a create whose uid was deleted there',
      ),
    },
  ];
}

/**
 * `api "legacy" never reads /apis, where Grafana 13 keeps "Recently deleted"`: why a plan's note and restore's refusal cannot
 * tell what it holds. A 12.4 keeps one only on unified storage, which `/api` does not show (as the delete's storage-unseen): said as
 * an if, not as a fact about this server.
 */
export function describeUnreadTrash(release: Release): string {
  const grafana =
    release.major === 12
      ? `Grafana ${release.major}.${release.minor} keeps "Recently deleted" if its dashboards are on unified storage, which /api does not show (${LEGACY_STORAGE_12}, which deletes for good)`
      : `Grafana ${release.major} keeps "Recently deleted"`;
  return `api "legacy" never reads /apis, where ${grafana}`;
}
