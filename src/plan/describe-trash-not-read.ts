import type { GrafanaApiKind } from '../grafana/port.js';
import { parseRelease } from '../grafana/parse-release.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import { wordedForShells } from './worded-for-shells.js';
import { dashboardActions, type Plan, type PlanWarning } from './types.js';

/**
 * Pure: one note for a plan through `/api` (`api`: the port's, "legacy") that creates a dashboard on a Grafana whose
 * "Recently deleted" may hold one (12.4 and later, as `/api/health` reports it: 12.4 moves a small instance to unified
 * storage at startup; 12.0–12.3 keep legacy SQL storage, which deletes for good). Only `/apis` lists that trash, and
 * `legacy` never touches `/apis` (SPEC §13), so the plan cannot say whether a create's uid was deleted there: the note
 * says so, and which plan would (the run's own options, the API set to auto). Nothing on a hidden version.
 */
export function describeTrashNotRead(api: GrafanaApiKind | undefined, grafanaVersion: string | null, plan: Pick<Plan, 'actions'>, selection: RunSelection): PlanWarning[] {
  const release = parseRelease(grafanaVersion);
  if (api !== 'legacy' || release === null || release.major < 12 || (release.major === 12 && release.minor < 4)) return [];
  if (!dashboardActions(plan).some((action) => action.action === 'create')) return [];
  const grafana = release.major === 12 ? `Grafana ${release.major}.${release.minor} keeps "Recently deleted" (on unified storage)` : `Grafana ${release.major} keeps "Recently deleted"`;
  const auto = { ...selection, api: undefined };
  return [
    {
      kind: 'note',
      uid: null,
      code: 'trash-not-read',
      ...wordedForShells(
        (shell) =>
          `recently deleted: not checked: api "legacy" never reads /apis, where ${grafana}; ` +
          (shell === 'cli' ? `${renderNextCommand(auto, ['plan', '--api', 'auto'])} names` : 'a plan whose "args" input holds --api auto names') +
          ' a create whose uid was deleted there',
      ),
    },
  ];
}
