import type { GrafanaPort, LiveFolder } from '../grafana/port.js';
import { confirmUnlistedDashboards } from './confirm-unlisted-dashboards.js';
import { planPull, type PlanPullInput } from './plan-pull.js';
import { readHiddenFolders } from './read-hidden-folders.js';
import { readMissingFolders } from './read-missing-folders.js';
import type { OnlyInGit, PullPlan } from './types.js';

export interface ConfirmedPullPlan {
  plan: PullPlan;
  /** The input's folders, plus those of the dashboards the confirmation found. */
  liveFolders: LiveFolder[];
  /** Dashboards the listing left out whose read was refused (403): they exist (for prunePulledFiles). */
  refusedReads: Set<string>;
}

/**
 * The pull's plan (planPull), where the search may lag with the tree's dashboards it left out
 * confirmed first: not in the search may only mean not indexed yet. Each is read
 * (confirmUnlistedDashboards), except in a folder hidden from these credentials, whose
 * dashboards stay as they are; those found are planned like listed ones, with their folders
 * read where the listing lacks them.
 */
export async function planConfirmedPull(
  input: PlanPullInput,
  grafana: { dashboards: Pick<GrafanaPort, 'getDashboard'>; folders: Pick<GrafanaPort, 'getFolder'> },
  options: { searchMayLag: boolean; concurrency: number },
): Promise<ConfirmedPullPlan> {
  const plan = planPull(input);
  const unconfirmed = { plan, liveFolders: input.liveFolders, refusedReads: new Set<string>() };
  if (!options.searchMayLag || plan.onlyInGit.length === 0) return unconfirmed;
  const unlisted = await outsideHiddenFolders(grafana.folders, plan.onlyInGit, input.liveFolders, options.concurrency);
  const confirmed = await confirmUnlistedDashboards(grafana.dashboards, unlisted, options.concurrency);
  if (confirmed.found.length === 0) return { ...unconfirmed, refusedReads: confirmed.refused };
  const foundFolders = confirmed.found.map((hit) => hit.folderUid);
  const liveFolders = await readMissingFolders(grafana.folders, input.liveFolders, foundFolders, { concurrency: options.concurrency, mayLag: true });
  return {
    plan: planPull({ ...input, liveFolders, liveDashboards: [...input.liveDashboards, ...confirmed.found] }),
    liveFolders,
    refusedReads: confirmed.refused,
  };
}

/** The files whose folder is General, listed, or not hidden from these credentials (a hidden folder's dashboards are left as they are). */
async function outsideHiddenFolders(grafana: Pick<GrafanaPort, 'getFolder'>, gone: OnlyInGit[], liveFolders: LiveFolder[], concurrency: number): Promise<OnlyInGit[]> {
  const listed = new Set(liveFolders.map((folder) => folder.uid));
  const hidden = await readHiddenFolders(grafana, gone.flatMap((entry) => (entry.folderUid !== null && !listed.has(entry.folderUid) ? [entry.folderUid] : [])), concurrency);
  return gone.filter((entry) => entry.folderUid === null || !hidden.has(entry.folderUid));
}
