import { describeManager, ownerBlocksUpdates } from '../grafana/ownership.js';
import type { DashboardOwner } from '../grafana/port.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import type { DashboardTarget, SkippedTarget } from './types.js';
import { holdOutRemovedFiles } from './hold-out-removed-files.js';

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
  return holdOutRemovedFiles(input.dashboards, (target, commit) => {
    const owner = input.ownerOf(target.uid) ?? null;
    if (!ownerBlocksUpdates(owner) || input.taken(target.uid)) return null;
    return {
      why:
        `not written back: commit ${commit.slice(0, 12)} removed it, and it is ${describeManager(owner!)}, which keeps it (dashsync apply never writes it). ` +
        `To take it back into the tree anyway: ${renderNextCommand(input.selection, ['pull', target.uid])}`,
      leftToOwner: true,
    };
  });
}
