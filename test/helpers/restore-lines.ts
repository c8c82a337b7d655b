/** restore's line after it restored a uid that no file of the tree holds (a prune that covers it would delete it again); `flags`: those the advice repeats (`--api legacy`). */
export const noFileLine = (uid: string, flags = ''): string =>
  `${uid} has no file in the tree: a prune that covers it deletes it again; run dashsync pull ${flags ? `${flags} ` : ''}${uid} to write it\n`;

/** restore's line after --folder put a uid no file holds into a folder that is not the tree's: what pull would claim. */
export const noFileElsewhereLine = (uid: string, folder: string): string =>
  `${uid} has no file in the tree, and folder ${folder}, where it now is, is not one of the tree's: a prune of the whole org (--prune all) deletes it again. ` +
  `dashsync pull ${uid} would write it with a _folder.json that makes this tree manage folder ${folder}, and a prune of folders would then delete every dashboard there that no file holds; ` +
  "to keep it in this tree, pull it, move its file into one of the tree's directories and delete that _folder.json before you apply\n";

/** A line, as a regular expression's text. */
export const asPattern = (line: string): string => line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** restore's line after it restored a uid whose file was deleted and the deletion not committed (nor staged): the git command that gives it back. */
export const deletedFileLine = (uid: string, path: string): string =>
  `${uid} has no file in the tree: a prune that covers it deletes it again; its file ${path} was deleted, not committed: ` +
  `git checkout HEAD -- ${path} brings it back as committed (or run dashsync pull ${uid} to write it as Grafana has it)\n`;

/** The example tree's Redis dashboard file, as restore's lines name it from the workspace. */
export const REDIS_FILE = 'dashboards/platform/databases/redis.json';
