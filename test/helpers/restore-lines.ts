/** restore's line after it restored a uid that no file of the tree holds (the next prune would delete it again). */
export const noFileLine = (uid: string): string => `${uid} has no file in the tree: the next prune deletes it again; run dashsync pull ${uid} to write it\n`;
