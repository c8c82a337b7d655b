import { describeManager, describeSecondSource, ownerBlocksUpdates } from '../grafana/ownership.js';
import type { DashboardOwner } from '../grafana/port.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';

/** How to keep one source of truth, by manager kind (`grafana.app/managedBy`; `provisioning` = classic file provisioning), for one file or several. */
function oneSource(manager: string, one: boolean): string {
  const [them, these] = one ? ['it', 'this file'] : ['them', 'these files'];
  switch (manager) {
    case 'provisioning':
      return `Keep one source of truth: move ${them} to dashsync and drop the provisioning, or delete ${these}.`;
    case 'repo':
      return `Git Sync keeps ${them} in git already: change ${them} in that repository and delete ${these}, or take ${them} out of the repository before dashsync manages ${them}.`;
    case 'terraform':
      return `Keep one source of truth: change ${them} through Terraform and delete ${these}, or take ${them} out of Terraform before dashsync manages ${them}.`;
    case 'kubectl':
      return `Keep one source of truth: change ${them} in ${one ? 'its manifest' : 'their manifests'} and delete ${these}, or take ${them} out of ${one ? 'that manifest' : 'those manifests'} before dashsync manages ${them}.`;
    case 'plugin':
      return `The plugin installs and updates ${them}: delete ${these}, or keep ${them} for reference only.`;
    default:
      return `Keep one source of truth: change ${them} where ${one ? 'it is' : 'they are'} managed and delete ${these}, or take ${them} out of that tool before dashsync manages ${them}.`;
  }
}

/**
 * Pure: one note per owner of pulled dashboards that apply never writes (file provisioning, a Git
 * Sync repository, a Terraform workspace, …), naming the real owner and how to keep one source of
 * truth, for the files this pull wrote (PullResult.owned). Owner names come from the server: escape the lines before printing them.
 */
export function describePulledOwners(owned: readonly { uid: string; owner: DashboardOwner }[], selection?: RunSelection): string[] {
  return [...describeBlockingOwners(owned.filter(({ owner }) => ownerBlocksUpdates(owner))), ...describeSecondSources(owned.filter(({ owner }) => !ownerBlocksUpdates(owner)), selection)];
}

/** Past this many dashboards provisioned with allowUiUpdates, one note counts them instead of one note each. */
const SECOND_SOURCES_NAMED = 3;

/** Dashboards apply does write that a provisioning file (allowUiUpdates) also feeds: one note each, or one for many. */
function describeSecondSources(shared: readonly { uid: string; owner: DashboardOwner }[], selection: RunSelection | undefined): string[] {
  if (shared.length <= SECOND_SOURCES_NAMED) return shared.map(({ uid, owner }) => `pulled dashboard ${uid} is ${describeSecondSource(owner)}`);
  return [
    `${shared.length} pulled dashboards (${listUids(shared.map(({ uid }) => uid))}) are also provisioned from files on the Grafana server (allowUiUpdates): ` +
      `Grafana overwrites changes made here when those files change (${renderNextCommand(selection, 'plan')} names each file)`,
  ];
}

function describeBlockingOwners(owned: readonly { uid: string; owner: DashboardOwner }[]): string[] {
  const groups = new Map<string, { owner: DashboardOwner; uids: string[] }>();
  for (const { uid, owner } of owned) {
    const key = JSON.stringify([owner.manager, owner.manager === 'provisioning' ? '' : owner.id]);
    const group = groups.get(key) ?? { owner, uids: [] };
    group.uids.push(uid);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ owner, uids }) => {
    const one = uids.length === 1;
    const who = owner.manager !== 'provisioning' ? describeManager(owner) : `provisioned from ${one ? 'a file' : 'files'} on the Grafana server`;
    const what = one ? `pulled dashboard ${uids[0]} is ${who}; dashsync apply never overwrites or deletes it.` : `${uids.length} pulled dashboards (${listUids(uids)}) are ${who}; dashsync apply never overwrites or deletes them.`;
    return `${what} ${oneSource(owner.manager, one)}`;
  });
}

function listUids(uids: string[]): string {
  const sorted = [...uids].sort();
  return sorted.length > 5 ? `${sorted.slice(0, 5).join(', ')} and ${sorted.length - 5} more` : sorted.join(', ');
}
