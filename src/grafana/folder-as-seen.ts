/** A folder as a plan saw it: all that a folder update replaces. */
export interface FolderSeen {
  title: string;
  /** null = top level. */
  parentUid: string | null;
}

/**
 * Whether a folder found at another revision than the plan's still has the title and parent the plan saw (`seen`): saved
 * again since with neither changed (a save that changed nothing, its description, another tool's labels or annotations).
 * An update replaces only those two and writes the rest back as it is now, so writing over such a save loses nothing the
 * plan did not show. A folder's revision cannot tell: `/apis` stamps a new resourceVersion on every write that differs in
 * any byte, and `/api`'s version counts every save. Pure.
 */
export function folderStillAsSeen(current: FolderSeen, seen: FolderSeen | undefined): boolean {
  return seen !== undefined && current.title === seen.title && current.parentUid === seen.parentUid;
}
