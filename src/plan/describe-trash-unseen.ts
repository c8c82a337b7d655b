import { renderNextCommand, selectionInShellWords, type RunSelection } from '../report/next-command.js';
import { quoteText } from '../report/escape-untrusted.js';
import type { DashboardAction, PlanWarning } from './types.js';
import type { TrashEntriesSeen } from '../grafana/trash-entries-seen.js';
import { wordedForShells } from './worded-for-shells.js';
import type { HeldBeforeNotShown, PathsHeldBefore } from '../git/read-paths-held-before.js';
import type { Shell } from '../describe-error.js';
import { fetchFullHistory } from '../report/fetch-full-history.js';

/** Which entries of "Recently deleted" these credentials are shown, as the note words it (Grafana 12.0.x's rule: review-69a M2). */
function describeEntriesShown(hidden: Exclude<TrashEntriesSeen, 'all'>): string {
  return hidden === 'readable'
    ? 'the entries they may read now (Grafana 12.0 deletes the permissions of a folder, and of a General-level dashboard, with it)'
    : 'the entries they deleted themselves';
}

/** How many creates the note names before `and N more`. */
const SHOWN = 5;

/**
 * Pure (walk-64 L5): one note for the creates whose files the tree held before this commit (`heldBefore`, as the actions name
 * them; the caller passes, of a tree Grafana holds dashboards of, creates into folders Grafana has, and creates into folders the
 * plan makes that Grafana is known to have held: put back after a whole directory's prune) where "Recently deleted" was
 * read with credentials not shown every entry (`hidden`, TrashEntriesSeen `own`/`unknown`: Grafana
 * lists an entry only to whoever deleted the dashboard and to those who may set its permissions). Such a create is most often a
 * dashboard a person deleted in Grafana: an org Admin's restore would bring Grafana's copy back, with its id and permissions,
 * which the apply's new dashboard replaces. A "may", never a conflict: nothing tells it from a file never applied.
 *
 * Where the list could not be read (`hidden.unread`, review-68a H2) any entry may wait there, so every create is named (fixp-69):
 * those whose uid was live in Grafana before, by git's previous commit (`heldBefore`) or by a backup dashsync wrote of it
 * (`backedUp`: a delete of dashsync's, or a restore's, took one), in a note that names the failure and the uids, which an
 * apply no one reviewed holds (rev-68c H1); the others, with nothing to show Grafana ever held them (a new file, a tree
 * outside git or with one commit), in a note of their own that only says so: holding them would hold every new dashboard
 * while the list fails. Where git cannot show what the tree held (`heldBefore.notShown`: a shallow clone, git refusing the
 * repository or failing), every create is named as was-live, the note saying why and what lets git tell (review-70a H1, M3).
 */
export function describeTrashUnseen(
  creates: readonly DashboardAction[],
  heldBefore: PathsHeldBefore,
  selection: RunSelection,
  hidden: Exclude<TrashEntriesSeen, 'all'> | { unread: string } = 'own',
  backedUp: ReadonlySet<string> = new Set(),
): PlanWarning[] {
  const files = creates.filter((action) => action.action === 'create' && action.file !== null);
  const wasLive = (action: DashboardAction) => heldBefore.notShown !== null || heldBefore.held.has(action.file!) || (typeof hidden === 'object' && backedUp.has(action.uid));
  const named = files.filter(wasLive);
  const unknown = typeof hidden === 'object' ? files.filter((action) => !wasLive(action)) : [];
  return [...(named.length === 0 ? [] : [describeWasLive(named, heldBefore, selection, hidden)]), ...(typeof hidden === 'object' && unknown.length > 0 ? [describeNeverSeen(unknown, selection, hidden.unread)] : [])];
}

/** `dashboards/a.json "A" (uid a), … and N more`: the first few creates. */
function listCreates(named: readonly DashboardAction[]): string {
  const listed = named.slice(0, SHOWN).map((action) => `${action.file} ${quoteText(action.title)} (uid ${action.uid})`);
  return `${listed.join(', ')}${named.length > SHOWN ? ` and ${named.length - SHOWN} more` : ''}`;
}

function describeWasLive(named: readonly DashboardAction[], heldBefore: PathsHeldBefore, selection: RunSelection, hidden: Exclude<TrashEntriesSeen, 'all'> | { unread: string }): PlanWarning {
  const one = named.length === 1;
  // Every uid named, not a `<uid>` placeholder: pasted into a shell, `<uid>` is a redirection (rev-65c L1); restore takes many.
  const restore = (shell: 'cli' | 'action') => renderNextCommand(selectionInShellWords(selection, shell), ['restore', ...named.map((action) => action.uid)]);
  const { held, notShown } = heldBefore;
  const seen = (shell: Shell) => notShown !== null
    ? `git cannot show whether the tree held ${one ? 'its file' : 'their files'} before this commit (${describeNotShown(notShown, shell, selection, hidden)})`
    : named.every((action) => held.has(action.file!))
    ? `the tree held ${one ? 'its file' : 'their files'} before this commit`
    : named.every((action) => !held.has(action.file!))
      ? `dashsync backed ${one ? 'it' : 'them'} up from Grafana before (a backup of ${one ? 'its' : 'each'} uid in the backup directory)`
      : 'Grafana held them before (the tree held their files before this commit, or dashsync backed them up)';
  return {
    kind: 'note',
    uid: one ? named[0]!.uid : null,
    code: 'trash-unseen',
    // Unread, a person's delete cannot be told from a file never applied: an apply no one reviewed holds these (rev-68c H1).
    ...(typeof hidden === 'object' && { uids: named.map((action) => action.uid), trashUnread: hidden.unread }),
    ...wordedForShells(
      (shell) =>
        `recently deleted: ${listCreates(named)} ${one ? 'is' : 'are'} planned as ${one ? 'a create' : 'creates'}, but ${seen(shell)}: ` +
        (typeof hidden === 'object'
          ? `${one ? 'it' : 'they'} may have been deleted in Grafana, whose "Recently deleted" could not be listed (${hidden.unread}); ` +
            `once it can be, ${restore(shell)} brings Grafana's copy back if it waits there, with its id and history, where apply would make a new one from the file`
          : `${one ? 'it' : 'they'} may have been deleted in Grafana, whose "Recently deleted" shows these credentials only ${describeEntriesShown(hidden)} (an org Admin's see every one); ` +
            `${restore(shell)} with an org Admin's credentials brings Grafana's copy back, with its id and history, where apply would make a new one from the file`),
    ),
  };
}

/**
 * Why git cannot show what the tree held, and what lets it: fetching the whole history; past the deleted files dashsync reads,
 * a plan that reads "Recently deleted" whole (once it can be listed, or with an org Admin's credentials), which names only the
 * creates waiting there (rev-70c L6); or the git failure's own clause.
 */
function describeNotShown(notShown: HeldBeforeNotShown, shell: Shell, selection: RunSelection, hidden: Exclude<TrashEntriesSeen, 'all'> | { unread: string }): string {
  if (notShown.why === 'shallow') return `the checkout is shallow, its older commits are not there; to let git tell, ${fetchFullHistory(shell)}`;
  if (notShown.why === 'git') return notShown.error;
  const plan = shell === 'cli' ? renderNextCommand(selection, 'plan') : 'a plan';
  const listed = typeof hidden === 'object' ? `once "Recently deleted" can be listed, ${plan}` : `${plan} with an org Admin's credentials (shown every entry of "Recently deleted")`;
  return (
    `git's history deleted ${notShown.deleted.toLocaleString('en')} distinct dashboard files under the tree, more than the ${notShown.read.toLocaleString('en')} dashsync reads; ` +
    `${listed} names only the creates waiting there`
  );
}

/**
 * The creates nothing shows Grafana held (no previous commit held the file, no backup of dashsync's names the uid) where
 * "Recently deleted" could not be listed: a person may still have deleted one there (a file never committed before, a tree
 * outside git), so it is said, with the failure; not held, as nothing tells it from the new dashboard it most likely is.
 */
function describeNeverSeen(creates: readonly DashboardAction[], selection: RunSelection, failure: string): PlanWarning {
  const one = creates.length === 1;
  return {
    kind: 'note',
    uid: one ? creates[0]!.uid : null,
    code: 'trash-unseen',
    ...wordedForShells(
      (shell) =>
        `recently deleted: ${listCreates(creates)} ${one ? 'is' : 'are'} planned as ${one ? 'a create' : 'creates'}, and Grafana's "Recently deleted" could not be listed (${failure}), ` +
        `so whether a dashboard deleted in Grafana waits there under ${one ? 'its uid' : 'one of their uids'} is not known; nothing here shows Grafana ever held ${one ? 'it' : 'them'} ` +
        `(git's previous commit did not hold ${one ? 'its file' : 'their files'}, and no backup of dashsync's names ${one ? 'it' : 'them'}), so apply makes ${one ? 'it' : 'them'} from the file. ` +
        `Once the list can be read, ${shell === 'cli' ? renderNextCommand(selection, 'plan') : 'a plan'} names any copy waiting there, which an apply made before then replaces for good`,
    ),
  };
}
