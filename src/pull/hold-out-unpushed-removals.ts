import type { DashboardOwner, GrafanaPort, LiveDashboard } from '../grafana/port.js';
import { readOwnersUnseen } from '../plan/read-owners-unseen.js';
import { createSincePushReader } from '../plan/read-since-push.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import type { DashboardTarget, SkippedTarget } from './types.js';

export interface HoldOutUnpushedInput {
  dashboards: readonly DashboardTarget[];
  /** Whether the run takes this uid whatever was done with its file before (named on the command line, or --force). */
  taken: (uid: string) => boolean;
  selection: RunSelection | undefined;
  concurrency: number;
}

/**
 * Through `/api` (api "legacy"), whose search names no owner, a new file pull would write back at the path a commit removed
 * it from is judged by its own read: the owner it shows (classic file provisioning: `owners`, for holdOutOwnedRemovals), and
 * on Grafana 12 or later, where `/api` cannot show who else manages it (Terraform, Git Sync…: readOwnersUnseen), whether
 * dashsync saved it last. One it did not save last is held out with a `skipped` line that says why (another tool may keep it,
 * and prune under legacy never deletes it, so a file written back would come back after every removal) and what takes it
 * anyway. One read and a history read per such target; none without one, nor through `/apis`, whose listing names owners.
 */
export async function holdOutUnpushedRemovals(
  grafana: Pick<GrafanaPort, 'api' | 'describeServer' | 'readDashboards' | 'readLastSave' | 'readEarlierPush'>,
  input: HoldOutUnpushedInput,
): Promise<{ dashboards: DashboardTarget[]; skipped: SkippedTarget[]; owners: Map<string, DashboardOwner | null> }> {
  const owners = new Map<string, DashboardOwner | null>();
  const removedByCommit = (target: DashboardTarget) => target.existingFile === null && target.formerFile?.removal.kind === 'commit' && !input.taken(target.uid);
  const candidates = input.dashboards.filter(removedByCommit);
  if (grafana.api !== 'legacy' || candidates.length === 0) return { dashboards: [...input.dashboards], skipped: [], owners };
  const heads: LiveDashboard[] = [];
  for await (const { uid, live } of grafana.readDashboards(candidates.map((target) => target.uid), { concurrency: input.concurrency })) {
    if (live === null) continue;
    owners.set(uid, live.owner);
    if (live.owner === null) heads.push(live);
  }
  const { version } = await grafana.describeServer();
  // Git holding the newest save is left unasked: a commit removed the file, and pull leaves it out (what the commit asked).
  const unseen = await readOwnersUnseen('legacy', version, createSincePushReader(grafana), heads, () => false, input.concurrency);
  if (unseen === undefined) return { dashboards: [...input.dashboards], skipped: [], owners };
  const dashboards: DashboardTarget[] = [];
  const skipped: SkippedTarget[] = [];
  const held = new Set(heads.map((head) => head.uid).filter((uid) => !unseen.pushed.has(uid)));
  for (const target of input.dashboards) {
    const removal = target.formerFile?.removal;
    if (!held.has(target.uid) || removal?.kind !== 'commit' || !removedByCommit(target)) {
      dashboards.push(target);
      continue;
    }
    const auto = renderNextCommand({ ...input.selection, api: undefined }, ['pull', '--api', 'auto']);
    // A history these credentials may not read (a Viewer's through /api) is no evidence that dashsync did not save it last (own-64).
    const unread = unseen.notJudged?.has(target.uid) === true;
    const judged = unread
      ? 'and its version history, which shows whether dashsync saved it last, could not be read (these credentials may not read it, or Grafana could not list it)'
      : 'and dashsync did not save it last';
    const prune = unread ? "and prune under legacy deletes it only if its apply's read of that history shows dashsync saved it last" : 'and prune under legacy leaves it';
    const reader = unread ? 'A pull with credentials that may read version history (an Editor\'s) writes it back if dashsync saved it last, and ' : '';
    skipped.push({
      uid: target.uid,
      title: target.title,
      file: target.file,
      why:
        `not written back: commit ${removal.commit.slice(0, 12)} removed it, ${judged}; api "legacy" reads /api, which does not show on ${unseen.grafana} ` +
        `whether another tool manages it (Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only), ${prune}. ` +
        `${reader}${auto} writes it back unless another tool manages it; to take it back into the tree anyway: ${renderNextCommand(input.selection, ['pull', target.uid])}`,
      ...(unread ? { historyUnread: true as const } : { ownerUnseen: true as const }),
    });
  }
  return { dashboards, skipped, owners };
}
