import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import { quoteText } from '../report/escape-untrusted.js';
import type { DashboardAction, PlanWarning } from './types.js';
import { wordedForShells } from './worded-for-shells.js';

/** How many creates the note names before `and N more`. */
const SHOWN = 5;

/**
 * Pure (walk-64 L5): one note for the creates whose files the tree held before this commit (`heldBefore`, as the actions name
 * them; the caller passes only creates into folders Grafana has, of a tree it holds dashboards of) where "Recently deleted" was
 * read with credentials not shown every entry (`hidden`, TrashEntriesSeen `own`/`unknown`: Grafana
 * lists an entry only to whoever deleted the dashboard and to those who may set its permissions). Such a create is most often a
 * dashboard a person deleted in Grafana: an org Admin's restore would bring Grafana's copy back, with its id and permissions,
 * which the apply's new dashboard replaces. A "may", never a conflict: nothing tells it from a file never applied. Where
 * the list could not be read (`hidden.unread`, review-68a H2) the same note names its failure: any entry may wait there.
 */
export function describeTrashUnseen(creates: readonly DashboardAction[], heldBefore: ReadonlySet<string>, selection: RunSelection, hidden: 'own' | 'unknown' | { unread: string } = 'own'): PlanWarning[] {
  const named = creates.filter((action) => action.action === 'create' && action.file !== null && heldBefore.has(action.file));
  if (named.length === 0) return [];
  const listed = named.slice(0, SHOWN).map((action) => `${action.file} ${quoteText(action.title)} (uid ${action.uid})`);
  const more = named.length > SHOWN ? ` and ${named.length - SHOWN} more` : '';
  const one = named.length === 1;
  // Every uid named, not a `<uid>` placeholder: pasted into a shell, `<uid>` is a redirection (rev-65c L1); restore takes many.
  const restore = (shell: 'cli' | 'action') => renderNextCommand(shell === 'cli' ? selection : undefined, ['restore', ...named.map((action) => action.uid)]);
  return [
    {
      kind: 'note',
      uid: one ? named[0]!.uid : null,
      code: 'trash-unseen',
      // Unread, a person's delete cannot be told from a file never applied: an apply no one reviewed holds these (rev-68c H1).
      ...(typeof hidden === 'object' && { uids: named.map((action) => action.uid), trashUnread: hidden.unread }),
      ...wordedForShells(
        (shell) =>
          `recently deleted: ${listed.join(', ')}${more} ${one ? 'is' : 'are'} planned as ${one ? 'a create' : 'creates'}, but the tree held ${one ? 'its file' : 'their files'} before this commit: ` +
          (typeof hidden === 'object'
            ? `${one ? 'it' : 'they'} may have been deleted in Grafana, whose "Recently deleted" could not be listed (${hidden.unread}); ` +
              `once it can be, ${restore(shell)} brings Grafana's copy back if it waits there, with its id and history, where apply would make a new one from the file`
            : `${one ? 'it' : 'they'} may have been deleted in Grafana, whose "Recently deleted" shows these credentials only the entries they deleted themselves (an org Admin's see every one); ` +
              `${restore(shell)} with an org Admin's credentials brings Grafana's copy back, with its id and history, where apply would make a new one from the file`),
      ),
    },
  ];
}
