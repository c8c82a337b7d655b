import { LiveNumberInexactError } from './live-number-inexact-error.js';
import { readFile } from 'node:fs/promises';
import { libraryPanelUids } from '../files/find-library-panel-refs.js';
import { parseDashboardText } from '../files/parse-dashboard-text.js';
import { readUtf8File } from '../files/read-utf8-file.js';
import type { DesiredContent } from '../files/types.js';
import type { DashboardOwner, EarlierPush, GrafanaPort, HistoryReads, ListedSave, LiveDashboard, UserMetadata } from '../grafana/port.js';
import { diffSpecs, type LiveInstance } from '../diff/diff-content.js';
import { isDeepEqual } from '../diff/is-deep-equal.js';
import { canonicalJson, compactStableJson } from '../normalize/canonical-json.js';
import { normalizeContent } from '../normalize/normalize-content.js';
import { contentDigest, isUnsavedPushOf } from '../normalize/content-digest.js';
import { notesPush } from '../grafana/content-note.js';
import { keepsUserMetadata } from '../grafana/user-metadata.js';
import { findMoveSincePush, readEarlierPushOrWhyNot } from './find-move-since-push.js';
import { decidePullFile, type GitFileState, type PullFileDecision } from './decide-pull-file.js';
import type { GitView } from './read-git-view.js';
import { pushedCommitOf, type PushedCommit } from '../grafana/pushed-commit.js';
import type { ContentNotInGrafana, GrafanaSave, UnappliedCommit, UnappliedCommitCandidate, UnappliedCommitFinder } from './find-unapplied-commit.js';
import type { LibraryPanelHistoryReader } from './read-library-panel-history.js';
import type { LibraryPullRecord } from './library-pull-record.js';
import type { UnrestoredInputs } from './find-unrestored-inputs.js';
import { hasEntries, keepsNoMetadata, otherV2Version, pulledDocument, type CurrentFile, type PulledDocument } from './pulled-document.js';
import type { LiveAuthorReader, LiveAuthorship } from './read-live-author.js';
import { resolveInsideRoot, resolveWriteTarget } from './safe-path.js';
import { PULL_BACKUP_DIR, type ReplacedFileSaver, type SavedCopy } from './save-replaced-file.js';
import type { DashboardTarget } from './types.js';
import type { DeployedWithPanel } from './judge-deployed-with-panel.js';
import { writeFileAtomic } from '../files/write-file-atomic.js';
import type { LiteralOverPlaceholder } from './find-literals-over-placeholders.js';
import { findPlaceholdersHeldAsText, type PlaceholderAsText } from './find-placeholders-held-as-text.js';
import { placeholdersAsText } from '../files/resolve-inputs.js';
import { removeFile } from '../files/file-ops-in-flight.js';
import type { DeclaredGrafana } from '../config/types.js';
import { liveInstanceFor } from '../plan/read-instance-datasources.js';
import { withDatasourceCurrentAsLive } from '../plan/datasource-current-as-live.js';

export interface PullTargetContext {
  grafana: GrafanaPort;
  realRoot: string;
  minRefreshInterval: string;
  inputs: Record<string, string>;
  /** Every environment's inputs map and the selected one: which datasource literal is another environment's. */
  environments?: { environmentInputs: Record<string, Record<string, string>>; environment: string | undefined };
  /** The config's environments whose include/exclude select a file (root-relative): a file only Grafana 13 serves says which others deploy it. */
  deployedBy?: (rootPath: string) => string[];
  /**
   * A run of one environment: the tree's files holding a dashboard's (or library panel's) uid that its selection leaves out
   * (another environment's variants; root-relative, and as shown). A file copied from one and changed in git is a change not
   * applied yet.
   */
  variantsOf?: (uid: string, resource: 'dashboard' | 'library-panel') => readonly { file: string; shown: string }[];
  /** What the config says of each environment's Grafana (Settings.environmentGrafanas): that note names those on 12. */
  declaredGrafanas?: Record<string, DeclaredGrafana>;
  dryRun: boolean;
  force: boolean;
  git: GitView;
  authors: LiveAuthorReader;
  /** Finds the commits of files that Grafana has not had applied, for many files at once (absent: not looked for). */
  unappliedCommit?: UnappliedCommitFinder;
  /** The git history of a committed `_library/` file Grafana's version would replace (absent: not looked for). */
  libraryHistory?: LibraryPanelHistoryReader;
  /** The `_library/` file contents pulls run here saw this Grafana hold; each library panel file pull writes or finds equal is added (absent: none). */
  libraryPulls?: LibraryPullRecord;
  /** The directories `libraryPulls` reads (LibraryPullRecord.places), as shown, each ending in `/`: a refusal names them. */
  libraryPullsShown?: () => Promise<string[]>;
  /** Copies a file git does not hold before `--force` replaces it (absent: nothing is copied; dry runs copy nothing). */
  saver?: ReplacedFileSaver;
  /**
   * Whether a run deploying a `_library/` file deploys a dashboard too (judgeDeployedWithPanel): only such a dashboard's push can
   * tell whether the file's commit was applied. Absent: one deployment holds everything, every dashboard's push counts.
   */
  deployedWithPanel?: DeployedWithPanel;
  /** The inputs the config of each file's last commit gave this environment, where not this run's, for many files at once (createInputsAtFileCommitReader). */
  inputsAtFileCommit?: InputsAtFileCommitReader;
}

export type PullTargetResult =
  | {
      kind: 'written';
      outcome: 'created' | 'updated' | 'moved' | 'unchanged';
      /** Who else keeps it (file provisioning, Git Sync, Terraform…), whether or not that keeps apply from writing it (ownerBlocksUpdates); null for none. */
      owner: DashboardOwner | null;
      titleMissing: boolean;
      /** Why an "export for sharing" file was written as a plain model. */
      formLost?: string;
      /** Set when the file changed schema (and form) to the one Grafana stores the dashboard in. */
      formChanged?: string;
      /** `--force` wrote a file changing schema with placeholders it could not put back: which, and why. */
      inputsLost?: UnrestoredInputs;
      /** A new file: the datasources written as this run's placeholders, and those left literal (placeNewFileInputs). */
      newInputs?: PulledDocument['newInputs'];
      /** The file's datasource placeholders written as literals no input of this run maps, and the other environments deploying the file (findLiteralsOverPlaceholders). */
      literalsOverPlaceholders?: { literals: LiteralOverPlaceholder[]; otherEnvironments: string[] };
      /** Placeholders of inputs this run maps that Grafana holds as text (findPlaceholdersHeldAsText): the next plan maps them. */
      placeholdersAsText?: PlaceholderAsText[];
      /** The file's placeholders put back with the inputs its last commit's config gave the environment (this run's differ: not applied yet). */
      inputsNotApplied?: string[];
      /** Set when Grafana's version replaced an existing file: on what evidence. */
      adopted?: AdoptedFile;
      /** For a dashboard: the library panels its file uses now (Grafana's version). */
      libraryPanels?: string[];
      /** Where the file's previous content was copied first (`--force` over a file git does not hold as it is). */
      saved?: SavedCopy;
      /** A file written (not unchanged) that the config's other environments deploy too: their next apply takes this change. */
      alsoDeployedBy?: string[];
      /**
       * Grafana's version (or folder) taken though the dashboard's history could not be read (this failure): whether the file
       * changed in git since dashsync's push (or the move was made there) is not known.
       */
      historyUnread?: string;
      /** With `historyUnread` on a move: Grafana's content was taken along with its folder (the file's differed). */
      contentTaken?: true;
      /** Set when the file's own labels and annotations were kept, and why (keepsNoMetadata). */
      metadataKept?: 'storage' | 'none-held';
      /** A file the tree did not have: the dashboard's newest save as read (noteOtherRepositoryPushes asks about it without a read of its own). */
      save?: ListedSave;
    }
  /** Left as it is: it holds a change Grafana does not have (`keep`), or both changed (`refuse`). */
  | { kind: 'left'; decision: PullFileDecision & { action: 'keep' | 'refuse' }; git: GitFileState; author: LiveAuthorship; gitUnavailable: string | null; storedAs?: 'v2' | 'classic'; unwritable?: string; pushedOutsideHead?: PushedCommit }
  /** Left as it is without `--force`: it changes schema, and some of its placeholders cannot be put back unambiguously. */
  | { kind: 'inputs-refused'; inputsLost: UnrestoredInputs }
  /** Deleted in Grafana between the search and the fetch. */
  | { kind: 'vanished' };

/**
 * Fetches one dashboard and brings its file up to date, without losing work: a file that says
 * what Grafana says is left alone (whatever its bytes); a file that differs is replaced only
 * when decidePullFile says Grafana's version is the newer one, and then keeps its form
 * (pulledDocument). A new dashboard gets the canonical bare model, or a resource file when
 * Grafana stores it as a v2 dashboard. The model is dropped when
 * this returns, so a pull holds at most `concurrency` dashboards, and the ones awaiting git's answer
 * whether a commit is still to be applied (AwaitingHistory: Grafana's version would replace a committed file).
 * `listed`: the dashboard as already read (GrafanaPort.readDashboards: `/apis` list pages), not fetched again.
 */
export async function pullDashboardTarget(target: DashboardTarget, context: PullTargetContext, listed?: { live: LiveDashboard | null }): Promise<PullTargetResult | AwaitingHistory | AwaitingInputs> {
  const absPath = resolveInsideRoot(context.realRoot, target.file);
  let fetched = listed === undefined ? await fetchDashboard(target.uid, absPath, context) : fetchedOf(listed.live, absPath, context);
  if (fetched === null) return { kind: 'vanished' };
  const asText = findPlaceholdersHeldAsText(fetched.content.spec, context.inputs);
  const heldAsText = asText.length > 0 ? { placeholdersAsText: asText } : {};
  if (target.existingFile === null) {
    const created = await writeDashboardFile(target, context, fetched, null);
    const { uid, version, lastSave, pushed } = fetched.live;
    return created.kind === 'written' ? { ...created, ...heldAsText, save: { uid, version, lastSave, pushed } } : created;
  }
  const existingPath = resolveInsideRoot(context.realRoot, target.existingFile);
  const current = await readCurrent(existingPath, context.inputs, context.minRefreshInterval);
  const readAt = otherV2Version(fetched.live.apiVersion, current.file.apiVersion);
  if (readAt !== null) {
    // The file's v2 version is not the stored one: Grafana converts it into that version's shape.
    fetched = await fetchDashboard(target.uid, absPath, context, readAt);
    if (fetched === null) return { kind: 'vanished' };
  }
  const { live, content, titleMissing, libraryPanels } = fetched;
  const { owner } = live;
  const instance = await liveInstanceFor(context.grafana, current.content);
  // A file that holds Grafana's version once its placeholders are read as the text Grafana holds: the file is Grafana's version.
  const sameContent =
    holdsSameContent(live, content, current, instance) ||
    (asText.length > 0 && holdsSameContent(live, content, await readCurrent(existingPath, { ...context.inputs, ...placeholdersAsText([context.inputs]) }, context.minRefreshInterval), instance));
  if (sameContent && target.previousFile === null) return { kind: 'written', outcome: 'unchanged', owner, titleMissing, libraryPanels, ...heldAsText };
  const git = context.git.stateOf(target.existingFile);
  const author = await context.authors.read(live, { fileUncommitted: git === 'uncommitted', checkout: context.git.checkout ?? null });
  if (target.previousFile === null && isUnrecordedPushOf(live, content, current.content, author)) return { kind: 'written', outcome: 'unchanged', owner, titleMissing, libraryPanels };
  const decision = decidePullFile({ git, grafana: author.author, force: context.force });
  const existing: Omit<Existing, 'decision'> = { absPath: existingPath, current, git, author, ...(!sameContent && { contentDiffers: true }) };
  let moveUnread: { unread: string } | undefined;
  // A moved dashboard's history is looked at for the move, then for a commit not applied yet: read once for both.
  const reads: HistoryReads = new Map();
  if (target.previousFile !== null && !context.force && decision.action === 'adopt' && decision.reason === 'grafana-changed') {
    const moved = await findMoveSincePush(target.uid, author.version, target.existingFile, live.folderUid, context, reads);
    // History Grafana cannot give: git is still asked below whether Grafana holds an earlier commit of the file (a change not
    // applied yet is kept, as where the history reads); else Grafana's folder is taken, as where no push is found, and said.
    if (moved !== null && 'unread' in moved) moveUnread = moved;
    else if (moved !== null) return writeDashboardFile(target, context, fetched, { ...existing, decision: moved });
  }
  if (!needsHistory(decision, git, author, context)) return writeDashboardFile(target, context, fetched, { ...existing, decision, ...(moveUnread && { historyUnread: moveUnread.unread }) });
  const onApi = !keepsUserMetadata(live);
  const edited = decision.action === 'refuse';
  // Someone saved over what dashsync pushed: git tells whether the file changed since that push too (audit-ux-10 F12);
  // --force takes Grafana's version as asked. A note whose saver the history cannot check counts (11.2's `/api` names
  // every service account `Anonymous`, so CI's push with a token would not be seen), with the confirmed push below it:
  // such a note can only refuse where pull would replace (findUnappliedCommit), never take a refusal away.
  // A history Grafana cannot give: pull goes on as where no push is found, and the line says what it could not tell.
  const asksHistory = !context.force && decision.action === 'adopt' && decision.reason === 'grafana-changed';
  const read =
    moveUnread ??
    (asksHistory
      ? await readEarlierPushOrWhyNot(context.grafana, target.uid, author.version, { unconfirmed: true, confirmedBelow: true, reads })
      : null);
  // After dashsync's restore the history holds no push: the one its note says the restored edit was saved over stands for it.
  const earlierPush = read !== null && !('unread' in read) ? read : read === null && asksHistory ? pushOverRestore(author) : undefined;
  // Compared with the file's commits, Grafana's earlier versions are read in the file's schema family: a classic file saved
  // over in the v2 editor since holds one of the classic versions before, which a read in the live one's form leaves out.
  const savesReadAs = current.file.schema === live.schema ? { apiVersion: live.apiVersion, ...(readAt !== null && { readAt }) } : { apiVersion: current.file.apiVersion };
  const historyUnread = read !== null && 'unread' in read ? { historyUnread: read.unread } : {};
  return {
    kind: 'awaiting-history',
    candidate: {
      file: target.existingFile,
      live: { schema: content.schema, spec: content.spec, metadata: content.metadata, onApi },
      ...(edited ? { edited } : {}),
      ...(earlierPush && { earlierPush }),
      ...(earlierPush !== undefined && read === null && { pushBeforeRestore: true as const }),
      // No push of dashsync's in the history (a bootstrap): Grafana's last versions tell whether one of them is a commit's.
      ...((earlierPush || (read === null && asksHistory)) && { grafanaSaves: (after?: number) => readSavesSincePush(target.uid, { after: after ?? Math.max(0, author.version - 1 - SAVES_SINCE_PUSH_READ), before: author.version }, savesReadAs, context) }),
      ...(target.previousFile !== null && { liveFolderUid: live.folderUid }),
      // Another environment's variants of the file, where no restore of dashsync's is known and nothing moved: the file may be a
      // copy of one, changed in git (as the plan's drift check reads it), whether or not a push of dashsync's is known.
      ...(author.restoredByDashsync === undefined && target.previousFile === null && variantsOf(context, target.uid)),
    },
    finish: (unapplied) => writeDashboardFile(target, context, fetched, { ...existing, decision: keptFor(decision, unapplied, target.existingFile!, author), ...historyUnread }),
  };
}

/**
 * dashsync's push that an edit dashsync's restore took back was saved over (its note's `over`), as the history would give it:
 * the file's commits are compared with it (overPush), so a change applied before the prune is no change "not applied yet".
 * Its pusher is not named (only the content and commit are compared); undefined where the note records none.
 */
function pushOverRestore(author: LiveAuthorship): EarlierPush | undefined {
  const over = author.restoredByDashsync?.over;
  if (over === undefined) return undefined;
  return { version: over.version, content: over.content, pusher: { form: 'uid', saver: '' }, at: '', ...(over.commit !== undefined && { commit: over.commit }) };
}

/** The most versions between dashsync's push and the live one that pull reads to find a commit holding one of them. */
const SAVES_SINCE_PUSH_READ = 10;

/**
 * Grafana's versions after dashsync's push (`range.after`) and before the live one (`range.before`), normalized as the live one
 * is: a commit holding one of them took it from Grafana (a pull) and is no change of the file's own. Read in the form the live
 * one was read in (`as`: `/apis` converts a v2 dashboard's versions to the version of the file's, as it did the live one), and
 * only when there are at most SAVES_SINCE_PUSH_READ of them: more, and none is read (pull refuses as before). With no push of
 * dashsync's (a bootstrap), the last SAVES_SINCE_PUSH_READ before the live one: a commit holding one is where both sides started.
 */
async function readSavesSincePush(uid: string, range: { after: number; before: number }, as: { apiVersion: string | null; readAt?: string }, context: PullTargetContext): Promise<GrafanaSave[]> {
  const { grafana } = context;
  const count = range.before - range.after - 1;
  if (grafana.readVersionsBetween === undefined || count < 1 || count > SAVES_SINCE_PUSH_READ) return [];
  // Asked with every file of a batch at once (UnappliedCommitFinder): a read that fails (or is interrupted) leaves this file
  // refused as before, not the batch failed.
  const versions = await grafana.readVersionsBetween(uid, range, as).catch(() => []);
  return versions.map((version) => {
    const content = normalizeContent({ uid, schema: version.schema, apiVersion: version.apiVersion, spec: version.model, metadata: version.metadata }, { minRefreshInterval: context.minRefreshInterval });
    return { version: version.version, schema: content.schema, spec: content.spec, metadata: content.metadata, onApi: !keepsUserMetadata(version) };
  });
}

/**
 * The decision once git answered: a commit of the file that Grafana holds means the changes since are the file's, not Grafana's;
 * one that dashsync pushed and someone saved over since means both sides changed; content Grafana was never seen holding is
 * replaced all the same (git keeps it), and its line names the commit.
 */
function keptFor(decision: PullFileDecision, unapplied: UnappliedCommit | ContentNotInGrafana | null, file: string, author: LiveAuthorship): PullFileDecision {
  if (unapplied === null) return decision;
  if ('notInGrafana' in unapplied) {
    const { commit, repoPath, compared, before, addedIn, changes } = unapplied;
    if (decision.action !== 'adopt' || decision.reason !== 'grafana-changed') return decision;
    // After dashsync's restore the history starts at the restore: a commit that changed the file is a change Grafana never
    // had, not applied yet. None of the commits since the one that put the file back was applied (review-67b M1), and that one
    // is no proven base either: with no push recorded, what it put back may hold a commit not applied before the prune
    // (restore's own advice checks out the removal's parent, review-68a M1). So it counts among the changes, and the merge
    // shows every difference (git checkout -p); where git moved the file since, the steps keep it where git put it.
    const restore = author.restoredByDashsync;
    if (restore !== undefined && before !== undefined) {
      const merge = { head: unapplied.head, ...(addedIn !== undefined && addedIn.path !== file && { movedFrom: addedIn.path }) };
      const span = addedIn === undefined ? { changes } : { changes: { count: changes.count + 1, first: addedIn.commit }, putBackIn: addedIn.commit };
      return { action: 'refuse', reason: 'changed-since-restore', commit, ...span, restoredFrom: restore.from, restoredAt: restore.at, merge };
    }
    return { action: 'adopt', reason: 'content-not-in-grafana', commit, repoPath, compared };
  }
  const { overPush, head } = unapplied;
  const unconfirmed = overPush?.unconfirmed ? { pushUnconfirmed: overPush.unconfirmed } : {};
  // The push the restore's note recorded (pushOverRestore): the words say it came before the delete and the restore.
  const restore = author.restoredByDashsync;
  const beforeRestore = overPush && restore?.over !== undefined ? { beforeRestore: { from: restore.from, at: restore.at } } : {};
  if (overPush?.inGit === false) {
    const variant = overPush.variant === undefined ? {} : { pushedVariant: overPush.variant };
    return { action: 'refuse', reason: 'push-not-in-git', pushedVersion: overPush.pushedVersion, commitsRead: unapplied.laterCommits + 1, ...unconfirmed, ...variant, merge: { head }, ...beforeRestore };
  }
  if (overPush) {
    const base = overPush.base === undefined ? {} : mergeBase(overPush.base, file);
    return { action: 'refuse', reason: 'changed-since-push', commit: unapplied.commit, laterCommits: unapplied.laterCommits, pushedVersion: overPush.pushedVersion, ...unconfirmed, merge: { head, ...base }, ...beforeRestore };
  }
  if (unapplied.overSave) {
    const { savedVersion, heldBy, base } = unapplied.overSave;
    const merge = { head, ...(base?.path === file && { base: base.commit }) };
    // The line names the commit its merge steps diff from: the newest holding Grafana's version (an older one may have held
    // it first, and a commit since changed only its apiVersion or layout: walk-69 M3).
    return { action: 'refuse', reason: 'changed-since-version', commit: unapplied.commit, laterCommits: unapplied.laterCommits, savedVersion, heldBy: merge.base ?? heldBy, merge };
  }
  if (unapplied.inputsChanged) return { action: 'keep', reason: 'inputs-not-applied', commit: unapplied.commit };
  if (unapplied.atHead) return { action: 'keep', reason: 'edited-since-commit', commit: unapplied.commit };
  return {
    action: 'keep',
    reason: 'committed-not-applied',
    commit: unapplied.commit,
    laterCommits: unapplied.laterCommits,
    ...(unapplied.movedFrom !== undefined && { movedFrom: unapplied.movedFrom }),
    ...(unapplied.copiedFrom !== undefined && { copiedFrom: unapplied.copiedFrom }),
  };
}

/** A hand merge's base: at another path than the file's, git moved the file since, and the merge keeps it where git put it. */
function mergeBase(base: { commit: string; path: string }, file: string): { base: string; movedFrom?: string } {
  return { base: base.commit, ...(base.path !== file && { movedFrom: base.path }) };
}

/** `{ variants }` of the uid (PullTargetContext.variantsOf), or nothing where there is none. */
function variantsOf(context: Pick<PullTargetContext, 'variantsOf'>, uid: string): { variants?: readonly { file: string; shown: string }[] } {
  const variants = context.variantsOf?.(uid, 'dashboard') ?? [];
  return variants.length === 0 ? {} : { variants };
}

/** The config's other environments that deploy a file (root-relative) besides this run's. */
export function otherEnvironmentsOf(context: Pick<PullTargetContext, 'deployedBy' | 'environments'>, file: string): string[] {
  return (context.deployedBy?.(file) ?? []).filter((name) => name !== context.environments?.environment);
}

/**
 * Grafana's version would replace a committed file: git decides first whether a commit of the file is still
 * waiting to be applied (UnappliedCommitFinder, asked once for every such file of the pull); `finish` then
 * writes or leaves the file with that answer.
 */
export interface AwaitingHistory {
  kind: 'awaiting-history';
  candidate: UnappliedCommitCandidate;
  finish: (unapplied: UnappliedCommit | ContentNotInGrafana | null) => Promise<PullTargetResult | AwaitingInputs>;
}

/**
 * Grafana's version of a committed file holds a datasource where the file has a placeholder this run's inputs do not map to it:
 * the inputs the config of the file's last commit gave the environment are read first (InputsAtFileCommitReader, asked once
 * for every such file of a batch); `finish` then writes the file with them, or with the literals.
 */
export interface AwaitingInputs {
  kind: 'awaiting-inputs';
  /** The file's path (root-relative) whose last commit is read: where it is now (a move writes it elsewhere after). */
  file: string;
  finish: (earlier: readonly Record<string, string>[]) => Promise<PullTargetResult>;
}

/** For each file asked (root-relative), in the order asked: the inputs its last commit's config gave this run's environment, where not this run's. */
export type InputsAtFileCommitReader = (files: readonly string[]) => Promise<Record<string, string>[][]>;

/** Set when Grafana's version replaced an existing file: on what evidence. `author`: the live save it took, where its line names it (a library panel's `library-never-pushed`, a dashboard's `content-not-in-grafana`). */
type AdoptedFile = PullFileDecision & { action: 'adopt'; unknownBecause?: LiveAuthorship['unknownBecause']; author?: LiveAuthorship };

/** What the fetch gave: the live dashboard, normalized, and where its file goes. */
/** The dashboard as Grafana gives it, normalized; null when it is gone. `readAt`: see GrafanaPort.getDashboard. */
async function fetchDashboard(uid: string, absPath: string, context: PullTargetContext, readAt?: string): Promise<Fetched | null> {
  return fetchedOf(await context.grafana.getDashboard(uid, undefined, readAt), absPath, context);
}

function fetchedOf(live: LiveDashboard | null, absPath: string, context: Pick<PullTargetContext, 'minRefreshInterval'>): Fetched | null {
  if (!live) return null;
  const { uid } = live;
  if (live.inexactNumber) throw new LiveNumberInexactError(uid, live.inexactNumber);
  const content = normalizeContent(
    { uid: live.uid, schema: live.schema, apiVersion: live.apiVersion, spec: live.model, metadata: live.metadata },
    { minRefreshInterval: context.minRefreshInterval },
  );
  return { absPath, live, content, titleMissing: typeof content.spec.title !== 'string' || content.spec.title === '', libraryPanels: libraryPanelUids(content.spec) };
}

interface Fetched {
  absPath: string;
  live: LiveDashboard;
  content: DesiredContent;
  titleMissing: boolean;
  libraryPanels: string[];
}

/** The file already there, what git and Grafana's history say about it, and what pull does with it. */
interface Existing {
  absPath: string;
  current: Awaited<ReturnType<typeof readCurrent>>;
  git: GitFileState;
  author: LiveAuthorship;
  decision: PullFileDecision;
  /**
   * Why the history could not be read where pull looked for dashsync's push (readEarlierPushOrWhyNot): a move taken without
   * knowing whether it was made in Grafana or in git, or Grafana's version taken without knowing whether the file changed since.
   */
  historyUnread?: string;
  /** Grafana's content differs from the file's (holdsSameContent): a move takes it along with the folder. */
  contentDiffers?: true;
}

/**
 * For a committed file kept because Grafana has a push of dashsync's that the file is not: the commit that push names, where
 * HEAD does not contain it (a branch behind another's push: its file is older than Grafana, not a change to apply; walk-65 L6).
 */
async function pushedOutsideHead(decision: PullFileDecision, git: GitFileState, author: LiveAuthorship, view: GitView): Promise<PushedCommit | undefined> {
  if (decision.action !== 'keep' || decision.reason !== 'file-newer' || git !== 'committed' || author.author !== 'dashsync' || view.outsideHead === undefined) return undefined;
  const pushed = pushedCommitOf(author.message ?? null);
  return pushed?.commit && (await view.outsideHead(pushed.commit)) ? pushed : undefined;
}

/**
 * Writes the pulled dashboard's file (a new one, or over `existing` when its decision adopts Grafana's version), or says why not.
 * A file whose placeholders this run's inputs cannot put back waits for the inputs its last commit's config gave (AwaitingInputs).
 */
async function writeDashboardFile(target: DashboardTarget, context: PullTargetContext, fetched: Fetched, existing: Existing | null): Promise<PullTargetResult | AwaitingInputs> {
  const { live, content } = fetched;
  if (existing === null) return writePulled(target, context, fetched, { pulled: pulledDocument(content, null, context.inputs), keptMetadata: null });
  const { decision, current, git, author } = existing;
  if (decision.action !== 'adopt') {
    const storedAs = live.schema === current.file.schema ? {} : { storedAs: live.schema === 'v2' ? ('v2' as const) : ('classic' as const) };
    // A kept file this Grafana cannot take (a v2 one through /api, a version it does not serve): no apply pushes it.
    const writeTarget = decision.action === 'keep' ? context.grafana.writeTargetFor({ schema: current.file.schema, apiVersion: current.file.apiVersion, metadata: current.file.metadata }) : undefined;
    const unwritable = writeTarget !== undefined && 'refused' in writeTarget ? { unwritable: writeTarget.refused } : {};
    const outside = await pushedOutsideHead(decision, git, author, context.git);
    return { kind: 'left', decision: await asRenameRefusal(decision, target.existingFile!, context.git), git, author, gitUnavailable: context.git.unavailable, ...storedAs, ...unwritable, ...(outside && { pushedOutsideHead: outside }) };
  }
  const adopted = { ...decision, unknownBecause: author.unknownBecause, ...(decision.reason === 'content-not-in-grafana' && { author }) };
  const keptMetadata = current.file.form === 'resource' && hasEntries(current.file.metadata) ? keepsNoMetadata(live) : null;
  const otherEnvironments = otherEnvironmentsOf(context, target.file);
  const options = { storageKeepsNoMetadata: keptMetadata !== null, environments: context.environments, otherEnvironments, ...(context.declaredGrafanas !== undefined && { declaredGrafanas: context.declaredGrafanas }) };
  const pulled = pulledDocument(content, current.file, context.inputs, options);
  const write = (document: PulledDocument & { inputsNotApplied?: string[] }) => writePulled(target, context, fetched, { pulled: document, keptMetadata, existing, adopted });
  if (!pulled.literalsOverPlaceholders || context.inputsAtFileCommit === undefined) return write(pulled);
  return { kind: 'awaiting-inputs', file: target.existingFile!, finish: (earlier) => write(withInputsAtFileCommit(pulled, (inputs) => pulledDocument(content, current.file, inputs, options), earlier)) };
}

/** Writes the pulled document (`pulled`) as the dashboard's file, or says why not (`--force` not given for inputs it cannot put back). */
async function writePulled(
  target: DashboardTarget,
  context: PullTargetContext,
  fetched: Fetched,
  how: { pulled: PulledDocument & { inputsNotApplied?: string[] }; keptMetadata: 'storage' | 'none-held' | null; existing?: Existing; adopted?: AdoptedFile },
): Promise<PullTargetResult> {
  const { absPath, live, titleMissing, libraryPanels } = fetched;
  const { owner } = live;
  const { pulled, keptMetadata, adopted } = how;
  const existing = how.existing ?? null;
  if (existing !== null && pulled.inputsLost && !context.force) return { kind: 'inputs-refused', inputsLost: pulled.inputsLost };
  const { formLost, formChanged, inputsLost, newInputs, literalsOverPlaceholders, inputsNotApplied } = pulled;
  const text = canonicalJson(pulled.document);

  const writePath = await resolveWriteTarget(context.realRoot, absPath);
  const onDisk = await readFile(writePath, 'utf8').catch(() => undefined);
  const metadataKept = keptMetadata ? { metadataKept: keptMetadata } : {};
  if (onDisk === text && target.previousFile === null) return { kind: 'written', outcome: 'unchanged', owner, titleMissing, libraryPanels, ...metadataKept };
  let saved: SavedCopy | null | undefined;
  if (!context.dryRun) {
    if (existing && (await readFile(existing.absPath, 'utf8').catch(() => undefined)) !== existing.current.text) throw new Error(CHANGED_WHILE_PULLING);
    saved = adopted?.reason === 'forced' ? await saveBeforeReplacing(context, target.existingFile!) : undefined;
    if (onDisk !== text) await writeFileAtomic(writePath, text);
    if (target.previousFile) await removeFile(resolveInsideRoot(context.realRoot, target.previousFile));
  }
  const outcome = target.previousFile ? 'moved' : onDisk === undefined ? 'created' : 'updated';
  const unchecked = outcome !== 'created' && existing?.historyUnread !== undefined ? { historyUnread: existing.historyUnread, ...(outcome === 'moved' && existing.contentDiffers && { contentTaken: true as const }) } : {};
  const literals = literalsOverPlaceholders && outcome !== 'created' ? { literalsOverPlaceholders: { literals: literalsOverPlaceholders, otherEnvironments: otherEnvironmentsOf(context, target.file) } } : {};
  const shared = otherEnvironmentsOf(context, target.file);
  return { kind: 'written', outcome, owner, titleMissing, formLost, formChanged, inputsLost, ...(outcome === 'created' && newInputs ? { newInputs } : {}), ...literals, ...(inputsNotApplied && { inputsNotApplied }), adopted, libraryPanels, ...metadataKept, ...(saved ? { saved } : {}), ...unchecked, ...(shared.length > 0 && { alsoDeployedBy: shared }) };
}

/**
 * Grafana's datasource where the file had a placeholder this run's inputs do not map to it may be what that input mapped to
 * when the file's last commit was deployed (an inputs change committed since, not applied yet): with those inputs the file
 * keeps its placeholders (review-66a M1), and `inputsNotApplied` names them. Else the first pull's document stands.
 */
function withInputsAtFileCommit(pulled: PulledDocument, pullWith: (inputs: Record<string, string>) => PulledDocument, earlier: readonly Record<string, string>[]): PulledDocument & { inputsNotApplied?: string[] } {
  for (const inputs of earlier) {
    const again = pullWith(inputs);
    if (again.literalsOverPlaceholders === undefined && again.inputsLost === undefined && again.formLost === undefined) {
      return { ...again, inputsNotApplied: [...new Set(pulled.literalsOverPlaceholders!.map((literal) => literal.name))].sort() };
    }
  }
  return pulled;
}

/**
 * A file refused as changed on both sides whose one change here is a rename not committed yet (`git mv`): refused as that,
 * so that the line says to commit it first (pull then follows the rename, as it follows any committed one).
 */
async function asRenameRefusal(decision: PullFileDecision & { action: 'keep' | 'refuse' }, file: string, git: GitView): Promise<PullFileDecision & { action: 'keep' | 'refuse' }> {
  if (decision.action !== 'refuse' || decision.reason !== 'both-changed') return decision;
  const from = await git.renamedFrom?.(file);
  return from ? { action: 'refuse', reason: 'renamed-not-committed', from } : decision;
}

/**
 * A committed file Grafana's version would replace is kept when Grafana holds what an earlier commit of
 * it held: the commits since are waiting to be applied (plan's drift check reads git the same way), also when
 * Grafana cannot say who saved it (a bootstrap's first versions, made by a token, often name nobody). Also for a dashboard
 * moved in Grafana (no move in git: findMoveSincePush): a move is no reason to take Grafana's version over a change. Not
 * after a restore in Grafana (a rollback is the version wanted).
 */
function needsHistory(decision: PullFileDecision, git: GitFileState, author: LiveAuthorship, context: PullTargetContext): boolean {
  // Whoever saved Grafana's version, a version git holds is no edit made there: asked for a committed file Grafana's version would
  // replace, and for an edited one pull would refuse as changed on both sides (`forced` takes Grafana's version as asked).
  const asked = (decision.action === 'adopt' && decision.reason !== 'forced') || (decision.action === 'refuse' && (decision.reason === 'both-changed' || decision.reason === 'history-unreadable') && git === 'uncommitted');
  return asked && !author.restored && context.unappliedCommit !== undefined;
}

/**
 * Whether the file says what Grafana holds, as plan sees it: the same schema, canonical spec (a datasource variable's
 * `current` taken as Grafana's: withDatasourceCurrentAsLive) and author's metadata (read through `/api`, Grafana has no metadata: the file's counts), a classic spec also where
 * Grafana's differs only by its schema migration's defaults (diffSpecs, as plan compares it); or Grafana
 * holds its own rendering of exactly this file (schema migration, defaults on a `/apis` write)
 * that nobody saved over since, by dashsync's record of its push.
 */
function holdsSameContent(live: LiveDashboard, content: DesiredContent, current: { content: DesiredContent }, instance: LiveInstance): boolean {
  const file = current.content;
  // A datasource variable's pick is no change, as the plan sees it: each environment's is its own, and a push names it for its Grafana.
  const compared = { ...file, spec: withDatasourceCurrentAsLive(file.spec, content.spec) };
  const liveMetadata = keepsUserMetadata(live) ? content.metadata : file.metadata;
  if (sameComparedForm(compared, file.metadata, content, liveMetadata)) return true;
  // A classic dashboard that differs only by what Grafana's schema migration wrote where the file says nothing: plan shows no change.
  if (file.schema === 'v1' && content.schema === 'v1' && canonicalJson(file.metadata) === canonicalJson(liveMetadata) && diffSpecs('v1', content.spec, compared.spec, instance).length === 0) return true;
  return isUnsavedPushOf(live, file) && file.schema === content.schema && canonicalJson(file.metadata) === canonicalJson(liveMetadata);
}

/**
 * Whether Grafana holds its rendering of a push of exactly this file where no record comes back
 * (legacy SQL storage keeps no annotation or label of a write): dashsync made the newest version,
 * whose message names this content (content-note.ts). The labels and annotations are not compared:
 * that storage keeps none, as plan says. Nor is the folder, unlike apply's read-back: pull places the
 * file by the listing (a dashboard in another folder is a move, `previousFile`, which never comes
 * here), as holdsSameContent does.
 */
function isUnrecordedPushOf(live: LiveDashboard, content: DesiredContent, file: DesiredContent, author: LiveAuthorship): boolean {
  if (live.pushed !== null || live.apiVersion === null || author.author !== 'dashsync' || file.schema !== content.schema) return false;
  return notesPush({ byDashsync: true, message: author.message ?? null, by: author.savedBy ?? '', version: author.version }, live.version, contentDigest(file));
}

/**
 * Whether two dashboards agree on what plan compares: the schema, the canonical spec and the author's metadata (their
 * canonical JSON equal). isDeepEqual answers for the many that are equal without writing either out (key order aside:
 * `/apis` puts a model's `uid` last); the JSON is compared where it finds a difference, as it counts a key holding
 * `undefined` that JSON leaves out.
 */
function sameComparedForm(a: DesiredContent, aMetadata: UserMetadata, b: DesiredContent, bMetadata: UserMetadata): boolean {
  return a.schema === b.schema && sameJson(aMetadata, bMetadata) && sameJson(a.spec, b.spec);
}

function sameJson(a: unknown, b: unknown): boolean {
  return isDeepEqual(a, b) || compactStableJson(a) === compactStableJson(b);
}

/**
 * Copies a file `--force` is about to replace when git does not hold it as it is; a copy that cannot be made
 * leaves the file as it is (the error names the file's dashboard, and the pull goes on).
 */
export async function saveBeforeReplacing(context: Pick<PullTargetContext, 'saver'>, rootRelative: string): Promise<SavedCopy | null> {
  if (!context.saver) return null;
  try {
    return await context.saver.save(rootRelative);
  } catch (error) {
    throw new Error(`not written: your version could not be copied to ${PULL_BACKUP_DIR} first, so it is left as it is: ${(error as Error).message}`);
  }
}

const CHANGED_WHILE_PULLING = 'the file changed while pull was running';

/** The file as it is now: its text, its content as plan sees it (normalized), and its form and spec as written. */
async function readCurrent(absPath: string, inputs: Record<string, string>, minRefreshInterval: string): Promise<{ content: DesiredContent; file: CurrentFile; text: string }> {
  const { text } = await readUtf8File(absPath, absPath);
  const parsed = text === undefined ? undefined : parseDashboardText(text, absPath, inputs, { forPull: true });
  if (text === undefined || !parsed?.content || !parsed.written || !parsed.form || parsed.diagnostics.some((d) => d.severity === 'error')) {
    throw new Error(`${CHANGED_WHILE_PULLING} and is no longer valid; fix it and pull again`);
  }
  const { content } = parsed;
  return {
    text,
    content: normalizeContent(content, { minRefreshInterval }),
    file: { form: parsed.form, schema: content.schema, apiVersion: content.apiVersion, written: parsed.written, metadata: content.metadata },
  };
}
