import { describeManager, ownerBlocksUpdates } from '../grafana/ownership.js';
import type { DashboardOwner } from '../grafana/port.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import type { DashboardTarget, SkippedTarget } from './types.js';

export interface HoldOutOwnedInput {
  dashboards: readonly DashboardTarget[];
  /** The tool that keeps a live dashboard, as the listing says (`/apis`); null or absent: none, or not known. */
  ownerOf: (uid: string) => DashboardOwner | null | undefined;
  /** Whether the run takes this uid whatever was done with its file before (named on the command line, or --force). */
  taken: (uid: string) => boolean;
  selection: RunSelection | undefined;
}

/**
 * Pure: a new file pull would write for a dashboard another tool keeps (Terraform, Git Sync, locked file provisioning)
 * whose file a commit removed: the team removed it as the pull's own owner note advises (one source of truth), so it is
 * held out with a `skipped` line that names the commit, the owner and the command that takes it anyway.
 */
export function holdOutOwnedRemovals(input: HoldOutOwnedInput): { dashboards: DashboardTarget[]; skipped: SkippedTarget[] } {
  const dashboards: DashboardTarget[] = [];
  const skipped: SkippedTarget[] = [];
  for (const target of input.dashboards) {
    const removal = target.formerFile?.removal;
    const owner = input.ownerOf(target.uid) ?? null;
    if (target.existingFile !== null || removal?.kind !== 'commit' || !ownerBlocksUpdates(owner) || input.taken(target.uid)) {
      dashboards.push(target);
      continue;
    }
    skipped.push({
      uid: target.uid,
      title: target.title,
      file: target.file,
      why:
        `not written back: commit ${removal.commit.slice(0, 12)} removed it, and it is ${describeManager(owner!)}, which keeps it (dashsync apply never writes it). ` +
        `To take it back into the tree anyway: ${renderNextCommand(input.selection, ['pull', target.uid])}`,
      leftToOwner: true,
    });
  }
  return { dashboards, skipped };
}
