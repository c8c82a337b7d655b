import { rm } from 'node:fs/promises';
import { decideLibraryPrune, libraryUsersAfterPull } from './decide-library-prune.js';
import { mayPruneFile } from './decide-pull-file.js';
import { describeUnprunedFile } from './describe-left-file.js';
import type { GrafanaPort } from '../grafana/port.js';
import type { GitView } from './read-git-view.js';
import { readHiddenFolders } from './read-hidden-folders.js';
import { resolveInsideRoot } from './safe-path.js';
import type { PullPlan, PullResult } from './types.js';

/** A file `pull --prune` is about to delete (display path). */
export interface PruneFile {
  file: string;
  uid: string;
  resource?: 'library-panel';
}

export interface PrunePulledFilesInput {
  plan: Pick<PullPlan, 'onlyInGit' | 'libraryOnlyInGit'>;
  /** Receives the events and counts. */
  result: PullResult;
  /** `--prune`, and the pull was not interrupted. */
  prune: boolean;
  dryRun: boolean;
  force: boolean;
  git: GitView;
  realRoot: string;
  display: (rootRelative: string) => string;
  /** What each dashboard file of the tree holds once the pull has written it: root-relative file → its uid and the library panels it uses. */
  usesByFile: ReadonlyMap<string, { uid: string; panels: string[] }>;
  /** Asked about the folders of gone library panels that the folder list lacks (readHiddenFolders). */
  grafana: Pick<GrafanaPort, 'getFolder'>;
  liveFolderUids: ReadonlySet<string>;
  concurrency: number;
  /** `externalLibraryPanels`. */
  external: ReadonlySet<string>;
  /** Called with every file about to be deleted, before the first delete. */
  onPrune?: (files: PruneFile[]) => void;
}

/**
 * The files of the pull's scope whose dashboards or library panels Grafana no longer has: listed
 * as only in git, or with --prune deleted where that loses nothing (decideLibraryPrune,
 * mayPruneFile) and otherwise kept with the reason. Library panel files are decided after the
 * dashboards, so a panel that only deleted dashboards used goes with them; the folder of one the
 * folder list lacks is read, to tell a deleted folder from one hidden from these credentials.
 */
export async function prunePulledFiles(input: PrunePulledFilesInput): Promise<void> {
  const { plan, result, git, prune, display } = input;
  // Without --prune too, a panel's users are those a prune would leave: the listing says what --prune would do.
  const prunable = plan.onlyInGit.filter((gone) => mayPruneFile(git.stateOf(gone.file), input.force));
  const dashboardDeletes = prune ? prunable : [];
  const users = libraryUsersAfterPull(input.usesByFile, new Set(prunable.map((gone) => gone.file)));
  const unlisted = plan.libraryOnlyInGit.flatMap((gone) => (gone.folderUid !== null && !input.liveFolderUids.has(gone.folderUid) ? [gone.folderUid] : []));
  const hiddenFolders = unlisted.length > 0 ? await readHiddenFolders(input.grafana, unlisted, input.concurrency) : new Set<string>();
  const library = plan.libraryOnlyInGit.map((gone) => ({
    gone,
    decision: decideLibraryPrune(gone, {
      prune,
      force: input.force,
      git: git.stateOf(gone.file),
      gitUnavailable: git.unavailable,
      users: users.get(gone.uid) ?? [],
      folderHidden: gone.folderUid !== null && hiddenFolders.has(gone.folderUid),
      external: input.external.has(gone.uid),
    }),
  }));
  const libraryDeletes = library.filter(({ decision }) => decision.action === 'delete').map(({ gone }) => gone);
  if (dashboardDeletes.length + libraryDeletes.length > 0) {
    input.onPrune?.([
      ...dashboardDeletes.map((gone) => ({ file: display(gone.file), uid: gone.uid })),
      ...libraryDeletes.map((gone) => ({ file: display(gone.file), uid: gone.uid, resource: 'library-panel' as const })),
    ]);
  }

  const remove = async (file: string) => {
    if (!input.dryRun) await rm(resolveInsideRoot(input.realRoot, file), { force: true });
  };
  for (const gone of plan.onlyInGit) {
    const file = display(gone.file);
    if (!prune) {
      result.counts.onlyInGit += 1;
      result.events.push({ outcome: 'only-in-git', file, uid: gone.uid });
    } else if (!dashboardDeletes.includes(gone)) {
      result.counts.kept += 1;
      result.events.push({ outcome: 'kept', file, uid: gone.uid, why: describeUnprunedFile('dashboard', gone.uid, git.stateOf(gone.file), git.unavailable) });
    } else {
      await remove(gone.file);
      result.counts.pruned += 1;
      result.events.push({ outcome: 'pruned', file, uid: gone.uid });
    }
  }
  for (const { gone, decision } of library) {
    const event = { file: display(gone.file), uid: gone.uid, resource: 'library-panel' as const };
    switch (decision.action) {
      case 'note':
        result.notes.push(`${event.file}: ${decision.note}`);
        break;
      case 'list':
        result.counts.onlyInGit += 1;
        result.events.push({ outcome: 'only-in-git', ...event, why: decision.why });
        break;
      case 'keep':
        result.counts.kept += 1;
        result.events.push({ outcome: 'kept', ...event, why: decision.why });
        break;
      case 'delete':
        await remove(gone.file);
        result.counts.pruned += 1;
        result.events.push({ outcome: 'pruned', ...event });
    }
  }
}
