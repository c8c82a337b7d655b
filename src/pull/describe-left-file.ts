import type { GitFileState, HandMergeCommits, PullFileDecision, RestoredBy } from './decide-pull-file.js';
import type { UnconfirmedNote } from '../grafana/port.js';
import type { LiveAuthorship } from './read-live-author.js';
import { isServiceAccountLogin, type PanelSaverEvidence, type UnmatchedBecause } from './judge-panel-savers.js';
import { CLOCK_SKEW_ALLOWED_SECONDS, type CommitAfterPushes } from './find-commit-after-pushes.js';
import type { CommitOutsidePush, UnconfirmedPush } from './find-uncarried-commit.js';
import { renderNextCommand, renderPlanThenApply, type RunSelection } from '../report/next-command.js';
import { commitPulled, describeHandMerge } from './describe-hand-merge.js';
import { pathspecWord, shellWord } from '../report/next-command.js';
import { quoteText } from '../report/escape-untrusted.js';
import { describeSaver } from '../report/describe-saver.js';
import { plural } from '../plural.js';
import type { PullFileEvent } from './types.js';

export interface LeftFile {
  decision: PullFileDecision & { action: 'keep' | 'refuse' };
  git: GitFileState;
  author: LiveAuthorship;
  /** Why git gave no evidence (`not a git repository`, …). */
  gitUnavailable: string | null;
  /** Grafana stores the dashboard in the other schema family than the file (`v2` or `classic`): `pull --force` rewrites the whole file. */
  storedAs?: 'v2' | 'classic';
  /** Why this Grafana cannot take the kept file (GrafanaPort.writeTargetFor's refusal): its plan stops on it, so no apply pushes it. */
  unwritable?: string;
  /** Grafana's version is dashsync's push from this commit, which HEAD does not contain: the file is older, not a change to apply. */
  pushedOutsideHead?: { commit: string | null; subject: string };
}

const CHANGED_HERE = 'changed here (not committed)';

/** Why git gives no evidence about a file, in the words every refused line uses. */
function cannotTellEdits(gitUnavailable: string | null): string {
  return `pull cannot tell whether this file holds edits of yours (${gitUnavailable ?? 'no git'})`;
}

/**
 * Pure: what to do about a refused file whose error line is its own. `uid`: the command that takes
 * just this file (`pull --force <uid>` takes dashboards, folders and library panels); without it a
 * whole `pull --force`. `outsideGit`: git gives no evidence here, so the advice is no git advice.
 */
export function describeRefusedAdvice(uid?: string, outsideGit = false, selection?: RunSelection): string {
  const keep = `To keep yours: ${renderNextCommand(selection, 'plan')} shows what apply would overwrite in Grafana`;
  if (outsideGit) return `not written. To take Grafana's version: ${describeForceOutsideGit(uid ?? '', selection)}. ${keep}`;
  if (uid !== undefined) return `not written. To take Grafana's version: commit or stash any uncommitted edit (a committed one stays in its commit), run ${forceCommand(uid, selection)}, then review it with git diff (--force copies a file git does not hold to .dashsync/pull-backups/ first). ${keep}`;
  return `not written. To take Grafana's version: commit or discard your edit and pull again, or pull with --force (--force copies a file git does not hold to .dashsync/pull-backups/ first). ${keep}`;
}

/** What `pull --force <uids>` does where git gives no evidence, and how to compare afterwards. */
export function describeForceOutsideGit(uids: string, selection?: RunSelection): string {
  const command = forceCommand(uids === '' ? undefined : uids, selection);
  return (
    `run ${command}: outside git it first copies each file it replaces to .dashsync/pull-backups/<time>/ (the same path below the root), ` +
    `then writes Grafana's version; compare the two with diff -r .dashsync/pull-backups/<time> <root>`
  );
}

/**
 * `version N by X at T`: the live save a line names, its saver in the words plan's drift line uses (describeSaver: what
 * `Anonymous`, `provisioning:` or no name stands for); a labels or annotations edit, whose maker Grafana does not record, said so.
 */
function describeLiveSave(author: LiveAuthorship): string {
  const version = `version ${author.version}`;
  if (author.metadataEdited) return `${version}, its labels or annotations changed since: Grafana does not record by whom`;
  const at = author.at ? ` at ${author.at}` : '';
  if (author.by !== undefined) return `${version} by ${describeSaver(author.by, author.of, author.byNotLookedUp ? 'through-api' : 'asked')}${at}`;
  return author.author === 'dashsync' ? `${version}, dashsync's push${at}` : `${version}${at}`;
}

/**
 * Pure: why pull wrote Grafana's version over a committed `_library/` file none of whose committed versions Grafana holds
 * (decideLibraryPanelHistory's `library-never-pushed`), for its `updated` line: what it replaced, and where that stays.
 */
export function describeTakenOverCommit(commit: string, author: LiveAuthorship): string {
  return (
    `changed in Grafana (${describeLiveSave(author)}), which shows no save of it by dashsync (neither its creator nor its last saver is the credentials this pull runs with, or an identity that pushed a dashboard using it for dashsync): ` +
    `Grafana's version is taken over the file as commit ${commit.slice(0, 12)} left it (git diff shows what changed; that commit keeps the text replaced)`
  );
}

/**
 * Pure: what Grafana's version replaced in a committed dashboard file before dashsync's first push of it, where the file's
 * content is none of Grafana's versions pull compared (decision `content-not-in-grafana`), for its `updated` line: the
 * commit that brought that content, and the command that shows it (PullFileEvent.replacedCommit).
 */
export function describeReplacedCommit(replaced: NonNullable<PullFileEvent['replacedCommit']>, author: LiveAuthorship, dryRun: boolean): string {
  const short = replaced.commit.slice(0, 12);
  const compared = replaced.versionsCompared;
  const held = replaced.allCompared
    ? 'which Grafana never had'
    : compared.length === 0
      ? "which pull could not compare with Grafana's earlier versions (their history was not read)"
      : `which none of the ${plural(compared.length, 'earlier version')} of Grafana's that pull compared (${compared[0]} to ${compared.at(-1)}) holds`;
  return `changed in Grafana (${describeLiveSave(author)}): Grafana's version ${dryRun ? 'would replace' : 'replaces'} the content of commit ${short}, ${held} (git show ${shellWord(`${short}:${replaced.path}`)})`;
}

/**
 * Pure: why pull left a `_folder.json` that says other than Grafana, for its `refused` line. Git
 * alone decides here (mayReplaceFile): Grafana keeps no version history for folders.
 */
export function describeRefusedFolderFile(folder: { uid: string; title: string }, git: GitFileState, gitUnavailable: string | null): string {
  const grafana = `Grafana says folder ${folder.uid} ${quoteText(folder.title)}`;
  return git === 'no-git' ? `${grafana}, and ${cannotTellEdits(gitUnavailable)}` : `${CHANGED_HERE}, and ${grafana}`;
}

/**
 * Pure: why pull kept a committed `_folder.json` whose title is not Grafana's, where an earlier commit had Grafana's title
 * (findUnappliedFolderTitle): a rename committed (`commit`, and `laterCommits` more) and not applied yet, or one dashsync
 * applied that someone undid in Grafana since. Folders keep no history, so nothing tells the two apart: both are said,
 * with the pull that takes Grafana's title.
 */
export function describeKeptFolderTitle(kept: { uid: string; title: string; liveTitle: string; commit: string; laterCommits: number }, selection?: RunSelection): string {
  return (
    `the title ${quoteText(kept.title)} committed in ${kept.commit.slice(0, 12)}${laterCommits(kept.laterCommits)}, where an earlier commit had Grafana's title (${quoteText(kept.liveTitle)}): ` +
    'a rename not applied yet, or one applied and undone in Grafana since (folders keep no history there, so pull cannot tell which); ' +
    `${renderPlanThenApply(selection, 'the change', 'pushes it')}; to take Grafana's title instead: ${forceCommand(kept.uid, selection)}`
  );
}

/** Why a panel's last change may be dashsync's although pull cannot tell, or why it could not be told (judge-panel-savers.ts). */
function describeSaverEvidence(evidence: PanelSaverEvidence | undefined): string {
  if (evidence === undefined) return '';
  switch (evidence.kind) {
    case 'own-login':
      // A service account is never logged into: another tool (or a person) holding one of its tokens saves as it (walk-68 L3).
      return isServiceAccountLogin(evidence.login)
        ? ` (its ${evidence.saver} is ${evidence.login}, the service account these credentials belong to: that save may be dashsync's, or another tool's or person's using a token of that service account; Grafana does not tell them apart)`
        : ` (its ${evidence.saver} is ${evidence.login}, the login these credentials use: that save may be dashsync's, or a person's logged in as ${evidence.login}; Grafana does not tell them apart)`;
    case 'pushed-with':
      return ` (its ${evidence.saver} is ${evidence.login}, the identity dashsync pushed dashboard ${evidence.dashboard} with, a dashboard using the panel: that save may be dashsync's, or someone's signed in with the same credentials)`;
    case 'unmatched':
      return ` (its creator and last saver are not these credentials, and dashboard ${evidence.dashboard}, which uses it, holds a push of dashsync's by an identity pull could not compare with them: ${UNMATCHED[evidence.because]})`;
    case 'unreadable':
      return ' (its creator and last saver are not these credentials, but the dashboards using it could not be read to tell whether dashsync applies here with credentials that saved it)';
    case 'unaccounted':
      return (
        " (its creator and last saver are not these credentials, but no dashboard using it holds a push of dashsync's to show that commit applied, " +
        `and no pull or apply in this clone took that content from this Grafana, pushed it there or found it there${describeRecordRead(evidence.record)}. If it was applied or pulled elsewhere (another clone, CI), taking Grafana's version loses nothing: git keeps the commit)`
      );
    case 'after-pushes':
    case 'outside-push':
    case 'unconfirmed-push':
      return (
        ` (its creator and last saver are not these credentials, and no push of dashsync's is known to have carried that commit: ` +
        `${evidence.kind === 'after-pushes' ? describePushTimes(evidence) : evidence.kind === 'outside-push' ? describePushCommit(evidence) : describeUnconfirmedPush(evidence)}. ` +
        'If it came from a pull or was applied since, taking Grafana\'s version loses nothing: git keeps the commit)'
      );
  }
}

/** ` (its record: A)`, ` (its record: A and B)`: the record's directories pull read (as shown), so an operator can look at them; '' for none. */
function describeRecordRead(record: readonly string[]): string {
  if (record.length === 0) return '';
  return ` (its record: ${record.length === 1 ? record[0] : `${record.slice(0, -1).join(', ')} and ${record[record.length - 1]}`})`;
}

/** Pure: how the commit dashsync's newest push was made from stands to the file's commit, in words true of each case findUncarriedCommit refuses. */
function describePushCommit(evidence: CommitOutsidePush): string {
  const push = `dashsync's newest push on the dashboards using the panel (dashboard ${evidence.dashboard}, at ${evidence.pushedAt}) was made from commit ${evidence.pushedFrom.slice(0, 12)}`;
  switch (evidence.because) {
    case 'outside':
      return `${push}, which neither is that commit nor has it in its history`;
    case 'push-commit-missing':
      return `${push}, which this clone does not have (made from another branch or clone), so it cannot be shown to hold that commit`;
    case 'shallow':
      return `${push}, and this clone is shallow, so git cannot show whether that commit's history holds it (fetch the full history: git fetch --unshallow; in the GitHub Action, actions/checkout with fetch-depth: 0)`;
    case 'unreadable':
      return `${push}, and git could not tell whether that commit's history holds it`;
  }
}

/** Pure: why the newest save with dashsync's note on the dashboards using the panel tells nothing of the commit (findUncarriedCommit's `unconfirmed-push`). */
function describeUnconfirmedPush(evidence: UnconfirmedPush): string {
  return (
    `the saver of dashsync's newest push on the dashboards using the panel (dashboard ${evidence.dashboard}, at ${evidence.pushedAt}) could not be confirmed: ` +
    "Grafana did not confirm that the identity its note names saved it (a service account renamed since, a note copied into someone else's save, " +
    'or a saver Grafana would not name to these credentials), so neither the commit it names nor its time shows what was applied'
  );
}

/** Pure: how the commit's time compares with dashsync's newest push, in words true of each case findCommitAfterPushes refuses. */
function describePushTimes(evidence: CommitAfterPushes): string {
  const newest = `dashsync's newest push on the dashboards using the panel (dashboard ${evidence.dashboard}`;
  if (evidence.pushedAt === '') return `Grafana gave no time for dashsync's push on dashboard ${evidence.dashboard}, which uses the panel, so it cannot be shown to come after that commit`;
  if (evidence.commitTimeUnread === true) return `git gave no time for that commit, so ${newest}, at ${evidence.pushedAt}) cannot be shown to come after it`;
  return (
    `it was committed after, or less than ${CLOCK_SKEW_ALLOWED_SECONDS} s before, ${newest}, at ${evidence.pushedAt}; ` +
    `${CLOCK_SKEW_ALLOWED_SECONDS} s allowed for a committer's clock behind Grafana's)`
  );
}

const UNMATCHED: Record<UnmatchedBecause, string> = {
  'uid-not-named': "Grafana did not map the uid the push records to a user id for these credentials (GET /apis/iam.grafana.app/…/display)",
  'service-account-name': 'the push names a service account by its name, the panel names its savers by login',
  'saver-gone': "the panel's saver is no longer a user of Grafana",
  'savers-not-read': "the panel's creator and last saver were not read",
};

/**
 * The file a left file's line is about: its dashboard's or library panel's uid, its path as shown, where a pull would move it
 * (`to`), and for a rename not committed yet (or a committed move not applied), the path it was at before (`from`), as shown.
 */
export interface LeftFileTarget {
  uid: string;
  file: string;
  to?: string;
  /** The `_folder.json` the pull keeps beside `to` (its folder's directory needs one), as shown. */
  toFolderFile?: string;
  /** `to`'s directory is one the pull makes (the tree has none there): `toFolderFile` is the pull's own, nothing else's. */
  toFolderFileMade?: true;
  from?: string;
}

/** Pure: why pull left a file as it is, for its line in the report (`at`: whose file, for the commands that take Grafana's version). */
export function describeLeftFile(left: LeftFile, at: LeftFileTarget, selection?: RunSelection): string {
  const { decision, git, author } = left;
  const { uid } = at;
  const plan = renderNextCommand(selection, 'plan');
  const save = describeLiveSave(author);
  if (decision.action === 'refuse' && decision.reason === 'changed-since-push') {
    return (
      `changed on both sides since dashsync applied version ${decision.pushedVersion}${unconfirmedPush(decision)}${beforeRestore(decision)}: in git by ${decision.commit.slice(0, 12)}${laterCommits(decision.laterCommits)}${movedInGit(decision.merge, at)}, not applied yet, and in Grafana (${save}). ` +
      `${describeMergeByHand(left, at, decision.merge, selection)}; to keep yours as it is: ${plan} shows what apply would overwrite in Grafana`
    );
  }
  if (decision.action === 'refuse' && decision.reason === 'changed-since-version') {
    return (
      `changed on both sides since Grafana's version ${decision.savedVersion}, which commit ${decision.heldBy.slice(0, 12)} holds (no push of dashsync's since): ` +
      `in git by ${decision.commit.slice(0, 12)}${laterCommits(decision.laterCommits)}, not applied yet, and in Grafana (${save}). ` +
      `${describeMergeByHand(left, at, decision.merge, selection)}; to keep yours as it is: ${plan} shows what apply would overwrite in Grafana`
    );
  }
  if (decision.action === 'refuse' && decision.reason === 'changed-since-restore') {
    const from = decision.restoredFrom === 'trash' ? `Grafana's "Recently deleted"` : 'a backup';
    return (
      `changed on both sides: Grafana holds a save dashsync's restore took back from ${from} at ${decision.restoredAt} (${save}), not a push of dashsync's, ` +
      `and git changed the file in ${describeChanges(decision)}${movedInGit(decision.merge, at)} to content Grafana never had, not applied yet. ` +
      `${describeMergeByHand(left, at, decision.merge, selection)}; to keep yours as it is: ${plan} shows what apply would overwrite in Grafana`
    );
  }
  if (decision.action === 'refuse' && decision.reason === 'moved-since-push') {
    // The plain hand-merge steps would leave the file where Grafana's folder puts it: the move is made again by hand. Where
    // Grafana moved it too, the two moves are one folder or the other: whichever is kept, by a choice said aloud.
    const [file, to] = [shellWord(at.file), shellWord(at.to ?? at.file)];
    const pulled = `${forceCommand(uid, selection)} && ${commitPulled(uid, [at.file, at.to ?? at.file, ...(at.toFolderFile === undefined ? [] : [at.toFolderFile])])}`;
    const moveBack = `git mv ${to} ${file} && git commit -m ${shellWord(`${uid}: move back to ${at.file}`)} -- ${pathspecWord(at.to ?? at.file)} ${pathspecWord(at.file)}`;
    const steps = decision.movedInGrafana
      ? `${pulled}; then keep one of the two moves: yours, with ${moveBack}, or Grafana's, where the pull put it (nothing more to run)`
      : `${pulled} && ${moveBack}`;
    return (
      `changed on both sides since dashsync applied version ${decision.pushedVersion}: moved in git (the file was elsewhere in commit ${decision.commit.slice(0, 12)}, which that push was made from), not applied yet, ` +
      `and in Grafana (${save}${decision.movedInGrafana ? ', which moved it to another folder too' : ''}); a pull would move it ${decision.movedInGrafana ? 'to' : 'back to'} Grafana's folder${at.to === undefined ? '' : ` (${at.to})`}. ` +
      `To merge by hand, run: ${steps}; to keep yours as it is: ${plan} shows what apply would overwrite in Grafana`
    );
  }
  if (decision.action === 'refuse' && decision.reason === 'push-not-in-git') {
    const commits = `${decision.commitsRead} commit${decision.commitsRead === 1 ? '' : 's'}`;
    const variant = decision.pushedVariant;
    // A push of the variant the file was copied from: the file's own commits never reached this Grafana.
    const why =
      variant === undefined
        ? '(pushed before them, from another branch or clone, or with other inputs): pull cannot tell whether your commits since are applied'
        : `, but ${variant.file} (a file this run leaves out, holding the same uid) holds it in commit ${variant.commit.slice(0, 12)}: this file's commits are its own, made on a copy of it, not applied yet`;
    return (
      `changed in Grafana (${save}) over dashsync's push of version ${decision.pushedVersion}${unconfirmedPush(decision)}${beforeRestore(decision)}, which none of the file's last ${commits} holds${variant === undefined ? ' ' : ''}${why}. ` +
      `${describeMergeByHand(left, at, decision.merge, selection)}; to keep yours as it is: ${plan} shows what apply would overwrite in Grafana`
    );
  }
  if (decision.action === 'refuse' && decision.reason === 'library-change-unknown') {
    return (
      `changed in Grafana (${save}), which holds none of the file's committed versions, and in git by ${decision.commit.slice(0, 12)}: ` +
      `Grafana keeps no history of a library panel, so pull cannot tell whether that commit was applied before the change in Grafana${describeSaverEvidence(decision.saverEvidence)}. ` +
      `${describeHandMerge({ uid, file: at.file, forcePull: forceCommand(uid, selection) }, decision.merge)}; to keep yours as it is: ${plan} shows what apply would overwrite in Grafana`
    );
  }
  if (decision.action === 'keep' && decision.reason === 'committed-not-applied') {
    // A move in git: Grafana's folder is the one the file's directory stood for before it, no move of Grafana's.
    const moved = decision.movedFrom === undefined ? describeGrafanaMove(at) : '';
    const from = decision.movedFrom === undefined ? '' : ` (moved here from ${at.from ?? decision.movedFrom})`;
    const copied = decision.copiedFrom;
    if (copied !== undefined) {
      return (
        `committed in ${decision.commit.slice(0, 12)}${laterCommits(decision.laterCommits)} and not applied yet: Grafana still has what ${copied.file} (a file this run leaves out, holding the same uid) ` +
        `holds in commit ${copied.commit.slice(0, 12)} (${save}), and this file's changes are its own, made on a copy of it; ${pushes(left, plan, selection)}${moved}`
      );
    }
    return `committed in ${decision.commit.slice(0, 12)}${laterCommits(decision.laterCommits)}${from} and not applied yet: Grafana still has the version that commit started from (${save}); ${pushes(left, plan, selection)}${moved}`;
  }
  if (decision.action === 'keep' && decision.reason === 'edited-since-commit') {
    return `your edit, not committed: Grafana has not changed since; it still holds what the file's last commit ${decision.commit.slice(0, 12)} holds (${save}). ${pushes(left, plan, selection)}${describeGrafanaMove(at)}`;
  }
  if (decision.action === 'keep' && decision.reason === 'inputs-not-applied') {
    const environment = selection?.environment === undefined ? 'this run' : `environment ${selection.environment}`;
    return (
      `Grafana holds what the file's last commit ${decision.commit.slice(0, 12)} holds (${save}), with the inputs the config gave ${environment} then: ` +
      `its inputs changed since, and are not applied yet; ${pushes(left, plan, selection)}${describeGrafanaMove(at)}`
    );
  }
  if (decision.action === 'keep' && author.sameLoginUnconfirmed) {
    const by = !author.by ? 'the user these credentials log in as' : `${author.by}, the user these credentials log in as`;
    const grafana = `Grafana's version ${author.version} was saved by ${by}: dashsync cannot tell whether it was this tool (no commit of the file holds that version)`;
    if (git === 'committed') return `a committed change not applied yet; ${grafana}`;
    if (git === 'uncommitted') return `your edit, not committed; ${grafana}`;
    return grafana;
  }
  if (decision.action === 'keep' && left.pushedOutsideHead?.commit) {
    // The plan's not-in-branch judgement, in its words: this branch lacks that push, whose change a plan of it would revert.
    const { commit, subject } = left.pushedOutsideHead;
    return (
      `not in this branch: Grafana holds dashsync's version ${author.version}, saved from commit ${commit}${subject ? ` ${quoteText(subject)}` : ''}, which HEAD does not contain; ` +
      `this file is older than it, not a change to apply. Rebase this branch on that commit (on main, once it is merged there) and pull again`
    );
  }
  if (decision.action === 'keep') {
    const grafana = `Grafana still has dashsync's version ${author.version}`;
    if (git === 'committed') return `a committed change not applied yet; ${grafana}`;
    if (git === 'uncommitted') return `your edit, not committed; ${grafana}`;
    return `newer than Grafana, which still has dashsync's version ${author.version}`;
  }
  switch (decision.reason) {
    case 'both-changed':
      return `${CHANGED_HERE} and in Grafana (${save})`;
    case 'renamed-not-committed': {
      const from = at.from ?? decision.from;
      const commit = `git commit -m ${shellWord(`rename ${from} to ${at.file}`)} -- ${pathspecWord(from)} ${pathspecWord(at.file)}`;
      return (
        `renamed here from ${from} (git mv, not committed), and changed in Grafana (${save}): pull follows a rename once it is committed. ` +
        `Commit it first, then pull again: ${commit} && ${renderNextCommand(selection, `pull ${uid}`)}`
      );
    }
    case 'no-git':
      return `changed in Grafana (${save}), and ${cannotTellEdits(left.gitUnavailable)}`;
    case 'history-unreadable':
      if (author.unknownBecause === 'saver-unnamed') {
        const unnamed = `Grafana's history does not say who saved its version ${author.version} in a way dashsync can match to its own credentials`;
        return git === 'no-git' ? `${cannotTellEdits(left.gitUnavailable)}, nor whether Grafana changed: ${unnamed}` : `${CHANGED_HERE}, and ${unnamed}, to tell whether Grafana changed too`;
      }
      if (author.unknownBecause === 'history-unconvertible') {
        const broken = `Grafana could not read its version history (an entry it cannot convert)`;
        return git === 'no-git' ? `${cannotTellEdits(left.gitUnavailable)}, nor whether Grafana changed: ${broken}` : `${CHANGED_HERE}, and ${broken} to tell whether Grafana changed too`;
      }
      return git === 'no-git'
        ? `${cannotTellEdits(left.gitUnavailable)}, nor whether Grafana changed: these credentials cannot read the version history`
        : `${CHANGED_HERE}, and these credentials cannot read the version history to tell whether Grafana changed too`;
  }
}

/** ` (and N later commits)` after a change's first commit; '' for none. */
function laterCommits(count: number): string {
  return count === 0 ? '' : ` (and ${count} later commit${count === 1 ? '' : 's'})`;
}

/**
 * Pure: what a refusal resting on a push whose saver Grafana did not confirm (`pushUnconfirmed`) means, and that the way out
 * stays safe; '' for a confirmed push.
 */
function unconfirmedPush(decision: { pushedVersion: number; pushUnconfirmed?: UnconfirmedNote }): string {
  if (decision.pushUnconfirmed === undefined) return '';
  const version = `version ${decision.pushedVersion}`;
  const why = {
    'other-api': `its note was written through the other API than this pull uses, whose saver this history cannot check`,
    'saver-unnamed':
      `Grafana's history does not say who saved ${version} in a way dashsync can match to the note (it lists the saver as Anonymous, as it does ` +
      `a service account on Grafana 11.2–11.5 and on 12.0–12.2, or an account deleted since)`,
    'k8s-saver-unnamed':
      `Grafana's history does not say who saved ${version} in a way dashsync can match to the note (it records the save as "provisioning:", ` +
      `as Grafana 12.0–12.2 record a service account's, or, on legacy storage, names no saver once the saver's account is deleted)`,
    'other-saver': `the note names another saver than Grafana's history does: a service account renamed since, or a note copied into someone else's save`,
  }[decision.pushUnconfirmed];
  return ` (known by its content note alone: ${why}; if that save was not dashsync's, your commit may be applied already, and merging by hand, below, is safe either way)`;
}

/**
 * How to merge a committed change with Grafana's by hand (describeHandMerge); where Grafana now stores the
 * dashboard in the other schema family, that pull rewrites every line of the file, so the change is made again in that
 * form, or `apply --force` puts the file back.
 */
function describeMergeByHand(left: LeftFile, at: LeftFileTarget, commits: HandMergeCommits, selection: RunSelection | undefined): string {
  const uid = at.uid;
  if (left.storedAs === undefined) {
    const moved = commits.movedFrom !== undefined && at.from !== undefined ? { from: at.from } : {};
    return describeHandMerge({ uid, file: at.file, forcePull: forceCommand(uid, selection), ...(at.to !== undefined && { to: at.to }), ...(at.toFolderFile !== undefined && { toFolderFile: at.toFolderFile }), ...(at.toFolderFileMade && { toFolderFileMade: true }), ...moved }, commits);
  }
  const form = left.storedAs === 'v2' ? 'a v2 dashboard' : 'a classic dashboard';
  return (
    `Grafana now stores it as ${form}: ${forceCommand(uid, selection)} rewrites the whole file in that form (your change stays in its commit, to make again there), ` +
    `or ${renderNextCommand(selection, 'apply --force')} puts your ${left.storedAs === 'v2' ? 'classic' : 'v2'} file back over it`
  );
}

/** What follows a kept file: the plan and apply that push it, or (`unwritable`) that this environment's plan stops on it. */
function pushes(left: LeftFile, plan: string, selection: RunSelection | undefined): string {
  if (left.unwritable === undefined) return renderPlanThenApply(selection, 'the change', 'pushes it');
  return `but ${plan} stops on this file, so no apply pushes it: ${left.unwritable}`;
}

function forceCommand(uids: string | undefined, selection: RunSelection | undefined): string {
  return renderNextCommand(selection, `pull --force${uids === undefined ? '' : ` ${uids}`}`);
}

/** Pure: why `pull --prune` did not delete a file whose dashboard or library panel is gone. */
export function describeUnprunedFile(kind: 'dashboard' | 'library panel', uid: string, git: GitFileState, gitUnavailable: string | null, tracked = false): string {
  const subject = kind === 'dashboard' ? `uid ${uid}` : `library panel ${uid}`;
  const why =
    git === 'no-git'
      ? `pull cannot tell whether it holds work of yours (${gitUnavailable ?? 'no git'})`
      : tracked
        ? 'it has changes not committed in git'
        : `it is not committed in git (a new ${kind} not applied yet?)`;
  return `${subject} is not in Grafana, but ${why}: not deleted`;
}

/**
 * Pure: for a file kept where Grafana moved its dashboard to another folder (no move in git), what becomes of that move:
 * the file keeps its directory, so apply takes the dashboard back to that directory's folder.
 */
function describeGrafanaMove(at: LeftFileTarget): string {
  if (at.to === undefined) return '';
  return `; Grafana moved it to another folder too (a pull would put it at ${at.to}): the next apply moves it back to this file's folder, unless the file is moved to the directory that stands for Grafana's folder first`;
}

/**
 * ` <first> to <head> (N commits)` from the commit that put the file back, which counts (no push recorded shows what it put
 * back was applied); where the history read ends before that commit, the commits read are named as such.
 */
function describeChanges(decision: { commit: string; changes: { count: number; first: string }; putBackIn?: string }): string {
  const { count, first } = decision.changes;
  const head = decision.commit.slice(0, 12);
  const span = count <= 1 ? head : `${first.slice(0, 12)} to ${head} (${count} commits`;
  if (decision.putBackIn !== undefined) return `${span}, the first of them putting the file back: no push recorded shows what it held before the delete was applied)`;
  return count <= 1 ? `${span} and maybe before (the commit that put the file back is older than the ones pull reads)` : `${span}), and maybe before (the commit that put the file back is older than the ones pull reads)`;
}

/** `, which moved it here from <path>` where git moved the file since the hand merge's base (the steps keep git's move); '' otherwise. */
function movedInGit(merge: HandMergeCommits, at: LeftFileTarget): string {
  if (merge.movedFrom === undefined || at.from === undefined) return '';
  const back = at.to === undefined ? '' : `: a pull alone would put it back at ${at.to}; the steps below keep it here`;
  return ` (git moved it here from ${at.from}${back})`;
}

/** ` (before its delete; dashsync's restore took that save back from a backup at …)` for a push a restore's note recorded; '' otherwise. */
function beforeRestore(decision: { beforeRestore?: RestoredBy }): string {
  const restore = decision.beforeRestore;
  if (restore === undefined) return '';
  const from = restore.from === 'trash' ? `Grafana's "Recently deleted"` : 'a backup';
  return ` (before its delete; dashsync's restore took Grafana's save back from ${from} at ${restore.at})`;
}
