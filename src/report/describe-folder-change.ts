import { isFolderMove, type FolderAction } from '../plan/types.js';
import { quoteText } from './escape-untrusted.js';
import { renderFolderName, renderParentName, type FolderName } from './folder-names.js';

/** A folder action as the plan names it (text, markdown, public JSON): an update that changes the parent is a `folder-move`. */
export type FolderActionLabel = 'folder-create' | 'folder-update' | 'folder-move' | 'folder-delete' | 'folder-noop';

export function folderActionLabel(folder: FolderAction): FolderActionLabel {
  return isFolderMove(folder) ? 'folder-move' : `folder-${folder.action}`;
}

/**
 * What a folder action changes, in apply's words (plain text, not yet escaped): `in "Platform"` (a create under a parent;
 * '' at the top level), `renamed from "Apps"`, `from "Applications" (apps) into "Platform" (platform)`,
 * `renamed from "Legacy" and moved from "Applications" (apps) to the top level`, `its directory left the tree and it will
 * be empty`; '' for a noop. A parent is named by the plan's title for it (`folder <uid>` when the plan has none).
 */
export function describeFolderChange(folder: FolderAction, names: (uid: string | null) => FolderName): string {
  if (folder.action === 'create') return folder.parentUid === null ? '' : `in ${renderFolderName(names(folder.parentUid))}`;
  if (folder.action === 'delete') {
    return folder.dir === null ? 'its directory left the tree and it will be empty' : `its directory ${folder.dir} holds no dashboard file and it will be empty`;
  }
  if (folder.action === 'noop' || folder.live === null) return '';
  const renamed = folder.live.title === folder.title ? '' : `renamed from ${quoteText(folder.live.title)}`;
  if (!isFolderMove(folder)) return renamed;
  const parent = (uid: string | null, liveTitle?: string) => {
    const name = names(uid);
    return renderParentName(uid, name.kind === 'titled' ? name.title : (liveTitle ?? null));
  };
  // The old parent may have no action in the plan (its directory holds no dashboard file): Grafana's title names it then.
  const moved = `from ${parent(folder.live.parentUid, folder.live.parentTitle)} ${folder.parentUid === null ? 'to' : 'into'} ${parent(folder.parentUid)}`;
  return renamed ? `${renamed} and moved ${moved}` : moved;
}
