import type { Shell } from '../describe-error.js';
import { MOVED_FOLDER_KEEPS_NO_GRANTS, ownPermissionsHide } from '../errors.js';
import type { PlanSummary, PlanWarning } from '../plan/types.js';
import type { SetApartSummary } from './render-summary.js';
import { plural } from '../plural.js';
import { quoteText } from './escape-untrusted.js';

type UnreadableWarning = Extract<PlanWarning, { kind: 'unreadable' }>;

/** `folder "K8s" (uid k8s, directory dashboards/infra/k8s)`, or `the General level`. */
function describeUnreadableFolder(warning: Pick<UnreadableWarning, 'uid' | 'folderTitle' | 'folderDir'>): string {
  if (warning.uid === null) return 'the General level';
  const title = warning.folderTitle === null ? '' : `${quoteText(warning.folderTitle)} `;
  return `folder ${title}(uid ${warning.uid}${warning.folderDir === null ? '' : `, directory ${warning.folderDir}`})`;
}

/**
 * What gives these credentials the folder back, for a plan (View, and Edit for the apply) or an apply (Edit), in the
 * shell's words; `folder`: the one to grant it on, when it is not the one just named.
 */
function describeFolderGrant(shell: Shell, step: 'plan' | 'apply', warning: UnreadableWarning, folder = 'that folder', former = false): string {
  const who = shell === 'cli' ? "these credentials' user or service account" : "the token's service account";
  const need = step === 'apply' ? `Edit on ${folder}` : shell === 'cli' ? `View on ${folder} to plan, Edit to apply` : `View on ${folder} for a plan step, Edit for an apply step`;
  // A folder the tree has at the top level was not moved there: no move back gives it the grants its own permissions lost (walk-65 L4).
  if (warning.hidingFolderAtTop) return `grant ${who} ${need} (${ownPermissionsHide(folder === 'that folder' ? 'it' : folder, former)})`;
  // The tree's place is what is known (dashsync may never have made the folder: a tree adopted by pull); a former folder's is where the tree had it.
  return `${MOVED_FOLDER_KEEPS_NO_GRANTS}: grant ${who} ${need}, or move ${folder === 'that folder' ? 'the folder' : folder} back where the tree ${former ? 'had' : 'has'} it`;
}

/** A refused read of dashboards whose tree folder these credentials can read (listed, not hidden): that folder is not what hides them. */
function movedAway(warning: UnreadableWarning): boolean {
  return !warning.folderHidden && !warning.inferred && warning.below === undefined && warning.formerFolder === undefined;
}

/** `folder "K8s" (uid k8s, directory dashboards/infra/k8s)`: the folder git shows the refused dashboards' files came from (the warning's `formerFolder`). */
function describeFormerFolder(warning: UnreadableWarning): string {
  return describeUnreadableFolder({ uid: warning.formerFolder ?? null, folderTitle: warning.formerFolderTitle ?? null, folderDir: warning.formerFolderDir ?? null });
}

/** Why the plan could not read what goes to the warning's folder: it is hidden, below a hidden one, or Grafana refused the dashboards' reads. */
function describeHiding(warning: UnreadableWarning): string {
  const where = describeUnreadableFolder(warning);
  if (warning.formerFolder !== undefined) {
    const count = plural(warning.uids.length, 'dashboard');
    const from = describeFormerFolder(warning);
    const them = warning.uids.length === 1 ? 'it' : 'them';
    return warning.formerFolderShown
      ? `Grafana refused these credentials a read of ${count} whose files go to ${where} from ${from}, where git shows the files were before, which these credentials can read ` +
          `(HTTP 403: Grafana keeps ${them} in another folder, which they cannot see, or ${warning.uids.length === 1 ? 'its own permissions hide it' : 'their own permissions hide them'})`
      : `Grafana refused these credentials a read of ${count} whose files go to ${where} from ${from}, where git shows the files were before, which they are not shown ` +
          `(HTTP 403: most likely it still holds ${them}, hidden by its permissions, as the move was never applied)`;
  }
  if (warning.below !== undefined && warning.inferred) return `${where} goes below folder ${warning.below}, which these credentials are not shown (Grafana refused them a read of dashboards whose files go there, HTTP 403)`;
  if (warning.below !== undefined) return `${where} goes below folder ${warning.below}, which these credentials cannot see (a read of it was refused, HTTP 403)`;
  if (warning.inferred) {
    return (
      `${where} is not shown to these credentials, and Grafana refused them a read of dashboards whose files go to it (HTTP 403): ` +
      'it is there, hidden by its permissions, or the folder that holds those dashboards in Grafana hides them (a refused read through /api does not say which)'
    );
  }
  if (warning.folderHidden) return `${where} exists in Grafana, hidden from these credentials by its permissions (a read was refused, HTTP 403)`;
  const them = warning.uids.length === 1 ? 'it' : 'them';
  return (
    `Grafana refused these credentials a read of ${plural(warning.uids.length, 'dashboard')} whose files go to ${where}, ${warning.folderAbsent ? 'which Grafana does not have yet (this plan creates it)' : 'which these credentials can read'} ` +
    `(HTTP 403: Grafana keeps ${them} in another folder, which they cannot see, or ${warning.uids.length === 1 ? 'its own permissions hide it' : 'their own permissions hide them'})`
  );
}

/**
 * The way back for dashboards the tree's folder no longer holds in Grafana (readable, unlike the one that hides them): that
 * folder's grants change nothing, so the words name the folder they were moved into, which only Grafana's UI shows.
 */
function describeMovedAwayGrant(shell: Shell, step: 'plan' | 'apply', count: number, where: string, absent?: FolderAbsence): string {
  const who = shell === 'cli' ? "these credentials' user or service account" : "the token's service account";
  const them = count === 1 ? 'it' : 'them';
  const on = `the ${count === 1 ? 'folder' : 'folders'} that ${count === 1 ? 'holds' : 'hold'} ${them} in Grafana`;
  const need = step === 'apply' ? `Edit on ${on}` : shell === 'cli' ? `View on ${on} to plan, Edit to apply` : `View on ${on} for a plan step, Edit for an apply step`;
  // A folder the plan creates is no place to move anything into before its apply has made it (review-65a M4).
  if (absent === 'not-made') return `grant ${who} ${need} (this apply did not make ${where}, where the tree has ${them})`;
  if (absent === 'plan') return `grant ${who} ${need}, or, once the apply has made ${where}, move ${them} into it in Grafana`;
  return `grant ${who} ${need}, or move ${them} into ${where} in Grafana${absent === 'made' ? ', which has it now' : ''}`;
}

/**
 * Of a warning's folder that was not in Grafana when the plan was made (`folderAbsent`, a folder the plan creates): at plan
 * time (`plan`), or after the apply, which made it or found it made (`made`), or did not (`not-made`). undefined: the folder was there.
 */
type FolderAbsence = 'plan' | 'made' | 'not-made';

/** The apply's FolderAbsence of the warning's folder, from the folders it made (or found made since the plan). */
function absenceAfterApply(warning: UnreadableWarning, madeFolders: ReadonlySet<string> | undefined): FolderAbsence | undefined {
  if (!warning.folderAbsent || warning.uid === null) return undefined;
  return madeFolders?.has(warning.uid) ? 'made' : 'not-made';
}

/**
 * The plan's line for the tree's dashboards hidden from these credentials by one folder (setApartUnreadable): each file
 * and uid once, what the plan did with them (nothing: neither created nor compared), and what gives the folder back.
 */
export function describeUnreadable(warning: UnreadableWarning, shell: Shell): string {
  const readable = new Set([...(warning.readable ?? []), ...(warning.usesPanels ?? [])]);
  const listOf = (uids: readonly string[]) => uids.map((uid) => `${warning.files[warning.uids.indexOf(uid)] ?? uid} (uid ${uid})`).join(', ');
  const unread = warning.uids.filter((uid) => !readable.has(uid));
  const count = unread.length;
  const done = !warning.folderHidden
    ? `neither compared nor written: ${listOf(unread)}`
    : count === 0
      ? 'not created, nor the folders the tree holds below it'
      : `not created, and the ${count === 1 ? 'dashboard' : `${count} dashboards`} of the tree in it neither created nor compared: ${listOf(unread)}`;
  const moved = warning.readable ?? [];
  const movedIn = moved.length === 0 ? '' : `; not moved there (no write in it can succeed): ${listOf(moved)}`;
  const using = warning.usesPanels ?? [];
  const users = using.length === 0 ? '' : `; not written, as ${using.length === 1 ? 'it uses' : 'each uses'} a library panel of the tree in it (its save would show that panel as an error): ${listOf(using)}`;
  const panels = warning.libraryPanels ?? [];
  const library =
    panels.length === 0
      ? ''
      : `; ${panels.length === 1 ? 'the library panel' : `the ${panels.length} library panels`} of the tree in it neither created nor compared: ${panels.map((panel) => `${panel.file} (uid ${panel.uid})`).join(', ')}`;
  const onlyTheirs = warning.usedOnlyByThem ?? [];
  const usedOnly =
    onlyTheirs.length === 0
      ? ''
      : `; not written, as only dashboards set apart here use ${onlyTheirs.length === 1 ? 'it' : 'them'}: ${onlyTheirs.length === 1 ? 'the library panel' : `the ${onlyTheirs.length} library panels`} ${onlyTheirs.map((panel) => `${panel.file} (uid ${panel.uid})`).join(', ')}`;
  const grantOn = warning.formerFolder !== undefined ? `folder ${warning.formerFolder}` : warning.below === undefined ? undefined : `folder ${warning.below}`;
  const grant =
    movedAway(warning) ? describeMovedAwayGrant(shell, 'plan', count, describeUnreadableFolder(warning), warning.folderAbsent ? 'plan' : undefined)
    : warning.formerFolderShown ? describeMovedAwayGrant(shell, 'plan', count, describeFormerFolder(warning))
    : describeFolderGrant(shell, 'plan', warning, grantOn, warning.formerFolder !== undefined);
  return `unreadable: ${describeHiding(warning)}: ${done}${movedIn}${users}${library}${usedOnly}; ${grant}`;
}

/**
 * Apply's `held:` line of a dashboard the plan could neither read nor write (after `held: <uid> "<title>" (<file>): `);
 * `madeFolders`: the folders Grafana holds since this apply (made by it, or found made), for a folder the plan created.
 */
export function describeUnreadableHeld(warning: UnreadableWarning, shell: Shell, madeFolders?: ReadonlySet<string>): string {
  return describeHeld(warning, shell, 'it', madeFolders);
}

/** Apply's `held:` line of a dashboard the plan read whose file goes to the hidden folder (the warning's `readable`). */
export function describeMovedIntoHiddenHeld(warning: UnreadableWarning, shell: Shell): string {
  return `its file goes to ${describeUnreadableFolder(warning)}, which these credentials could not see when the plan was made: ${describeHeldAdvice(warning, shell)}`;
}

/**
 * What an apply says of what it held: it did not look again (a saved plan may be older than a fix of the folder's
 * permissions), so a new plan first, and the grant where the folder still hides it.
 */
function describeHeldAdvice(warning: UnreadableWarning, shell: Shell, madeFolders?: ReadonlySet<string>): string {
  const grantOn = warning.formerFolder !== undefined ? `folder ${warning.formerFolder}` : warning.below === undefined ? undefined : `folder ${warning.below}`;
  if (warning.formerFolderShown) return `nothing was written for it; plan again (if it is still hidden, first: ${describeMovedAwayGrant(shell, 'apply', 1, describeFormerFolder(warning))})`;
  if (movedAway(warning)) {
    return `nothing was written for it; plan again (if it is still hidden, first: ${describeMovedAwayGrant(shell, 'apply', 1, describeUnreadableFolder(warning), absenceAfterApply(warning, madeFolders))})`;
  }
  return `nothing was written for it; plan again (if the folder still hides it, first: ${describeFolderGrant(shell, 'apply', warning, grantOn, warning.formerFolder !== undefined)})`;
}

/** Apply's `held:` line of a readable dashboard that uses a library panel of the tree in the hidden folder (the warning's `usesPanels`). */
export function describeUsesHiddenPanelHeld(warning: UnreadableWarning, shell: Shell): string {
  return `it uses a library panel whose file goes to ${describeUnreadableFolder(warning)}, which these credentials could not see when the plan was made (that panel was not written): ${describeHeldAdvice(warning, shell)}`;
}

/** Apply's `held:` line of a library panel of the tree in the hidden folder (the warning's `libraryPanels`). */
export function describeUnreadableLibraryPanelHeld(warning: UnreadableWarning, shell: Shell): string {
  return describeHeld(warning, shell, 'that library panel');
}

/** Apply's `held:` line of a library panel of the tree that only dashboards the plan set apart use (the warning's `usedOnlyByThem`). */
export function describeUsedOnlyByHeld(warning: UnreadableWarning, shell: Shell, madeFolders?: ReadonlySet<string>): string {
  return `only dashboards this apply holds use it (their held lines say why): ${describeHeldAdvice(warning, shell, madeFolders)}`;
}

function describeHeld(warning: UnreadableWarning, shell: Shell, it: string, madeFolders?: ReadonlySet<string>): string {
  const where = describeUnreadableFolder(warning);
  const why =
    warning.formerFolder !== undefined
      ? `its file was in ${describeFormerFolder(warning)} before, ${warning.formerFolderShown ? 'which these credentials could read, but Grafana kept it in another folder, which they could not see when the plan was made, or its own permissions hid it' : 'which these credentials could not see when the plan was made'}`
    : warning.below !== undefined ? `its folder ${where} went below folder ${warning.below}, which these credentials could not see when the plan was made`
    : warning.inferred ? `${where}, or the folder that holds it in Grafana, hid it from these credentials when the plan was made`
    : warning.folderHidden ? `${where} hid it from these credentials when the plan was made`
    : `its file goes to ${where}, ${warning.folderAbsent ? 'which Grafana did not have yet' : 'which these credentials could read'}, but Grafana kept it in another folder, which they could not see when the plan was made, or its own permissions hid it`;
  return `${why}, so the plan could not read ${it}: ${describeHeldAdvice(warning, shell, madeFolders)}`;
}

/**
 * Why a plan with unreadable dashboards exits 1 (printed, and saved, all the same): it is not a whole plan, and its apply
 * does not succeed either; `--detailed-exitcode`'s 0 or 2 would tell a script that it saw every file.
 */
export function describeUnreadablePlan(summary: SetApartSummary & Pick<PlanSummary, 'uidChangesHeld'>, shell: Shell): string {
  const held = summary.uidChangesHeld ?? 0;
  const unread = (summary.unreadable ?? 0) + (summary.notMovedIntoHidden ?? 0) + (summary.usesHiddenPanels ?? 0) + (summary.unreadableLibraryPanels ?? 0) > 0 ? describeUnreadParts(summary, shell) : '';
  // A change of uid whose old dashboard prune holds: its create is not made, so the apply fails (review-66b M2).
  const uidChanges = held === 0 ? '' : `${plural(held, 'change of uid')} ${held === 1 ? 'is' : 'are'} not made (prune holds the old dashboard's delete; ${held === 1 ? 'its note says' : 'their notes say'} why and what to do): the apply does not create ${held === 1 ? 'the new uid' : 'the new uids'} and fails`;
  return [unread, uidChanges].filter(Boolean).join('; and ');
}

function describeUnreadParts(summary: SetApartSummary, shell: Shell): string {
  const count = summary.unreadable ?? 0;
  const moved = summary.notMovedIntoHidden ?? 0;
  const using = summary.usesHiddenPanels ?? 0;
  const grant = shell === 'cli' ? 'grant these credentials View on the folder its warning names (Edit to apply)' : "grant the token's service account View on the folder its warning names (Edit for an apply step)";
  const panels = summary.unreadableLibraryPanels ?? 0;
  if (count === 0 && moved === 0 && using === 0) {
    const them = panels === 1 ? 'it' : 'them';
    return (
      `the plan could not read ${plural(panels, 'library panel')} of the tree (a folder's permissions hide ${them} from these credentials): ` +
      `${panels === 1 ? 'it is' : 'they are'} neither compared nor written, so this is not a whole plan, and its apply holds ${them} and fails; ${grant}, then plan again`
    );
  }
  const notMoved = `${plural(moved, 'dashboard')} of the tree into the folder ${moved === 1 ? 'its file goes' : 'their files go'} to, which these credentials cannot see`;
  // Read and comparable, but its save would show a library panel the plan does not write (in a folder it cannot see) as an error.
  const notWritten = `${plural(using, 'dashboard')} of the tree that ${using === 1 ? 'uses' : 'use'} a library panel in a folder these credentials cannot see`;
  if (count === 0) {
    const held = moved + using;
    const it = held === 1 ? 'it' : 'them';
    const cannot = [moved > 0 ? `move ${notMoved}` : '', using > 0 ? `write ${notWritten} (${using === 1 ? 'its save' : 'their saves'} would show that panel as an error)` : ''].filter(Boolean).join(', nor ');
    const not = moved > 0 && using > 0 ? 'neither moved nor written' : moved > 0 ? 'not moved' : 'not written';
    return `the plan cannot ${cannot}: ${held === 1 ? 'it is' : 'they are'} ${not}, and its apply holds ${it} and fails; ${grant}, then plan again`;
  }
  const them = count === 1 ? 'it' : 'them';
  const nor = [moved === 0 ? '' : `; nor can it move ${notMoved}`, using === 0 ? '' : `; nor can it write ${notWritten}`].join('');
  return (
    `the plan could not read ${plural(count, 'dashboard')} of the tree (a folder's permissions hide ${them} from these credentials): ` +
    `${count === 1 ? 'it is' : 'they are'} neither compared nor written${nor}, so this is not a whole plan, and its apply holds ${moved + using === 0 ? them : 'them all'} and fails; ${grant}, then plan again`
  );
}

/** Whether the plan set dashboards (or library panels) of the tree apart, or holds changes of uid (describeUnreadablePlan): it exits 1, as its apply does. */
export function setsDashboardsApart(summary: SetApartSummary & Pick<PlanSummary, 'uidChangesHeld'>): boolean {
  return (summary.unreadable ?? 0) + (summary.notMovedIntoHidden ?? 0) + (summary.usesHiddenPanels ?? 0) + (summary.unreadableLibraryPanels ?? 0) + (summary.uidChangesHeld ?? 0) > 0;
}
