import { compareCodeUnits } from '../compare-code-units.js';
import { ownerKindName } from '../grafana/ownership.js';
import type { DashboardOwner } from '../grafana/port.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';

/**
 * Pure: on a first pull of everything (the tree empty, no flags), when Grafana also holds what other tools keep (`owners`
 * of its folders and dashboards), the one line saying that every folder becomes the tree's, and how to take one team's
 * folders instead; null on a Grafana no other tool writes to.
 */
export function noteSharedFirstPull(owners: readonly (DashboardOwner | null | undefined)[], selection: RunSelection | undefined): string | null {
  const kinds = [...new Set(owners.flatMap((owner) => (owner ? [ownerKindName(owner)] : [])))].sort(compareCodeUnits);
  if (kinds.length === 0) return null;
  return (
    `this Grafana is shared (${kinds.join(', ')} also keep dashboards or folders here): pulling everything makes every team's folder part of this tree, ` +
    `and plan --prune would then delete what others add there. To take your team's folders only: ${renderNextCommand(selection, 'pull --folder <uid>')} ` +
    `(the uid is in the folder's URL: /dashboards/f/<uid>/)`
  );
}
