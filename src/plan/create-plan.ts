import { DASHBOARD_GROUP } from '../files/dashboard-api-version.js';
import { MIXED_FLEET_DOC } from '../files/find-v2-transformations.js';
import { withPullAt13 } from '../grafana/k8s/choose-versions.js';
import type { Shell } from '../describe-error.js';
import { withCheckFixCommand } from '../files/find-environment-literals.js';
import { libraryPanelNamesOf } from '../files/find-stale-library-ref-names.js';
import { findExpressionInputMappings } from '../check/find-expression-input-mappings.js';
import { otherEnvironmentsOfOrg, placeInOrg, readSharedOrgFights } from './read-shared-org-fights.js';
import { findLeftToOtherEnvironments } from './find-left-to-other-environments.js';
import { readPrunedByOthers } from './read-pruned-by-others.js';
import { describeEmptiedEnvironment } from './describe-emptied-environment.js';
import { findRemovedTreeFiles, type RemovedDashboardFile } from '../git/find-removed-dashboard-files.js';
import { spreadOverFolders } from './spread-sample.js';
import { findCreateTitleTwins, readLookAlikeCreates } from './read-look-alike-creates.js';
import { availableParallelism } from 'node:os';
import { relative, resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import pLimit from 'p-limit';
import { describeSelection } from '../files/describe-selection.js';
import { DASHSYNC_MARKER } from '../config/render-commit-message.js';
import type { GitInfo } from '../config/read-git-info.js';
import type { Settings } from '../config/types.js';
import { InputError, InterruptedError, RequestInterruptedError } from '../errors.js';
import { nameHidingFolder, namesHidingFolder } from './name-hiding-folder.js';
import { setApartUnreadable } from './set-apart-unreadable.js';
import { judgeHidingFolder } from './judge-hiding-folder.js';
import { readFormerFolders } from './read-former-folders.js';
import { readHiddenCreates, readHiddenIdleFolders } from './read-hidden-creates.js';
import { readTree } from '../files/read-tree.js';
import { discoverSelectedTree } from '../files/discover-selected-tree.js';
import type { UidReads } from '../files/read-unselected-uids.js';
import { toSlashes } from '../files/tree-paths.js';
import { describeUnselectedFiles } from '../files/describe-unselected-files.js';
import type { DiscoveredTree } from '../files/discover-tree.js';
import { recordedSelectionOf, renderNextCommand, runSelectionOf } from '../report/next-command.js';
import { diagnosticsInInvocation } from '../report/diagnostics-in-invocation.js';
import { describeNonNfcNames } from './describe-non-nfc-names.js';
import { findCaseCollisions, treeFilePaths } from '../check/find-case-collisions.js';
import { describeIndexCaseCollision } from '../check/describe-index-case-collision.js';
import { findIndexCaseCollisions, listIndexBelow } from '../git/find-index-case-collisions.js';
import type { DashboardEntry, Tree } from '../files/types.js';
import type { DashboardOwner, ListedDashboard, ExpectedModel, ExpectedSource, GrafanaPort, LastSave, LiveDashboard, LiveFolder, LiveLibraryPanel, ServerDescription, UnparsedDashboard } from '../grafana/port.js';
import { readNormalizedConversion } from './read-normalized-conversion.js';
import { describeDeclaredRelease } from './describe-declared-release.js';
import { otherEnvironmentsDeploying, otherEnvironmentsDeployingFolder } from './environments-deploying-file.js';
import { describeV2UnservedElsewhere } from '../check/describe-v2-unserved.js';
import { DASHSYNC_VERSION } from '../version.js';
import { decideAsPushed } from './decide-as-pushed.js';
import { desiredOfAnswer } from './desired-of-answer.js';
import { decisionWorkerThreshold, keepDecisionWorker, startDecisionWorker, type DecisionWorker } from './start-decision-worker.js';
import type { DecidedHead, DecisionWorkerData } from './decide-answer-alone.js';
import { createShortcutOdds } from './shortcut-odds.js';
import { withLabelsSinceApiSave } from './labels-since-api-save.js';
import { schemaVersionOf } from '../files/schema-version.js';
import { decideCreate, decideDashboard, toLiveState, type DashboardDecision } from './decide-dashboard.js';
import { selectDriftCandidates, selectLibraryPanelDriftCandidates } from './decide-drift.js';
import { decidePlan } from './decide-plan.js';
import { findFolderRenames } from './find-folder-renames.js';
import { findFolderTakeovers, isFolderTakeover, selectRenamedFolders, type PushedByDashsync } from './find-folder-takeovers.js';
import { findFolderDrift, selectChangedFolders } from './find-folder-drift.js';
import { readFolderFileHistory } from '../git/read-folder-file-history.js';
import { quoteText } from '../report/escape-untrusted.js';
import { findHeldInGit } from './find-held-in-git.js';
import { findDeletesHeldInGit } from './find-deletes-held-in-git.js';
import { findPrunedPanelsHeldInGit } from './find-pruned-panels-held-in-git.js';
import {
  positionRefusals,
  readCandidateUsers,
  readConnectionsListedInFull,
  readHoldersOutsideListing,
  readLibraryPanelInput,
  readRecentlyDeletedUsers,
  readTrashEntriesSeen,
  refuseLibraryPanelProblems,
  usesLibraryPanels,
} from './read-library-panel-input.js';
import { hashContentSettings } from './hash-content-settings.js';
import { warnOverDeleteLimit } from './delete-limit.js';
import { addAccessNotes } from './add-access-notes.js';
import { readAccessNotesInput } from './read-access-notes-input.js';
import { findDashboardUidHolders } from './find-tree-uid-holders.js';
import { findVariantFiles } from './find-variant-files.js';
import { answeredUidOf, describeLiveUidCaseTwins, describeUnreadableUidCaseTwins, libraryElementKind } from './find-live-uid-case-twins.js';
import { answeredUids, readListedUidCaseTwins } from './read-listed-uid-case-twins.js';
import { askFirstNow } from './ask-first-now.js';
import { listLive, type LiveListing } from './list-live.js';
import { readBesideDiscovery } from './read-beside-discovery.js';
import { expectedSources } from './pushed-source.js';
import { shareDashboardReads } from './share-dashboard-reads.js';
import { refuseV2Stored } from './refuse-v2-stored.js';
import { refuseDuplicateTitles, refuseTitleRings } from './refuse-duplicate-titles.js';
import { readLiveFolders } from './read-live-folders.js';
import { decideManagedFolders } from './decide-managed-folders.js';
import { describeHandedOver, findHandedOverFolders, historyOnlyFolders } from './find-handed-over-folders.js';
import { describeLinkedFolderKept, describeYamlFolderKept, findNamedFoldersKept } from './find-named-folders-kept.js';
import { generalLevelOwnersListed } from './general-level-owners.js';
import { describeSelectionLists, leftOutFolderUids, markLeftOutDirectories, markLeftOutDrift } from './mark-left-out-directories.js';
import { titlesToRead, withTitles } from './read-listed-titles.js';
import { findDashboardsWithFolderUids } from './find-dashboards-with-folder-uids.js';
import { describeOwnedTreeFolders } from './refuse-owned-folders.js';
import { describeSharedDerivedCreate, describeSharedDerivedFolder, describeSharedDerivedFolderShallow, findSharedDerivedFolders, findTakenOverFolders } from './find-shared-derived-folders.js';
import { isShallowClone } from '../git/is-shallow-clone.js';
import { findNotInBranch, rootHeadOf } from './find-not-in-branch.js';
import type { SavedHead } from './read-saved-commits.js';
import { readEditedSincePush, type EditedSincePush } from './read-edited-since-push.js';
import { readUncommittedPrunes } from './read-uncommitted-prunes.js';
import { readOwnersUnseen } from './read-owners-unseen.js';
import { createSincePushReader, type SincePushReader } from './read-since-push.js';
import { createFirstSaveRestoreReader } from './read-first-save-restore.js';
import { readBackedUpUids } from './read-backed-up-uids.js';
import { markEditedInGrafana, markMadeInGrafana } from './mark-made-in-grafana.js';
import { markMovesMadeInGrafana } from './mark-moves-made-in-grafana.js';
import { isOwnWorkInProgress, isUncommittedPush, markUncommittedPush } from './mark-uncommitted-push.js';
import { listUncommittedFiles } from '../git/list-uncommitted-files.js';
import { moveToLiveFolder } from './move-to-live-folder.js';
import { ownerBlocksDelete } from '../grafana/ownership.js';
import { readTreeHistory } from '../git/read-tree-history.js';
import { readFoldersHeldBefore } from '../git/read-folders-held-before.js';
import { readPathsHeldBefore } from '../git/read-paths-held-before.js';
import { shareHistoryDeletions, type HistoryDeletionsReader } from '../git/read-history-deletions.js';
import { withoutPrunesAsUserDeletes } from './without-prunes-as-user-deletes.js';
import { markPrunedInTrash } from './mark-pruned-in-trash.js';
import { describeTrashUnseen } from './describe-trash-unseen.js';
import { describePushMessagesUnread } from './describe-push-messages-unread.js';
import { folderEvidence, formerParentsOf, shellFolderUids, withoutOtherToolsFolders } from './known-folder-uids.js';
import { foldersOtherToolsKeep } from './folders-other-tools-keep.js';
import { findExternalFoldersHeld } from '../files/find-external-folders-held.js';
import { claimedDashboardUids, claimedLibraryPanelUids, selectPruneCandidates } from './select-prune-candidates.js';
import { foldersListedExternal } from './external-folders-kept.js';
import { selectLibraryPanelPruneCandidates } from './decide-library-panels.js';
import type { DashboardAction, FolderAction, LiveDashboardState, Plan, PlanAction, PlanWarning, ProgressEvent } from './types.js';
import { describeTitlesHeldInTrash } from './describe-title-held-in-trash.js';
import { countUidChangesHeld } from './summarize-plan.js';
import { describeHeldUidChanges, describeUidChanges, markReplacedDeletes, markReplacesHeld, markUidChangeDrift } from './describe-uid-changes.js';
import { markDeployedElsewhere, setApartDeployedElsewhere } from './set-apart-deployed-elsewhere.js';
import { findFormerUids } from '../git/find-former-uids.js';
import type { Diagnostic } from '../errors.js';
import { describeDatasourcesOfEveryOrg, describeDatasourcesUnread, readInstanceDatasources, resolvesAmongEveryOrg, variableDatasourceShown, variableDefaultDatasourceOf } from './read-instance-datasources.js';
import { LOOK_ALIKE_RULES } from '../files/describe-look-alike.js';
import { GLOB_UNMATCHED_RULE } from '../files/selection-glob.js';
import { wordedForShells } from './worded-for-shells.js';
import { describeTrashNotRead } from './describe-trash-not-read.js';
import { fetchFullHistory } from '../report/fetch-full-history.js';
import { FOLDER_HOLDS_NOTHING_RULE } from '../files/build-folders.js';
import { GLOB_FILE_NAME_RULE } from '../files/find-file-name-globs.js';
import { locateInFile } from '../files/locate-in-file.js';
import { onTheWire } from '../grafana/http/on-the-wire.js';

export interface CreatePlanOptions {
  settings: Settings;
  grafana: GrafanaPort;
  /** The commit behind the run; a read still under way (readGitInfo's git process) is awaited once the tree has passed. */
  git: GitInfo | Promise<GitInfo>;
  onProgress?: (event: ProgressEvent) => void;
  /** Aborts between dashboards (Ctrl-C). */
  signal?: AbortSignal;
  /** The uids of tree files read so far in this run (plan over several environments: one for them all); a plan reads each once. */
  uidReads?: UidReads;
  /** Whose words a refusal's advice takes: the CLI's flags (the default), or the Action's inputs (a saved plan's warnings keep both: wordedForShells). */
  shell?: Shell;
  /** An apply no one reviews applies this plan (ApplyPlanOptions.keepDrift): markMovesMadeInGrafana. */
  unreviewed?: boolean;
}

/**
 * Loads what decidePlan decides from: reads and validates the whole tree first (nothing is
 * sent to Grafana if any file is bad; with prune and include/exclude, the uid of each file the
 * selection leaves out too, so prune keeps its dashboard), then streams the live dashboards (on /api with the
 * folders and the search listing read alongside; on /apis the list pages that read them index
 * the org; a dashboard still exactly as dashsync pushed it from its file (/apis), or whose answer's
 * bytes are its file's model (/api), comes as its head and is decided without its model), and
 * decides each as it arrives: at most `concurrency` answers wait
 * (on /api as bytes, parsed when taken, if at all: see readEach); the live index holds summaries only. No
 * file's read is kept for a second pass: a file is read again (see docs/performance.md: holding
 * reads costs the collector as much as reading again saves, and an apply's peak memory ~4× their size),
 * unless it holds, byte for byte, the live model in canonical form (desiredFromLive).
 */
export async function createPlan(options: CreatePlanOptions): Promise<Plan> {
  const firstRequest = { sent: false };
  const kept: KeptWorker = {};
  try {
    return await readAndDecide(options, firstRequest, kept);
  } catch (error) {
    // Ctrl-C ended a read in flight (the run's signal reaches the requests).
    if (error instanceof RequestInterruptedError) throw new InterruptedError(INTERRUPTED);
    // A tree error found once Grafana was read: "nothing was sent" would not be true, "nothing was written" is.
    if (error instanceof InputError && firstRequest.sent && !error.afterReads) throw new InputError(error.diagnostics, true);
    throw error;
  } finally {
    kept.worker?.stop();
  }
}

/** The tree reader's worker, kept from the tree pass to decide the plan's answers; ended when the plan is. */
interface KeptWorker {
  worker?: DecisionWorker;
}

const INTERRUPTED = 'interrupted while planning';

const rethrow = (error: unknown): never => {
  throw error;
};

function expectedModels(dashboards: readonly DashboardEntry[]): Map<string, ExpectedModel> {
  const expected = new Map<string, ExpectedModel>();
  for (const entry of dashboards) if (entry.modelText !== null) expected.set(entry.uid, { text: entry.modelText, folderUid: entry.folderUid });
  return expected;
}

/** uid → the v2 version a v2 resource file names: its dashboard is compared as Grafana gives it at that version. */
function v2FileVersions(dashboards: readonly DashboardEntry[]): Map<string, string> {
  const versions = new Map<string, string>();
  for (const entry of dashboards) {
    const version = entry.schema === 'v2' ? entry.apiVersion?.split('/')[1] : undefined;
    if (version !== undefined) versions.set(entry.uid, version);
  }
  return versions;
}

async function readAndDecide(options: CreatePlanOptions, firstRequest: { sent: boolean }, kept: KeptWorker): Promise<Plan> {
  const { settings, signal } = options;
  // Each check below that reads a dashboard outside the tree (foreign pushes, prune, not-in-branch…) shares the plan's one read of it.
  const grafana = shareDashboardReads(options.grafana);
  // The tree's repository's HEAD, read once where a check needs it (not-in-branch, and the restore check that shares its reads).
  let rootHead: Promise<string | null> | undefined;
  // The deletions of HEAD's history under the tree: walked once for the whole plan (creates moved out or put back, prune deletes' removed files, former folders), however many ask.
  const historyDeletions = shareHistoryDeletions();
  const gitRead = Promise.resolve(options.git);
  const readRootHead = () => (rootHead ??= gitRead.then((git) => rootHeadOf(settings.root, { head: git.sha, ...(git.headIn !== undefined && { headIn: git.headIn }) })));
  // Who saved a dashboard since dashsync's push, as the updates, the prune deletes and the moves ask it: one reader. Through
  // /api a first version's own message tells dashsync's restore from its push; it is read for the dashboards the not-in-branch
  // check reads it for (the plan's updates, moves and deletes, where git has a HEAD), once for both; outside git, for those of
  // them a backup directory holds backups of (a restore from a backup found one there): no request where nothing was backed up.
  let backedUp: Promise<Set<string>> | undefined;
  const readsFirstMessage = async (uid: string) =>
    changedHeads.has(uid) && ((await readRootHead()) !== null || (await (backedUp ??= readBackedUpUids(settings))).has(uid));
  const pushes = createSincePushReader(grafana, createFirstSaveRestoreReader(grafana, readsFirstMessage));
  // Prune on a run over part of the tree: the files it leaves out still claim their dashboards.
  const selection = describeSelection(settings);
  // Once per plan, not per answer or per warning: a --url is redacted with the run's secrets on the way (runSelectionOf), ~15 µs each.
  const adviceSelection = runSelectionOf(settings);
  // Its errors advise the check of this run's environment and tree (review-53 F4): a bare check may judge another selection.
  const unselectedUids = settings.prune !== false && selection !== null ? { selection, check: renderNextCommand(adviceSelection, 'check') } : undefined;
  // git lists its index (the case twins below) in its own process while the tree is walked and read.
  const indexListed = listIndexBelow(resolve(settings.cwd, settings.root));
  // Only /api answers are compared with the files' model texts: a run on /apis alone spares describing them.
  // One walk: the tree read and the environments of this Grafana org (readSharedOrgFights) share it.
  const discovered = await discoverSelectedTree(settings, options.shell);
  const emptied = describeEmptiedEnvironment(settings, discovered);
  const uidReads = options.uidReads ?? new Map();
  // A plan that may compare /api answers on a worker keeps the tree reader's, if it has one, for that (its code warm).
  const decidesOnWorker = settings.api !== 'k8s' && decisionWorkerThreshold(process.env.DASHSYNC_DECISION_WORKER_FROM, availableParallelism()) !== null;
  const handWorkerTo = decidesOnWorker ? (worker: Worker) => (kept.worker = keepDecisionWorker(worker, 2 * settings.concurrency)) : undefined;
  // Through /apis alone the tree pass is most of the plan's time before its first answer: read on two threads from two cores on.
  const read = await readTree({ ...settings, unselectedUids, pruneRun: settings.prune !== false ? 'plan' : undefined, describeModels: settings.api !== 'k8s', treeWorkerOnTwoCores: settings.api === 'k8s', discovered, uidReads, emptiedInclude: emptied !== null, handWorkerTo });
  const { diagnostics } = read;
  if (diagnostics.some((d) => d.severity === 'error')) throw new InputError(diagnostics);
  // A file outside the selection that only environments of other Grafana orgs deploy keeps nothing here from prune.
  const { tree, deployedElsewhere } = setApartDeployedElsewhere(read.tree, settings);
  const externalHeld = findExternalFoldersHeld(tree, settings);
  if (externalHeld.length > 0) throw new InputError(externalHeld);
  // A library panel reference is compared by uid: its name is taken as the panel's (decideDashboard).
  const libraryPanelNames = libraryPanelNamesOf(tree.libraryPanels);
  // Files the tree does not read though they look like its own, and globs that match nothing or more than the file they name:
  // said in the plan too, or prune would delete their dashboards unexplained, or a selection would let files through unnoticed.
  const lookAlikes: PlanWarning[] = diagnostics.filter((d) => (LOOK_ALIKE_RULES as readonly string[]).includes(d.rule) || LISTED_WITH_LOOK_ALIKES.has(d.rule)).map(treeDiagnosticWarning);
  // A directory named in decomposed Unicode gives its folder that title and a uid from those bytes: the plan says so.
  lookAlikes.push(...describeNonNfcNames(tree, settings.cwd));
  // Directories and files one on a case-insensitive checkout: the plan (and so the PR comment) says so, as check does.
  const showTreePath = (path: string) => toSlashes(relative(settings.cwd, resolve(tree.root, path)));
  lookAlikes.push(...findCaseCollisions(tree, showTreePath).map((found) => treeDiagnosticWarning({ file: found.path, severity: 'warning', rule: found.rule, message: found.message })));
  // On such a checkout the tree holds one of the two: git's index still holds both.
  const treeFiles = new Set(treeFilePaths(tree).map((path) => path.toLowerCase()));
  for (const found of await findIndexCaseCollisions(tree.root, treeFiles, indexListed)) {
    lookAlikes.push(treeDiagnosticWarning({ severity: 'warning', ...describeIndexCaseCollision(found, showTreePath) }));
  }
  // A file no environment selects: nothing deploys it, and a prune keeps its dashboard; named, or no one would ever hear of it.
  const unselected = discovered.unselected && describeUnselectedFiles(settings, ...unselectedCandidates(tree.root, discovered));
  if (unselected) lookAlikes.push(treeDiagnosticWarning(unselected));

  if (settings.api === 'legacy') {
    const apis = `use --api auto or k8s${options.shell === 'action' ? ' in args (or "api" in the config file)' : ''}`;
    // Only 13 serves v2: "auto" against 12 would stop again, at this version (api-unwritable).
    const advice = (v2: boolean) => (v2 ? `if this Grafana runs 13 or later, ${apis}; for 12, make it a ${DASHBOARD_GROUP}/v2beta1 file (${MIXED_FLEET_DOC} says how) or keep it a classic (v1) file` : apis);
    refuseV2Files(tree.dashboards, settings.environment, (v2) => `this run uses the legacy /api (api "legacy"${settings.declaredGrafana?.apiFrom === undefined ? '' : `, ${settings.declaredGrafana.apiFrom}`}): ${advice(v2)}`);
  }
  // The first request (with api: auto, discovery chooses the API): nothing is written before every file passed.
  firstRequest.sent = true;
  // The plan reads the tree's dashboards right after: on /apis that listing's first page may be the check itself.
  const access = grafana.checkAccess({ listingFollows: true });
  // Awaited below: a failure meanwhile is not unhandled.
  access.catch(() => undefined);
  // Through /apis the reads that wait for no other answer go out now, beside discovery and the access check (the legacy
  // port keeps its order: the release first, on its own). Each is awaited where it was: the failure reported stays the same.
  const besideDiscovery = settings.api === 'legacy' ? undefined : readBesideDiscovery(grafana);
  // Once discovery has answered, the tree is checked against the API while the access check is on its way; a refusal
  // waits for that check, whose failure comes first as before.
  await (grafana.apiChosen?.() ?? access);
  // Through /apis the access check is the listing's first page, asked once the release and the credentials' org (asked
  // beside discovery) have answered: the CPU below waits until it is on its way, or it would hold those answers back.
  if (besideDiscovery !== undefined) await settledAndSent([besideDiscovery.server, besideDiscovery.credentialsOrgId]);
  const refusal = refusalOf(() => {
    if (grafana.api === 'legacy') refuseV2Files(tree.dashboards, settings.environment, (v2) => `${grafana.url} serves no dashboard.grafana.app (GET /apis found none): point the url at Grafana ${v2 ? '13' : '12'} or later (is its sub-path right?)`);
    refuseUnwritableFiles(tree.dashboards, grafana, settings);
  });
  const withLibraryPanels = usesLibraryPanels(tree, settings);
  // On /apis the pages that read the tree's dashboards index the whole org too: one pass, not two.
  const indexWhileReading = grafana.readsWholeOrg;
  // Those pages hand no answer to a worker: one kept from the tree pass (api auto, chosen after it) is let go now (rev-74 M2).
  if (indexWhileReading && kept.worker !== undefined) {
    kept.worker.stop();
    kept.worker = undefined;
  }
  const settingsHash = hashContentSettings(settings);
  const pushedFrom = indexWhileReading && refusal === undefined ? expectedSources(tree.dashboards, grafana, settingsHash) : new Map<string, ExpectedSource>();
  await access;
  if (refusal !== undefined) throw refusal;
  let listing: Promise<LiveListing>;
  /** The release; on /apis awaited once the first list page has gone out (that page needs nothing of it). */
  let described: Promise<ServerDescription>;
  if (indexWhileReading) {
    listing = listLive(grafana, { dashboards: false, libraryPanels: withLibraryPanels, folders: besideDiscovery?.folders });
    described = besideDiscovery?.server ?? grafana.describeServer();
    // Awaited below: a failure meanwhile is not unhandled.
    described.catch(() => undefined);
  } else {
    // The server first (on the legacy port, on its own: a URL that reaches no Grafana fails on this one request).
    const release = await (besideDiscovery?.server ?? grafana.describeServer());
    described = Promise.resolve(release);
    // Only /api serves a release that refuses duplicate titles (≤ 11.2): refused before the listings start.
    refuseDuplicateTitles(tree, release);
    listing = listLive(grafana, { dashboards: true, libraryPanels: withLibraryPanels, folders: besideDiscovery?.folders });
  }
  // The org the credentials act in (the plan's header) is asked beside the listings: after the reads it was one more round trip.
  const credentialsOrgIdRead = besideDiscovery !== undefined ? besideDiscovery.credentialsOrgId : grafana.orgId === undefined ? grafana.credentialsOrgId() : undefined;
  // Awaited below: a failure meanwhile is not unhandled.
  credentialsOrgIdRead?.catch(() => undefined);
  const displayDir = (dir: string) => toSlashes(relative(settings.cwd, resolve(tree.root, dir))) || '.';
  // Read once: the refused read's error path and the plan's way on share one read (rev-65c L4).
  let listingRead: ReturnType<typeof readListingOnce> | undefined;
  const readListing = () => (listingRead ??= readListingOnce());
  const readListingOnce = async () => {
    const listed = await listing;
    const { folders: liveFolders, unverified: unverifiedFolders, hidden: hiddenFolders } = await readLiveFolders(grafana, tree.folders, listed.folders, {
      concurrency: settings.concurrency,
      mayLag: server.capabilities.searchMayLag,
      hiddenProvable: grafana.api === 'k8s',
      displayDir,
    });
    await refuseFolderAndLibraryPanelCaseTwins(grafana, tree, liveFolders.keys(), withLibraryPanels ? listed.libraryPanels : [], displayDir);
    const refused = [...describeOwnedTreeFolders(tree.folders, liveFolders, displayDir), ...(server.capabilities.sharedUidSpace ? findDashboardsWithFolderUids(tree.dashboards, liveFolders) : [])];
    if (refused.length > 0) throw new InputError(refused);
    const libraryPanels = await readLibraryPanelInput(grafana, settings, tree, liveFolders, listed.libraryPanels);
    const hiddenIdle = grafana.api === 'k8s' ? await readHiddenIdleFolders(grafana, tree.idleFolders, new Set(liveFolders.keys()), settings.concurrency) : [];
    return { liveDashboards: listed.dashboards, liveFolders, unverifiedFolders, hiddenFolders, hiddenIdle, libraryPanels };
  };
  /** On /apis, the org's dashboards as the pages that read the tree's list them. */
  const summaries: ListedDashboard[] = [];
  const onSummary = indexWhileReading ? (summary: ListedDashboard) => void summaries.push(summary) : undefined;
  // On /api, each dashboard's own answer can show that it holds its file's model, unparsed.
  const fileModels = indexWhileReading ? undefined : expectedModels(tree.dashboards);
  // Ends the reads' requests in flight should the plan fail before it takes them (askFirstNow).
  const readsEnd = new AbortController();
  const readSignal = signal === undefined ? readsEnd.signal : AbortSignal.any([signal, readsEnd.signal]);
  const reads = grafana.readDashboards(tree.dashboards.map((entry) => entry.uid), { concurrency: settings.concurrency, signal: readSignal, onSummary, pushedFrom, fileModels, readAt: v2FileVersions(tree.dashboards), refusedAsAnswer: true, unparsedAnswers: true });
  // A library panel problem stops the plan before the dashboards are read. /apis without one asks
  // for the first list page now, beside the folder list (its items wait for the folders' titles);
  // /api without library panels overlaps the listings with the dashboard reads.
  const ahead = indexWhileReading && !withLibraryPanels ? askFirstNow(reads, () => readsEnd.abort()) : undefined;
  // The folders are awaited with their listing (readListing): the first list page may go out before they arrive.
  const server = await described.catch(ahead?.stopOn ?? rethrow);
  // Through /apis the listing's first item comes once its next page has gone out: the folder checks' CPU (readListing) waits
  // until then, or it would hold that request back.
  if (ahead !== undefined) await ahead.firstCame;
  const early = indexWhileReading || withLibraryPanels ? await readListing().catch(ahead?.stopOn ?? rethrow) : undefined;

  const order = new Map(tree.dashboards.map((entry, index) => [entry.uid, index]));
  const folderTitles = new Map(tree.folders.map((folder) => [folder.uid, folder.title]));
  const decisions: DashboardDecision[] = [];
  // The tree's dashboards Grafana refused these credentials a read of (403 through /api): they exist, hidden by a folder's permissions.
  const refusedReads = new Set<string>();
  // The dashboards whose panel data source shows as a change while the default data source could not be read.
  const datasourceShownUnread: string[] = [];
  // 12.0–12.2 resolve a file's data source names among every org's: a data source change of a dashboard written through /apis may be that.
  const datasourceShownOfEveryOrg: string[] = [];
  const everyOrgRelease = resolvesAmongEveryOrg(server.version);
  const lastSaves = new Map<string, Promise<LastSave | 'unreadable' | 'unconvertible'>>();
  /** The live heads of the dashboards the plan may update, move or delete: whose commit their newest save names (findNotInBranch). */
  const changedHeads = new Map<string, SavedHead>();
  const readHistory = pLimit(settings.concurrency);
  const shortcut = createShortcutOdds();
  const total = tree.dashboards.length;
  // The edit-history lookups (the drift check of each update) asked and answered so far: they outlast the reads on a slow Grafana.
  const history = { done: 0, total: 0 };
  const progress = () => options.onProgress?.({ phase: 'plan', done: decisions.length + refusedReads.size, total, ...(history.total > 0 ? { history: { ...history } } : {}) });
  options.onProgress?.({ phase: 'plan', done: 0, total });
  const live = refuseV2Stored(ahead?.items ?? reads, (uid) => tree.dashboards[order.get(uid) ?? -1]?.file);
  // Reads by uid that Grafana answered with another one (over MySQL, `abc` finds `ABC`): refused below.
  const answeredAs = new Map<string, string>();
  // A changed dashboard's answer (/api) may be compared with its file on the decision worker, beside the main thread's
  // requests (docs/performance.md, perf-72a); its decision comes back, or the main thread decides it as below.
  const workerFrom = decisionWorkerThreshold(process.env.DASHSYNC_DECISION_WORKER_FROM, availableParallelism(), kept.worker !== undefined);
  const workerData: DecisionWorkerData = {
    settings: { cwd: settings.cwd, inputs: settings.inputs, minRefreshInterval: settings.minRefreshInterval, configFile: settings.configFile, environment: settings.environment },
    libraryPanelNames,
    folderTitles,
  };
  let decisionWorker: DecisionWorker | null | undefined;
  let handedCount = 0;
  // What the main thread does with the worker's answers, until each is done; the first failure, thrown by the loop.
  const handedBack = new Set<Promise<void>>();
  let handedFailure: { error: unknown } | undefined;
  let deciding = true;
  // The decision's follow-ups: kept, and an update or move has its last save asked (the drift check).
  const keepDecision = (uid: string, decision: DashboardDecision, dashboard: DecidedHead | null): void => {
    decisions.push(decision);
    if (dashboard && (decision.action.action === 'update' || decision.action.action === 'move')) {
      // Only the fields the history lookup needs: the model must not wait in the queue.
      const subject = { uid, version: dashboard.version, lastSave: dashboard.lastSave, pushed: dashboard.pushed };
      const labelled = { ...subject, apiVersion: dashboard.apiVersion, metadata: dashboard.metadata, metadataNotKept: dashboard.metadataNotKept };
      changedHeads.set(uid, subject);
      history.total += 1;
      const lastSave = readHistory(async () => {
        try {
          const save = await pushes.lastSave(subject);
          return typeof save === 'string' ? save : withLabelsSinceApiSave(labelled, save);
        } finally {
          history.done += 1;
          if (!signal?.aborted) progress();
        }
      });
      // Awaited once every dashboard is decided: a failure before then must wait for that await (one error line), not end the process as unhandled.
      lastSave.catch(() => {});
      lastSaves.set(uid, lastSave);
    }
    progress();
  };
  const decideLive = async (uid: string, entry: DashboardEntry, dashboard: LiveDashboard | null): Promise<void> => {
    const answeredUid = dashboard && answeredUidOf(dashboard);
    if (answeredUid && answeredUid !== uid) {
      answeredAs.set(uid, answeredUid);
      return;
    }
    // A create is planned from the tree pass's read of its file, not read again (decideCreate).
    const createdAs = dashboard === null ? grafana.writeTargetFor(entry) : undefined;
    const migrated = createdAs !== undefined && !('refused' in createdAs) && createdAs.api === 'k8s' && entry.schema === 'v1';
    if (createdAs !== undefined && !('refused' in createdAs) && (!migrated || entry.schemaVersion !== undefined)) {
      decisions.push(decideCreate(entry, { hash: entry.contentHash, metadata: entry.metadata }, createdAs, migrated ? entry.schemaVersion : undefined));
      progress();
      return;
    }
    const { normalized, desired } = desiredOfAnswer(entry, dashboard, settings, shortcut);
    const write = grafana.writeTargetFor(desired);
    if ('refused' in write) throw new InputError([{ file: entry.file, ...locateInFile(entry.absPath, ['apiVersion']), severity: 'error', rule: 'api-unwritable', message: `${refusalSubject(uid, settings.environment)}${withPullAt13(write.refused, uid, settings)}` }]);
    // Stored in the other schema family: compared with Grafana's conversion of it into the file's, and a pull would rewrite the file for every environment deploying it.
    const otherSchema = normalized !== null && normalized.schema !== desired.schema;
    const conversion = otherSchema ? await readNormalizedConversion(grafana, uid, desired, settings.minRefreshInterval) : undefined;
    const sharedWith = otherSchema ? otherEnvironmentsDeploying(settings, toSlashes(relative(tree.root, entry.absPath))) : [];
    const sharedUnserved = otherSchema && normalized.schema === 'v2' && sharedWith.length > 0 ? describeFormUnservedElsewhere(uid, normalized.apiVersion, sharedWith, settings) : undefined;
    // Only a classic file below 36 can hold a panel V36 gave the default data source: the settings are read for the first such.
    const oldClassic = normalized !== null && !otherSchema && desired.schema === 'v1' && schemaVersionOf(desired.spec) < 36;
    const datasources = oldClassic ? await readInstanceDatasources(grafana) : undefined;
    // A classic file against Grafana's conversion of a v2 dashboard: the data source v2 gave a variable naming none is no change.
    const variableDatasources = desired.schema === 'v1' && conversion !== undefined && 'model' in conversion ? await readInstanceDatasources(grafana) : undefined;
    const variableDefaultDatasource = variableDatasources && variableDefaultDatasourceOf(variableDatasources);
    const decision = decideDashboard(entry, desired, normalized, write, {
      conversion,
      libraryPanelNames,
      selection: adviceSelection,
      sharedWith,
      sharedUnserved,
      defaultDatasource: datasources?.datasource,
      namedDatasources: datasources?.named,
      variableDefaultDatasource,
      folderTitles,
    });
    const datasourceShown = datasources !== undefined && decision.action.changes.some((change) => /(^|\.)datasource$/.test(change.path));
    // Not read: what the v2 editor gave a variable naming none shows, and the note says so (review-65b L2).
    const variableShownUnread = variableDatasources?.unread !== undefined && variableDatasourceShown(decision.action.changes, desired.spec);
    if ((datasourceShown && datasources.unread !== undefined) || variableShownUnread) datasourceShownUnread.push(uid);
    if (datasourceShown && write.apiVersion !== null && everyOrgRelease !== null) datasourceShownOfEveryOrg.push(uid);
    keepDecision(uid, decision, dashboard);
  };
  // Hands an unparsed answer to the decision worker (started once enough answers needed a compare), where it decides
  // alone: a classic file from schemaVersion 36 on (older ones may need the instance's data sources), written where it is read.
  const handToWorker = (uid: string, entry: DashboardEntry, unparsed: UnparsedDashboard): boolean => {
    if (workerFrom === null || entry.schema !== 'v1' || entry.schemaVersion === undefined || entry.schemaVersion < 36) return false;
    const write = grafana.writeTargetFor(entry);
    if ('refused' in write) return false;
    handedCount += 1;
    if (decisionWorker === undefined && handedCount >= workerFrom.after && total - decisions.length - refusedReads.size >= workerFrom.left) {
      kept.worker?.brief(workerData);
      decisionWorker = kept.worker ?? startDecisionWorker(workerData, 2 * settings.concurrency);
    }
    const decided = decisionWorker?.offer(entry, unparsed, write);
    if (decided === undefined) return false;
    const followUp = decided
      .then((alone) => {
        // A plan that ended (failed, interrupted) takes no more decisions.
        if (!deciding) return;
        return alone === null ? decideLive(uid, entry, unparsed.parse()) : keepDecision(uid, alone.decision, alone.head);
      })
      .catch((error: unknown) => {
        handedFailure ??= { error };
      });
    handedBack.add(followUp);
    void followUp.then(() => handedBack.delete(followUp));
    return true;
  };
  // The answers are decided in a function of its own, so that it is all TurboFan compiles: as part of readAndDecide (an
  // async function, entered again at each answer's resume) the whole of readAndDecide was optimized, and again once the
  // code after the loop, which had not run, deoptimized it (docs/performance.md, perf-plan-50: 6–10 % of V8's background CPU).
  const decideEachAnswer = async (): Promise<void> => {
    try {
      for await (const answer of live) {
        if (signal?.aborted) break;
        if (handedFailure) throw handedFailure.error;
        const { uid } = answer;
        if ('refused' in answer) {
          refusedReads.add(uid);
          progress();
          continue;
        }
        const entry = tree.dashboards[order.get(uid)!]!;
        let dashboard: LiveDashboard | null;
        if ('asPushed' in answer) {
          const answeredUid = answeredUidOf(answer.asPushed);
          if (answeredUid !== uid) {
            answeredAs.set(uid, answeredUid);
            continue;
          }
          // Exactly this file's content (dashsync's push record on /apis, the answer's bytes on /api): nothing to read or compare, unless its folder or metadata moved.
          const asPushed = decideAsPushed(entry, answer.asPushed);
          if (asPushed !== null) {
            decisions.push(asPushed);
            progress();
            continue;
          }
          dashboard = await grafana.getDashboard(uid);
        } else if ('unparsed' in answer) {
          if (handToWorker(uid, entry, answer.unparsed)) continue;
          dashboard = answer.unparsed.parse();
        } else dashboard = answer.live;
        await decideLive(uid, entry, dashboard);
      }
      while (handedBack.size > 0 && !signal?.aborted) await Promise.all(handedBack);
      if (handedFailure) throw handedFailure.error;
    } finally {
      deciding = false;
      decisionWorker?.stop();
      kept.worker?.stop();
    }
  };
  try {
    await decideEachAnswer();
  } catch (error) {
    // Judged against the folder listing, as the unreadable warning is (read now if it was not yet; none if that fails too),
    // only for the error that names a hiding folder: any other is thrown as it is, with no read more (rev-65c L4).
    const listed = early ?? (namesHidingFolder(error) ? await readListing().catch(() => undefined) : undefined);
    throw nameHidingFolder(error, tree, displayDir, listed);
  }
  if (signal?.aborted) throw new InterruptedError(INTERRUPTED);
  const { liveDashboards: listedDashboards, liveFolders, unverifiedFolders, hiddenFolders, hiddenIdle, libraryPanels } = early ?? (await readListing());
  // /apis lists none of what these credentials may not read: where the run saw something hidden, a planned create may be
  // one of those (its file left the hidden folder's directory), so each is read (/api read every file's uid already).
  // Where it saw nothing (the hidden folder's directory left the tree whole), those whose uid a removed file of the tree
  // held in a directory the tree holds no more: git tells which, and a new file's uid is not read. Only where this Grafana
  // holds dashboards of the tree already: a first deploy (every one a create) asks git nothing, nor reads each file moved in
  // its history; nor is a file removed from a directory still in the tree read (issue 16, rev-65c). A first deploy reads a
  // few creates' uids instead, one of each folder first, then spread over the tree (one round of `concurrency` reads): one refused, the tree is not new
  // here but hidden whole (its directory renamed after its folder was hidden), and every create is read, as where the run
  // saw something hidden (fixh-66).
  if (grafana.readsWholeOrg) {
    const creates = decisions.filter((decision) => decision.action.action === 'create').map((decision) => decision.action.uid);
    const treeLive = creates.length < decisions.length;
    const firstDeploy = !treeLive && creates.length > 0 && refusedReads.size === 0 && hiddenFolders.length === 0 && hiddenIdle.length === 0;
    const createsByFolder = firstDeploy ? decisions.flatMap(({ action }) => (action.action === 'create' ? [{ uid: action.uid, folderUid: action.folderUid }] : [])) : [];
    const sampled = new Set(spreadOverFolders(createsByFolder, settings.concurrency));
    for (const uid of await readHiddenCreates(grafana, [...sampled], settings.concurrency)) refusedReads.add(uid);
    const hiddenSeen = refusedReads.size > 0 || hiddenFolders.length > 0 || hiddenIdle.length > 0;
    const treeDirs = new Set(['.', ...tree.folders.map((folder) => folder.dir), ...tree.idleFolders.map((folder) => folder.dir)]);
    const movedOut = async () => (await findRemovedTreeFiles(settings.root, { dashboards: creates, libraryPanels: [] }, { inDirectory: (dir) => !treeDirs.has(dir), historyDeletions })).dashboards.keys();
    const toRead = hiddenSeen || creates.length === 0 ? creates.filter((uid) => !sampled.has(uid) && !refusedReads.has(uid)) : treeLive ? [...(await movedOut())] : [];
    for (const uid of await readHiddenCreates(grafana, toRead, settings.concurrency)) refusedReads.add(uid);
  }
  const liveDashboards = indexWhileReading ? summaries : listedDashboards;
  let refusedAs = new Map<string, string>();
  if (grafana.readsWholeOrg) {
    // Read from the list, `abc` was absent while `ABC` is listed: a read of `abc` tells one dashboard (MySQL) from two.
    // (On /api each file's uid was read on its own: its answer said so already.)
    const read = async (uid: string) => {
      const answer = await grafana.getDashboard(uid);
      return answer && { uid: answeredUidOf(answer) };
    };
    const reads = await readListedUidCaseTwins(tree.dashboards, liveDashboards.map((summary) => summary.uid), read);
    for (const [uid, twin] of answeredUids(reads)) answeredAs.set(uid, twin);
    refusedAs = reads.refused;
  }
  const twinHolders = findDashboardUidHolders(new Set(answeredAs.values()), tree, discovered, { cwd: settings.cwd, uidReads });
  const twins = [...describeLiveUidCaseTwins(tree.dashboards, answeredAs, 'dashboard', twinHolders), ...describeUnreadableUidCaseTwins(tree.dashboards, refusedAs, 'dashboard')];
  if (twins.length > 0) throw new InputError(twins);
  // Dashboards a folder's permissions hide from these credentials: set apart, named and counted, neither created nor compared.
  // A refused dashboard whose file goes to a folder not proven hidden may have come from another, which most likely holds
  // it: git tells which (review-64b M2).
  const provenHidden = new Set(hiddenFolders);
  const notProvenHidden = [...refusedReads].filter((uid) => judgeHidingFolder(tree.dashboards[order.get(uid)!]?.folderUid ?? null, liveFolders, provenHidden) !== 'hidden');
  const formerFolders = await readFormerFolders(settings.root, tree, notProvenHidden, historyDeletions);
  const unreadable = setApartUnreadable({ tree, decisions, refusedReads, hiddenFolders, liveFolders, displayDir, formerFolders, foldersProven: grafana.api === 'k8s' });
  if (unreadable.warnings.length > 0) {
    decisions.length = 0;
    for (const decision of unreadable.decisions) decisions.push(decision);
  }
  decisions.sort((a, b) => order.get(a.action.uid)! - order.get(b.action.uid)!);
  refuseTitleRings(decisions.map((decision) => decision.action), server, tree.dashboards);

  // A folder no directory of the tree holds is taken only when the tree's git history held it (a derived uid is the same in every tree):
  // git is read once, and only when prune may need it.
  const firstLook = decideManagedFolders(tree, liveFolders, undefined, settings.externalFolders);
  const treeFolderUids = new Set([...tree.folders, ...tree.idleFolders].map((folder) => folder.uid));
  // A top-level folder no directory holds may be one whose directory (or `_folder.json`) git held: only git can tell (rule 5).
  const beyondTree = [...firstLook.managed].some((uid) => !treeFolderUids.has(uid)) || [...liveFolders.values()].some((folder) => folder.parentUid === null && !firstLook.managed.has(folder.uid) && !settings.externalFolders.includes(folder.uid));
  const claimed = claimedDashboardUids(tree);
  // A directory holding only subdirectories is managed only where git shows it held a dashboard (rule 1): asked when its folder holds what prune would take.
  const passedOverHolds = holdsBeyondTree(new Set(firstLook.passedOver), { liveDashboards, liveFolders, libraryPanels: libraryPanels?.live ?? [] }, claimed, treeFolderUids);
  const askGit = settings.prune !== false && (firstLook.gitMayTake.length > 0 || beyondTree || passedOverHolds);
  const treeHistory = askGit ? await readTreeHistory(settings.root) : null;
  const evidence = askGit ? withoutOtherToolsFolders(folderEvidence(treeHistory ?? { dirs: new Set(), folderFiles: [] }), new Set(foldersOtherToolsKeep(liveFolders).keys())) : undefined;
  const knownFolders = evidence && new Set(evidence.keys());
  const formerParents = evidence && formerParentsOf(evidence);
  let managed = decideManagedFolders(tree, liveFolders, knownFolders, settings.externalFolders, undefined, formerParents);
  // A folder git history alone ties to this tree, where another repository's dashsync pushes now, is that repository's (a hand-over).
  const handedOver = settings.prune === 'folders' && treeHistory !== null
    ? await findHandedOverFolders(grafana, settings.root, historyOnlyFolders(managed.managed, treeFolderUids, liveFolders), { folders: liveFolders, dashboards: liveDashboards }, claimed, settings.concurrency)
    : [];
  // A directory of this tree whose derived uid another repository's directory shares: stop before re-parenting its folder or pruning its dashboards.
  const creatingIn = new Set(decisions.flatMap((decision) => (decision.action.action === 'create' && decision.action.folderUid !== null ? [decision.action.folderUid] : [])));
  const sharedAll = await findSharedDerivedFolders(grafana, settings.root, tree.folders, { folders: liveFolders, dashboards: liveDashboards }, claimed, settings.prune !== false, settings.concurrency, creatingIn);
  // Where this plan only creates beside the other repository's dashboards, a warning at the create (walk-62 M3), not a stop.
  const shared = sharedAll.filter((folder) => folder.would.length > 0);
  // In a shallow clone a commit missing is no evidence that another repository made it (the history read asked already, if it ran).
  const sharedShallow = sharedAll.length > 0 && (treeHistory?.shallow ?? (await isShallowClone(settings.root)));
  const describeCreate = sharedShallow ? describeSharedDerivedFolderShallow : describeSharedDerivedCreate;
  const sharedCreates = sharedAll.filter((folder) => folder.would.length === 0).map((folder) => describeCreate(folder, displayDir(folder.folder.dir)));
  if (shared.length > 0 && !sharedShallow) throw new InputError(shared.map((folder) => describeSharedDerivedFolder(folder, displayDir(folder.folder.dir))), true);
  // A folder a YAML Folder resource of the tree names (a _folder.json gone to YAML) is kept as an external one, as a YAML dashboard is.
  const yamlFoldersKept = settings.prune === false ? [] : findNamedFoldersKept(tree.yamlFolderUids, managed.managed, treeFolderUids, liveFolders);
  // A _folder.json behind a directory link names another checkout's folder, kept the same way.
  const linkedFoldersKept = settings.prune === false ? [] : findNamedFoldersKept(tree.linkedFolderUids, managed.managed, treeFolderUids, liveFolders).filter((kept) => !tree.yamlFolderUids?.has(kept.folder.uid));
  const externalFolders = [...settings.externalFolders, ...handedOver.map((folder) => folder.uid), ...[...yamlFoldersKept, ...linkedFoldersKept].map((kept) => kept.folder.uid)];
  if (handedOver.length > 0 || yamlFoldersKept.length > 0 || linkedFoldersKept.length > 0) managed = decideManagedFolders(tree, liveFolders, knownFolders, externalFolders, undefined, formerParents);
  // What the config lists as another tree's, no scope prunes (`--prune all` included): never read as a candidate.
  const externalFolderUids = foldersListedExternal(settings.externalFolders, liveFolders);
  // Folders the dashboards' history shows to be managed hold prune candidates among the library panels too: a tree dashboard
  // using one is refused as in a folder managed directly, and the others' users are read.
  if (libraryPanels) await refuseLibraryPanelProblems(settings, tree, libraryPanels, managed.managed, externalFolderUids);
  // What another environment of this Grafana org selects and this run does not is that environment's to prune.
  const listedPruneable = selectPruneCandidates(liveDashboards, claimed, settings.prune, managed.managed, externalFolderUids);
  const pruneablePanels = libraryPanels ? selectLibraryPanelPruneCandidates(libraryPanels.live, claimedLibraryPanelUids(tree), libraryPanels.external, settings.prune, managed.managed, externalFolderUids) : [];
  const others = otherEnvironmentsOfOrg(settings);
  // Another environment's selection is matched against the file git last held a candidate in, else the one pull would write, named after its title.
  const removedFiles = others.length === 0 ? undefined : await readRemovedPaths(settings.root, listedPruneable, pruneablePanels, historyDeletions);
  /** Titles the reads below give, for the dashboards listed without one (`/apis` metadata pages). */
  const titlesRead = new Map<string, string>();
  const untitled = listedPruneable.filter((hit) => hit.title === null && !removedFiles?.dashboards.has(hit.uid)).map((hit) => hit.uid);
  if (others.length > 0) await readTitles(grafana, untitled, titlesRead, settings.concurrency, signal);
  const pruneable = withTitles(listedPruneable, titlesRead);
  const leftToOthers = findLeftToOtherEnvironments({
    mine: { include: settings.include, exclude: settings.exclude, mineAt: placeInOrg(settings) },
    others,
    dashboards: pruneable,
    libraryPanels: pruneablePanels,
    removedFiles,
    folders: [...managed.managed, ...managed.shells].filter((uid) => !treeFolderUids.has(uid)).map((uid) => liveFolders.get(uid)).filter((folder): folder is LiveFolder => folder !== undefined),
    liveFolders,
    treeDirs: new Map([...tree.folders, ...tree.idleFolders].map((folder) => [folder.uid, folder.dir])),
    treeFiles: others.length === 0 ? [] : unselectedCandidates(tree.root, discovered)[0],
  });
  const leftDashboards = new Set(leftToOthers.dashboards.map((left) => left.summary.uid));
  const candidates = pruneable.filter((candidate) => !leftDashboards.has(candidate.uid));
  const mayGo = new Set(candidates.map((candidate) => candidate.uid));
  // The candidates' v2 users, where a dashboard that stays holds none of them: the tree's and the pruned dashboards may let go.
  const v2Scan = { mayLetGo: (uid: string) => claimed.has(uid) || mayGo.has(uid), readAsV1: new Set(decisions.filter((d) => d.action.action !== 'create').map((d) => d.action.uid)), signal };
  const candidateUsers = libraryPanels && (await readCandidateUsers(grafana, settings, tree, libraryPanels, { managed: managed.managed, external: externalFolderUids }, v2Scan));
  const trashUsers = candidateUsers && (await readRecentlyDeletedUsers(grafana, candidateUsers));
  const recentlyDeletedUsers = trashUsers !== undefined && 'unread' in trashUsers ? undefined : trashUsers;
  const libraryInput = candidateUsers && {
    ...candidateUsers,
    holdersOutsideListing: await readHoldersOutsideListing(grafana, candidateUsers, liveDashboards, settings.concurrency),
    connectionsListedInFull: await readConnectionsListedInFull(grafana, candidateUsers),
    recentlyDeletedUsers,
    recentlyDeletedSeen: await readTrashEntriesSeen(grafana, recentlyDeletedUsers),
    ...(trashUsers !== undefined && 'unread' in trashUsers && { recentlyDeletedUnread: trashUsers.unread }),
  };
  const pruneCandidates: { uid: string; live: LiveDashboardState | null }[] = [];
  // `--prune folders` never deletes at the General level, but a dashboard there another tool owns is named as that tool's:
  // read for its owner where the listing does not show it.
  const general = settings.prune === 'folders' ? generalLevelOwnersListed(liveDashboards, claimed) : undefined;
  const atGeneral = general?.toRead ?? new Set<string>();
  const generalLevelOwners = general?.owners ?? new Map<string, DashboardOwner>();
  for await (const { uid, live: dashboard } of refuseV2Stored(grafana.readDashboards([...candidates.map((c) => c.uid), ...atGeneral], { concurrency: settings.concurrency, signal }), () => undefined)) {
    const live = dashboard && toLiveState(dashboard);
    if (live) titlesRead.set(uid, live.title);
    if (!atGeneral.has(uid)) pruneCandidates.push({ uid, live });
    if (!atGeneral.has(uid) && dashboard) changedHeads.set(uid, { uid, version: dashboard.version, lastSave: dashboard.lastSave, pushed: dashboard.pushed });
    else if (live?.owner) generalLevelOwners.set(uid, live.owner);
  }
  // The titles the plan shows or compares of the dashboards listed without one (the others' are never read).
  const titleUses = {
    actions: decisions.map((decision) => decision.action),
    uniqueTitlesPerFolder: server.capabilities.uniqueTitlesPerFolder,
    libraryPanelUsers: [...(libraryInput?.connections.values() ?? [])].flat(),
    generalLevel: settings.prune === 'folders' ? { claimed, owners: generalLevelOwners } : undefined,
  };
  await readTitles(grafana, titlesToRead(liveDashboards, titleUses).filter((uid) => !titlesRead.has(uid)), titlesRead, settings.concurrency, signal);
  const shownDashboards = withTitles(liveDashboards, titlesRead);
  if (signal?.aborted) throw new InterruptedError(INTERRUPTED);
  const settledSaves = await withUncommittedPushes(
    new Map<string, LastSave | 'unreadable' | 'unconvertible'>(await Promise.all([...lastSaves].map(async ([uid, save]) => [uid, await save] as const))),
    changedHeads,
    (uid) => tree.dashboards[order.get(uid) ?? -1]?.absPath,
    settings,
  );
  // Prune's deletes of dashboards edited in Grafana since dashsync pushed them: their saves, which decidePlan warns of as drift.
  const pruneHeads = pruneCandidates.flatMap(({ uid, live }) => (live && !ownerBlocksDelete(live.owner) && changedHeads.has(uid) ? [changedHeads.get(uid)!] : []));
  const editedSincePush = await readEditedSincePush(pushes, pruneHeads, settings.concurrency);
  // An edit pulled and committed before its file was removed is in git: no drift for its delete.
  const liveFolderOf = new Map(pruneCandidates.flatMap(({ uid, live }) => (live ? [[uid, live.folderUid] as const] : [])));
  // Prune's deletes of dashsync's pushes of files HEAD did not hold (`[uncommitted]`): work no commit held, judged as such an edit.
  const { uncommitted: uncommittedPrunes, messageUnread: prunesMessageUnread } = await readUncommittedPrunes(pushes, pruneHeads, editedSincePush);
  const edits = new Map([...editedSincePush].flatMap(([uid, edit]) => (typeof edit === 'string' ? [] : [[uid, edit.save] as const])));
  // A commit of the removed file holding it (committed, then removed) loses nothing git lacks, as for an edit made in Grafana.
  const deletesInGit = await findDeletesHeldInGit(new Map([...edits, ...uncommittedPrunes]), (uid) => liveFolderOf.get(uid), grafana, settings, historyDeletions, signal);
  for (const [uid, save] of uncommittedPrunes) if (!deletesInGit.held.has(uid)) settledSaves.set(uid, save);
  const pushesBeyondHistory = new Set<string>();
  const unprovenInShallowClone = new Set<string>();
  for (const [uid, edit] of editedSincePush) {
    if (typeof edit === 'string') settledSaves.set(uid, edit);
    // A history Grafana cut short with no push record: the tree held it (a removed file) is what says dashsync deployed it.
    else if (!deletesInGit.held.has(uid) && (edit.below !== 'cut-short' || deletesInGit.treeHeld.has(uid))) {
      settledSaves.set(uid, edit.save);
      if (edit.below !== 'in-history') pushesBeyondHistory.add(uid);
    }
    // A shallow clone may lack that removed file: not held (nl-59's decision), said.
    else if (edit.below === 'cut-short' && !deletesInGit.treeHeld.has(uid) && deletesInGit.shallow) unprovenInShallowClone.add(uid);
  }
  // The push each delete's edit was saved over, where the look found it: its backup records it (HeldSave.over).
  const pushesOver = new Map([...editedSincePush].flatMap(([uid, edit]) => (typeof edit !== 'string' && edit.over !== undefined ? [[uid, edit.over] as const] : [])));
  // A delete of one dashsync never pushed names who saved it last (walk-62 L7): its newest save, read above (shared), not again.
  const madeInGrafana = await readMadeInGrafana(pushes, pruneHeads.filter((head) => head.lastSave.byDashsync !== true && !editedSincePush.has(head.uid)));
  const ownersRead = settings.prune === false ? undefined : await readOwnersUnseen(grafana.api, server.version, pushes, pruneHeads, (uid) => deletesInGit.held.has(uid), settings.concurrency);
  // api "auto" that read /api: /apis did not answer, and the advice to plan with --api auto would repeat this run.
  const ownersUnseen = ownersRead && settings.api === 'auto' ? { ...ownersRead, apisUnanswered: true as const } : ownersRead;
  // After a bootstrap pull, Grafana's edits are in git already: those are not drift (no git work without a candidate).
  const folderOfDir = new Map<string, string | null>([['', null], ...[...tree.folders, ...tree.idleFolders].map((folder) => [folder.dir, folder.uid] as const)]);
  // A move out of the folder of a directory this run leaves out (another environment's) is the layout's: the file's directory decides.
  const selectionLists = describeSelectionLists(settings);
  const leftOutFolders = leftOutFolderUids(tree, selectionLists);
  const driftCandidates = {
    dashboards: selectDriftCandidates(decisions.map((decision) => decision.action), settledSaves, leftOutFolders),
    libraryPanels: libraryPanels ? selectLibraryPanelDriftCandidates(libraryPanels.writes, libraryPanels.live, leftOutFolders) : [],
  };
  // With a directory per environment, a file copied from another environment's and changed in one commit began as that variant.
  const variants = settings.environment === undefined ? undefined : findVariantFiles(discovered, { cwd: settings.cwd, uidReads });
  const heldWrites = await findHeldInGit(driftCandidates, grafana, settings, (dir) => folderOfDir.get(dir), signal, variants);
  // A pruned library panel's change pulled and committed before its file was removed is in git too (walk-68 M1).
  const prunedPanelsHeld = settings.prune === false ? new Set<string>() : await findPrunedPanelsHeldInGit(pruneablePanels, settings, historyDeletions);
  const heldInGit = { ...heldWrites, libraryPanels: new Set([...heldWrites.libraryPanels, ...prunedPanelsHeld]) };
  if (signal?.aborted) throw new InterruptedError(INTERRUPTED);

  const credentialsOrgId = credentialsOrgIdRead === undefined ? null : await credentialsOrgIdRead;
  const git = await gitRead;
  // Grafana 11 keeps a soft-deleted dashboard connected to its library panels while "Recently deleted" is on: asked where a panel the tree writes may take a pruned one's name.
  const takesNames = settings.prune !== false && libraryInput !== undefined && libraryInput.writes.some((write) => write.action !== 'noop');
  const recentlyDeletedOn = takesNames && server.capabilities.softDeleteTrash && settings.deleteMode === 'soft' ? (await grafana.recentlyDeleted()).on : undefined;
  const { saves: namedSaves, made: namedMade } = await nameDriftAuthors(grafana, settledSaves, madeInGrafana);
  const decided = await positionRefusals(() => decidePlan({
    header: {
      createdAt: new Date().toISOString(),
      tool: { name: 'dashsync', version: DASHSYNC_VERSION },
      target: {
        url: grafana.url,
        urlSha256: grafana.urlSha256,
        orgId: grafana.orgId ?? null,
        ...(credentialsOrgId === null ? {} : { credentialsOrgId }),
        grafanaVersion: server.version,
        api: grafana.api,
        environment: settings.environment ?? null,
      },
      git: { sha: git.sha, subject: git.subject, actor: git.actor },
      root: relative(settings.cwd, settings.root).replace(/\\/g, '/') || '.',
      ...commandLineSelectionOf(settings.commandLine),
      ...recordedSelection(settings),
      ...(settings.environments.length > 0 ? { configEnvironments: settings.environments } : {}),
      prune: settings.prune,
      deleteMode: settings.deleteMode,
      settingsHash,
    },
    capabilities: server.capabilities,
    tree,
    liveFolders,
    liveDashboards: shownDashboards,
    knownFolders,
    shellFolders: treeHistory ? shellFolderUids(treeHistory) : undefined,
    externalFolders,
    externalFolderUids,
    configFile: settings.configFile,
    folderEvidence: evidence,
    historyCut: !askGit ? undefined : treeHistory === null ? 'none' : treeHistory.shallow ? 'shallow' : undefined,
    dashboards: decisions,
    pruneCandidates,
    ownersUnseen,
    leftToOthers,
    runSelection: adviceSelection,
    generalLevelOwners,
    lastSaves: namedSaves,
    heldInGit,
    deletesInGit,
    pushesBeyondHistory,
    unprovenInShallowClone,
    libraryPanels: libraryInput,
    identityFailure: grafana.identityFailure(),
    unverifiedFolders,
    unreadable: unreadable.warnings,
    lookAlikes,
    recentlyDeletedOn,
  }), tree);
  // An apply no one reviews applies this plan: a move made in Grafana since dashsync placed the dashboard is an edit it keeps.
  // And so is one made in Grafana after a commit of the file adopted the dashboard as Grafana had it (walk-66 M2).
  const adoption = { movedOnly: heldInGit.movedOnly ?? new Map(), grafana, minRefreshInterval: settings.minRefreshInterval, moveTo: (file: string, liveFolderUid: string | null) => moveToLiveFolder(file, liveFolderUid, tree, decided.root) };
  const placed = markLeftOutDriftOf({ ...decided, actions: markLeftOutDirectories(decided.actions, tree, selectionLists, decided.root) });
  const plan = options.unreviewed ? await markMovesMadeInGrafana(placed, pushes, changedHeads, settings.concurrency, adoption) : placed;
  // The plan's dashboard actions, read by the checks below (one pass over a plan of thousands, not one each).
  const planDashboards: readonly DashboardAction[] = plan.actions.filter(isDashboardAction);
  // A change another branch's apply made, which this plan undoes: warned as drift is (another branch's save is no edit in Grafana).
  const notInBranch = await findNotInBranch(grafana, settings.root, {
    actions: planDashboards,
    heads: changedHeads,
    lastSaves: settledSaves,
    head: git.sha,
    ...(git.headIn !== undefined && { headIn: git.headIn }),
    rootHead: readRootHead,
    takenOverFolders: findTakenOverFolders(tree.folders),
    outside: { treeFolders: treeFolderUids, liveFolders, externalFolders: settings.externalFolders },
    fileOf: (uid) => {
      const entry = tree.dashboards[order.get(uid) ?? -1];
      return entry && toSlashes(relative(settings.root, entry.absPath));
    },
  }, settings.concurrency);
  const handOverWarnings = [...handedOver.map((folder) => describeHandedOver(folder, treeHistory?.shallow === true, settings.configFile)), ...yamlFoldersKept.map(describeYamlFolderKept), ...linkedFoldersKept.map(describeLinkedFolderKept)];
  // Through /api, a first version whose message as saved was not answered hides `[uncommitted]`: said, not judged silently as committed.
  handOverWarnings.push(...describePushMessagesUnread(planDashboards, new Map([...settledSaves, ...prunesMessageUnread]), adviceSelection));
  handOverWarnings.push(...sharedCreates);
  if (sharedShallow) handOverWarnings.push(...shared.map((folder) => describeSharedDerivedFolderShallow(folder, displayDir(folder.folder.dir))));
  if (treeHistory?.shallow) handOverWarnings.push({ kind: 'shallow-history', uid: null, ...wordedForShells((shell) => `${SHALLOW_PRUNE}; ${fetchFullHistory(shell)}`) });
  if (emptied) handOverWarnings.unshift(emptied);
  const unread = datasourceShownUnread.length === 0 ? undefined : (await readInstanceDatasources(grafana)).unread;
  if (unread !== undefined) handOverWarnings.push(describeDatasourcesUnread(unread, datasourceShownUnread));
  if (everyOrgRelease !== null && datasourceShownOfEveryOrg.length > 0) handOverWarnings.push(describeDatasourcesOfEveryOrg(everyOrgRelease, datasourceShownOfEveryOrg));
  // The release the config says this Grafana runs (check's, for v2 files) against the one it reports.
  const declaredRelease = describeDeclaredRelease(settings.declaredGrafana, settings.environment, server.version);
  if (declaredRelease !== null) handOverWarnings.push(declaredRelease);
  if (server.capabilities.uniqueTitlesPerFolder && server.capabilities.softDeleteTrash && plan.deleteMode === 'soft') {
    const handingOver = describeTitlesHeldInTrash(planDashboards, null).length > 0;
    const trashOn = handingOver ? (await grafana.recentlyDeleted()).on : false;
    if (trashOn !== false) handOverWarnings.push(...describeTitlesHeldInTrash(planDashboards, trashOn));
  }
  handOverWarnings.push(...describeTrashNotRead(grafana.api, server.version, plan, adviceSelection));
  // Prune's held deletes (owners-not-seen) count too: a change of uid whose old dashboard stays is not made (review-65a M3).
  const pruneHeld = new Set(plan.warnings.flatMap((warning) => (warning.kind === 'owners-not-seen' ? warning.uids : [])));
  const formerUids = await readFormerUids(settings.root, tree.dashboards, plan.actions, pruneHeld);
  const uidChanges = [...describeUidChanges(planDashboards, formerUids), ...describeHeldUidChanges(planDashboards, formerUids, pruneHeld)];
  const replaced = markReplacesHeld(markReplacedDeletes(plan.actions, formerUids), formerUids, pruneHeld);
  // A create dashsync's own prune put in "Recently deleted" is named so, with its backup (walk-70 L5).
  const accessInput = await markPrunedInTrash(await withoutPrunesAsUserDeletes(await readAccessNotesInput(grafana, plan), plan, settings, historyDeletions), grafana, settings);
  // Where "Recently deleted" hides others' entries from these credentials: creates of files the tree held before may be UI deletes,
  // where this Grafana has the tree already (a dashboard of it live; a first deploy is no such case).
  // Where it could not be listed, whatever the plan holds (every dashboard of it a create: each deleted in Grafana, review-70a M2).
  const treeLive = plan.actions.some((action) => action.kind === 'dashboard' && action.action !== 'create' && action.action !== 'delete');
  if (accessInput.trashHidden !== undefined && (treeLive || typeof accessInput.trashHidden === 'object')) {
    const newFolders = new Set(plan.actions.flatMap((action) => (action.kind === 'folder' && action.action === 'create' ? [action.uid] : [])));
    const creates = planDashboards.filter((action) => action.action === 'create' && action.file !== null && accessInput.inTrash?.has(action.uid) !== true);
    const heldBefore = await readPathsHeldBefore(settings.cwd, toSlashes(relative(settings.cwd, tree.root)) || '.', creates.map((action) => ({ file: action.file!, uid: action.uid })), historyDeletions);
    // Unread, dashsync's backups show uids Grafana held before too, where git cannot (no previous commit, no repository).
    const backups = typeof accessInput.trashHidden === 'object' && creates.length > 0 ? await (backedUp ??= readBackedUpUids(settings)) : new Set<string>();
    // Into a folder this plan makes, a create is named only where Grafana is known to have held it: a file a commit deleted
    // while it held the uid (a whole directory pruned, then put back: trash-69), or one dashsync backed up. A new directory's
    // files, committed before this commit but never applied, are no such create.
    const intoNewFolder = (action: DashboardAction) => action.folderUid !== null && newFolders.has(action.folderUid);
    const unnamed = creates.filter((action) => !intoNewFolder(action) || heldBefore.deleted.has(action.file!) || backups.has(action.uid));
    handOverWarnings.push(...describeTrashUnseen(unnamed, heldBefore, adviceSelection, accessInput.trashHidden, backups));
  }
  // A create the apply does not make lands on no title: its clash would contradict its note (review-66b M2).
  const notCreated = new Set(replaced.flatMap((action) => (action.kind === 'dashboard' && action.replacesHeld !== undefined ? [action.uid] : [])));
  const warned = [...plan.warnings, ...notInBranch, ...handOverWarnings, ...uidChanges].filter((warning) => !(warning.kind === 'title-clash' && (notCreated.has(warning.uid) || notCreated.has(warning.otherUid))));
  const noted = addAccessNotes(
    { ...plan, summary: countUidChangesHeld(plan.summary, replaced), actions: markEditedInGrafana(markMadeInGrafana(markDeployedElsewhere(replaced, deployedElsewhere), namedMade), plan.warnings, pushesOver), warnings: markUidChangeDrift(warned, replaced) },
    accessInput,
  );
  const orgFights = await readSharedOrgFights(settings, tree, { discovered, uidReads });
  // Prune off here, while another environment of this Grafana org prunes this run's folders: what its apply deletes there.
  const prunedByOthers = await readPrunedByOthers(
    grafana,
    settings,
    { tree, discovered, uidReads, liveDashboards: shownDashboards, liveFolders, pushes, historyDeletions, ...(withLibraryPanels && { libraryPanels: libraryPanels.live }) },
    adviceSelection,
    signal,
  );
  // A create of a dashboard Grafana holds under another uid (a Terraform file given a new uid by check --fix): said, not made silently twice.
  const dashboardActions = noted.actions.filter(isDashboardAction);
  const copies = await readLookAlikeCreates(grafana, settings, findCreateTitleTwins(dashboardActions, tree.dashboards, shownDashboards, claimed), settings.concurrency);
  // After the look-alikes: a directory whose dashboards are copies of a live folder's is that folder as much as one they move from.
  const folderActions = noted.actions.filter((action): action is FolderAction => action.kind === 'folder');
  const renames = findFolderRenames(folderActions, dashboardActions, { folders: liveFolders, dashboards: shownDashboards }, plan.root, {
    lookAlikes: copies.twins,
    knownFolders,
    chosenUids: new Set(tree.folders.filter((folder) => folder.source === 'folder-file').map((folder) => folder.uid)),
  });
  // A _folder.json claiming a folder someone made and filled in Grafana: renamed and emptied by this plan (walk-62 H5).
  // Who pushed its dashboards is the history's to say (through /api the listing never does); a folder the tree held as it is
  // now before this commit renames it is the tree's own.
  const renamedFolders = selectRenamedFolders(folderActions);
  const inRenamed = new Set(renamedFolders.map((folder) => folder.uid));
  // A history these credentials may not read (a Viewer's through /api) is no evidence either way: said, never taken as "not pushed".
  const pushedOnce = await readPushedByDashsync(pushes, pruneHeads.filter((head) => inRenamed.has(liveFolderOf.get(head.uid) ?? '')), editedSincePush);
  const heldBefore = await readFoldersHeldBefore(settings.root, renamedFolders);
  // Under api "legacy" on 12+ prune holds what dashsync did not save last: a folder of those is taken over by its rename alone.
  const heldByPrune = new Set(noted.warnings.flatMap((warning) => (warning.kind === 'owners-not-seen' ? warning.uids : [])));
  renames.push(...findFolderTakeovers(folderActions, dashboardActions, shownDashboards, { pushed: (uid) => pushedOnce.get(uid) ?? 'never', held: heldByPrune, heldBefore }, (dir) => displayDir(dir)));
  // A rename or move made in Grafana that this plan undoes: drift, which an apply no one reviewed keeps (walk-64 M4).
  const takenOver = new Set(renames.flatMap((warning) => (isFolderTakeover(warning) && warning.uid !== null ? [warning.uid] : [])));
  const folderHistories = await readFolderFileHistory(settings.root, selectChangedFolders(folderActions).filter((folder) => !takenOver.has(folder.uid)));
  // A folder as Grafana names it now (`live`), or as it is once this plan is applied (`planned`: where the plan moves one into).
  const folderTitle = (uid: string | null, as: 'live' | 'planned') => {
    const live = uid === null ? undefined : liveFolders.get(uid)?.title;
    const planned = uid === null ? undefined : folderActions.find((folder) => folder.uid === uid)?.title;
    const title = as === 'live' ? (live ?? planned) : (planned ?? live);
    return title === undefined ? `folder ${uid}` : `${quoteText(title)} (${uid})`;
  };
  // Every file of the tree, those this run's selection leaves out too: another environment deploys the folder through its own (review-67b L2).
  const everyTreeFile = settings.environment === undefined ? [] : unselectedCandidates(tree.root, discovered)[0];
  renames.push(...findFolderDrift(folderActions, folderHistories, folderTitle, (dir) => displayDir(dir), (folderFile) => otherEnvironmentsDeployingFolder(settings, folderFile, everyTreeFile)));
  // An input the files use as server-side expressions, mapped to another data source: check's warning, once per mapping.
  const expressionMappings = tree.expressionInputs ? findExpressionInputMappings(tree.expressionInputs, [[settings.environment, settings.inputs]], settings) : [];
  // The check --fix it names takes no --env (bare check fixes for every environment): the plans of one run say it alike.
  const checkFix = renderNextCommand({ ...adviceSelection, environment: undefined }, 'check --fix');
  const fileDiagnostics = [...diagnostics, ...expressionMappings];
  const fileWarnings = { cli: diagnosticsInInvocation(withCheckFixCommand(fileDiagnostics, checkFix), adviceSelection.invocation), action: withCheckFixCommand(fileDiagnostics, checkFix, 'action') };
  return warnOverDeleteLimit(withFileWarnings({ ...noted, warnings: [...noted.warnings, ...copies.warnings, ...orgFights, ...prunedByOthers, ...renames] }, fileWarnings), settings.maxDeletes);
}

/** Reads the titles of these dashboards (listed without one) into `titles`; a dashboard gone since keeps none. */
async function readTitles(grafana: GrafanaPort, uids: readonly string[], titles: Map<string, string>, concurrency: number, signal: AbortSignal | undefined): Promise<void> {
  for await (const { uid, live } of grafana.readDashboards(uids, { concurrency, signal })) if (live) titles.set(uid, toLiveState(live).title);
}

/** Create uid → the uid a committed version of its file held, among the plan's deletes (only when it has both). */
async function readFormerUids(root: string, entries: readonly DashboardEntry[], actions: readonly PlanAction[], pruneHeld: ReadonlySet<string>): Promise<Map<string, string>> {
  const deleted = new Set([...actions.filter((action) => action.kind === 'dashboard' && action.action === 'delete').map((action) => action.uid), ...pruneHeld]);
  const created = new Set(actions.filter((action) => action.kind === 'dashboard' && action.action === 'create').map((action) => action.uid));
  const byPath = new Map(entries.filter((entry) => created.has(entry.uid)).map((entry) => [toSlashes(relative(root, entry.absPath)), entry.uid]));
  if (deleted.size === 0 || byPath.size === 0) return new Map();
  const former = await findFormerUids(root, [...byPath.keys()], deleted);
  return new Map([...former].map(([path, uid]) => [byPath.get(path)!, uid]));
}

const isDashboardAction = (action: PlanAction): action is DashboardAction => action.kind === 'dashboard';

/** The file git last held each prune candidate's uid in (root-relative), read only when there is one. */
async function readRemovedPaths(root: string, dashboards: readonly ListedDashboard[], libraryPanels: readonly LiveLibraryPanel[], historyDeletions: HistoryDeletionsReader): Promise<{ dashboards: Map<string, string>; libraryPanels: Map<string, string> } | undefined> {
  if (dashboards.length === 0 && libraryPanels.length === 0) return undefined;
  const found = await findRemovedTreeFiles(root, { dashboards: dashboards.map((hit) => hit.uid), libraryPanels: libraryPanels.map((panel) => panel.uid) }, { historyDeletions });
  const paths = (files: Map<string, RemovedDashboardFile>) => new Map([...files].map(([uid, file]) => [uid, file.path]));
  return { dashboards: paths(found.dashboards), libraryPanels: paths(found.libraryPanels) };
}

const SHALLOW_PRUNE =
  'git history is shallow (only its newest commits): a folder no directory of the tree holds, or one whose directory holds only subdirectories, is pruned only where git shows this tree held it, ' +
  'so this plan may delete less than one made in a full clone';

/** Whether the given folders hold a live dashboard no file claims, a live folder no directory holds, or a live library panel. */
function holdsBeyondTree(
  folders: ReadonlySet<string>,
  live: { liveDashboards: readonly ListedDashboard[]; liveFolders: ReadonlyMap<string, LiveFolder>; libraryPanels: readonly { folderUid: string | null }[] },
  claimed: ReadonlySet<string>,
  treeFolderUids: ReadonlySet<string>,
): boolean {
  const inThem = (folderUid: string | null) => folderUid !== null && folders.has(folderUid);
  return (
    live.liveDashboards.some((hit) => inThem(hit.folderUid) && !claimed.has(hit.uid)) ||
    [...live.liveFolders.values()].some((folder) => inThem(folder.parentUid) && !treeFolderUids.has(folder.uid)) ||
    live.libraryPanels.some((panel) => inThem(panel.folderUid))
  );
}

/** The tree's dashboard and library panel files and, of those, the ones the run's selection leaves out (root-relative). */
function unselectedCandidates(root: string, discovered: DiscoveredTree): [treeFiles: string[], candidates: string[]] {
  const rootPath = (absPath: string) => toSlashes(relative(root, absPath));
  const leftOut = [...(discovered.unselected?.dashboardFiles ?? []), ...(discovered.unselected?.libraryFiles ?? [])].map(rootPath);
  return [[...[...discovered.dashboardFiles, ...discovered.libraryFiles].map(rootPath), ...leftOut], leftOut];
}

/** A tree diagnostic the plan repeats among its warnings: `file[:line:col]: message (rule)`, as check prints it. */
function treeDiagnosticWarning(diagnostic: Diagnostic): Extract<PlanWarning, { kind: 'other' }> {
  const at = diagnostic.line ? `:${diagnostic.line}:${diagnostic.col}` : '';
  return {
    kind: 'other',
    uid: null,
    message: `${diagnostic.file}${at}: ${diagnostic.message} (${diagnostic.rule})`,
    ...(diagnostic.file.startsWith('--') ? {} : { file: diagnostic.file }),
    ...(diagnostic.line ? { line: diagnostic.line, col: diagnostic.col ?? 1 } : {}),
    rule: diagnostic.rule,
    ...(diagnostic.files === undefined ? {} : { files: diagnostic.files }),
  };
}

/** The tree's other warnings a plan names beside the look-alikes (check shows them too): globs, and a folder that holds nothing. */
const LISTED_WITH_LOOK_ALIKES: ReadonlySet<string> = new Set([GLOB_UNMATCHED_RULE, GLOB_FILE_NAME_RULE, FOLDER_HOLDS_NOTHING_RULE]);

/**
 * The tree's warnings a plan repeats (check shows them too): a literal datasource that is one environment's, a directory named
 * as gdg URL-encodes a title, an expression input mapped to another data source.
 */
const REPEATED_RULES = ['datasource-literal-of-env', 'folder-name-url-encoded', 'input-expression-mapped'];

function withFileWarnings(plan: Plan, diagnostics: { cli: Diagnostic[]; action: Diagnostic[] }): Plan {
  const repeats = (d: Diagnostic) => d.severity === 'warning' && REPEATED_RULES.includes(d.rule);
  const repeated = diagnostics.cli.filter(repeats);
  if (repeated.length === 0) return plan;
  // The same findings in the Action's words (withCheckFixCommand): kept where they differ, as wordedForShells does.
  const inAction = diagnostics.action.filter(repeats);
  const warnings = repeated.map((d, index): PlanWarning => {
    const warning = treeDiagnosticWarning(d);
    const action = inAction[index]?.message;
    return action === undefined || action === d.message ? warning : { ...warning, actionMessage: treeDiagnosticWarning({ ...d, message: action }).message };
  });
  return { ...plan, warnings: [...plan.warnings, ...warnings] };
}

/**
 * Tree folders and library panels whose uid Grafana lists only in another case, and answers a read of with that one
 * (MySQL): one line each, before anything is written. Else the plan would create `ops` again on every run while its
 * dashboards went into `OPS`, or create `lib` (refused as taken) and prune `LIB`.
 */
async function refuseFolderAndLibraryPanelCaseTwins(
  grafana: GrafanaPort,
  tree: Tree,
  liveFolderUids: Iterable<string>,
  liveLibraryPanels: readonly LiveLibraryPanel[],
  displayDir: (dir: string) => string,
): Promise<void> {
  const folders = tree.folders.map((folder) => ({ uid: folder.uid, file: folder.source === 'folder-file' ? `${displayDir(folder.dir)}/_folder.json` : displayDir(folder.dir) }));
  // A twin another _folder.json of the tree names (another environment's directory): not a uid this file could take.
  const folderFiles = new Map([...tree.folders, ...tree.idleFolders].filter((folder) => folder.source === 'folder-file').map((folder) => [folder.uid, `${displayDir(folder.dir)}/_folder.json`]));
  const folderReads = await readListedUidCaseTwins(folders, liveFolderUids, (uid) => grafana.getFolder(uid));
  const panelReads = await readListedUidCaseTwins(tree.libraryPanels, liveLibraryPanels.map((panel) => panel.uid), (uid) => grafana.getLibraryPanel(uid));
  const ofKind = (kind: 'library panel' | 'library variable') =>
    new Map([...panelReads.answered].filter(([, element]) => libraryElementKind(element) === kind).map(([uid, element]) => [uid, element.uid]));
  const twins = [
    ...describeLiveUidCaseTwins(folders, answeredUids(folderReads), 'folder', folderFiles),
    ...describeUnreadableUidCaseTwins(folders, folderReads.refused, 'folder'),
    ...describeLiveUidCaseTwins(tree.libraryPanels, ofKind('library panel'), 'library panel'),
    ...describeLiveUidCaseTwins(tree.libraryPanels, ofKind('library variable'), 'library variable'),
    ...describeUnreadableUidCaseTwins(tree.libraryPanels, panelReads.refused, 'library panel'),
  ];
  if (twins.length > 0) throw new InputError(twins);
}

/** Which dashboard a refusal of its file is about (a write to "this Grafana" it cannot take), and whose Grafana that is: `dashboard checkout (environment staging): `. */
function refusalSubject(uid: string, environment: string | undefined): string {
  return `dashboard ${uid}${environment === undefined ? '' : ` (environment ${environment})`}: `;
}

/** The legacy API cannot read or write a v2 dashboard: one line per file, before anything is written (`why`, of a `dashboard.grafana.app/v2` file or another v2 version). */
function refuseV2Files(dashboards: DashboardEntry[], environment: string | undefined, why: (v2: boolean) => string): void {
  const v2 = dashboards.filter((entry) => entry.schema === 'v2');
  if (v2.length === 0) return;
  throw new InputError(v2.map((entry) => ({
    file: entry.file,
    ...locateInFile(entry.absPath, ['apiVersion']),
    severity: 'error',
    rule: 'v2-needs-apis',
    message: `${refusalSubject(entry.uid, environment)}${entry.apiVersion ?? 'a v2 dashboard'} needs Grafana's /apis (${isV2Only(entry.apiVersion) ? 'Grafana 13 or later; 12 serves v2beta1 and v2alpha1, not v2' : 'Grafana 12 or later'}), and ${why(isV2Only(entry.apiVersion))}; or leave this file out`,
  })));
}

/** A `dashboard.grafana.app/v2` file: only Grafana 13 and later serve that version. */
function isV2Only(apiVersion: string | null): boolean {
  return apiVersion === `${DASHBOARD_GROUP}/v2`;
}

/** Once `reads` have settled (each failure is reported where the read is awaited), the requests they let go out are written. */
async function settledAndSent(reads: readonly (Promise<unknown> | undefined)[]): Promise<void> {
  await Promise.allSettled(reads);
  await onTheWire();
}

/** What `check` throws, or undefined when it passes. */
function refusalOf(check: () => void): unknown {
  try {
    check();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Files this Grafana cannot take through the selected API (a v2 apiVersion it does not serve): one line each, before anything is sent. */
function refuseUnwritableFiles(dashboards: DashboardEntry[], grafana: GrafanaPort, run: { environment?: string; environments: readonly string[] }): void {
  const refusals = dashboards.flatMap((entry) => {
    const target = grafana.writeTargetFor({ schema: entry.schema, apiVersion: entry.apiVersion, metadata: { labels: {}, annotations: {} } });
    return 'refused' in target ? [{ file: entry.file, ...locateInFile(entry.absPath, ['apiVersion']), severity: 'error' as const, rule: 'api-unwritable', message: `${refusalSubject(entry.uid, run.environment)}${withPullAt13(target.refused, entry.uid, run)}` }] : [];
  });
  if (refusals.length > 0) throw new InputError(refusals);
}

/**
 * The saves not by dashsync (drift, or a note naming the commit that already holds them), and those of prune deletes dashsync
 * never pushed (`made`), with their author by the name people know (`/apis` records `user:<uid>`): one lookup for the distinct
 * authors of those only; an author Grafana does not name stays as recorded.
 */
async function nameDriftAuthors(
  grafana: GrafanaPort,
  saves: Map<string, LastSave | 'unreadable' | 'unconvertible'>,
  made: ReadonlyMap<string, LastSave>,
): Promise<{ saves: Map<string, LastSave | 'unreadable' | 'unconvertible'>; made: Map<string, LastSave> }> {
  const drift = [...saves].filter(([, save]) => typeof save !== 'string' && save.byDashsync === false).map(([, save]) => save as LastSave);
  if (drift.length + made.size === 0) return { saves, made: new Map(made) };
  const names = await grafana.nameSavers([...drift, ...made.values()].map((save) => save.by));
  const named = (save: LastSave): LastSave => ({ ...save, by: names.get(save.by) ?? save.by });
  return {
    saves: names.size === 0 ? saves : new Map([...saves].map(([uid, save]) => [uid, typeof save !== 'string' && save.byDashsync === false ? named(save) : save])),
    made: new Map([...made].map(([uid, save]) => [uid, named(save)])),
  };
}

/**
 * A save whose message carries dashsync's marker that authorship did not count as dashsync's (other credentials than these
 * made it: a token rotated since, another service account): not "made in Grafana, never pushed by dashsync" (review-63b L7).
 * A restore's note is judged on the save it took back (restore-note.ts), not on its marker.
 */
function pushedByOtherCredentials(save: LastSave): boolean {
  return save.restored === undefined && (save.message ?? '').includes(DASHSYNC_MARKER);
}

/**
 * uid → the newest save of each prune candidate dashsync never pushed (readEditedSincePush found no push below a save someone
 * else made): `heads` are those it did not answer for, whose newest saves it read (the plan's reader keeps them: no request).
 */
async function readMadeInGrafana(pushes: SincePushReader, heads: readonly SavedHead[]): Promise<Map<string, LastSave>> {
  const made = new Map<string, LastSave>();
  for (const head of heads) {
    const save = await pushes.lastSave({ ...head, lastSave: { ...head.lastSave, byDashsync: null } });
    if (typeof save !== 'string' && save.byDashsync === false && !pushedByOtherCredentials(save)) made.set(head.uid, save);
  }
  return made;
}

/**
 * Whether dashsync pushed each of these prune candidates: `pushed`, its newest save is dashsync's (the listing says so, or the
 * history read, shared with readEditedSincePush: no request more), or someone else saved it since a push of dashsync's;
 * `unread`, its history could not be read (these credentials may not read it, or Grafana could not list it); else `never`.
 */
async function readPushedByDashsync(pushes: SincePushReader, heads: readonly SavedHead[], editedSincePush: ReadonlyMap<string, EditedSincePush | string>): Promise<Map<string, PushedByDashsync>> {
  const pushed = new Map<string, PushedByDashsync>();
  for (const head of heads) {
    const edit = editedSincePush.get(head.uid);
    if (head.lastSave.byDashsync === true || typeof edit === 'object') pushed.set(head.uid, 'pushed');
    else if (typeof edit === 'string') pushed.set(head.uid, 'unread');
    else {
      const save = await pushes.lastSave({ ...head, lastSave: { ...head.lastSave, byDashsync: null } });
      pushed.set(head.uid, typeof save === 'string' ? 'unread' : save.byDashsync === true ? 'pushed' : 'never');
    }
  }
  return pushed;
}

/** The run's flags of place, as the plan records them for `show` to repeat (nothing when the command line gave none). */
function recordedSelection(settings: Settings): Pick<Plan, 'selection'> {
  const selection = recordedSelectionOf(runSelectionOf(settings));
  return selection === undefined ? {} : { selection };
}

/** The `--include`/`--exclude` a command line gave, as the plan records them (nothing when it gave neither). */
function commandLineSelectionOf(flags: Settings['commandLine']): Pick<Plan, 'commandLineSelection'> {
  const { include, exclude } = flags ?? {};
  if (include === undefined && exclude === undefined) return {};
  return { commandLineSelection: { ...(include !== undefined && { include }), ...(exclude !== undefined && { exclude }) } };
}

/** Check's v2-unserved sentence for the other environments deploying a file that could not take Grafana's v2 form of it (a pull's rewrite); undefined when each can. */
function describeFormUnservedElsewhere(uid: string, apiVersion: string | null, sharedWith: readonly string[], settings: Settings): string | undefined {
  const what = `Grafana's form of it is a ${apiVersion ?? 'v2 dashboard'} file`;
  return describeV2UnservedElsewhere({ uid, apiVersion }, sharedWith, settings.environmentGrafanas ?? {}, what)?.message;
}

/**
 * The last saves, each push dashsync made from a file HEAD did not hold as it was (isUncommittedPush: no commit holds it) read
 * as someone else's save (markUncommittedPush: walk-66 M3), where this checkout holds that file as committed (another clone, a
 * CI checkout, or this one with the change discarded: the push would be lost unseen). Where the file differs from HEAD here
 * too and the push names this checkout (isOwnWorkInProgress), it is this checkout's own work in progress (edited, applied,
 * edited again), judged as before; one naming another checkout is someone else's (two clones both dirty). One git process
 * pair, only where such a push is found.
 */
async function withUncommittedPushes(
  saves: Map<string, LastSave | 'unreadable' | 'unconvertible'>,
  heads: ReadonlyMap<string, SavedHead>,
  fileOf: (uid: string) => string | undefined,
  settings: Pick<Settings, 'cwd' | 'pipelineCheckoutId'>,
): Promise<Map<string, LastSave | 'unreadable' | 'unconvertible'>> {
  const found = [...saves].flatMap(([uid, save]) => {
    const file = fileOf(uid);
    const pushed = heads.get(uid)?.pushed;
    return file !== undefined && isUncommittedPush(save, pushed) ? [{ uid, file, save, pushed }] : [];
  });
  if (found.length === 0) return saves;
  const here = await listUncommittedFiles(settings.cwd, found.map(({ file }) => file), settings.pipelineCheckoutId);
  for (const { uid, file, save, pushed } of found) {
    if (!isOwnWorkInProgress(save, pushed, { fileUncommitted: here?.files.has(file) === true, checkout: here?.checkout ?? null })) saves.set(uid, markUncommittedPush(save, pushed));
  }
  return saves;
}

/** The plan whose drift warnings of moves out of a left-out directory's folder say so (markLeftOutDrift). */
function markLeftOutDriftOf<P extends { actions: PlanAction[]; warnings: PlanWarning[] }>(plan: P): P {
  return { ...plan, warnings: markLeftOutDrift(plan.warnings, plan.actions) };
}
