import type { BackupDirs } from '../apply/find-other-environment-backups.js';
import { readNewestDashboardBackupIn } from '../apply/find-other-environment-backups.js';
import type { BackupMatch } from '../apply/read-newest-backup-file.js';
import { runGit } from '../git/run-git.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import { shorten } from '../report/shorten-path.js';
import type { DashboardTarget, SkippedTarget } from './types.js';

const GIT_TIMEOUT_MS = 30_000;

export interface HoldOutPrunedInput {
  dashboards: readonly DashboardTarget[];
  /** Whether the run takes this uid whatever dashsync did with it before (named on the command line, or --force). */
  taken: (uid: string) => boolean;
  realRoot: string;
  /** Where dashsync's prunes back up (none: nothing is held out). */
  backups: BackupDirs | undefined;
  /** This run's Grafana and org, as backups record them: asked once, only when a target has a removal commit. */
  source: () => Promise<BackupMatch>;
  selection: RunSelection | undefined;
}

/**
 * A new file pull would write back at the path a commit removed it from, for a dashboard dashsync itself backed up and
 * deleted (a prune) after that commit: the team removed it on purpose, and Grafana holds it again only because something
 * put it back (a database restore). Such a target is held out with a `skipped` line that names the removal, the backup and
 * the command that takes it anyway; a uid the run names, or --force, takes it. One backup read per such target (only those
 * with a removal commit), one `git show` per commit. Never throws for an unreadable backup or commit: the file is written.
 */
export async function holdOutPrunedDashboards(input: HoldOutPrunedInput): Promise<{ dashboards: DashboardTarget[]; skipped: SkippedTarget[] }> {
  const dashboards: DashboardTarget[] = [];
  const skipped: SkippedTarget[] = [];
  let source: Promise<BackupMatch> | undefined;
  const commitTimes = new Map<string, Promise<number | null>>();
  const commitTime = (sha: string) => {
    if (!commitTimes.has(sha)) commitTimes.set(sha, readCommitTime(input.realRoot, sha));
    return commitTimes.get(sha)!;
  };
  for (const target of input.dashboards) {
    const removal = target.formerFile?.removal;
    if (input.backups === undefined || target.existingFile !== null || target.formerFile?.left !== undefined || removal?.kind !== 'commit' || input.taken(target.uid)) {
      dashboards.push(target);
      continue;
    }
    source ??= input.source();
    const backup = await readNewestDashboardBackupIn(input.backups, target.uid, await source).catch(() => null);
    const removedAt = backup === null ? null : await commitTime(removal.commit);
    const prunedAt = backup === null ? NaN : Date.parse(backup.backup.deletedAt);
    if (backup === null || removedAt === null || !(prunedAt >= removedAt)) {
      dashboards.push(target);
      continue;
    }
    const take = renderNextCommand(input.selection, ['pull', target.uid]);
    skipped.push({
      uid: target.uid,
      title: target.title,
      file: target.file,
      why:
        `not written back: commit ${removal.commit.slice(0, 12)} removed it, and dashsync pruned its dashboard after that, at ${backup.backup.deletedAt} ` +
        `(backup ${shorten(backup.path, input.backups.cwd)}); Grafana holds it again (a database restore?). To take it back into the tree anyway: ${take}`,
      prunedBefore: true,
    });
  }
  return { dashboards, skipped };
}

/** The commit's committer time (ms), or null when git cannot say. */
async function readCommitTime(root: string, sha: string): Promise<number | null> {
  const answer = await runGit(root, ['show', '-s', '--format=%cI', sha, '--'], GIT_TIMEOUT_MS);
  if (!answer.ok) return null;
  const time = Date.parse(answer.stdout.trim());
  return Number.isNaN(time) ? null : time;
}
