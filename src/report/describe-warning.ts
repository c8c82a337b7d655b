import { describeHistoryUnread, someUids } from '../plan/decide-drift.js';
import { FETCH_EVERY_BRANCH } from './fetch-full-history.js';
import { DEFAULT_CONFIG_FILE } from '../config/config-keys.js';
import { CLASSIC_STORED } from '../plan/decide-dashboard.js';
import { describeManager, ownerLabel } from '../grafana/ownership.js';
import type { PlanWarning } from '../plan/types.js';
import type { DeleteHeldOwner, UnreviewedWhy } from '../apply/types.js';
import type { Shell } from '../describe-error.js';
import { deletesExceed, describeDeleteLimitNeeded } from './describe-delete-limit.js';
import { renderNextCommand, selectionInShellWords, shellWord, type RunSelection } from './next-command.js';
import { escapeText, quoteText } from './escape-untrusted.js';
import { describeSaver } from './describe-saver.js';
import { capitalize } from './capitalize.js';
import { describeUnreadable } from './describe-unreadable.js';
import { joinOr } from './join-and.js';
import { describeWrites, writeActionNames } from '../grafana/read-write-access.js';

/**
 * What applying does to a dashboard whose file holds the live content and another folder (drift's `sameContent`), and the pull
 * that keeps Grafana's folder instead: it moves the file to the directory standing for that folder (writing its `_folder.json`).
 */
function describeSameContent(pullCommand: string): string {
  return `the file holds the same content, so applying changes only its folder (a move made in Grafana since is undone; to keep Grafana's folder instead, run ${pullCommand} first, which moves the file to the directory of that folder)`;
}

/**
 * describeSameContent where Grafana's folder is that of a directory this run's selection leaves out (another environment's,
 * docs/environments.md): no pull keeps that folder (pull keeps the file in its place), so none is advised.
 */
function describeSameContentLeftOut(leftOut: { dir: string; lists: string; folderTitle: string }): string {
  return (
    `the file holds the same content, so applying changes only its folder: Grafana has it in folder ${quoteText(leftOut.folderTitle)}, whose directory ${leftOut.dir} ` +
    `${leftOut.lists} leaves out, and applying puts it in the folder of the file's directory (whether it moved in Grafana or its file moved in git)`
  );
}

/**
 * Where Grafana has a changed dashboard or library panel in the folder of a directory this run's selection leaves out: the
 * pull that brings its change in keeps the file in its place (docs/environments.md), and applying moves it back.
 */
function describeLeftOutMove(leftOut: { dir: string; lists: string; folderTitle: string }): string {
  return (
    `Grafana has it in folder ${quoteText(leftOut.folderTitle)}, whose directory ${leftOut.dir} ${leftOut.lists} leaves out, and applying puts it in the folder of the file's directory ` +
    "(a pull takes the change into the file, which keeps its place)"
  );
}

/** describeSameContent where an apply no one reviews cannot tell whether dashsync had placed it there (drift's `pushUnknown`). */
function describePushUnknown(pullCommand: string): string {
  return (
    "the file holds the same content, so applying changes only its folder, back to the file's; whether that undoes a move made in Grafana since dashsync placed it " +
    'cannot be told: the history Grafana keeps no longer reaches its first version (it keeps the newest saves only: [dashboards] versions_to_keep, 20 by default), ' +
    `and nothing on the dashboard records a push of dashsync's (to keep Grafana's folder instead, run ${pullCommand} first)`
  );
}

/** Why an apply no one reviews keeps a move whose file holds the live content (drift's `historyUnread`). */
function describeMoveUnconfirmed(failure: string): string {
  return `; its file holds the same content in another folder, and whether dashsync had placed it there (so that this save moved it) is not known: its history could not be read (${failure})`;
}

/** One sentence per warning, the same in every rendering (its commands without a selection: describeWarningsIn). */
export const describeWarning = describeWarningsIn(undefined);

/**
 * describeWarning whose advised commands name the plan's environment (`selection`), and the knobs of the `shell` that prints it.
 * `driftKept`: the plan is applied in this step with no one reviewing it and no --force, and why (UnreviewedWhy), so
 * each drift is left untouched as a conflict, and its warning says so instead of "applying replaces that version".
 */
export function describeWarningsIn(selection: RunSelection | undefined, shell: Shell = 'cli', driftKept: UnreviewedWhy | false = false): (warning: PlanWarning) => string {
  return (warning) => describeOneWarning(warning, selection, shell, driftKept);
}

/**
 * What the one-step apply does to an edit made in Grafana (ApplyPlanOptions.keepDrift), and how to bring it in: the Action's
 * step (no plan file), or the CLI's apply without a plan file that asks no one (`why`). `pull.takesGrafanas`: that pull takes
 * Grafana's version without the refusal a change not applied yet gets (a history it cannot read either: it says so).
 */
function describeDriftKept(
  noun: string,
  pullCommand: string,
  shell: Shell,
  why: UnreviewedWhy,
  uidChange?: UidChange,
  pull: { takesGrafanas?: true; keepMove?: string } = {},
): string {
  const because = describeUnreviewedWhy(why, shell);
  const held = uidChange === undefined ? `leaves that ${noun} untouched` : 'holds the change of uid';
  const bringIn = pull.keepMove ?? (pull.takesGrafanas ? `to bring it in, run ${pullCommand} first` : describeBringIn(pullCommand));
  const keep = uidChange === undefined ? bringIn : `to keep the edit: ${describeUidPutBack(uidChange, pullCommand)}`;
  if (because === null) return `no one reviewed this plan, so this step ${held} (a conflict) unless args holds --force (${keep})`;
  // A file the one-step apply saved is read by show too, which applies nothing: its words hold for any apply of it.
  const apply = why === 'one-step' ? 'an apply of it' : 'this apply';
  return `no one reviewed this plan ${because}, so ${apply} ${held} (a conflict) unless it is run with --force (${keep})`;
}

/**
 * How an edit made in Grafana is brought into the file: the pull advised takes Grafana's version over a file that holds no
 * change of its own since dashsync's push, and refuses one that does (a change not applied yet), giving the steps to merge. A
 * library panel's alike: there a push of dashsync's, or the record of a pull or apply in this clone, shows what Grafana had (walk-71 M3).
 */
function describeBringIn(pullCommand: string): string {
  return `to bring it in, run ${pullCommand} first; where the file holds a change not applied yet, that pull refuses and gives the steps to merge the two`;
}

/**
 * A drift whose live content the file's commit holds in another folder (drift's `movedOnlyIn`): the edit made in Grafana is
 * the move alone. A pull keeps such a file (its change is not applied yet), so the way to keep Grafana's folder is to move
 * the file to the directory standing for it (`git mv`, when the tree has one), after which the plan finds the rest in git.
 */
function describeMovedOnly(warning: { movedOnlyIn: string; liveFolderTitle: string; file: string; moveTo?: string }, plan: string): { what: string; keepMove: string } {
  const keep = warning.moveTo === undefined ? `move the file to a directory that stands for that folder (its _folder.json names the folder's uid), then run ${plan}` : `git mv ${shellWord(warning.file)} ${shellWord(warning.moveTo)} && ${plan}`;
  return {
    what: `that version is the file's commit ${warning.movedOnlyIn.slice(0, 12)} in another folder, ${quoteText(warning.liveFolderTitle)}: the edit made in Grafana is that move`,
    keepMove: `to keep Grafana's folder instead: ${keep}`,
  };
}

/**
 * The start of a drift line whose live version is dashsync's push of a file HEAD did not hold as it was (drift's
 * `uncommittedPush`): an apply from a checkout with an edit not committed, which no commit holds.
 */
function describeUncommittedPush(warning: { uid: string; title: string; version: number; updatedBy: string; updated: string }): string {
  const as = warning.updatedBy ? `, as ${describeSaver(warning.updatedBy)}` : '';
  return (
    `drift: ${warning.uid} ${quoteText(warning.title)} was last saved in Grafana by dashsync from a checkout whose file held changes not committed ` +
    `(version ${warning.version}${as}${warning.updated ? ` at ${warning.updated}` : ''}; its version message says [uncommitted]): no commit holds that version, so it counts as someone else's change`
  );
}

/** Where dashsync's push lies when the history Grafana keeps no longer reaches it (drift's `pushBeyondHistory`). */
const PUSH_BEYOND_HISTORY = ', which pushed an earlier version than any Grafana still keeps in its history (it keeps the newest saves only: [dashboards] versions_to_keep, 20 by default)';

/**
 * The start of a drift line whose live version is dashsync's restore of a save that was not its push (drift's `restoredFrom`):
 * the save it holds, by whom and when as its backup recorded them, then the restore. The restore is dashsync's; the content is not.
 */
function describeRestoredSave(warning: { uid: string; title: string; version: number; updatedBy: string; updated: string; restoredFrom: 'trash' | 'backup'; restoredAt?: string; savedVersion?: number; restoredWithoutBackup?: true }): string {
  const was = warning.savedVersion === undefined ? '' : ` (version ${warning.savedVersion} before its delete)`;
  const held = warning.updatedBy
    ? `holds what ${describeSaver(warning.updatedBy)} saved in Grafana${warning.updated ? ` at ${warning.updated}` : ''}${was}, not a push of dashsync's`
    : warning.restoredWithoutBackup
      ? 'holds the version it had before its delete, and the restore found no backup of it (a prune of dashsync\'s writes one) to say whose save that was'
      : 'holds a version saved in Grafana before its delete that nothing recorded as a push of dashsync\'s (by whom and when is not recorded)';
  const from = warning.restoredFrom === 'trash' ? 'from "Recently deleted"' : 'from a backup';
  return `drift: ${warning.uid} ${quoteText(warning.title)} ${held}; dashsync's restore took it back ${from}${warning.restoredAt ? ` at ${warning.restoredAt}` : ''} (now version ${warning.version})`;
}

/** What a reviewed apply does to an edit made in Grafana in a dashboard or library panel prune deletes (drift's `pruned`). */
function describePrunedEdit(noun: string, pullCommand: string, uidChange?: UidChange): string {
  if (uidChange !== undefined) {
    return `the plan deletes it (its file ${uidChange.file} now holds uid ${uidChange.uid}), and that ${noun} with it (a backup is written first; to keep it: ${describeUidPutBack(uidChange, pullCommand)})`;
  }
  return `the plan deletes it (no file holds it now), and that ${noun} with it (a backup is written first; to keep it, run ${pullCommand} and commit the file it writes)`;
}

/** A uid changed in place over an edit made in Grafana: the file, its new uid, and the old one (drift's `uidChangedTo`, a conflict's). */
interface UidChange {
  file: string;
  uid: string;
  from: string;
}

/** How an edit of a uid a file no longer holds is kept: the uid goes back into that file, and pull merges the edit into it. */
export function describeUidPutBack(change: UidChange, pullCommand: string): string {
  return `put "uid": "${change.from}" back in ${change.file} and commit it, then ${pullCommand} merges the edit into it`;
}

/**
 * Why no one reviewed the plan a CLI apply made, in parentheses: its drift warning and its conflict lines say it alike (or
 * leave it out alike). Null where a line names no reason: the Action's one-step apply (its lines say "this step", its job
 * summary "No reviewed plan"), and a conflict that records none.
 */
export function describeUnreviewedWhy(why: UnreviewedWhy | undefined, shell: Shell): string | null {
  if (shell === 'action' || why === undefined) return null;
  // A CLI apply of a plan file the Action's one-step apply saved (Plan.unreviewed).
  if (why === 'one-step') return "(a plan file the Action's one-step apply saved)";
  return why === 'no-terminal' ? '(no plan file, and no terminal to ask)' : '(--auto-approve without a plan file)';
}

function describeOneWarning(warning: PlanWarning, selection: RunSelection | undefined, shell: Shell, driftKept: UnreviewedWhy | false): string {
  const pull = (uid = '') => renderNextCommand(selection, `pull ${uid}`.trim());
  switch (warning.kind) {
    case 'drift':
      if (warning.resource === 'library-panel') {
        if (warning.pruned) {
          return (
            `drift: library panel ${warning.uid} ${quoteText(warning.title)} was last changed in Grafana by ${describeSaver(warning.updatedBy, 'library panel')} at ${warning.updated} ` +
            `(version ${warning.version}), not by dashsync, which created it; ${driftKept ? describeDriftKept('version', pull(warning.uid), shell, driftKept) : describePrunedEdit('change', pull(warning.uid))}`
          );
        }
        const changed = `drift: library panel ${warning.uid} ${quoteText(warning.title)} was last changed in Grafana by ${describeSaver(warning.updatedBy, 'library panel')} at ${warning.updated} (version ${warning.version}), not by dashsync`;
        const leftOut = warning.liveDirectoryLeftOut;
        // Out of the folder of a directory this run leaves out (another environment's): the file's directory decides the folder.
        if (leftOut !== undefined && warning.sameContent) return `${changed}; ${describeSameContentLeftOut(leftOut)}`;
        const placed = leftOut === undefined ? '' : `; ${describeLeftOutMove(leftOut)}`;
        if (driftKept) return `${changed}${placed}; ${describeDriftKept('version', pull(warning.uid), shell, driftKept)}`;
        return `${changed}${placed}; applying replaces that version with the file: the change is lost unless the file already holds it (${describeBringIn(pull(warning.uid))})`;
      }
      if (warning.metadataEdited) {
        // A labels or annotations edit through /apis leaves the generation: dashsync's record tells it, not who or when.
        return (
          `drift: ${warning.uid} ${quoteText(warning.title)}: its labels or annotations were changed in Grafana (Grafana does not record by whom) since version ${warning.version}, not by dashsync; ` +
          (driftKept
            ? describeDriftKept('edit', pull(warning.uid), shell, driftKept)
            : `applying replaces them with the file's: the edit is lost unless the file already holds it (${describeBringIn(pull(warning.uid))})`)
        );
      }
      const movedOnly =
        warning.movedOnlyIn !== undefined && warning.liveFolderTitle !== undefined && warning.file !== undefined && !warning.pruned
          ? describeMovedOnly({ movedOnlyIn: warning.movedOnlyIn, liveFolderTitle: warning.liveFolderTitle, file: warning.file, ...(warning.moveTo !== undefined && { moveTo: warning.moveTo }) }, renderNextCommand(selection, 'plan'))
          : undefined;
      const savedBy =
        warning.restoredFrom !== undefined
          ? describeRestoredSave({ ...warning, restoredFrom: warning.restoredFrom })
          : warning.uncommittedPush
          ? describeUncommittedPush(warning)
          : `drift: ${warning.uid} ${quoteText(warning.title)} was last saved in Grafana by ${describeSaver(warning.updatedBy)}${warning.updated ? ` at ${warning.updated}` : ''} ` +
            `(version ${warning.version}${warning.message ? `, ${quoteText(warning.message)}` : ''}), not by dashsync` +
            (warning.provisionedFrom === undefined ? '' : describeProvisionedMove(warning.provisionedFrom));
      if (movedOnly !== undefined) {
        return (
          `${savedBy}; ${movedOnly.what}` +
          (driftKept ? `; ${describeDriftKept('move', pull(warning.uid), shell, driftKept, undefined, { keepMove: movedOnly.keepMove })}` : `, which applying undoes (${movedOnly.keepMove})`)
        );
      }
      return (
        `${savedBy}${warning.restoredFrom !== undefined || warning.uncommittedPush ? '' : warning.pushBeyondHistory ? PUSH_BEYOND_HISTORY : warning.pruned ? ', which pushed an earlier version' : ''}` +
        `${warning.historyUnread === undefined ? '' : describeMoveUnconfirmed(warning.historyUnread)}` +
        `${warning.liveDirectoryLeftOut !== undefined && !warning.sameContent && !warning.pruned ? `; ${describeLeftOutMove(warning.liveDirectoryLeftOut)}` : ''}; ` +
        (warning.pruned && !driftKept
          ? describePrunedEdit('edit', pull(warning.uid), warning.uidChangedTo && { ...warning.uidChangedTo, from: warning.uid })
          : warning.sameContent
          ? warning.liveDirectoryLeftOut !== undefined
            ? describeSameContentLeftOut(warning.liveDirectoryLeftOut)
            : warning.pushUnknown ? describePushUnknown(pull(warning.uid)) : describeSameContent(pull(warning.uid))
          : driftKept
          ? // Where the history could not be read, the pull cannot tell a move made in git from one made in Grafana either: it takes Grafana's folder and says so.
            describeDriftKept(
              'version',
              pull(warning.uid),
              shell,
              driftKept,
              warning.uidChangedTo && { ...warning.uidChangedTo, from: warning.uid },
              warning.historyUnread === undefined ? {} : { takesGrafanas: true },
            )
          : `applying replaces that version with the file: the edit is lost unless the file already holds it (${describeBringIn(pull(warning.uid))})`)
      );
    case 'max-deletes':
      return (
        `${deletesExceed(warning.deletes)} maxDeletes ${warning.maxDeletes}: apply refuses ${warning.deletes === 1 ? 'it' : 'them'} unless its limit is ${describeDeleteLimitNeeded(warning.deletes, shell, selection?.config ?? DEFAULT_CONFIG_FILE)}; ` +
        'review the deletes; if one is a mistake, fix the tree or the prune scope and plan again'
      );
    case 'title-clash':
      if (warning.otherFile !== undefined) {
        return (
          `title clash: ${warning.uid} ${quoteText(warning.title)} goes to ${describeClashFolder(warning)}, ` +
          `and the file ${warning.otherFile} in this tree (dashboard ${warning.otherUid}) has the same title ${titleClashRule(warning)}`
        );
      }
      if (warning.otherManager !== undefined) {
        const manager = describeManager({ manager: warning.otherManager, id: warning.otherManagerId ?? '', allowsUpdates: false });
        return (
          `title clash: ${warning.uid} ${quoteText(warning.title)} goes to ${describeClashFolder(warning)}, where dashboard ${warning.otherUid}, ${manager}, already has that title: ` +
          `dashsync never writes it, so give this file another title, or change that one where it is managed ${titleClashRule(warning)}`
        );
      }
      return (
        `title clash: ${warning.uid} ${quoteText(warning.title)} goes to ${describeClashFolder(warning)}, ` +
        `where dashboard ${warning.otherUid} already has that title ${titleClashRule(warning)}`
      );
    case 'provisioned':
      return `${ownerLabel({ manager: warning.manager ?? 'provisioning' })}: ${warning.message}`;
    case 'owned-no-file':
      return describeOwnedNoFile(warning, selection);
    case 'owners-not-seen':
      return describeOwnersNotSeen(warning, selection, shell);
    case 'owners-not-judged':
      return describeOwnersNotJudged(warning, selection, shell);
    case 'format':
      return describeFormat(warning, pull(warning.uid));
    case 'schema-migration':
      return (
        `schema migration: ${warning.uid} ${quoteText(warning.title)} (${warning.file}) goes through /apis, where Grafana ${warning.maybe ? 'may migrate' : 'migrates'} it on write ` +
        `(schemaVersion ${describeMigrationSteps(warning)}: panels such as singlestat become stat, datasource names become references); ` +
        'later plans and dashsync pull take what Grafana stores for the file (no change; the file keeps its schemaVersion)'
      );
    case 'recently-deleted':
      return (
        `recently deleted: ${warning.uid} ${quoteText(warning.title)} is planned as a create, but a dashboard with this uid is in Grafana's "Recently deleted", ` +
        `which keeps the uid taken (Grafana 11): apply's create will be refused. Take it back with ${renderNextCommand(selection, `restore ${warning.uid}`)} and plan again, ` +
        `delete it for good on Grafana's "Recently deleted" page, or give the file another uid`
      );
    case 'in-recently-deleted': {
      const at = warning.deletedAt === null ? '' : ` at ${warning.deletedAt}`;
      // dashsync's own delete: said so, why where its backup says, with the credentials it ran with and the backup it took first (walk-70 L5, rev-71 L4).
      const as = warning.deletedBy === null ? '' : ` (as ${quoteText(warning.deletedBy)})`;
      // A backup from within the hour that cannot be told to be this delete's, or not (markPrunedInTrash): not known, never a guess.
      const maybe = warning.maybeBackup === undefined ? '' : `; whether that was dashsync's delete, backed up first to ${warning.maybeBackup}, is not known`;
      const deleted =
        warning.backup === undefined
          ? `it was deleted in Grafana${at}${warning.deletedBy === null ? '' : ` by ${quoteText(warning.deletedBy)}`}${maybe}`
          : warning.uidChangedTo !== undefined
            ? `dashsync deleted it${at}${as} when its file's uid changed to ${escapeText(warning.uidChangedTo.uid)}, backed up first to ${warning.backup}`
            : `${warning.pruned ? "dashsync's prune" : 'dashsync'} deleted it${at}${as}, backed up first to ${warning.backup}`;
      return (
        `recently deleted: ${warning.file} ${quoteText(warning.title)} (uid ${warning.uid}) is planned as a create, but ${deleted}; it is in "Recently deleted": ` +
        `${renderNextCommand(selection, `restore ${warning.uid}`)} brings it back as it was deleted, with its id; apply makes a new one from the file, and Grafana then lists the deleted one no more` +
        (warning.byUser ? ' (an apply no one reviewed leaves it deleted, a conflict, unless run with --force)' : '')
      );
    }
    case 'title-held-in-trash': {
      const [keeps, will] = warning.maybe ? ['may keep', 'may'] : ['keeps', 'will'];
      return (
        `${warning.file} takes the title ${quoteText(warning.title)} from ${warning.deletedUid}, which this plan deletes, but this Grafana ${keeps} a deleted dashboard in "Recently deleted" ` +
        `with its title still taken in the folder, so the save ${will} be refused: apply with --delete-mode hard as an org Admin (the purge frees the title), or give the file another title`
      );
    }
    case 'restore-needs-admin':
      return (
        `restore needs an org Admin: ${warning.deletes === 1 ? 'the dashboard this plan deletes goes' : `the ${warning.deletes} dashboards this plan deletes go`} to Grafana's "Recently deleted", ` +
        'which only an org Admin can take dashboards back from (these credentials may not even list it), and which keeps their uids taken (Grafana 11), ' +
        'so their files cannot create them again either: bringing one back will need dashsync restore with an org Admin\'s credentials'
      );
    case 'read-only':
      return (
        `read-only credentials${warning.environment === undefined ? '' : ` of environment ${warning.environment}`}: Grafana lists no permission for these credentials to ${describeWrites(warning.writes ?? [])} in ${warning.orgId === null ? 'their org' : `org ${warning.orgId}`} ` +
        `(no ${joinOr(writeActionNames(warning.writes))}: a Viewer's, with no folder granting more): ` +
        "they can plan but not apply (HTTP 403); apply needs an Editor's or Admin's token (expected where plans use a Viewer's and apply its own)"
      );
    case 'drift-not-checked':
      return `drift not checked for ${someUids(warning.uids)}${warning.deletes ? ' the plan deletes' : ''}: ${describeHistoryUnread(warning)}`;
    case 'not-writable': {
      const where = warning.folderUid === null ? 'the General level' : `folder ${quoteText(warning.folderTitle)} (${warning.folderUid})`;
      const changes = warning.changes === 1 ? '1 change' : `${warning.changes} changes`;
      return (
        `not writable: ${changes} in ${where}: these credentials have no ${warning.permissions.join(' or ')} there; ` +
        `apply will be refused for ${warning.changes === 1 ? 'it' : 'them'}`
      );
    }
    case 'not-in-branch':
      return describeNotInBranch(warning);
    case 'name-not-nfc':
      return `${warning.path}: ${warning.message} (name-not-nfc)`;
    case 'unreadable':
      return describeUnreadable(warning, shell);
    case 'shallow-history':
    case 'other':
    case 'note':
      // A plan saved by one shell and printed by the other speaks the printer's words (wordedForShells).
      return shell === 'action' ? (warning.actionMessage ?? warning.message) : warning.message;
    case 'look-alike-replaced':
      return warning.message;
  }
}

/**
 * The format warning: Grafana stores the dashboard in the other schema family than its file. The pull that keeps Grafana's
 * rewrites the file, which other environments may deploy too: then the line says so, and that applying is the choice
 * that keeps the file (a v2 file promoted over a classic dashboard: the pull would undo its v2 for them).
 */
function describeFormat(warning: Extract<PlanWarning, { kind: 'format' }>, pull: string): string {
  const stored = `format: ${warning.uid} ${quoteText(warning.title)} is stored in Grafana as ${warning.stored}`;
  const others = warning.sharedWith ?? [];
  if (others.length === 0) return `${stored} and its file holds ${warning.file}; applying replaces Grafana's dashboard with the file's (to keep Grafana's, run ${pull} first)`;
  const them = `${others.length === 1 ? 'environment' : 'environments'} ${others.join(', ')}`;
  // Grafana's form would stop another environment's plan (check's v2-unserved): no pull is advised, the rule's sentence says what is.
  if (warning.unserved !== undefined) {
    return `${stored} and its file, which ${them} ${others.length === 1 ? 'deploys' : 'deploy'} too, holds ${warning.file}: applying takes the file's here, which keeps it deployable there; pulling Grafana's form would not: ${warning.unserved}`;
  }
  return (
    `${stored} and its file, which ${them} ${others.length === 1 ? 'deploys' : 'deploy'} too, holds ${warning.file}: applying takes the file's here; ` +
    `to keep Grafana's instead, ${pull} rewrites that shared file as Grafana's ${warning.stored === CLASSIC_STORED ? 'classic dashboard' : 'form'}, which changes it for ${them} too`
  );
}

/** What the plan does to the dashboard a commit HEAD does not contain deployed: changes it back to this branch's file, or deletes it. */
const UNDOES: Record<Extract<PlanWarning, { kind: 'not-in-branch' }>['action'], string> = {
  update: "changes it back to this branch's file",
  move: "moves it back to this branch's folder",
  delete: 'deletes it (this branch has no file for it)',
};

function describeNotInBranch(warning: Extract<PlanWarning, { kind: 'not-in-branch' }>): string {
  const saved = `${warning.uid} ${quoteText(warning.title)} (version ${warning.version}) was saved by dashsync from commit ${warning.commit}${warning.subject ? ` ${quoteText(warning.subject)}` : ''}`;
  if (warning.anotherRepository === 'unrelated') {
    return (
      `from another repository: ${saved}, whose history this branch shares none of (another repository's push, not a branch of this one); ` +
      `this plan replaces it: it ${UNDOES[warning.action]}. No rebase can bring it in: expected where this repository takes over from that one; ` +
      'if that repository still deploys this dashboard, leave it to one of the two'
    );
  }
  if (warning.anotherRepository === 'taken-over') {
    return (
      `from another repository: ${saved}, which this repository does not have, in a folder this tree takes over ` +
      `(its _folder.json claims the uid derived from its path, which the other repository's directory derives too); this plan replaces that push: it ${UNDOES[warning.action]}`
    );
  }
  if (warning.anotherRepository === 'outside-tree') return describeOutsideTree(warning, saved);
  if (warning.inRepository) {
    return (
      `not in this branch: ${saved}, which HEAD does not contain; this plan reverts it: it ${UNDOES[warning.action]}. ` +
      'Rebase this branch on that commit (on main, once it is merged there) and plan again'
    );
  }
  return (
    `not in this clone: ${saved}, which this repository does not have (not fetched yet, or another repository's); ` +
    `if this branch lacks it, this plan reverts it: it ${UNDOES[warning.action]}. Fetch every branch (${FETCH_EVERY_BRANCH}) and plan again to know` +
    '; an apply no one reviewed leaves it untouched'
  );
}

/** What the plan does to another repository's dashboard in a folder the tree does not hold: it never was this branch's to put back. */
const TAKES: Record<Extract<PlanWarning, { kind: 'not-in-branch' }>['action'], string> = {
  update: "replaces it with this branch's file",
  move: "moves it out of that folder into this branch's and replaces it with this branch's file",
  delete: 'deletes it (this branch has no file for it)',
};

/**
 * A push of another repository's in a folder no directory of this tree holds (no fetch brings that commit in): a write is a
 * file that took a uid that lives elsewhere; a delete is prune's (the "all" scope), which takes it from its folder.
 */
function describeOutsideTree(warning: Extract<PlanWarning, { kind: 'not-in-branch' }>, saved: string): string {
  const folder = quoteText(warning.folderTitle ?? warning.folderUid ?? '');
  const whose = warning.externalListed ? `its folder ${folder} is listed in externalFolders` : `its folder ${folder} (${warning.folderUid}) is no directory of this tree's`;
  const advice =
    warning.action === 'delete'
      ? "if that repository still deploys it, prune's folders scope leaves it alone"
      : 'if your file is not that dashboard, give it another uid; an apply no one reviewed leaves it untouched';
  return `from another repository: ${saved}, which this repository does not have, another repository's push (${whose}); this plan takes it: it ${TAKES[warning.action]}. ${capitalize(advice)}`;
}

/** `27 → 42`, `27 → at least 41`, or for a file at a hidden release's floor `41 → at least 42 if its release migrates past 41, which its version does not tell`. */
export function describeMigrationSteps(migration: Extract<PlanWarning, { kind: 'schema-migration' }>): string {
  const steps = `${migration.from} → ${migration.atLeast ? 'at least ' : ''}${migration.to}`;
  return migration.maybe ? `${steps} if its release migrates past ${migration.from}, which its version does not tell` : steps;
}

/**
 * After a drift line's saver, for a move of a dashboard file provisioning also keeps (allowUiUpdates): the move is Grafana's
 * own, and its provisioner leaves it (pkg/services/provisioning/dashboards/file_reader.go: an unchanged file is not saved again,
 * but for a dashboard found at the General level, which goes back into the provider's folder).
 */
function describeProvisionedMove(file: string): string {
  return (
    `; it is also provisioned from ${file ? `file ${file}` : 'a file'} (allowUiUpdates), and the move was made in Grafana: its provisioner leaves it in the folder it was moved to ` +
    'until that file changes (a move to the General level it undoes on its next scan)'
  );
}

/** Why a title clash matters: Grafana ≤ 11.2 refuses the save; a later one takes it, and the folder then shows that title twice. */
function titleClashRule(warning: { allowed?: true }): string {
  return warning.allowed ? '(this Grafana allows it, as 11.3 and later do: the folder then lists two dashboards of that title)' : '(Grafana 11.2 and older refuse it)';
}

function describeClashFolder(warning: { folderUid: string | null; folderTitle?: string }): string {
  if (warning.folderUid === null) return 'the General level';
  return warning.folderTitle === undefined ? `folder ${warning.folderUid}` : `folder ${quoteText(warning.folderTitle)}`;
}

/** Up to this many uids are named in the owned-no-file line; past it, the JSON output lists them. */
const OWNED_NAMED = 10;

function describeOwnedNoFile(warning: Extract<PlanWarning, { kind: 'owned-no-file' }>, selection: RunSelection | undefined): string {
  const count = warning.uids.length;
  const owners = Object.entries(warning.owners).map(([kind, n]) => `${kind} ${n}`).join(', ');
  // Through /api on 12+ only file provisioning shows: the count is of the owners seen, not of all there are.
  const seen = warning.ownersUnseen ? ' (api "legacy" sees file provisioning only)' : '';
  return `${count === 1 ? '1 dashboard another tool manages has' : `${count} dashboards other tools manage have`} no file here; prune leaves ${count === 1 ? 'it' : 'them'}${seen}: ${owners}: ${nameOwned(warning.uids, selection)}`;
}

function nameOwned(uids: readonly string[], selection: RunSelection | undefined): string {
  const count = uids.length;
  return count <= OWNED_NAMED ? uids.join(', ') : `${uids.slice(0, OWNED_NAMED).join(', ')} and ${count - OWNED_NAMED} more (${renderNextCommand(selection, ['plan', '--format', 'json'])} lists each)`;
}

/** Prune's deletes held because api "legacy" cannot see who manages them (OwnersUnseen): the plan that can, with the run's options. */
function describeOwnersNotSeen(warning: Extract<PlanWarning, { kind: 'owners-not-seen' }>, selection: RunSelection | undefined, shell: Shell): string {
  const count = warning.uids.length;
  if (warning.apisUnanswered) {
    return (
      `${count} ${count === 1 ? 'delete' : 'deletes'} held: ${describeApisUnanswered(warning.grafana)}; prune through /api deletes only dashboards dashsync saved last: ` +
      `${planReachingApis(selection, shell)} deletes the others no tool manages: ${nameOwned(warning.uids, selection)}`
    );
  }
  return (
    `${count} ${count === 1 ? 'delete' : 'deletes'} held: ${describeLegacyOwnersUnseen(warning.grafana)}; prune under legacy deletes only dashboards dashsync saved last: ` +
    `${planWithApiAuto(selection, shell)} deletes the others no tool manages: ${nameOwned(warning.uids, selection)}` +
    (warning.unlisted === undefined ? '' : `. Grafana could not list the version history of ${nameOwned(warning.unlisted, selection)}, which would show whether dashsync saved ${warning.unlisted.length === 1 ? 'it' : 'them'} last: held as not known to be dashsync's`)
  );
}

/**
 * What the apply of a saved plan held of the deletes that plan could not judge (ApplyResult.deletesHeld), one line per kind:
 * those whose history shows dashsync did not save it last in the words of the plan's own hold (owners-not-seen), and those whose history
 * these credentials may not read either, with what lets the apply judge them.
 */
export function describeDeletesHeld(
  held: readonly { uid: string; owner: DeleteHeldOwner }[],
  plan: { grafana: string; apisUnanswered?: true },
  selection: RunSelection | undefined,
  shell: Shell,
): string[] {
  const { grafana, apisUnanswered } = plan;
  const others = held.filter((entry) => entry.owner === 'others').map((entry) => entry.uid).sort();
  const unread = held.filter((entry) => entry.owner === 'unread').map((entry) => entry.uid).sort();
  const uncommitted = held.filter((entry) => entry.owner === 'uncommitted').map((entry) => entry.uid).sort();
  const token = shell === 'cli' ? 'apply the plan with credentials that may read version history' : 'apply the plan with a grafana-token input that may read version history';
  const why = apisUnanswered ? describeApisUnanswered(grafana) : describeLegacyOwnersUnseen(grafana);
  const onApis = apisUnanswered ? `${planReachingApis(selection, shell)} judges them there` : `${planWithApiAuto(selection, shell)} judges them on /apis`;
  return [
    ...(others.length === 0 ? [] : [describeOwnersNotSeen({ kind: 'owners-not-seen', uid: null, uids: others, grafana, ...(apisUnanswered && { apisUnanswered }) }, selection, shell)]),
    ...(unread.length === 0
      ? []
      : [
          `${unread.length} ${unread.length === 1 ? 'delete' : 'deletes'} held: ${why}; prune ${apisUnanswered ? 'through /api' : 'under legacy'} deletes only dashboards dashsync saved last, ` +
            `and the version history that shows which those are could not be read (these credentials may not read it, or Grafana could not list it): ${token} (${EDITOR_READS_HISTORY}), ` +
            `or ${onApis}: ${nameOwned(unread, selection)}`,
        ]),
    ...(uncommitted.length === 0 ? [] : [describeUncommittedHeld(uncommitted, selection, shell)]),
  ];
}

/**
 * The held deletes whose history shows dashsync's push of a file HEAD did not hold (`[uncommitted]`): the plan, which could not read
 * that history, never showed the reviewer that the delete loses a version no commit holds. A plan that reads it does (as drift).
 */
function describeUncommittedHeld(uids: readonly string[], selection: RunSelection | undefined, shell: Shell): string {
  const one = uids.length === 1;
  const plan = shell === 'cli' ? `A new plan with credentials that may read version history (${EDITOR_READS_HISTORY}; ${renderNextCommand(selection, 'plan')})` : 'A new plan with a grafana-token input that may read version history';
  const pull = renderNextCommand(selectionInShellWords(selection, shell), ['pull', ...uids]);
  return (
    `${uids.length} ${one ? 'delete' : 'deletes'} held: dashsync saved ${one ? 'it' : 'them'} last from a checkout whose file held changes not committed ` +
    `(${one ? 'its version message says' : 'their version messages say'} [uncommitted]): no commit holds ${one ? 'that version' : 'those versions'}, and the plan, whose credentials could not read version history, did not show it. ` +
    `${plan} shows ${one ? 'it' : 'each'} as a change no commit holds, to review before its apply deletes ${one ? 'it' : 'them'} (backed up first); to keep ${one ? 'it' : 'them'}, ${pull} writes the ${one ? 'file' : 'files'} back into the tree (commit ${one ? 'it' : 'them'}): ${nameOwned(uids, selection)}`
  );
}

/** Whose credentials may read a dashboard's version history through /api. */
const EDITOR_READS_HISTORY = "an Editor's: Grafana needs dashboards:write, Edit on the dashboard's folder";

/** The words of a held delete's own line (its apply outcome `held`): the grouped line after the deletes says what to do. */
export function describeDeleteHeld(owner: DeleteHeldOwner): string {
  if (owner === 'uncommitted') return 'not deleted: its version history shows dashsync saved it last from a file no commit holds ([uncommitted]), which the plan could not show';
  return owner === 'others'
    ? `not deleted: its version history shows dashsync did not save it last, and api "legacy" does not show which tool manages it`
    : 'not deleted: its version history, which shows whether dashsync saved it last, could not be read here either (these credentials may not read it, or Grafana could not list it)';
}

/** Why api "legacy" cannot tell another tool's dashboard from one dashsync pushed on Grafana 12+, but by its version history. */
function describeLegacyOwnersUnseen(grafana: string): string {
  return `api "legacy" reads /api, ${describeApiHidesOwners(grafana)}`;
}

/** Why api "auto" could not tell another tool's dashboard either, where its /apis did not answer (OwnersUnseen.apisUnanswered). */
function describeApisUnanswered(grafana: string): string {
  return `/apis did not answer, so api "auto" read /api, ${describeApiHidesOwners(grafana)}`;
}

function describeApiHidesOwners(grafana: string): string {
  return `which does not show which tool manages a dashboard on ${grafana} (Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only)`;
}

/** The plans that read /apis where api "auto" fell back to /api: this one once /apis answers, or --api k8s, in the run's words. */
function planReachingApis(selection: RunSelection | undefined, shell: Shell): string {
  const k8s = shell === 'cli' ? renderNextCommand({ ...selection, api: undefined }, ['plan', '--api', 'k8s']) : 'a plan whose "args" input holds --api k8s';
  return `a plan that reaches /apis (this one once /apis answers here, or ${k8s}, which stops where it does not)`;
}

/**
 * The plan with --api auto, in the run's words: the CLI's command (a plan saved by it names the apply with the flag); the
 * Action's `args` input, of the apply step too, which without it applies through the config file's API and refuses the plan.
 */
function planWithApiAuto(selection: RunSelection | undefined, shell: Shell): string {
  return shell === 'cli' ? renderNextCommand({ ...selection, api: undefined }, ['plan', '--api', 'auto']) : 'a plan whose "args" input holds --api auto (its apply step\'s too)';
}

/**
 * Prune's deletes whose owner the plan could not judge (its credentials may not read their history): planned, and the apply
 * of the saved plan reads each one's history and deletes only those dashsync saved last (judgeOwnerBeforeDelete).
 */
function describeOwnersNotJudged(warning: Extract<PlanWarning, { kind: 'owners-not-judged' }>, selection: RunSelection | undefined, shell: Shell): string {
  const count = warning.uids.length;
  const who = warning.readOnlyToken ? 'a read-only token, as input read-only-token says,' : 'these credentials';
  const applier = warning.readOnlyToken ? "the apply job's token" : 'the apply';
  return (
    `owner not judged for ${count === 1 ? '1 delete' : `${count} deletes`}: ${warning.apisUnanswered ? describeApisUnanswered(warning.grafana) : describeLegacyOwnersUnseen(warning.grafana)}, and ${who} may not read ` +
    `${count === 1 ? 'its' : 'their'} version history, which shows whether dashsync saved ${count === 1 ? 'it' : 'them'} last, so another tool may manage ${count === 1 ? 'it' : 'some of them'}; ` +
    `the apply decides: ${applier} reads each one's history before its backup and deletes only dashboards dashsync saved last, holding the others ` +
    `(all of them, where it may not read the history either); ${judgesNow(warning, selection, shell)} judges them now: ${nameOwned(warning.uids, selection)}`
  );
}

/**
 * What judges the owners of such deletes at plan time: a plan with --api auto, which reads /apis; where this run was that plan
 * and its /apis did not answer (review-63 L1), one with credentials that may read version history, or one that reaches /apis.
 * A read-only token is never advised a writing role (fix-63c): only /apis is left to it.
 */
function judgesNow(warning: Extract<PlanWarning, { kind: 'owners-not-judged' }>, selection: RunSelection | undefined, shell: Shell): string {
  if (!warning.apisUnanswered) return planWithApiAuto(selection, shell);
  if (warning.readOnlyToken) return planReachingApis(selection, shell);
  const reader = shell === 'cli' ? 'a plan with credentials that may read version history' : 'a plan with a grafana-token input that may read version history';
  return `${reader} (${EDITOR_READS_HISTORY}), or ${planReachingApis(selection, shell)},`;
}
