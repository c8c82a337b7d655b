import { decideDashboardPrune, type SharedWith } from './decide-dashboard-prune.js';
import { decideLibraryPrune, libraryUsersAfterPull } from './decide-library-prune.js';
import type { GrafanaPort } from '../grafana/port.js';
import type { GitView } from './read-git-view.js';
import { readHiddenFolders } from './read-hidden-folders.js';
import { countLibraryPanel } from './record-library-panel.js';
import { resolveInsideRoot } from './safe-path.js';
import { PULL_BACKUP_DIR, type ReplacedFileSaver, type SavedCopy } from './save-replaced-file.js';
import type { FileLibraryUses, LibraryOnlyInGit, OnlyInGit, PruneDecision, PullPlan, PullResult } from './types.js';
import { removeFile } from '../files/file-ops-in-flight.js';
import { RequestInterruptedError } from '../errors.js';
import { runGit } from '../git/run-git.js';
import type { NeverHeld, NeverHeldJudgement, PruneCandidate } from './find-never-held-uids.js';
import { pathspecWord, renderPlanThenApply, shellWord, type RunSelection } from '../report/next-command.js';

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
  /** Ctrl-C: once it is aborted nothing more is deleted, and a folder read it cut off ends the look at gone files. */
  signal?: AbortSignal;
  dryRun: boolean;
  force: boolean;
  git: GitView;
  realRoot: string;
  display: (rootRelative: string) => string;
  /** What each dashboard file of the tree holds once the pull has written it: root-relative file → its uid and the library panels it uses. */
  usesByFile: ReadonlyMap<string, FileLibraryUses>;
  /** Asked about the folders of gone dashboards and library panels that the folder list lacks (readHiddenFolders). */
  grafana: Pick<GrafanaPort, 'getFolder'>;
  liveFolderUids: ReadonlySet<string>;
  /** Dashboards the listing left out whose read was refused (confirmUnlistedDashboards): they exist. */
  refusedReads?: ReadonlySet<string>;
  concurrency: number;
  /** `externalLibraryPanels`. */
  external: ReadonlySet<string>;
  /** Copies a file git does not hold as it is before `--force` deletes it (absent: nothing is copied). */
  saver?: ReplacedFileSaver;
  /** Called with every file about to be deleted, before the first delete. */
  onPrune?: (files: PruneFile[]) => void;
  /** The most files --prune may delete in one run (maxDeletes / --max-deletes); more: none is deleted. Absent: no limit. */
  maxDeletes?: number;
  /** Where the pull read, when Grafana listed no dashboard at all (`org 2 of <url>`): --prune then deletes nothing. Absent: it listed some. */
  emptyGrafana?: string;
  /**
   * Of the files --prune would delete (dashboards', `_library/` files'), those whose uid this Grafana never held as far as
   * dashsync can tell (judgeNeverHeld): they are kept as creates not applied here yet. Absent: none is.
   */
  neverHeld?: (candidates: PruneCandidate[]) => Promise<NeverHeldJudgement>;
  /** The run's selection, for the commands the lines advise. */
  selection?: RunSelection;
  /**
   * This run's environment and the others that deploy a file (root-relative; `generalLevel`: it is at the General level, in no
   * folder) too: --prune keeps such a file. Absent: no environment.
   */
  sharedWith?: (file: string, generalLevel: boolean) => SharedWith | undefined;
}

/**
 * The files of the pull's scope whose dashboards or library panels Grafana no longer has: listed
 * as only in git, or with --prune deleted where that loses nothing (decideDashboardPrune,
 * decideLibraryPrune) and otherwise kept with the reason. Library panel files are decided after
 * the dashboards, so a panel that only deleted dashboards used goes with them. The folder of a
 * file that the folder list lacks is read once, to tell a deleted folder from one hidden from
 * these credentials (whose dashboards and library panels Grafana does not list either).
 */
export async function prunePulledFiles(input: PrunePulledFilesInput): Promise<void> {
  const { plan, result, git, display, signal } = input;
  if (plan.onlyInGit.length + plan.libraryOnlyInGit.length === 0) return;
  // One read per folder the list lacks, for dashboard and library panel files alike.
  const unlisted = [...plan.onlyInGit, ...plan.libraryOnlyInGit].flatMap((gone) => (gone.folderUid !== null && !input.liveFolderUids.has(gone.folderUid) ? [gone.folderUid] : []));
  let hiddenFolders = new Set<string>();
  try {
    if (unlisted.length > 0 && !signal?.aborted) hiddenFolders = await readHiddenFolders(input.grafana, unlisted, input.concurrency);
  } catch (error) {
    if (!(error instanceof RequestInterruptedError)) throw error;
  }
  // Cut off before the gone files were decided: list none, delete none (a file of a hidden folder is not gone).
  if (signal?.aborted) {
    result.interrupted = true;
    result.goneNotChecked = true;
    return;
  }
  const prune = input.prune && !result.interrupted;
  const isHidden = (gone: { folderUid: string | null }) => gone.folderUid !== null && hiddenFolders.has(gone.folderUid);
  const tracked = (file: string) => git.untracked?.(file) === false;
  const dashboardEvidence = (gone: OnlyInGit) => ({
    force: input.force,
    git: git.stateOf(gone.file),
    gitUnavailable: git.unavailable,
    tracked: tracked(gone.file),
    folderHidden: isHidden(gone),
    readRefused: input.refusedReads?.has(gone.uid) ?? false,
    sharedWith: input.sharedWith?.(gone.file, gone.folderUid === null),
  });
  // A committed file whose dashboard or library panel this Grafana never held is a create not applied here yet, not one deleted
  // in Grafana (walk-71 M4); --force deletes it as asked; where Grafana lists no dashboard at all, the wrong-URL refusal below
  // says more of the dashboards (it refuses no library panel file: those are judged alike there).
  const judgingPanels = prune && input.neverHeld !== undefined && !input.force;
  const judging = judgingPanels && input.emptyGrafana === undefined;
  const dashboards = plan.onlyInGit.map((gone) => ({ gone, decision: decideDashboardPrune(gone, { ...dashboardEvidence(gone), prune }) }));
  const dashboardDeletes = dashboards.filter(({ decision }) => decision.action === 'delete');
  const judged = judging && dashboardDeletes.length > 0 && !signal?.aborted ? await input.neverHeld!(dashboardDeletes.map(({ gone }) => ({ uid: gone.uid }))) : undefined;
  for (const entry of dashboardDeletes) {
    const evidence = judged?.neverHeld.get(entry.gone.uid);
    if (evidence !== undefined) entry.decision = { action: 'keep', why: describeUnappliedCreate({ uid: entry.gone.uid, file: display(entry.gone.file) }, evidence, judged!.trashUnknown, await readAddingCommit(input.realRoot, entry.gone.file), input.selection) };
    else if (judged?.trashUnknown && judged.unknown.has(entry.gone.uid)) entry.decision = { action: 'delete', why: HELD_UNKNOWN };
  }
  // A panel's users are those a prune leaves: without --prune, those the listing says --prune would leave (a dashboard kept as a
  // create not applied here yet still uses its panels, which stay with it).
  const pruned = prune ? dashboardDeletes.filter(({ decision }) => decision.action === 'delete') : plan.onlyInGit.filter((gone) => decideDashboardPrune(gone, { ...dashboardEvidence(gone), prune: true }).action === 'delete').map((gone) => ({ gone }));
  const users = libraryUsersAfterPull(input.usesByFile, new Set(pruned.map(({ gone }) => gone.file)));
  const panels = plan.libraryOnlyInGit.map((gone) => ({
    gone,
    resource: 'library-panel' as const,
    decision: decideLibraryPrune(gone, {
      prune,
      force: input.force,
      git: git.stateOf(gone.file),
      gitUnavailable: git.unavailable,
      tracked: tracked(gone.file),
      users: users.get(gone.uid) ?? [],
      folderHidden: isHidden(gone),
      external: input.external.has(gone.uid),
      sharedWith: input.sharedWith?.(gone.file, gone.folderUid === null),
    }),
  }));
  const panelDeletes = panels.filter(({ decision }) => decision.action === 'delete');
  const panelsJudged = judgingPanels && panelDeletes.length > 0 && !signal?.aborted ? await input.neverHeld!(panelDeletes.map(({ gone }) => ({ uid: gone.uid, resource: 'library-panel' as const }))) : undefined;
  for (const entry of panelDeletes) {
    const evidence = panelsJudged?.neverHeld.get(entry.gone.uid);
    if (evidence !== undefined) entry.decision = { action: 'keep', why: describeUnappliedCreate({ uid: entry.gone.uid, file: display(entry.gone.file), resource: 'library-panel' }, evidence, null, await readAddingCommit(input.realRoot, entry.gone.file), input.selection) };
  }
  const decided: { gone: OnlyInGit | LibraryOnlyInGit; resource?: 'library-panel'; decision: PruneDecision }[] = [...dashboards, ...panels];
  const deletes = decided.filter(({ decision }) => decision.action === 'delete');
  const refusal = deletes.length > 0 ? refusePrune(deletes.length, deletes.some(({ resource }) => resource === undefined), input) : undefined;
  if (refusal !== undefined) {
    // Nothing is deleted: the files are listed as only in git, and one error line says why.
    result.pruneRefusal = refusal;
    for (const entry of deletes) entry.decision = { action: 'list' };
  } else if (deletes.length > 0) {
    input.onPrune?.(deletes.map(({ gone, resource }) => ({ file: display(gone.file), uid: gone.uid, ...(resource ? { resource } : {}) })));
  }

  // The files deleted that nothing told this Grafana held or never held: one note says why, and how to take one back.
  const heldUnknown: { file: string; resource?: 'library-panel' }[] = [];
  for (const { gone, resource, decision } of decided) {
    const event = { file: display(gone.file), uid: gone.uid, ...(resource ? { resource } : {}) };
    switch (decision.action) {
      case 'note':
        result.notes.push(`${event.file}: ${decision.note}`);
        break;
      case 'list':
        result.counts.onlyInGit += 1;
        result.events.push({ outcome: 'only-in-git', ...event, ...(decision.why ? { why: decision.why } : {}), ...(decision.shared && { sharedOnlyInGit: true as const }) });
        break;
      case 'keep':
        if (resource) countLibraryPanel(result, 'kept');
        else result.counts.kept += 1;
        result.events.push({ outcome: 'kept', ...event, why: decision.why });
        break;
      case 'delete': {
        // Ctrl-C during the deletes: what is left is listed, not deleted.
        if (signal?.aborted) {
          result.interrupted = true;
          result.counts.onlyInGit += 1;
          result.events.push({ outcome: 'only-in-git', ...event });
          break;
        }
        let saved: SavedCopy | null = null;
        if (!input.dryRun) {
          try {
            saved = (await input.saver?.save(gone.file)) ?? null;
          } catch (error) {
            result.counts.failed += 1;
            result.problems.push({ file: event.file, severity: 'error', rule: 'pull-write-failed', message: `not deleted: it is not committed in git, and its copy to ${PULL_BACKUP_DIR} could not be made: ${(error as Error).message}` });
            break;
          }
          await removeFile(resolveInsideRoot(input.realRoot, gone.file));
        }
        if (resource) countLibraryPanel(result, 'pruned');
        else result.counts.pruned += 1;
        result.events.push({ outcome: 'pruned', ...event, ...(saved ? { saved } : {}), ...(decision.why !== undefined && { why: decision.why }) });
        if (decision.why === HELD_UNKNOWN) heldUnknown.push(event);
      }
    }
  }
  if (heldUnknown.length > 0) result.notes.push(describeHeldUnknown(heldUnknown, judged?.trashUnknown ?? null, input.dryRun));
}

/** A `deleted` line's words where nothing told whether this Grafana ever held the uid (describeHeldUnknown's note says why). */
const HELD_UNKNOWN = 'whether this Grafana ever held it is not known: see the note';

/** How many files the note's `git checkout` names. */
const CHECKOUT_NAMED = 10;

/**
 * Pure: the `kept` line of a committed dashboard or `_library/` file --prune leaves because this Grafana never held its uid: a
 * create not applied here yet (the mirror of describeUnappliedRemoval), what tells so (NeverHeld), what was not known
 * (`trashUnknown`: "Recently deleted" told nothing), what makes it, and what to do if it was deleted for good. A library panel
 * is told by the record of this clone's pulls and applies alone: the line says which pulls it cannot hold (another clone's,
 * one made before git init by a dashsync that kept no record outside git) and the `git rm` for a file such a pull wrote.
 */
function describeUnappliedCreate(what: PruneCandidate & { file: string }, evidence: NeverHeld, trashUnknown: string | null, addedIn: string | null, selection: RunSelection | undefined): string {
  const panel = what.resource === 'library-panel';
  const added = addedIn === null ? 'git holds it' : `commit ${addedIn.slice(0, 12)} added it`;
  const elsewhere = evidence.elsewhere === undefined ? '' : `, environment ${evidence.elsewhere.environment}'s ${evidence.elsewhere.file} holds it too (created there)`;
  const told = [evidence.trashRead ? 'not in its "Recently deleted"' : null, evidence.unrecorded ? 'no pull or apply in this clone recorded it there' : null, 'no backup of it'].filter((part) => part !== null).join(', ');
  const unknown = panel ? `; Grafana keeps no "Recently deleted" of library panels` : trashUnknown === null || evidence.trashRead ? '' : `; ${trashUnknown}, so a delete made there would leave no trace`;
  const gone = panel
    ? `If a pull wrote it and its panel was deleted from this Grafana since (a pull in another clone, or one made before git init by a dashsync that recorded none outside git: this clone's record holds neither), git rm ${pathspecWord(what.file)}`
    : 'If it was deleted from this Grafana for good, git rm the file';
  return (
    `${panel ? 'library panel' : 'uid'} ${what.uid} is not in Grafana, but ${added}${elsewhere} and this Grafana never held it as far as dashsync can tell (${told}${unknown}): ` +
    `a create not applied here yet; not deleted. ${renderPlanThenApply(selection, 'its create', 'makes it')}. ${gone}`
  );
}

/**
 * Pure: the note after the `deleted` lines (HELD_UNKNOWN) of dashboard files whose uid nothing told this Grafana held or never
 * held: why not (`trashUnknown`: "Recently deleted" could not be read), so a create not applied here yet cannot be told from
 * one deleted in Grafana, and how to take such a file back. `files` as shown. (A library panel is told by the record of this
 * clone's pulls and applies: judgeNeverHeld.)
 */
function describeHeldUnknown(files: readonly { file: string }[], trashUnknown: string | null, dryRun: boolean): string {
  const named = files.slice(0, CHECKOUT_NAMED).map((entry) => shellWord(entry.file)).join(' ');
  const more = files.length > CHECKOUT_NAMED ? ` (and the ${files.length - CHECKOUT_NAMED} more)` : '';
  const count = `${files.length} file${files.length === 1 ? '' : 's'}`;
  return (
    `pull --prune ${dryRun ? 'would delete' : 'deleted'} ${count} whose uid this Grafana may never have held, which dashsync cannot tell: ` +
    `${trashUnknown ?? 'its "Recently deleted" could not be read'}, and dashsync has no backup of ${files.length === 1 ? 'it' : 'them'}. ` +
    `A create not applied here yet (a committed file whose apply has not run here) reads the same as one deleted in Grafana: ` +
    `if one is, git checkout HEAD -- ${named}${more} ${dryRun ? 'after the pull ' : ''}brings it back`
  );
}

/** The commit of HEAD's history that added `file` at its path (hex), or null where git cannot tell. */
async function readAddingCommit(cwd: string, file: string): Promise<string | null> {
  const answer = await runGit(cwd, ['--literal-pathspecs', 'log', '--diff-filter=A', '-1', '--format=%H', '--no-color', 'HEAD', '--', file], 60_000);
  const commit = answer.ok ? answer.stdout.trim() : '';
  return /^[0-9a-f]{40,64}$/.test(commit) ? commit : null;
}

/**
 * Pure: why --prune must delete none of these files, or undefined. A Grafana (or org) that lists no
 * dashboard at all while the tree holds some is most likely the wrong URL or org, not a wiped one; and
 * like apply, a pull deletes at most maxDeletes files in one run.
 */
function refusePrune(count: number, dashboards: boolean, input: Pick<PrunePulledFilesInput, 'maxDeletes' | 'emptyGrafana'>): string | undefined {
  const files = `${count} file${count === 1 ? '' : 's'}`;
  if (dashboards && input.emptyGrafana !== undefined) {
    return (
      `${input.emptyGrafana} holds no dashboards: is this the right URL/org? nothing was deleted (--prune would delete ${files}, listed above as only in git; ` +
      'if that Grafana is meant to be empty, delete them with git rm)'
    );
  }
  if (input.maxDeletes !== undefined && count > input.maxDeletes) {
    return `pull --prune would delete ${files}, more than the limit of ${input.maxDeletes}; nothing was deleted. Review them (listed above as only in git), then allow them with --max-deletes ${count}`;
  }
  return undefined;
}
