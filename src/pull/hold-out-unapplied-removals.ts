import type { Settings } from '../config/types.js';
import { RequestInterruptedError } from '../errors.js';
import type { RemovedDashboardFile } from '../git/find-removed-dashboard-files.js';
import type { GrafanaPort } from '../grafana/port.js';
import { migratedSchemaVersionOf } from '../plan/drop-migrated-schema-version.js';
import { holdsLive, parseCommitted } from '../plan/find-held-in-git.js';
import { normalizeLive } from '../plan/normalize-live.js';
import { liveInstanceForAny } from '../plan/read-instance-datasources.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import type { DashboardTarget, SkippedTarget } from './types.js';
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
      why:
        `not written back: commit ${commit.slice(0, 12)} removed it, and Grafana holds it as the file was before that commit: ` +
        `the removal is not applied yet; ${describePruneOf(target.file, input.settings.prune ?? false, input.selection)}. ` +
        `To take it back into the tree instead: ${renderNextCommand(input.selection, ['pull', target.uid])}`,
      removalNotApplied: true,
    };
  });
}

/**
 * What deletes a removed file's dashboard from Grafana: the next apply where the config's prune takes it (a folder's
 * dashboard: `folders` or `all`; one at the General level, a file directly in the tree's root: `all` only), else a plan with
 * the prune that does.
 */
function describePruneOf(file: string, prune: false | 'folders' | 'all', selection: RunSelection | undefined): string {
  const general = !file.includes('/');
  if (prune === 'all' || (prune === 'folders' && !general)) return `the next apply prunes it (${renderNextCommand(selection, 'plan')} shows the delete)`;
  return `${renderNextCommand(selection, ['plan', '--prune', general ? 'all' : 'folders'])} shows its delete, which apply makes (backed up)`;
}
