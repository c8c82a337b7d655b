import { findUidsLeftByFiles } from '../git/find-former-uids.js';
import { describeUidPutBack } from '../report/describe-warning.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';

/**
 * A dashboard file `pull <uid>` created (as shown), and the tree file (as shown) that held that uid until `changedIn` (absent:
 * its last commit holds it) changed it, to `changedTo` (absent: not read); it holds `nowUid` now.
 */
export interface UidLeftByFile {
  uid: string;
  created: string;
  file: string;
  nowUid: string;
  changedIn?: string;
  changedTo?: string;
}

/**
 * Pure: the note on a file `pull <uid>` created beside the tree's file that held that uid until a commit changed it there
 * (review-67b L3): the next apply keeps the old dashboard and creates the new uid beside it, a copy. The way to one dashboard
 * is the plan's advice (describeUidPutBack).
 */
export function describeUidLeftByFile(left: UidLeftByFile, selection: RunSelection | undefined, dryRun = false): string {
  const until = left.changedIn === undefined ? `in its last commit (${left.nowUid} since, not committed)` : `until commit ${left.changedIn.slice(0, 12)}, ${describeUidChange(left)}`;
  const putBack = describeUidPutBack({ file: left.file, uid: left.nowUid, from: left.uid }, renderNextCommand(selection, ['pull', left.uid]));
  return (
    `${left.created}: ${left.file} held uid ${left.uid} ${until}; this pull ${dryRun ? 'would write' : 'wrote'} ${left.uid} as a second file, and the next apply ${dryRun ? 'would keep' : 'keeps'} that dashboard and creates ${left.nowUid} beside it. ` +
    `To keep one dashboard with the edits of both: remove ${left.created}, ${putBack}`
  );
}

/** Pure: `which changed it to <uid>`, and where a later commit changed it again (review-68a L2), the uid it holds now. */
function describeUidChange(left: UidLeftByFile): string {
  if (left.changedTo === left.nowUid) return `which changed it to ${left.nowUid}`;
  if (left.changedTo === undefined) return `which changed it (${left.nowUid} now)`;
  return `which changed it to ${left.changedTo} (${left.nowUid} now)`;
}

/**
 * The notes for the dashboards `pull <uid…>` created (`created`: uid and file as shown) whose uid one of the tree's files
 * (`treeFiles`: uid now, path relative to `root`) held in a commit: one git log and one cat-file, only when such a file was created.
 */
export async function noteUidsLeftByFiles(
  root: string,
  created: readonly { uid: string; file: string }[],
  treeFiles: readonly { uid: string; file: string }[],
  display: (rel: string) => string,
  selection: RunSelection | undefined,
  dryRun: boolean,
): Promise<string[]> {
  if (created.length === 0) return [];
  const found = await findUidsLeftByFiles(root, treeFiles.map((entry) => entry.file), new Set(created.map((event) => event.uid)));
  const nowUid = new Map(treeFiles.map((entry) => [entry.file, entry.uid]));
  return created.flatMap(({ uid, file }) => {
    const left = found.get(uid);
    const now = left === undefined ? undefined : nowUid.get(left.path);
    if (left === undefined || now === undefined || now === uid) return [];
    return [describeUidLeftByFile({ uid, created: file, file: display(left.path), nowUid: now, ...(left.changedIn !== undefined && { changedIn: left.changedIn }), ...(left.changedTo !== undefined && { changedTo: left.changedTo }) }, selection, dryRun)];
  });
}
