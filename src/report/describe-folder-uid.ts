import type { FolderInBackups } from '../apply/find-folder-in-backups.js';
import type { RemovedFolderFile } from '../git/find-removed-folder-file.js';
import { plural } from '../plural.js';
import { quoteText } from './escape-untrusted.js';
import { renderNextCommand, type RunSelection } from './next-command.js';

/** Whether the folder is in Grafana now; where it is not, the `_folder.json` git shows removed (shown path), if any. */
export type FolderUidState = { kind: 'live' } | { kind: 'gone'; removed: (RemovedFolderFile & { shown: string }) | null };

/**
 * Pure: `note: <uid> is folder "T", …`: restore brings back dashboards, never folders. A live folder: its backed-up dashboards
 * go back into it. A gone one: restoring them creates it again; a `_folder.json` is named only where git shows one removed.
 */
export function describeFolderUid(uid: string, folder: FolderInBackups, state: FolderUidState, selection: RunSelection): string {
  const them = folder.dashboards.length === 1 ? 'it' : 'them';
  const backedUp = `the ${plural(folder.dashboards.length, 'dashboard')} backed up from it (${folder.dashboards.join(', ')})`;
  const restore = renderNextCommand(selection, ['restore', ...folder.dashboards]);
  if (state.kind === 'live') {
    return `note: ${uid} is folder ${quoteText(folder.title)}, which exists in Grafana, not a dashboard: restore brings back dashboards, not folders; ${restore} brings ${backedUp} back into it`;
  }
  const fromFile =
    state.removed === null ? '' : `; or git revert ${state.removed.commit} (it removed ${state.removed.shown}), then ${renderNextCommand(selection, 'apply')} makes it from that file`;
  return `note: ${uid} is folder ${quoteText(folder.title)}, not a dashboard: restore keeps no backup of folders; restoring ${backedUp} creates it again: ${restore} brings ${them} back${fromFile}`;
}
