import type { CompactJsonObject } from './compact-json-object.js';

/**
 * The tree pass's compactions of dashboard files, kept for the saves of the apply that plans in the same run: a save
 * whose file still has the digest the compaction was made from sends it instead of compacting the same bytes again.
 * Bounded by `budgetBytes` of compacted text (a file past it is compacted by its save, as before); a file the plan does
 * not write is let go of once the plan is made (keepOnly), a written one once its save takes it.
 */
export interface CompactionHold {
  /** Keeps the compaction of `file` (its display path, as the plan's actions name it), made from the bytes of digest `contentHash`, while the budget allows. */
  offer(file: string, contentHash: string, compaction: CompactJsonObject): void;
  /** The compaction of `file` made from bytes of digest `contentHash`, let go of here; undefined when none is held for those bytes. */
  take(file: string, contentHash: string): CompactJsonObject | undefined;
  /** Lets go of every compaction but those of `files`. */
  keepOnly(files: ReadonlySet<string>): void;
}

/** About 6,000 of the bench's dashboards (10.7 KB compacted): an apply of 10,000 holds these, and compacts the rest at their saves. */
export const COMPACTION_HOLD_BYTES = 64 * 1024 * 1024;

export function createCompactionHold(budgetBytes = COMPACTION_HOLD_BYTES): CompactionHold {
  const held = new Map<string, { contentHash: string; compaction: CompactJsonObject }>();
  let heldBytes = 0;
  const drop = (file: string) => {
    const found = held.get(file);
    if (found === undefined) return;
    heldBytes -= found.compaction.bytes.length;
    held.delete(file);
  };
  return {
    offer(file, contentHash, compaction) {
      drop(file);
      if (heldBytes + compaction.bytes.length > budgetBytes) return;
      held.set(file, { contentHash, compaction });
      heldBytes += compaction.bytes.length;
    },
    take(file, contentHash) {
      const found = held.get(file);
      drop(file);
      return found?.contentHash === contentHash ? found.compaction : undefined;
    },
    keepOnly(files) {
      for (const file of [...held.keys()]) if (!files.has(file)) drop(file);
    },
  };
}
