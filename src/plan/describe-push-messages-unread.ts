import type { LastSave } from '../grafana/port.js';
import { quoteText } from '../report/escape-untrusted.js';
import { renderNextCommand, selectionInShellWords, type RunSelection } from '../report/next-command.js';
import type { DashboardAction, PlanWarning } from './types.js';
import { wordedForShells } from './worded-for-shells.js';

/** How many dashboards the note names before `and N more`. */
const SHOWN = 5;

/**
 * Pure (fixp-69): one note for the updates, moves and deletes whose newest save is dashsync's first version read through `/api`
 * without the message it was saved with (LastSave.messageUnread: `GET …/versions/1` answered 404 or 500, and the versions
 * list shows a first version's message as "Initial save"): whether that push was of a file HEAD did not hold (`[uncommitted]`,
 * no commit holds it) cannot be told, so the plan judges it as a committed push, and says so rather than hide it.
 */
export function describePushMessagesUnread(actions: readonly DashboardAction[], saves: ReadonlyMap<string, LastSave | 'unreadable' | 'unconvertible'>, selection: RunSelection): PlanWarning[] {
  const named = actions.filter((action) => {
    const save = saves.get(action.uid);
    return (action.action === 'update' || action.action === 'move' || action.action === 'delete') && typeof save === 'object' && save.byDashsync === true && save.messageUnread === true;
  });
  if (named.length === 0) return [];
  const one = named.length === 1;
  const listed = named.slice(0, SHOWN).map((action) => `${action.uid} ${quoteText(action.title)}`).join(', ') + (named.length > SHOWN ? ` and ${named.length - SHOWN} more` : '');
  const deletes = named.some((action) => action.action === 'delete');
  return [
    {
      kind: 'note',
      uid: one ? named[0]!.uid : null,
      code: 'push-message-unread',
      ...wordedForShells(
        (shell) =>
          `push not judged: dashsync made ${listed} (version 1), and the message ${one ? 'that save' : 'each save'} was given could not be read (GET …/versions/1 did not answer it; ` +
          `the versions list shows a first version's message as "Initial save"), so whether ${one ? 'it was' : 'they were'} pushed from a file no commit held ([uncommitted]) is not known: ` +
          `this plan takes ${one ? 'it' : 'them'} for a committed push. If another checkout pushed ${one ? 'it' : 'one'} from a file it had not committed, the plan replaces that version` +
          `${deletes ? ' (a delete backs it up first)' : ''}; to keep it, ${renderNextCommand(selectionInShellWords(selection, shell), ['pull', ...named.map((action) => action.uid)])} writes Grafana's version into the tree first`,
      ),
    },
  ];
}
