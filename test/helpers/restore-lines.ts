/** restore's line after it restored a uid that no file of the tree holds (a prune that covers it would delete it again). */
export const noFileLine = (uid: string): string => `${uid} has no file in the tree: a prune that covers it deletes it again; run dashsync pull ${uid} to write it\n`;
