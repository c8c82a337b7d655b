import { otherEnvironmentsDeploying, otherEnvironmentsDeployingFolder } from '../plan/environments-deploying-file.js';
import { configFileOf, readConfiguredInputs } from '../plan/find-held-in-git.js';
import { askOnce } from '../grafana/ask-once.js';
import { holdOutOtherRepositoryPushes } from './hold-out-other-repository-pushes.js';
import { holdOutPrunedDashboards } from './hold-out-pruned-dashboards.js';
import { holdOutExternalFolders } from './hold-out-external-folders.js';
import { noteUidsLeftByFiles } from './note-uids-left-by-files.js';
import { holdOutOwnedRemovals } from './hold-out-owned-removals.js';
import { holdOutUnpushedRemovals } from './hold-out-unpushed-removals.js';
import { holdOutUnappliedPanelRemovals, holdOutUnappliedRemovals } from './hold-out-unapplied-removals.js';
import { otherEnvironmentBackupDirs } from '../apply/find-other-environment-backups.js';
import { backupSourceOf } from '../apply/read-newest-backup-file.js';
import { environmentsDeploying, type DeployedSelections } from '../files/deployed-together.js';
import { relative, resolve } from 'node:path';
import { describeSelection } from '../files/describe-selection.js';
import type { Settings } from '../config/types.js';
import type { LocalTree } from './read-local-tree.js';
import { InterruptedError, RequestInterruptedError, type Diagnostic } from '../errors.js';
import type { GrafanaPort, ListedSave } from '../grafana/port.js';
import { toSlashes } from '../files/tree-paths.js';
import { findRemovedTreeFiles } from '../git/find-removed-dashboard-files.js';
import { libraryUsersAfterPull, libraryUsesByFile } from './decide-library-prune.js';
import { describeTooDeepFolder } from './find-too-deep-folder.js';
import { describeUidClash } from './describe-uid-clash.js';
import { memoizeFolderReads } from './memoize-folder-reads.js';
import { noteSharedFirstPull } from './note-shared-first-pull.js';
import { noteOtherRepositoryPushes } from './note-other-repository-pushes.js';
import { planConfirmedPull } from './plan-confirmed-pull.js';
import { namesTwin, planTouchesTwin, stopsOnAnyTwin } from './case-twin-stops-pull.js';
import { describePullCaseTwin, type PullCaseTwin } from './describe-pull-case-twin.js';
import { preparePullRoot } from './prepare-pull-root.js';
import { describeDashboardInPlace } from './describe-dashboard-in-place.js';
import { readFolderAndLibraryCaseTwins } from './read-folder-and-library-case-twins.js';
import { prunePulledFiles, type PruneFile } from './prune-pulled-files.js';
import type { SharedWith } from './decide-dashboard-prune.js';
import { judgeNeverHeld, type HeldElsewhere } from './find-never-held-uids.js';
import { readGitView, type GitView } from './read-git-view.js';
import { createLiveAuthorReader } from './read-live-author.js';
import { createFirstSaveRestoreReader } from '../plan/read-first-save-restore.js';
import { createLibraryPanelHistoryReader } from './read-library-panel-history.js';
import { createInputsAtFileCommitReader } from './read-inputs-at-file-commit.js';
import { createUnappliedCommitFinder } from './find-unapplied-commit.js';
import { judgeDeployedWithPanel } from './judge-deployed-with-panel.js';
import { readPassedOverFolders } from './read-passed-over-folders.js';
import { readPullListing } from './read-pull-listing.js';
import { createReplacedFileSaver } from './save-replaced-file.js';
import { createLibraryPullRecord, describeUnrecordedLibraryPulls, libraryPullsOutsideGit } from './library-pull-record.js';
import { describeEmptyTreePull, resolvePullScope } from './resolve-pull-scope.js';
import type { FolderFiles, LiveLibraryUse, PullPlan, PullResult, PullScope, SkippedTarget } from './types.js';
import type { PullTargetContext } from './pull-dashboard-target.js';
import { writeFolderTargets } from './write-folder-targets.js';
import { removeUnusedFolderDirs, sayNewDirNotes } from './remove-unused-folder-dirs.js';
import { takesFromListing, writePulledDashboards, writePulledLibraryPanels } from './write-pulled-targets.js';
import { readPushedCommitsAhead } from '../plan/read-foreign-pushes.js';
import { runSelectionOf } from '../report/next-command.js';
import { listedOrBelow } from '../plan/decide-not-in-branch.js';
import { noteBesideBrokenFiles } from './note-beside-broken-files.js';

export interface PullOptions {
  settings: Pick<Settings, 'root' | 'cwd' | 'inputs' | 'minRefreshInterval' | 'concurrency'> &
    Partial<Pick<Settings, 'prune' | 'externalLibraryPanels' | 'externalFolders' | 'configFile' | 'environment' | 'environmentInputs' | 'environmentSelections' | 'environmentsSharingOrg' | 'environmentGrafanas' | 'include' | 'exclude' | 'selectionFrom' | 'maxDeletes' | 'orgId' | 'orgIdFrom' | 'url' | 'urlFromFlag' | 'backupDir' | 'environments' | 'pipelineCheckoutId'>>;
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
  const force = options.force ?? false;
  const { root, realRoot, local } = await preparePullRoot(settings, dryRun);
  const resolved = resolvePullScope(options.scope, local);
  const notes: string[] = [];
  const passedOver = resolved.scope.kind === 'managed' ? await readPassedOverFolders(root, local.tree) : { folders: [] };
  const scope = resolved.scope.kind === 'managed' ? { kind: 'managed' as const, passedOver: [...passedOver.folders, ...(passedOver.parentOnly ?? [])].map((folder) => folder.uid) } : resolved.scope;
  const folderReads = memoizeFolderReads(grafana);
  const listing = await readPullListing(grafana, folderReads, { scope, tree: local.tree, concurrency: settings.concurrency });
  if (options.scope === 'auto' && resolved.scope.kind === 'all') {
    const shared = noteSharedFirstPull([...listing.liveFolders.map((folder) => folder.owner), ...listing.liveDashboards.map((hit) => hit.owner)], runSelectionOf(settings));
    if (shared !== null) notes.push(shared);
  }
  const rootRelative = (entry: { absPath: string }) => toSlashes(relative(root, entry.absPath));
  const display = (rel: string) => toSlashes(relative(settings.cwd, resolve(root, rel))) || '.';
  const stopping = await readFolderAndLibraryCaseTwins(
    grafana,
    local.tree,
    { folderUids: listing.liveFolders.map((folder) => folder.uid), libraryPanelUids: listing.libraryUses.map(({ panel }) => panel.uid) },
    { folderFile: (dir) => display(`${dir}/_folder.json`), libraryPanelFile: (entry) => display(rootRelative(entry)) },
  );
  // A folder or library panel twin stops the pulls that would write it (every refresh, --all and --prune; a --folder
  // or uid pull that names it, or whose plan takes it); another pull goes ahead with a warning line.
  const named = stopping.twins.filter((twin) => stopsOnAnyTwin(scope, options.prune) || namesTwin(scope, twin));
  if (named.length > 0 || stopping.unreadable.length > 0) return stoppedBeforeWriting(dryRun, [...named.map((twin) => caseTwinError(twin)), ...stopping.unreadable]);
  const removed = await findRemovedTreeFiles(realRoot, { dashboards: fileless(scope, listing.liveDashboards, local), libraryPanels: filelessLibraryPanels(listing.libraryUses, local.tree) });
  const { plan, liveFolders, refusedReads, caseTwins } = await planConfirmedPull(
    { scope, runSelection: runSelectionOf(settings), liveFolders: listing.liveFolders, liveDashboards: listing.liveDashboards, tree: local.tree, folderFiles: local.folderFiles, listing: local.listing, brokenFileByUid: local.brokenFileByUid, unselected: local.unselected, selection: local.selection, rootRelative, libraryUses: listing.libraryUses, display, externalLibraryPanels: new Set(settings.externalLibraryPanels ?? []), configFile: settings.configFile, removedFiles: removed.dashboards, removedLibraryPanelFiles: removed.libraryPanels },
    { dashboards: grafana, folders: folderReads },
    { searchMayLag: listing.searchMayLag, concurrency: settings.concurrency },
  );
  // A file the team removed, whose dashboard dashsync then pruned, is not written back because Grafana holds it again.
  const taken = (uid: string) => force || (scope.kind === 'uids' && scope.uids.includes(uid));
  const backupDirs = settings.backupDir === undefined ? undefined : { own: settings.backupDir, others: otherEnvironmentBackupDirs({ environment: settings.environment, environments: settings.environments ?? [], backupDir: settings.backupDir }), cwd: settings.cwd };
  const backupSource = async () => ({ ...(await backupSourceOf(grafana)), credentialsOrgId: await grafana.credentialsOrgId() });
  const prunedBefore = await holdOutPrunedDashboards({
    dashboards: plan.dashboards,
    taken,
    realRoot,
    backups: backupDirs,
    source: backupSource,
    selection: runSelectionOf(settings),
  });
  // A file the team removed for a dashboard another tool keeps (as the owner note advises) is not written back either.
  // Through /api, whose search names no owner, each such dashboard's own read does; and on 12+ one dashsync never pushed is held (own-63).
  const unpushed = await holdOutUnpushedRemovals(grafana, { dashboards: prunedBefore.dashboards, taken, selection: runSelectionOf(settings), concurrency: settings.concurrency });
  const ownerOf = new Map([...listing.liveDashboards.map((hit) => [hit.uid, hit.owner] as const), ...unpushed.owners]);
  const leftToOwner = holdOutOwnedRemovals({ dashboards: unpushed.dashboards, ownerOf: (uid) => ownerOf.get(uid), taken, selection: runSelectionOf(settings) });
  plan.dashboards = leftToOwner.dashboards;
  // A refresh pull adopts no dashboard another repository's dashsync deploys (walk-62 H4): a pull that names it, or --all, does.
  if (scope.kind === 'managed') {
    const others = await holdOutOtherRepositoryPushes(
      grafana,
      realRoot,
      { dashboards: plan.dashboards, libraryPanels: plan.libraryPanels, libraryUses: listing.libraryUses, treeDashboardUids: new Set(local.tree.dashboards.map((entry) => entry.uid)), savedHeads: listing.savedHeads },
      runSelectionOf(settings),
      settings.concurrency,
    );
    plan.dashboards = others.dashboards;
    plan.libraryPanels = others.libraryPanels;
    if (others.note !== null) notes.push(others.note);
  }
  // A refresh pull or --all writes nothing into a folder the config says is another tree's; a pull naming the uid does.
  const externalParents = new Map(liveFolders.map((folder) => [folder.uid, folder]));
  const liveFolderOf = new Map(listing.liveDashboards.map((hit) => [hit.uid, hit.folderUid]));
  const externalHeld = holdOutExternalFolders({
    dashboards: plan.dashboards,
    folderOf: (uid) => liveFolderOf.get(uid),
    listed: (folderUid) => listedOrBelow(folderUid, settings.externalFolders ?? [], externalParents),
    title: (folderUid) => externalParents.get(folderUid)?.title ?? folderUid,
    taken: (uid) => scope.kind === 'uids' && scope.uids.includes(uid),
    configFile: settings.configFile ?? 'dashsync.config.json',
    selection: runSelectionOf(settings),
    display,
  });
  // Of the rest, nor one Grafana holds as the file was before the commit that removed it: a removal the next apply has not
  // made yet (prune-69). Last: another tool's dashboard, another repository's or one in an external folder no prune takes.
  const unapplied = await holdOutUnappliedRemovals(grafana, { dashboards: externalHeld.dashboards, removedFiles: removed.dashboards, taken: (uid) => taken(uid) || (ownerOf.get(uid) ?? null) !== null, settings, selection: runSelectionOf(settings) });
  plan.dashboards = unapplied.dashboards;
  const isExternal = (folderUid: string | null | undefined) => folderUid !== null && folderUid !== undefined && listedOrBelow(folderUid, settings.externalFolders ?? [], externalParents);
  // Nor their folders' directories: a `_folder.json` there would hold the listed folder as much as a dashboard file.
  if (externalHeld.skipped.length > 0) plan.folders = plan.folders.filter((folder) => !isExternal(folder.uid) || plan.dashboards.some((target) => target.file.startsWith(`${folder.dir}/`)));
  // The refresh's hint counts what --all would write: not those.
  plan.unfiled = plan.unfiled.filter((hit) => !isExternal(liveFolderOf.get(hit.uid)));
  const touched = stopping.twins.filter((twin) => planTouchesTwin(plan, twin));
  if (touched.length > 0) return stoppedBeforeWriting(dryRun, touched.map((twin) => caseTwinError(twin)));
  const untouchedTwins = stopping.twins.map(caseTwinWarning);
  notes.push(...plan.notes);
  // The notes of files kept in place come here, worded once their outcome is known (after the writes).
  const inPlaceAt = notes.length;
  notes.push(...externalHeld.namedInto, ...noteBesideBrokenFiles(plan.dashboards, local.brokenFilesWithoutUid, display, runSelectionOf(settings), dryRun));
  const tooDeep = plan.tooDeep.map((folder) => ({ file: display(''), severity: 'error' as const, rule: 'pull-folder-too-deep', message: describeTooDeepFolder(folder) }));
  const uidClashes = plan.uidClashes.map((clash) => ({ file: display(''), severity: 'error' as const, rule: 'pull-uid-clash', message: describeUidClash(clash) }));
  const twins = caseTwins.map((twin) => caseTwinError({ ...twin, file: display(twin.file) }));

  const result: PullResult = {
    dryRun,
    events: [],
    counts: { created: 0, updated: 0, moved: 0, unchanged: 0, kept: 0, refused: 0, pruned: 0, onlyInGit: 0, failed: 0, skipped: plan.skipped.length },
    skipped: [...plan.skipped, ...prunedBefore.skipped, ...unpushed.skipped, ...leftToOwner.skipped, ...externalHeld.skipped, ...unapplied.skipped].map((target) => shownSkipped(target, display)),
    owned: [],
    unfiled: plan.unfiled,
    unfiledLibraryPanels: plan.unfiledLibraryPanels,
    unfiledHidden: plan.unfiledHidden,
    ...(plan.unfiled.length > 0 && passedOver.folders.length + (passedOver.parentOnly?.length ?? 0) > 0 ? { passedOver } : {}),
    notConsidered: plan.notConsidered,
    notConsideredLibraryPanels: plan.notConsideredLibraryPanels,
    ...(plan.notConsidered > 0 || plan.notConsideredLibraryPanels > 0 || plan.unfiled.length > 0 ? { selectionFrom: describeSelection({ include: settings.include ?? [], exclude: settings.exclude ?? [], selectionFrom: settings.selectionFrom }) ?? undefined } : {}),
    selection: runSelectionOf(settings),
    scopeWords: scopeWordsOf(resolved.scope),
    refusedUids: [],
    refusedFolderUids: [],
    refusedLibraryUids: [],
    problems: [
      ...local.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ ...d, severity: 'warning' as const, message: `${d.message}; this file is left as it is` })),
      ...tooDeep,
      ...uidClashes,
      ...twins,
      ...untouchedTwins,
    ],
    notes,
    interrupted: false,
    notStarted: [],
  };

  const git: GitView = holdsWorkToLose(plan, local.folderFiles) ? await readGitView(realRoot, settings.pipelineCheckoutId) : { unavailable: null, stateOf: () => 'committed' };
  if (git.unavailable !== null) result.outsideGit = true;
  const deployedWithPanel = judgeDeployedWithPanel(
    local.tree.dashboards.map((entry) => ({ uid: entry.uid, file: rootRelative(entry) })),
    local.tree.libraryPanels.map(rootRelative),
    settings.environmentSelections ?? {},
    local.selection,
  );
  // The config's recent commits (three git processes), read once, and only where a file's placeholders need them: the mappings
  // they gave, and the paths the config had before a `git mv` (where an older commit holds it).
  const configHistory = askOnce(() => readConfiguredInputs({ cwd: settings.cwd, root: realRoot, ...(settings.configFile !== undefined && { configFile: settings.configFile }), ...(settings.environment !== undefined && { environment: settings.environment }) }));
  // What each dashboard file holds once the pull is done (updated as files are written), for the library panels --prune may delete.
  const usesByFile = libraryUsesByFile(local.tree.dashboards, local.brokenFileUses, rootRelative);

  // `pull --force <uid…>` takes the files of what it names: a dashboard's folder keeps its _folder.json, and the
  // library panels it uses keep their files, unless named too.
  const forced = (uid: string) => force && (scope.kind !== 'uids' || scope.uids.includes(uid));
  // --force replaces or deletes files git may not hold: each such file is copied under .dashsync/pull-backups first.
  const saver = force && !dryRun ? createReplacedFileSaver({ realRoot, cwd: settings.cwd, git, display: (absPath) => toSlashes(relative(settings.cwd, absPath)) }) : undefined;
  const folders = await writeFolderTargets(plan.folders, { realRoot, dryRun, forced, git, display, folderFiles: local.folderFiles, unreadFolderFiles: local.unreadFolderFiles, saver, selection: result.selection, othersDeploying: (folderFile) => otherEnvironmentsDeployingFolder({ environment: settings.environment, environments: settings.environments ?? [], environmentSelections: settings.environmentSelections ?? {} }, folderFile, [...local.tree.dashboards, ...local.tree.libraryPanels].map(rootRelative)) });
  result.events.push(...folders.events);
  const refusedFolders = folders.events.filter((event) => event.outcome === 'refused');
  result.counts.kept += folders.events.filter((event) => event.outcome === 'kept').length;
  result.counts.refused += refusedFolders.length;
  result.refusedFolderUids.push(...refusedFolders.map((event) => event.uid));
  result.problems.push(...folders.problems);
  // The newest saves of the dashboards new files were written for, as their reads gave them: the note below reads none again.
  const newFileSaves = new Map<string, ListedSave>();
  // A first pull's note of other repositories' pushes (below): where the files come from the listing's pages, which asks
  // Grafana for little more, the commits their newest saves name are read while the files are written.
  const commitsAhead = notesOtherPushes(scope) && listing.savedHeads && takesFromListing(grafana, plan.dashboards.length)
    ? readPushedCommitsAhead(grafana, realRoot, plan.dashboards.filter((target) => target.existingFile === null).map((target) => target.uid), Math.max(1, settings.concurrency - 1), listing.savedHeads)
    : undefined;
  // Awaited after the writes: a failure meanwhile waits for that await.
  commitsAhead?.catch(() => undefined);
  // A run of one environment: the other environments' variants of a file (a copy changed in git is a change not applied yet).
  const variantsOf = settings.environment === undefined ? undefined : variantFilesOf(local, rootRelative, display);
  // Where git was read, its answer placed the record (no git process of its own); outside git it is kept in the tree's .dashsync/ until git holds the tree.
  const outsideGit = libraryPullsOutsideGit(settings.root, settings.cwd);
  const libraryPulls = createLibraryPullRecord(
    realRoot,
    grafana,
    git.unavailable !== null ? { commonDir: null, gitFailure: { failure: git.failure ?? 'failed', error: git.unavailable }, ...outsideGit } : { ...(git.commonDir !== undefined && { commonDir: git.commonDir }), ...outsideGit },
  );
  const context: PullTargetContext = {
    grafana,
    realRoot,
    minRefreshInterval: settings.minRefreshInterval,
    inputs: settings.inputs,
    environments: { environmentInputs: settings.environmentInputs ?? {}, environment: settings.environment },
    ...(Object.keys(settings.environmentSelections ?? {}).length > 0 && { deployedBy: deployedByOf([...local.tree.dashboards.map(rootRelative), ...plan.dashboards.map((target) => target.file), ...local.tree.libraryPanels.map(rootRelative), ...plan.libraryPanels.map((target) => target.file)], settings.environmentSelections ?? {}) }),
    ...(settings.environmentGrafanas !== undefined && { declaredGrafanas: settings.environmentGrafanas }),
    ...(variantsOf !== undefined && { variantsOf }),
    dryRun,
    force,
    git,
    // A first version dashsync's credentials created through /api may be its restore of someone's edit (its own message says
    // so): `pull <uid>`, which the drift line advises to bring such an edit in, reads that message for a named file that
    // differs from Grafana (one request each); a refresh pull does not (it would cost one per unapplied commit's file).
    authors: createLiveAuthorReader(grafana, scope.kind === 'uids' ? createFirstSaveRestoreReader(grafana, async () => true) : undefined),
    ...(git.unavailable === null
      ? {
          unappliedCommit: createUnappliedCommitFinder(realRoot, settings, grafana, configHistory),
          inputsAtFileCommit: createInputsAtFileCommitReader(realRoot, settings, async () => (await configHistory()).formerPaths),
          libraryHistory: createLibraryPanelHistoryReader(
            realRoot,
            plan.libraryPanels.flatMap((target) => (target.existingFile === null ? [] : [target.existingFile, ...(variantsOf?.(target.uid, 'library-panel') ?? []).map((variant) => variant.file)])),
            configFileOf(settings),
          ),
        }
      : {}),
    saver,
    libraryPulls,
    libraryPullsShown: async () => (await libraryPulls.places()).map((dir) => `${toSlashes(relative(settings.cwd, dir)) || '.'}/`),
    ...(deployedWithPanel && { deployedWithPanel }),
  };
  await writePulledDashboards({
    plan,
    context,
    result,
    failedDirs: folders.failedDirs,
    newFolderDirs: new Set(folders.newDirs.map((made) => made.dir)),
    usesByFile,
    display,
    readListed: listing.readDashboards,
    newFileSaves,
    concurrency: settings.concurrency,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  // Only now is it known which dashboard files the pull wrote (created, updated, moved: Grafana's version) and what each uses. A
  // `_library/` file a commit removed whose panel Grafana holds as it was is held out (its prune is to come), but for one a
  // dashboard file of the tree uses once these writes are done: prune keeps a panel in use, and the tree would name a panel it lacks.
  const unappliedPanels = holdOutUnappliedPanelRemovals({ libraryPanels: plan.libraryPanels, libraryUses: listing.libraryUses, removedFiles: removed.libraryPanels, usedInTree: new Set(libraryUsersAfterPull(usesByFile, new Set()).keys()), taken, settings, selection: runSelectionOf(settings) });
  plan.libraryPanels = unappliedPanels.libraryPanels;
  result.skipped.push(...unappliedPanels.skipped.map((target) => shownSkipped(target, display)));
  await writePulledLibraryPanels({ libraryPanels: plan.libraryPanels, context, result, failedDirs: folders.failedDirs, livePanels: new Map(listing.libraryUses.map(({ panel }) => [panel.uid, panel])), forcedLibraryPanel: forced, display, signal: options.signal });
  const unrecorded = libraryPulls.unrecorded();
  if (unrecorded !== null) notes.push(describeUnrecordedLibraryPulls(unrecorded));
  const leftFiles = new Set(result.events.filter((event) => event.outcome === 'kept' || event.outcome === 'refused').map((event) => event.file));
  notes.splice(inPlaceAt, 0, ...(plan.inPlace ?? []).map((kept) => describeDashboardInPlace(kept, display, leftFiles.has(display(kept.file)))));
  // A bootstrap says so first, and that it does not pull what it holds out (the skipped lines say why).
  if (resolved.emptyTree) notes.unshift(describeEmptyTreePull(result.skipped.filter((target) => target.resource !== 'folder').length));
  await removeUnusedFolderDirs(result, folders.newDirs, { realRoot, dryRun, display });
  sayNewDirNotes(result, plan.folders, display);
  // A first pull (every dashboard, the tree empty or --all), or one naming uids: say when another repository's dashsync deployed what it wrote.
  if (notesOtherPushes(scope)) {
    const folderOf = new Map(listing.liveDashboards.map((hit) => [hit.uid, hit.folderUid]));
    const created = result.events.filter((event) => event.outcome === 'created' && event.resource === undefined).map((event) => ({ uid: event.uid, folderUid: folderOf.get(event.uid) ?? null, file: event.file }));
    const parents = new Map(liveFolders.map((folder) => [folder.uid, folder]));
    const external = { listed: (folderUid: string) => listedOrBelow(folderUid, settings.externalFolders ?? [], parents), title: (folderUid: string) => parents.get(folderUid)?.title ?? folderUid };
    const commits = await commitsAhead;
    result.notes.push(...(await noteOtherRepositoryPushes(grafana, realRoot, created, plan.folders, display, settings.concurrency, external, { saves: newFileSaves, ...(commits && { commits }) })));
  }
  // A uid named whose file a commit gave another uid: the file written for it is a second one (review-67b L3).
  if (scope.kind === 'uids') {
    const named = result.events.filter((event) => event.outcome === 'created' && event.resource === undefined && scope.uids.includes(event.uid));
    const treeFiles = local.tree.dashboards.map((entry) => ({ uid: entry.uid, file: rootRelative(entry) }));
    result.notes.push(...(await noteUidsLeftByFiles(realRoot, named, treeFiles, display, result.selection, dryRun)));
  }
  await prunePulledFiles({
    plan,
    result,
    prune: options.prune && !result.interrupted,
    signal: options.signal,
    dryRun,
    force,
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
    saver,
    maxDeletes: settings.maxDeletes,
    neverHeld: (candidates) =>
      judgeNeverHeld(grafana, candidates, {
        backups: backupDirs,
        source: backupSource,
        heldElsewhere: heldByOtherEnvironments(local, settings, rootRelative, display),
        panelRecorded: async (uid) => (await libraryPulls.contentsOf(uid)).size > 0,
      }),
    selection: runSelectionOf(settings),
    sharedWith: sharedWithOf(settings),
    // No dashboard listed, none found by reading (a lagging search), none hidden: Grafana holds none at all.
    ...(listing.liveDashboards.length === 0 && plan.dashboards.length === 0 && refusedReads.size === 0 ? { emptyGrafana: describeOrg(grafana) } : {}),
  });
  return result;
}

/**
 * Pure: the other environments that deploy a file (root-relative) too, for --prune, with those in this run's Grafana org, those
 * whose prune is off, and, for a file at the General level, those whose prune is `folders` (which never deletes there), as the
 * config file says; undefined without a selected environment.
 */
function sharedWithOf(
  settings: Partial<Pick<Settings, 'environment' | 'environments' | 'environmentSelections' | 'environmentsSharingOrg'>>,
): ((file: string, generalLevel: boolean) => SharedWith | undefined) | undefined {
  const environment = settings.environment;
  if (environment === undefined) return undefined;
  const config = { environment, environments: settings.environments ?? [], environmentSelections: settings.environmentSelections ?? {} };
  const sameOrg = (settings.environmentsSharingOrg ?? []).filter((group) => group.includes(environment)).flat();
  return (file, generalLevel) => {
    const others = otherEnvironmentsDeploying(config, file);
    const pruning = (name: string) => config.environmentSelections[name]?.prune;
    return {
      environment,
      others,
      sameOrg: others.filter((name) => sameOrg.includes(name)),
      pruneOff: others.filter((name) => pruning(name) === false),
      ...(generalLevel && { generalLevelKept: others.filter((name) => pruning(name) === 'folders') }),
    };
  };
}

/** Pure: a skipped line's target with its paths as shown to the user. */
function shownSkipped(target: SkippedTarget, display: (rel: string) => string): SkippedTarget {
  return { ...target, file: display(target.file), ...(target.unwritten?.kind === 'move' ? { unwritten: { kind: 'move' as const, from: display(target.unwritten.from) } } : {}) };
}

/** Pure: whether the pull says when another repository's dashsync deployed what it wrote (a first pull, or one naming uids). */
function notesOtherPushes(scope: PullScope): boolean {
  return scope.kind === 'all' || scope.kind === 'uids';
}

/** `org 2 of <url>`, or `the default org of <url>`: where a pull read (the URL with its secrets redacted). */
function describeOrg(grafana: Pick<GrafanaPort, 'url' | 'orgId'>): string {
  return grafana.orgId === undefined ? `the default org of ${grafana.url}` : `org ${grafana.orgId} of ${grafana.url}`;
}

/** Pure: the live uids of the scope no file of the tree holds (valid or not): those whose removed file git may still know (only then is git asked). */
function fileless(scope: PullScope, live: readonly { uid: string }[], local: { tree: { dashboards: readonly { uid: string }[] }; brokenFileByUid: ReadonlyMap<string, string> }): string[] {
  const held = new Set([...local.tree.dashboards.map((entry) => entry.uid), ...local.brokenFileByUid.keys()]);
  const named = scope.kind === 'uids' ? new Set(scope.uids) : null;
  return live.map((hit) => hit.uid).filter((uid) => !held.has(uid) && (named === null || named.has(uid)));
}

/** Pure: the live library panels no `_library/` file holds (those whose removed file git may remember). */
function filelessLibraryPanels(uses: readonly LiveLibraryUse[], tree: { libraryPanels: readonly { uid: string }[] }): string[] {
  const held = new Set(tree.libraryPanels.map((entry) => entry.uid));
  return uses.filter(({ panel }) => panel.kind === 1 && !held.has(panel.uid)).map(({ panel }) => panel.uid);
}

/** Pure: whether the tree has files whose work a pull could lose (only then is git asked). */
function holdsWorkToLose(plan: PullPlan, folderFiles: FolderFiles): boolean {
  return (
    [...plan.dashboards, ...plan.libraryPanels].some((d) => d.existingFile !== null) ||
    plan.onlyInGit.length > 0 ||
    plan.libraryOnlyInGit.length > 0 ||
    plan.folders.some((folder) => folder.folderFile !== null && folderFiles.has(folder.dir))
  );
}

/** Pure: the error line of a file whose uid Grafana holds in another case (`file` as shown to the user), where it stops the pull or leaves the file out. */
function caseTwinError(twin: PullCaseTwin): Diagnostic {
  return { file: twin.file, severity: 'error', rule: 'uid-case-twin-in-grafana', message: describePullCaseTwin(twin, 'stops') };
}

/** A case twin this pull does not write, so it goes ahead: the line says what would stop. */
function caseTwinWarning(twin: PullCaseTwin): Diagnostic {
  return { file: twin.file, severity: 'warning', rule: 'uid-case-twin-in-grafana', message: describePullCaseTwin(twin, 'goes-ahead') };
}

/** Pure: the result of a pull that stopped before its plan: nothing written, the problems that stopped it. */
function stoppedBeforeWriting(dryRun: boolean, problems: Diagnostic[]): PullResult {
  return {
    dryRun,
    events: [],
    counts: { created: 0, updated: 0, moved: 0, unchanged: 0, kept: 0, refused: 0, pruned: 0, onlyInGit: 0, failed: 0, skipped: 0 },
    skipped: [],
    owned: [],
    unfiled: [],
    unfiledLibraryPanels: 0,
    unfiledHidden: 0,
    notConsidered: 0,
    notConsideredLibraryPanels: 0,
    refusedUids: [],
    refusedFolderUids: [],
    refusedLibraryUids: [],
    problems,
    notes: [],
    interrupted: false,
    notStarted: [],
  };
}

/**
 * Where another environment's directory holds a uid (a per-environment variant: a file this run's selection leaves out, which
 * another environment selects), by kind: the first such file (as shown) and that environment. None without environments.
 */
function heldByOtherEnvironments(
  local: Pick<LocalTree, 'tree' | 'unselected'>,
  settings: Partial<Pick<Settings, 'environment' | 'environmentSelections'>>,
  rootRelative: (entry: { absPath: string }) => string,
  display: (rel: string) => string,
): ((uid: string, resource: 'dashboard' | 'library-panel') => HeldElsewhere | undefined) | undefined {
  const selections = settings.environmentSelections ?? {};
  if (settings.environment === undefined || Object.keys(selections).length < 2) return undefined;
  const entries = { dashboard: local.tree.dashboards, 'library-panel': local.tree.libraryPanels };
  const deployedBy = deployedByOf([...local.tree.dashboards, ...local.tree.libraryPanels].map(rootRelative), selections);
  const found = new Map<string, HeldElsewhere | null>();
  return (uid, resource) => {
    const key = `${resource}:${uid}`;
    if (!found.has(key)) {
      const held = entries[resource].filter((entry) => entry.uid === uid && local.unselected.has(entry.absPath)).flatMap((entry) => {
        const other = deployedBy(rootRelative(entry)).find((name) => name !== settings.environment);
        return other === undefined ? [] : [{ environment: other, file: display(rootRelative(entry)) }];
      });
      found.set(key, held[0] ?? null);
    }
    return found.get(key) ?? undefined;
  };
}

/** Pure: the tree's dashboard and `_library/` files this run's selection leaves out holding each uid, by kind (root-relative, and as shown). */
function variantFilesOf(
  local: Pick<LocalTree, 'tree' | 'unselected'>,
  rootRelative: (entry: { absPath: string }) => string,
  display: (rel: string) => string,
): NonNullable<PullTargetContext['variantsOf']> {
  const byKey = new Map<string, { file: string; shown: string }[]>();
  const add = (entries: readonly { uid: string; absPath: string }[], resource: 'dashboard' | 'library-panel') => {
    for (const entry of entries) {
      if (!local.unselected.has(entry.absPath)) continue;
      const file = rootRelative(entry);
      const key = `${resource}:${entry.uid}`;
      byKey.set(key, [...(byKey.get(key) ?? []), { file, shown: display(file) }]);
    }
  };
  add(local.tree.dashboards, 'dashboard');
  add(local.tree.libraryPanels, 'library-panel');
  return (uid, resource) => byKey.get(`${resource}:${uid}`) ?? [];
}

/** The environments whose selection picks a file of the tree (root-relative). */
function deployedByOf(files: readonly string[], selections: DeployedSelections): (rootPath: string) => string[] {
  const deploying = environmentsDeploying(files, selections);
  return (rootPath) => deploying({ file: rootPath });
}

/** The words that ask pull for this scope again (a refresh of the tree takes none). */
function scopeWordsOf(scope: PullScope): string[] {
  if (scope.kind === 'all') return ['--all'];
  if (scope.kind === 'folders') return ['--folder', ...scope.uids];
  if (scope.kind === 'uids') return scope.uids;
  return [];
}
