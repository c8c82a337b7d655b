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
      why: describeUnappliedRemoval(commit, target.uid, !target.file.includes('/'), input.settings, input.selection),
      removalNotApplied: true,
    };
  });
}

/** The prune a plan of this run's config makes, and where it is set: what the skipped line of a removal not applied yet says of it. */
type PruneSetting = Partial<Pick<Settings, 'prune' | 'configFile' | 'environment'>>;

/**
 * The `skipped` line of a removal not applied yet, for a dashboard or (with `unlessUsed`) a library panel: what deletes it from
 * Grafana — the next apply where the config's prune takes it (in a folder: `folders` or `all`; at the General level: `all`
 * only); else that no apply without --prune does, and the reviewed plan with the prune that does — and the command that
 * takes it back into the tree.
 */
function describeUnappliedRemoval(commit: string, uid: string, general: boolean, setting: PruneSetting, selection: RunSelection | undefined, unlessUsed?: string): string {
  const unless = unlessUsed === undefined ? '' : `, ${unlessUsed}`;
  const prune = setting.prune ?? false;
  const scope = general ? 'all' : 'folders';
  const deletes = prune === 'all' || (prune === 'folders' && !general)
    ? `the next apply prunes it${unless} (${renderNextCommand(selection, 'plan')} shows the delete)`
    : // A plan to review, not `apply --prune`: that prune also deletes every other dashboard of its scope with no file (rev-71 M1).
      `${describePruneOff(prune, setting)}, so no apply without --prune makes it: ` +
      `${renderNextCommand(selection, ['plan', '--prune', scope, '--out', 'plan.json'])} shows its delete among every other that prune makes (review it), ` +
      `then ${renderNextCommand(selection, ['apply', 'plan.json'])} makes it (backed up)${unless}`;
  return `not written back: commit ${commit.slice(0, 12)} removed it, and Grafana holds it as the file was before that commit: ` +
    `the removal is not applied yet; ${deletes}. To take it back into the tree instead: ${renderNextCommand(selection, ['pull', uid])}`;
}

/** `prune is off ("prune" in dashsync.config.json)`, or for a file at the General level, `prune "folders" leaves the General level alone (…)`. */
function describePruneOff(prune: false | 'folders' | 'all', setting: PruneSetting): string {
  const where = `("prune" in ${setting.configFile ?? 'dashsync.config.json'})`;
  const of = setting.environment === undefined ? '' : ` for environment ${setting.environment}`;
  return prune === false ? `prune is off${of} ${where}` : `prune "${prune}"${of} leaves the General level alone ${where}`;
}

export interface HoldOutUnappliedPanelsInput {
  libraryPanels: readonly LibraryPanelTarget[];
  /** The live library panels of the pull's listing (their element as Grafana holds it, with the dashboards using it). */
  libraryUses: readonly LiveLibraryUse[];
  /** By uid: the `_library/` file each new library panel was in before it was removed (findRemovedTreeFiles), with the text it had then. */
  removedFiles: ReadonlyMap<string, RemovedDashboardFile>;
  /**
   * The panels a dashboard file of the tree uses once the pull's dashboard files are written (usesByFile: those it created,
   * updated or moved as Grafana holds them, the others as they are, files with errors too): the removal of such a panel's file
   * is not one an apply can make (prune keeps a panel in use), and the tree would name a panel it lacks, so its file is written back.
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
 * removal the next apply has not made yet: held out with a `skipped` line that says so. Not where a dashboard file of the
 * tree uses it once the pull's dashboard files are written (it would name a panel the tree lacks, and prune keeps a panel in
 * use): decided after those writes. The listing's element is compared: no read.
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
      why: describeUnappliedRemoval(removal.commit, target.uid, folderDirOf(target.file, true) === '', input.settings, input.selection, 'unless a dashboard still uses it then'),
      removalNotApplied: true,
    });
  }
  return { libraryPanels, skipped };
}
