import { mkdir, realpath, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import pLimit from 'p-limit';
import type { Settings } from '../config/types.js';
import type { Tree } from '../files/types.js';
import { GrafanaHttpError, InterruptedError, RequestInterruptedError } from '../errors.js';
import type { GrafanaPort, LiveFolder } from '../grafana/port.js';
import { confirmUnlistedDashboards } from './confirm-unlisted-dashboards.js';
import { describeLeftFile } from './describe-left-file.js';
import { planPull } from './plan-pull.js';
import { libraryUsesByFile } from './decide-library-prune.js';
import { memoizeFolderReads } from './memoize-folder-reads.js';
import { prunePulledFiles, type PruneFile } from './prune-pulled-files.js';
import { pullDashboardTarget } from './pull-dashboard-target.js';
import { pullLibraryPanelTarget } from './pull-library-panel-target.js';
import { readLibraryUses } from './read-library-uses.js';
import { readHiddenFolders } from './read-hidden-folders.js';
import { readMissingFolders } from './read-missing-folders.js';
import { recordLibraryPanel } from './record-library-panel.js';
import { readGitView, type GitView } from './read-git-view.js';
import { createLiveAuthorReader } from './read-live-author.js';
import { emptyLocalTree, readLocalTree, type LocalTree } from './read-local-tree.js';
import { GENERAL_FOLDER_UID } from './select-pull-scope.js';
import type { OnlyInGit, PullResult, PullScope } from './types.js';
import { writeFolderTargets } from './write-folder-targets.js';
import { toSlashes } from '../files/tree-paths.js';

export interface PullOptions {
  settings: Pick<Settings, 'root' | 'cwd' | 'inputs' | 'minRefreshInterval' | 'concurrency'> & Partial<Pick<Settings, 'externalLibraryPanels' | 'configFile' | 'environment'>>;
  grafana: GrafanaPort;
  /** 'auto': everything when the tree is empty (bootstrap), else what the tree manages. */
  scope: PullScope | 'auto';
  /** Delete files whose dashboards or library panels are gone from Grafana (within the scope), where that loses nothing. */
  prune: boolean;
  dryRun: boolean;
  /** Take Grafana's version of files that changed on both sides, and prune files git does not hold. */
  force?: boolean;
  onProgress?: (event: { done: number; total: number }) => void;
  /** Called with the files --prune is about to delete (display paths), before the first delete. */
  onPrune?: (files: PruneFile[]) => void;
  /** Stops starting new fetches (Ctrl-C; the Grafana port's own signal ends those in flight); what was written stays written. */
  signal?: AbortSignal;
}

/**
 * Writes live dashboards into the tree so that an immediate plan shows zero changes, without
 * losing work: a file that differs from Grafana is replaced only where git holds it and
 * Grafana's version is the newer (decidePullFile). Every path is decided (and checked to stay
 * inside the root) before the first fetch; dashboards are then fetched, written and dropped
 * with bounded concurrency.
 */
export async function pullDashboards(options: PullOptions): Promise<PullResult> {
  try {
    return await pullFromGrafana(options);
  } catch (error) {
    // Ctrl-C ended a read in flight before the writes began (the writes' own reads record it in the result).
    if (error instanceof RequestInterruptedError) throw new InterruptedError('interrupted while reading Grafana; run pull again');
    throw error;
  }
}

async function pullFromGrafana(options: PullOptions): Promise<PullResult> {
  const { settings, grafana, dryRun } = options;
  const root = resolve(settings.cwd, settings.root);
  const rootExists = await stat(root).then((s) => s.isDirectory(), () => false);
  // A dry run into a root that does not exist yet creates nothing, not even the root.
  const onDisk = rootExists || !dryRun;
  if (!rootExists && !dryRun) await mkdir(root, { recursive: true });
  const realRoot = onDisk ? await realpath(root) : root;
  const local: LocalTree = onDisk
    ? await readLocalTree({
        root,
        cwd: settings.cwd,
        inputs: settings.inputs,
        minRefreshInterval: settings.minRefreshInterval,
        configFile: settings.configFile,
        environment: settings.environment,
      })
    : emptyLocalTree(root);

  const notes: string[] = [];
  let scope = options.scope;
  if (scope === 'auto') {
    const empty = local.tree.dashboards.length === 0 && local.folderFiles.size === 0;
    if (empty) notes.push('the tree is empty: pulling every dashboard (as with --all)');
    scope = empty ? { kind: 'all' } : { kind: 'managed' };
  }
  await grafana.checkAccess();
  const [listedFolders, liveDashboards, libraryUses, server] = await Promise.all([
    grafana.listFolders(),
    collect(grafana.listDashboards()),
    readLibraryUses(grafana, settings.concurrency),
    grafana.describeServer(),
  ]);
  const usedFolders = [
    ...liveDashboards.map((hit) => hit.folderUid),
    ...libraryUses.filter((use) => use.panel.kind === 1).map((use) => use.panel.folderUid),
    // The scope's own folders: one created seconds ago may hold nothing the search shows yet.
    ...scopeFolderUids(scope, local.tree),
  ];
  const folderReads = memoizeFolderReads(grafana);
  let liveFolders = await readMissingFolders(folderReads, listedFolders, usedFolders, { concurrency: settings.concurrency, mayLag: server.capabilities.searchMayLag });
  const rootRelative = (entry: { absPath: string }) => toSlashes(relative(root, entry.absPath));
  const planInput = { scope, liveFolders, liveDashboards, tree: local.tree, folderFiles: local.folderFiles, listing: local.listing, brokenFileByUid: local.brokenFileByUid, rootRelative, libraryUses };
  let plan = planPull(planInput);
  let refusedReads = new Set<string>();
  if (server.capabilities.searchMayLag && plan.onlyInGit.length > 0) {
    // Not in the search may only mean not indexed yet: ask for each (outside folders hidden from these credentials).
    const confirmed = await confirmUnlistedDashboards(grafana, await outsideHiddenFolders(folderReads, plan.onlyInGit, liveFolders, settings.concurrency), settings.concurrency);
    refusedReads = confirmed.refused;
    if (confirmed.found.length > 0) {
      liveFolders = await readMissingFolders(folderReads, liveFolders, confirmed.found.map((hit) => hit.folderUid), { concurrency: settings.concurrency, mayLag: true });
      plan = planPull({ ...planInput, liveFolders, liveDashboards: [...liveDashboards, ...confirmed.found] });
    }
  }
  notes.push(...plan.notes);
  const display = (rel: string) => toSlashes(relative(settings.cwd, resolve(root, rel))) || '.';

  const result: PullResult = {
    dryRun,
    events: [],
    counts: { created: 0, updated: 0, moved: 0, unchanged: 0, kept: 0, refused: 0, pruned: 0, onlyInGit: 0, provisioned: 0, failed: 0 },
    refusedUids: [],
    problems: local.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => ({ ...d, severity: 'warning' as const, message: `${d.message}; this file is left as it is` })),
    notes,
    interrupted: false,
  };

  // git is asked only when the tree has files whose work could be lost.
  const hasExisting =
    [...plan.dashboards, ...plan.libraryPanels].some((d) => d.existingFile !== null) || plan.onlyInGit.length > 0 || plan.libraryOnlyInGit.length > 0;
  const git: GitView = hasExisting ? await readGitView(realRoot) : { unavailable: null, stateOf: () => 'committed' };
  const context = {
    grafana,
    realRoot,
    minRefreshInterval: settings.minRefreshInterval,
    inputs: settings.inputs,
    dryRun,
    force: options.force ?? false,
    git,
    authors: createLiveAuthorReader(grafana),
  };
  let unreadableHistory = 0;
  // What each dashboard file holds once the pull is done (updated as files are written), for the library panels --prune may delete.
  const usesByFile = libraryUsesByFile(local.tree.dashboards, local.brokenFileUses, rootRelative);

  const folders = await writeFolderTargets(plan.folders, { realRoot, dryRun, display });
  result.events.push(...folders.events);
  result.problems.push(...folders.problems);

  const limit = pLimit(Math.max(1, settings.concurrency));
  const total = plan.dashboards.length;
  let done = 0;
  options.onProgress?.({ done, total });
  await Promise.all(
    plan.dashboards.map((target) =>
      limit(async () => {
        if (options.signal?.aborted) {
          result.interrupted = true;
          return;
        }
        const file = display(target.file);
        const dir = target.file.includes('/') ? target.file.slice(0, target.file.lastIndexOf('/')) : '';
        try {
          if (folders.failedDirs.has(dir)) throw new Error(`not written: its directory ${display(dir)} could not be made safely (see above)`);
          const written = await pullDashboardTarget(target, context);
          if (written.kind === 'vanished') {
            notes.push(`${target.uid} ("${target.title}") was deleted in Grafana during the pull; not written`);
          } else if (written.kind === 'left') {
            const outcome = written.decision.action === 'keep' ? 'kept' : 'refused';
            result.counts[outcome] += 1;
            if (outcome === 'refused') result.refusedUids.push(target.uid);
            result.events.push({ outcome, file: display(target.existingFile!), uid: target.uid, why: describeLeftFile(written) });
          } else {
            result.counts[written.outcome] += 1;
            if (written.provisioned) result.counts.provisioned += 1;
            if (target.previousFile !== null) usesByFile.delete(target.previousFile);
            usesByFile.set(target.file, { uid: target.uid, panels: written.libraryPanels ?? [] });
            if (written.adopted?.reason === 'history-unreadable') unreadableHistory += 1;
            if (written.titleMissing) {
              result.problems.push({ file, severity: 'warning', rule: 'title-missing', message: `dashboard ${target.uid} has no title in Grafana; give it one in the file (plan and check refuse a dashboard without a title)` });
            }
            if (written.formLost) {
              result.problems.push({ file, severity: 'warning', rule: 'pull-export-form-lost', message: `written as a plain dashboard (no __inputs, concrete datasource uids): ${written.formLost}` });
            }
            if (written.formChanged) notes.push(`${file}: ${written.formChanged}; written in the stored form (review it with git diff)`);
            if (written.outcome !== 'unchanged') {
              const from = target.previousFile ? display(target.previousFile) : undefined;
              result.events.push({ outcome: written.outcome, file, uid: target.uid, from, provisioned: written.provisioned || undefined });
            }
          }
        } catch (error) {
          if (error instanceof RequestInterruptedError) {
            result.interrupted = true;
            return;
          }
          if (error instanceof GrafanaHttpError && !isStoredAsV2(error)) throw error;
          result.counts.failed += 1;
          result.problems.push(
            isStoredAsV2(error)
              ? { file, severity: 'error', rule: 'pull-v2-needs-apis', message: `dashboard ${target.uid} is stored as a v2 dashboard, which /api cannot read (Grafana answers 406): pull with api "auto" or "k8s" (config "api") to write it as a v2 resource file` }
              : { file, severity: 'error', rule: 'pull-write-failed', message: `dashboard ${target.uid}: ${describe(error)}` },
          );
        }
        done += 1;
        options.onProgress?.({ done, total });
      }),
    ),
  );

  const livePanels = new Map(libraryUses.map(({ panel }) => [panel.uid, panel]));
  for (const target of plan.libraryPanels) {
    if (options.signal?.aborted) {
      result.interrupted = true;
      break;
    }
    const file = display(target.file);
    const dir = target.file.slice(0, target.file.lastIndexOf('/_library/') + 1).replace(/\/$/, '');
    try {
      if (folders.failedDirs.has(dir)) throw new Error(`not written: its directory ${display(dir)} could not be made safely (see above)`);
      const written = await pullLibraryPanelTarget(target, livePanels.get(target.uid)!, context);
      recordLibraryPanel(result, target, written, display);
    } catch (error) {
      if (error instanceof RequestInterruptedError) {
        result.interrupted = true;
        break;
      }
      result.counts.failed += 1;
      result.problems.push({ file, severity: 'error', rule: 'pull-write-failed', message: `library panel ${target.uid}: ${describe(error)}` });
    }
  }

  if (unreadableHistory > 0) {
    notes.push(
      `${unreadableHistory} file(s) committed in git were replaced by Grafana's version without knowing which side is newer: ` +
        'these credentials cannot read the version history (it needs dashboards:write). git diff shows what changed; git checkout -- <file> undoes it',
    );
  }
  await prunePulledFiles({
    plan,
    result,
    prune: options.prune && !result.interrupted,
    dryRun,
    force: context.force,
    git,
    realRoot,
    display,
    usesByFile,
    grafana: folderReads,
    liveFolderUids: new Set(liveFolders.map((folder) => folder.uid)),
    refusedReads,
    concurrency: settings.concurrency,
    external: new Set(settings.externalLibraryPanels ?? []),
    onPrune: options.onPrune,
  });
  return result;
}

/** `GET /api/dashboards/uid/:uid` of a dashboard stored in the v2 schema (grafana-api.md §12). */
function isStoredAsV2(error: unknown): boolean {
  return error instanceof GrafanaHttpError && error.status === 406;
}

async function collect<T>(hits: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const hit of hits) all.push(hit);
  return all;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `cannot write the file (${code})` : error.message;
}

/** The files whose folder is General, listed, or not hidden from these credentials (a hidden folder's dashboards are left as they are). */
async function outsideHiddenFolders(grafana: Pick<GrafanaPort, 'getFolder'>, gone: OnlyInGit[], liveFolders: LiveFolder[], concurrency: number): Promise<OnlyInGit[]> {
  const listed = new Set(liveFolders.map((folder) => folder.uid));
  const hidden = await readHiddenFolders(grafana, gone.flatMap((entry) => (entry.folderUid !== null && !listed.has(entry.folderUid) ? [entry.folderUid] : [])), concurrency);
  return gone.filter((entry) => entry.folderUid === null || !hidden.has(entry.folderUid));
}

/** The folders a pull scope names: `--folder`'s (General is no folder), or the tree's for the managed scope. */
function scopeFolderUids(scope: PullScope, tree: Tree): string[] {
  if (scope.kind === 'folders') return scope.uids.filter((uid) => uid.toLowerCase() !== GENERAL_FOLDER_UID);
  return scope.kind === 'managed' ? tree.folders.map((folder) => folder.uid) : [];
}
