import type { DashboardTarget, SkippedTarget } from './types.js';

/** What a held-out target's `skipped` line says beyond its uid, title and file: why, and its mark for the summary's counts. */
export type RemovalHeld = Omit<SkippedTarget, 'uid' | 'title' | 'file'>;

/**
 * Pure: the targets pull writes, and those it holds out: a new file a commit removed (`removal.kind: 'commit'`) for which
 * `hold` gives the skipped line's words (null: written). The skipped line names the file pull would have written.
 */
export function holdOutRemovedFiles(
  targets: readonly DashboardTarget[],
  hold: (target: DashboardTarget, commit: string) => RemovalHeld | null,
): { dashboards: DashboardTarget[]; skipped: SkippedTarget[] } {
  const dashboards: DashboardTarget[] = [];
  const skipped: SkippedTarget[] = [];
  for (const target of targets) {
    const removal = target.formerFile?.removal;
    const held = target.existingFile === null && removal?.kind === 'commit' ? hold(target, removal.commit) : null;
    if (held === null) dashboards.push(target);
    else skipped.push({ uid: target.uid, title: target.title, file: target.file, ...held });
  }
  return { dashboards, skipped };
}
