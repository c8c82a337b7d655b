import type { CanonicalModelText } from '../apply/canonical-model-text.js';

/**
 * The texts the tree pass found a save may send as they are (canonicalModelText of a file's compaction), kept for the
 * saves of the apply that plans in the same run: a save whose file still has the digest the text was made from sends it
 * instead of compacting the same bytes again. Bounded by `budgetBytes` of text (a file past it is compacted by its save, as
 * before); a file the plan does not write is let go of once the plan is made (keepOnly), a written one once its save takes it.
 */
export interface SendableTextHold {
  /** The minimum refresh interval the texts were judged with (canonicalModelText). */
  readonly minRefreshInterval: string;
  /** Keeps the text of `file` (its display path, as the plan's actions name it), made from the bytes of digest `contentHash`, while the budget allows. */
  offer(file: string, contentHash: string, text: CanonicalModelText): void;
  /** The text of `file` made from bytes of digest `contentHash`, let go of here; undefined when none is held for those bytes. */
  take(file: string, contentHash: string): CanonicalModelText | undefined;
  /** Lets go of every text but those of `files`. */
  keepOnly(files: ReadonlySet<string>): void;
}

/** About 6,000 of the bench's dashboards (10.7 KB compacted): an apply of 10,000 holds these, and compacts the rest at their saves. */
export const SENDABLE_TEXT_HOLD_BYTES = 64 * 1024 * 1024;

export function createSendableTextHold(minRefreshInterval: string, budgetBytes = SENDABLE_TEXT_HOLD_BYTES): SendableTextHold {
  const held = new Map<string, { contentHash: string; text: CanonicalModelText }>();
  let heldBytes = 0;
  const drop = (file: string) => {
    const found = held.get(file);
    if (found === undefined) return;
    heldBytes -= found.text.text.length;
    held.delete(file);
  };
  return {
    minRefreshInterval,
    offer(file, contentHash, text) {
      drop(file);
      if (heldBytes + text.text.length > budgetBytes) return;
      held.set(file, { contentHash, text });
      heldBytes += text.text.length;
    },
    take(file, contentHash) {
      const found = held.get(file);
      drop(file);
      return found?.contentHash === contentHash ? found.text : undefined;
    },
    keepOnly(files) {
      for (const file of [...held.keys()]) if (!files.has(file)) drop(file);
    },
  };
}
