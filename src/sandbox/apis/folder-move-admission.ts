import type { Reply } from '../http/reply.js';
import { mayWriteIn, moveRaisesTier } from '../folder-permissions.js';
import { ancestorsOf, DEFAULT_MAX_NESTED_FOLDER_DEPTH, subtreeHeight } from '../folder-tree.js';
import type { FolderRecord } from '../state.js';
import type { ApisContext } from './apis-context.js';
import { errutilStatus, unknownError } from './k8s-status.js';

/**
 * 13's folder admission for a PUT that changes the parent (`pkg/registry/apis/folders/validate.go` `validateOnUpdate`,
 * called from `FolderAPIBuilder.Validate` in register.go whatever the storage): `checkMoveAccess`, then nothing more
 * for the top level; a parent the storage cannot Get is `fmt.Errorf("move target not found %w")`, a plain error the
 * apiserver answers as a 500 without reason; the new parent's chain (itself included) holding the folder is
 * `folder.ErrCircularReference` (moving a folder under itself too); a chain longer than maxDepth + 1, or a subtree that
 * would end deeper (`canSkipChildrenCheck`, `checkSubtreeDepth`), is `folder.ErrMaximumDepthReached`. Both are errutil BadRequest errors with a
 * public message, written through `Error.Status()`. Undefined: the move may go on to the storage.
 */
export function folderMoveAdmission(context: ApisContext, folders: Map<string, FolderRecord>, folder: FolderRecord, parentUid: string): Reply | undefined {
  const parent = parentUid === '' ? undefined : folders.get(parentUid);
  if (parentUid === '' || parent) {
    if (!mayWriteIn(folders, context.identity, parentUid)) return errutilStatus(403, 'folders.forbiddenMove', 'Access denied to the destination folder');
    if (moveRaisesTier(folders, context.identity, folder, parentUid)) {
      return errutilStatus(403, 'folders.accessEscalation', 'Cannot move a folder to a folder where you have higher permissions');
    }
  }
  if (parentUid === '') return undefined;
  if (!parent) {
    const notFound = context.settings.storage === 'unified' ? `folders.folder.grafana.app "${parentUid}" not found` : 'folder not found';
    return unknownError(`move target not found ${notFound}`);
  }
  const chain = [...ancestorsOf(folders, parentUid), parent];
  if (chain.some((item) => item.uid === folder.uid)) return errutilStatus(400, 'folder.circular-reference', 'Circular reference detected');
  const maxDepth = context.settings.maxNestedFolderDepth ?? DEFAULT_MAX_NESTED_FOLDER_DEPTH;
  if (chain.length > maxDepth + 1) return depthReached();
  // canSkipChildrenCheck: no deeper than the old parent, so the subtree was checked when it was made.
  const oldParent = folders.get(folder.parentUid);
  if (oldParent && ancestorsOf(folders, oldParent.uid).length + 1 >= chain.length) return undefined;
  // checkSubtreeDepth is skipped when nothing is left (`allowedDepth <= 0`): a parent already at maxDepth + 1 levels
  // takes the folder, one level deeper than a create may go.
  const allowedDepth = maxDepth + 1 - chain.length;
  if (allowedDepth > 0 && subtreeHeight(folders, folder.uid) >= allowedDepth) return depthReached();
  return undefined;
}

const depthReached = (): Reply => errutilStatus(400, 'folder.maximum-depth-reached', 'Maximum nested folder depth reached');
