import { folderK8sMeta } from '../folder-k8s-meta.js';
import { folderManagerOf, repoFolderMismatch } from '../repo-managed-folders.js';
import type { FolderRecord } from '../state.js';
import type { ApisContext } from './apis-context.js';
import { plainForbidden } from './k8s-status.js';
import { checkManagerUpdate, checkManagerWrite, managerOf, sameManager } from './ownership.js';
import type { ObjectInput } from './read-object-input.js';

/**
 * A folder in unified storage is the object as written (`pkg/storage/unified/apistore/prepare.go`): the caller's
 * annotations and labels are stored, the server-owned ones aside (createdBy and creationTimestamp come back from the
 * previous object, updatedBy/updatedTimestamp are set only when the spec or the folder changed, the grant annotation
 * is never kept, the internal-id label is the previous one). Legacy storage keeps none of them
 * (`pkg/registry/apis/folders/legacy_storage.go` passes title, description and parent on).
 */
export function keepsFolderMetadata(context: ApisContext): boolean {
  return context.settings.storage === 'unified';
}

/**
 * The manager rules prepare.go applies to a folder write, in its order: `ensureRepoManagedByParentFolder` when the
 * folder is created or moved, `checkManagerPropertiesOnCreate` / `checkManagerPropertiesOnUpdateSpec` (managed.go:
 * dropping a `repo` manager is refused, an org Admin aside from 13.1; a `repo` object is routed to its repository: 403 here), then the
 * parent again when only the manager changed. The Status the apistore answers, or undefined.
 */
export function folderManagerRefusal(context: ApisContext, previous: FolderRecord | undefined, input: ObjectInput): ReturnType<typeof plainForbidden> | undefined {
  const next = managerOf(input.annotations);
  const { state, identity } = context;
  const moved = !previous || previous.parentUid !== input.folderUid;
  if (moved) {
    const mismatch = repoFolderMismatch(state, identity.orgId, input.folderUid, next);
    if (mismatch) return plainForbidden(mismatch);
  }
  const refused = previous ? checkManagerUpdate(identity, next, folderManagerOf(previous), context.rules.lockManagerIdentity) : checkManagerWrite(next);
  if (refused) return refused;
  if (!moved && input.folderUid !== '' && !sameManager(next, folderManagerOf(previous))) {
    const mismatch = repoFolderMismatch(state, identity.orgId, input.folderUid, next);
    if (mismatch) return plainForbidden(mismatch);
  }
  return undefined;
}

/** The record with the written annotations and labels and a new resourceVersion; generation and updatedBy unchanged. */
export function withWrittenMetadata(context: ApisContext, folder: FolderRecord, input: ObjectInput): FolderRecord {
  const k8s = folder.k8s ?? folderK8sMeta(context, folder);
  const { annotations: _annotations, labels: _labels, ...rest } = k8s;
  return {
    ...folder,
    k8s: {
      ...rest,
      resourceVersion: folderK8sMeta(context, folder).resourceVersion,
      ...(Object.keys(input.annotations).length > 0 ? { annotations: input.annotations } : {}),
      ...(Object.keys(input.labels).length > 0 ? { labels: input.labels } : {}),
    },
  };
}

/** Whether the write leaves the annotations and labels as stored. */
export function sameFolderMetadata(folder: FolderRecord, input: ObjectInput): boolean {
  return sameMap(folder.k8s?.annotations ?? {}, input.annotations) && sameMap(folder.k8s?.labels ?? {}, input.labels);
}

function sameMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}
