import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { PlanFileError } from '../errors.js';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { folderOfDirectory } from '../files/folder-uid.js';
import { toSlashes } from '../files/tree-paths.js';
import { readFolderFile } from '../files/read-folder-file.js';
import { quoteText } from '../report/escape-untrusted.js';
import { planAgain } from '../report/plan-again.js';
import { FOLDER_DIGESTS, type DigestSet } from './action-digests.js';
import type { DashboardAction, FolderAction, LibraryPanelAction, Plan } from './types.js';

/**
 * A saved plan without some digests of its actions (`unrecorded`: saved by a dashsync before they were recorded, or with them
 * removed) is held to the tree for those, as nothing else tells an edit by hand from the action planned: each folder it
 * creates or changes must be the one its directory stands for now (its `_folder.json`, or the uid and title made from the
 * path, below the folder of the directory above); each dashboard and library panel it writes must go to the folder its
 * file's directory stands for now (General at the root; its live state has nothing in the tree to be held to: apply holds
 * it to Grafana as always). One that differs refuses the whole plan before any request. A plan that records the digests is
 * held to them instead (validatePlan), so a tree changed since it was made is applied as reviewed.
 */
export async function verifyPlanAgainstTree(plan: Pick<Plan, 'actions' | 'root'>, cwd: string, unrecorded: readonly DigestSet[]): Promise<void> {
  const root = resolve(cwd, plan.root);
  for (const action of plan.actions) {
    const set = unrecorded.find((candidate) => candidate.keyOf(action) !== null);
    if (set === undefined) continue;
    const problem = set === FOLDER_DIGESTS ? await findFolderActionProblem(action as FolderAction, root, cwd) : await findWriteFolderProblem(action as DashboardAction | LibraryPanelAction, root, cwd);
    if (problem !== null) {
      throw new PlanFileError(
        `the plan's ${set.describe(action)} ${problem}, and the plan records no digest of its ${set === FOLDER_DIGESTS ? 'folder' : 'dashboard'} actions (${set.field}: saved by an earlier dashsync, or removed), so an edit by hand cannot be told from a change of the tree since`,
        planAgain({ review: true }),
      );
    }
  }
}

async function findFolderActionProblem(action: FolderAction, root: string, cwd: string): Promise<string | null> {
  if ((action.action !== 'create' && action.action !== 'update') || action.dir === null) return null;
  return findFolderProblem(action, action.dir, root, cwd);
}

/** How the folder action differs from what its directory stands for now (uid, title, parent); null when it is that folder. */
async function findFolderProblem(action: FolderAction, dir: string, root: string, cwd: string): Promise<string | null> {
  const path = resolve(root, dir);
  const inTree = relative(root, path);
  const isDirectory = await stat(path).then((found) => found.isDirectory(), () => false);
  if (dir === '' || inTree === '' || inTree.startsWith('..') || isAbsolute(inTree) || !isDirectory) return `names directory ${JSON.stringify(dir)}, which is no directory below the root ${shownPath(root, cwd)}`;
  const tree = await readTreeFolder(inTree, root, cwd);
  if (tree.invalid) return `is in ${tree.shown}, which is not a valid ${FOLDER_FILE} now`;
  if (tree.uid !== action.uid || tree.title !== action.title) return `is not what ${tree.shown} stands for: folder ${tree.uid} ${quoteText(tree.title)}`;
  // The parent is the folder of the directory above (none at the root's level), as the tree builds it (buildFolders).
  const above = dirname(inTree);
  const parent = above === '.' ? null : await readTreeFolder(above, root, cwd);
  if (parent?.invalid) return `is below ${parent.shown}, which is not a valid ${FOLDER_FILE} now`;
  const parentUid = parent?.uid ?? null;
  if (parentUid !== action.parentUid) {
    return `has parent ${action.parentUid ?? 'none (the General level)'}, where ${shownPath(path, cwd)} stands below ${parent === null ? 'none (the General level)' : `folder ${parentUid} (${parent.shown})`}`;
  }
  return null;
}

/** The folder directory `inTree` (relative to `root`) stands for now: its `_folder.json`'s, or the one made from its path; `shown`: what names it. */
async function readTreeFolder(inTree: string, root: string, cwd: string): Promise<{ uid: string; title: string; shown: string; invalid: boolean }> {
  const folderFile = join(root, inTree, FOLDER_FILE);
  const hasFile = await stat(folderFile).then((found) => found.isFile(), () => false);
  const shown = shownPath(hasFile ? folderFile : join(root, inTree), cwd);
  const read = hasFile ? await readFolderFile(folderFile, shown) : null;
  return { ...folderOfDirectory(toSlashes(inTree), read?.folder), shown, invalid: read !== null && read.folder === null };
}

function shownPath(path: string, cwd: string): string {
  return relative(cwd, path).replace(/\\/g, '/') || '.';
}

/** Where a dashboard or library panel write goes against the folder its file's directory stands for now; null when they agree. */
async function findWriteFolderProblem(action: DashboardAction | LibraryPanelAction, root: string, cwd: string): Promise<string | null> {
  if (action.action === 'delete' || action.action === 'noop' || action.file === null) return null;
  const fileDir = dirname(resolve(cwd, action.file));
  // A library panel's file is in `<dir>/_library/`: its folder is `<dir>`'s.
  const inTree = relative(root, action.kind === 'library-panel' ? dirname(fileDir) : fileDir);
  if (inTree.startsWith('..') || isAbsolute(inTree)) return null; // refused by the file check, which names the file
  const tree = inTree === '' ? null : await readTreeFolder(inTree, root, cwd);
  if ((tree?.uid ?? null) === action.folderUid && tree?.invalid !== true) return null;
  const where = tree === null ? 'the General level (the root)' : tree.invalid ? `${tree.shown}, which is not a valid ${FOLDER_FILE} now` : `folder ${tree.uid} (${tree.shown})`;
  return `writes it to ${action.folderUid === null ? 'the General level' : `folder ${action.folderUid}`}, where its file ${action.file} stands in ${where}`;
}
