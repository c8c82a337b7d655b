import { GrafanaHttpError, PermissionError } from '../errors.js';
import type { GrafanaPort, LiveFolder } from '../grafana/port.js';
import { answeredUidOf } from '../plan/find-live-uid-case-twins.js';
import { readListedUidCaseTwins } from '../plan/read-listed-uid-case-twins.js';
import { confirmUnlistedDashboards } from './confirm-unlisted-dashboards.js';
import type { PullCaseTwin } from './describe-pull-case-twin.js';
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
  /** Files whose uid Grafana holds in another case (MySQL): neither pruned nor joined by a file of the other case. */
  caseTwins: PullCaseTwin[];
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
  const caseTwins = await readCaseTwins(grafana.dashboards, input);
  const planned = { ...input, caseTwinUids: new Set(caseTwins.map((twin) => twin.twin)) };
  const plan = withoutCaseTwins(planPull(planned), caseTwins);
  const unconfirmed = { plan, liveFolders: input.liveFolders, refusedReads: new Set<string>(), caseTwins };
  if (!options.searchMayLag || plan.onlyInGit.length === 0) return unconfirmed;
  const unlisted = await outsideHiddenFolders(grafana.folders, plan.onlyInGit, input.liveFolders, options.concurrency);
  const confirmed = await confirmUnlistedDashboards(grafana.dashboards, unlisted, options.concurrency);
  if (confirmed.found.length === 0) return { ...unconfirmed, refusedReads: confirmed.refused };
  const foundFolders = confirmed.found.map((hit) => hit.folderUid);
  const liveFolders = await readMissingFolders(grafana.folders, input.liveFolders, foundFolders, { concurrency: options.concurrency, mayLag: true });
  return {
    plan: withoutCaseTwins(planPull({ ...planned, liveFolders, liveDashboards: [...input.liveDashboards, ...confirmed.found] }), caseTwins),
    liveFolders,
    refusedReads: confirmed.refused,
    caseTwins,
  };
}

/**
 * The tree's dashboards whose uid Grafana lists only in another case, where a read of the tree uid answers that one
 * (MySQL compares uids without case: `abc` and `ABC` are one dashboard there). Over SQLite or PostgreSQL the read
 * answers absent, and pull deletes and writes as for any other uid. A read that is refused tells nothing: as before.
 */
async function readCaseTwins(grafana: Pick<GrafanaPort, 'getDashboard'>, input: PlanPullInput): Promise<PullCaseTwin[]> {
  const entries = input.tree.dashboards.map((entry) => ({ uid: entry.uid, file: input.rootRelative(entry) }));
  const read = async (uid: string) => {
    try {
      const live = await grafana.getDashboard(uid);
      return live && { uid: answeredUidOf(live) };
    } catch (error) {
      if (error instanceof PermissionError || (error instanceof GrafanaHttpError && error.status === 406)) return null;
      throw error;
    }
  };
  const { answered } = await readListedUidCaseTwins(entries, input.liveDashboards.map((hit) => hit.uid), read);
  return entries.flatMap((entry) => {
    const twin = answered.get(entry.uid)?.uid;
    return twin === undefined ? [] : [{ file: entry.file, uid: entry.uid, twin }];
  });
}

/** Pure: the plan less what it would do to case twins: their files are not pruned, and the live uid is not written beside them. */
function withoutCaseTwins(plan: PullPlan, twins: readonly PullCaseTwin[]): PullPlan {
  if (twins.length === 0) return plan;
  const treeUids = new Set(twins.map((twin) => twin.uid));
  const liveUids = new Set(twins.map((twin) => twin.twin));
  return { ...plan, dashboards: plan.dashboards.filter((target) => !liveUids.has(target.uid)), onlyInGit: plan.onlyInGit.filter((gone) => !treeUids.has(gone.uid)) };
}

/** The files whose folder is General, listed, or not hidden from these credentials (a hidden folder's dashboards are left as they are). */
async function outsideHiddenFolders(grafana: Pick<GrafanaPort, 'getFolder'>, gone: OnlyInGit[], liveFolders: LiveFolder[], concurrency: number): Promise<OnlyInGit[]> {
  const listed = new Set(liveFolders.map((folder) => folder.uid));
  const hidden = await readHiddenFolders(grafana, gone.flatMap((entry) => (entry.folderUid !== null && !listed.has(entry.folderUid) ? [entry.folderUid] : [])), concurrency);
  return gone.filter((entry) => entry.folderUid === null || !hidden.has(entry.folderUid));
}
