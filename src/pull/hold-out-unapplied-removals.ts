import type { Settings } from '../config/types.js';
import { RequestInterruptedError } from '../errors.js';
import type { RemovedDashboardFile } from '../git/find-removed-dashboard-files.js';
import type { GrafanaPort } from '../grafana/port.js';
import { migratedSchemaVersionOf } from '../plan/drop-migrated-schema-version.js';
import { holdsLive, parseCommitted } from '../plan/find-held-in-git.js';
import { normalizeLive } from '../plan/normalize-live.js';
import { liveInstanceForAny } from '../plan/read-instance-datasources.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import { committedHoldsPanel, folderDirOf } from '../plan/find-library-panels-held.js';
import { normalizeLibraryPanel } from '../normalize/normalize-library-panel.js';
import type { DashboardTarget, LibraryPanelTarget, LiveLibraryUse, SkippedTarget } from './types.js';
import { holdOutRemovedFiles } from './hold-out-removed-files.js';

export interface HoldOutUnappliedInput {
  dashboards: readonly DashboardTarget[];
  /** By uid: the file each new dashboard was in before it was removed (findRemovedTreeFiles), with the text it had then. */
  removedFiles: ReadonlyMap<string, RemovedDashboardFile>;
  /** Whether the run takes this uid whatever was done with its file before (named on the command line, or --force), or another tool keeps it (no prune deletes it). */
  taken: (uid: string) => boolean;
  settings: Pick<Settings, 'inputs' | 'minRefreshInterval' | 'concurrency'> & Partial<Pick<Settings, 'prune' | 'configFile' | 'environment'>>;
  selection: RunSelection | undefined;
}

/**
 * A new file pull would write back at the path a commit removed it from, whose dashboard Grafana holds as that file was
 * before the commit (compared as the plan compares a file with Grafana): nothing was done in Grafana since, so the removal
 * is a change of git's the next apply has not made yet (a retired directory whose prune is to come), not a dashboard someone
 * brought back. Such a target is held out with a `skipped` line that says so, what deletes it from Grafana and the command
 * that takes it back into the tree; a uid the run names, or --force, takes it. One read of each such target (those written
 * back at their old path after a committed removal), none without. A read that fails holds nothing: the file is written.
 */
export async function holdOutUnappliedRemovals(
  grafana: Pick<GrafanaPort, 'readDashboards' | 'defaultDatasource' | 'namedDatasources' | 'describeServer' | 'writeTargetFor'>,
  input: HoldOutUnappliedInput,
): Promise<{ dashboards: DashboardTarget[]; skipped: SkippedTarget[] }> {
  const candidates = new Map(
    input.dashboards
      .filter((target) => target.existingFile === null && target.formerFile?.left === undefined && target.formerFile?.removal.kind === 'commit' && !input.taken(target.uid))
      .flatMap((target) => {
        const removed = input.removedFiles.get(target.uid);
        return removed === undefined ? [] : [[target.uid, removed] as const];
      }),
  );
  if (candidates.size === 0) return { dashboards: [...input.dashboards], skipped: [] };
  const unapplied = new Set<string>();
  try {
    for await (const { uid, live } of grafana.readDashboards([...candidates.keys()], { concurrency: input.settings.concurrency })) {
      const removed = candidates.get(uid);
      if (live === null || removed === undefined) continue;
      const committed = parseCommitted(removed.text, removed.path, input.settings);
      const normalized = { schema: live.schema, spec: normalizeLive(live, input.settings.minRefreshInterval), metadata: live.metadata, onApi: live.apiVersion === null };
      if (holdsLive(committed, normalized, await liveInstanceForAny(grafana, [committed]), await migratedSchemaVersionOf(grafana, committed))) unapplied.add(uid);
    }
  } catch (error) {
    // Ctrl-C ends the pull as everywhere else; a read that fails otherwise holds nothing back (the file is written, as before).
    if (error instanceof RequestInterruptedError) throw error;
  }
  return holdOutRemovedFiles(input.dashboards, (target, commit) => {
    if (!unapplied.has(target.uid)) return null;
    return {
      why: describeUnappliedRemoval(commit, target.uid, !target.file.includes('/'), input.settings.prune ?? false, input.selection),
      removalNotApplied: true,
    };
  });
}

/**
 * The `skipped` line of a removal not applied yet, for a dashboard or (with `unlessUsed`) a library panel: what deletes it from
 * Grafana — the next apply where the config's prune takes it (in a folder: `folders` or `all`; at the General level: `all`
 * only), else a plan with the prune that does — and the command that takes it back into the tree.
 */
function describeUnappliedRemoval(commit: string, uid: string, general: boolean, prune: false | 'folders' | 'all', selection: RunSelection | undefined, unlessUsed?: string): string {
  const unless = unlessUsed === undefined ? '' : `, ${unlessUsed}`;
  const deletes = prune === 'all' || (prune === 'folders' && !general)
    ? `the next apply prunes it${unless} (${renderNextCommand(selection, 'plan')} shows the delete)`
    : `${renderNextCommand(selection, ['plan', '--prune', general ? 'all' : 'folders'])} shows its delete, which apply makes (backed up)${unless}`;
  return `not written back: commit ${commit.slice(0, 12)} removed it, and Grafana holds it as the file was before that commit: ` +
    `the removal is not applied yet; ${deletes}. To take it back into the tree instead: ${renderNextCommand(selection, ['pull', uid])}`;
}

export interface HoldOutUnappliedPanelsInput {
  libraryPanels: readonly LibraryPanelTarget[];
  /** The live library panels of the pull's listing (their element as Grafana holds it, with the dashboards using it). */
  libraryUses: readonly LiveLibraryUse[];
  /** By uid: the `_library/` file each new library panel was in before it was removed (findRemovedTreeFiles), with the text it had then. */
  removedFiles: ReadonlyMap<string, RemovedDashboardFile>;
  /** The dashboards pull writes a new file for: one using a panel needs the panel's file, so that panel is written back. */
  newDashboardUids: ReadonlySet<string>;
  /**
   * The panels a dashboard file of the tree uses now: the removal of such a panel's file is not one an apply can make (prune
   * keeps a panel in use), and the tree would name a panel it lacks, so its file is written back as before.
   */
  usedInTree: ReadonlySet<string>;
  /** Whether the run takes this uid whatever was done with its file before (named on the command line, or --force). */
  taken: (uid: string) => boolean;
  settings: Pick<Settings, 'inputs'> & Partial<Pick<Settings, 'prune' | 'configFile' | 'environment'>>;
  selection: RunSelection | undefined;
}

/**
 * Pure: the same for library panels (fixl-70). A new `_library/` file pull would write back at the path a commit removed it
 * from, whose element Grafana holds as that file was before the commit (name and model, as the plan compares them), is a
 * removal the next apply has not made yet: held out with a `skipped` line that says so. Not where a dashboard file pull
 * writes new uses it, nor where a file of the tree uses it now (either would name a panel the tree lacks, and prune keeps a
 * panel in use). The listing's element is compared: no read.
 */
export function holdOutUnappliedPanelRemovals(input: HoldOutUnappliedPanelsInput): { libraryPanels: LibraryPanelTarget[]; skipped: SkippedTarget[] } {
  const liveOf = new Map(input.libraryUses.map((use) => [use.panel.uid, use] as const));
  const libraryPanels: LibraryPanelTarget[] = [];
  const skipped: SkippedTarget[] = [];
  for (const target of input.libraryPanels) {
    const removal = target.formerFile?.removal;
    const removed = input.removedFiles.get(target.uid);
    const use = liveOf.get(target.uid);
    const unapplied =
      target.existingFile === null &&
      target.formerFile?.left === undefined &&
      removal?.kind === 'commit' &&
      removed !== undefined &&
      use !== undefined &&
      !input.taken(target.uid) &&
      !use.users.some((uid) => input.newDashboardUids.has(uid)) &&
      !input.usedInTree.has(target.uid) &&
      committedHoldsPanel(removed.text, removed.path, input.settings, normalizeLibraryPanel(use.panel));
    if (!unapplied) {
      libraryPanels.push(target);
      continue;
    }
    skipped.push({
      uid: target.uid,
      title: target.name,
      file: target.file,
      resource: 'library-panel',
      why: describeUnappliedRemoval(removal.commit, target.uid, folderDirOf(target.file, true) === '', input.settings.prune ?? false, input.selection, 'unless a dashboard still uses it then'),
      removalNotApplied: true,
    });
  }
  return { libraryPanels, skipped };
}
