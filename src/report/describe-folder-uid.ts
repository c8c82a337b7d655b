import type { FolderInBackups } from '../apply/find-folder-in-backups.js';
import { plural } from '../plural.js';
import { quoteText } from './escape-untrusted.js';
import { renderNextCommand, type RunSelection } from './next-command.js';

/** Pure: `note: <uid> is folder "T", …`: folders have no backups; a restore of a dashboard that was in it creates it again. */
export function describeFolderUid(uid: string, folder: FolderInBackups, selection: RunSelection): string {
  const them = folder.dashboards.length === 1 ? 'it' : 'them';
  return (
    `note: ${uid} is folder ${quoteText(folder.title)}, not a dashboard: restore keeps no backup of folders; restoring the ${plural(folder.dashboards.length, 'dashboard')} ` +
    `backed up from it (${folder.dashboards.join(', ')}) creates it again: ${renderNextCommand(selection, ['restore', ...folder.dashboards])} brings ${them} back; ` +
    `or git revert the commit that removed its _folder.json, then ${renderNextCommand(selection, 'apply')} makes it from that file`
  );
}
