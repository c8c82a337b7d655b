import type { LibraryPanelAction, LibraryPanelUser } from '../plan/types.js';
import { liveFolderName, renderFolderName, renderMoveFolders, type FolderName } from './folder-names.js';

/** How many dashboards a "used by" line names before it counts the rest. */
const NAMED_USERS = 10;

/** `"CPU" (dashboards/_library/cpu.json, uid cpu, live v3) in "Platform"` — plain text, not yet escaped. */
export function describeLibraryPanel(panel: LibraryPanelAction, names: (uid: string | null) => FolderName): string {
  const source = panel.file ? `${panel.file}, ` : '';
  const version = panel.live ? `, live v${panel.live.version}` : '';
  const what = `library panel "${panel.title}" (${source}uid ${panel.uid}${version})`;
  if (panel.action === 'move') {
    const { from, to } = renderMoveFolders(panel, names);
    return `${what} from ${from} to ${to}`;
  }
  if (panel.action === 'delete') return `${what} in ${liveFolderName(panel, names)}; no file in the tree (backed up before delete)`;
  return `${what} in ${renderFolderName(names(panel.folderUid))}`;
}

/** `used by 14 dashboards: a "A", b "B", … and 4 more`; null when no dashboard uses it. */
export function describeUsedBy(users: LibraryPanelUser[]): string | null {
  if (users.length === 0) return null;
  const named = users.slice(0, NAMED_USERS).map((user) => (user.title ? `${user.uid} "${user.title}"` : user.uid));
  const more = users.length > NAMED_USERS ? `, … and ${users.length - NAMED_USERS} more` : '';
  return `used by ${users.length} dashboard${users.length === 1 ? '' : 's'}: ${named.join(', ')}${more}`;
}
