import { stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { PlanFileError } from '../errors.js';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { folderOfDirectory } from '../files/folder-uid.js';
import { readFolderFile } from '../files/read-folder-file.js';
import { quoteText } from '../report/escape-untrusted.js';
import { planAgain } from '../report/plan-again.js';
import type { FolderAction, Plan } from '../plan/types.js';

/**
 * The folders a saved plan creates or changes must be the ones its tree's directories stand for (their `_folder.json`, or
 * the uid and title made from the path): folder titles are in no digest, so a plan edited by hand (a title with terminal
 * sequences, another uid) would otherwise be written as it reads. Checked before the first write; one that differs refuses
 * the whole plan, as a changed file does (verifyPlanFiles).
 */
export async function verifyPlanFolders(plan: Pick<Plan, 'actions' | 'root'>, cwd: string): Promise<void> {
  const root = resolve(cwd, plan.root);
  for (const action of plan.actions) {
    if (action.kind !== 'folder' || (action.action !== 'create' && action.action !== 'update') || action.dir === null) continue;
    const problem = await findFolderProblem(action, action.dir, root, cwd);
    if (problem !== null) throw new PlanFileError(`the plan's folder-${action.action} ${action.uid} ${quoteText(action.title)} ${problem} (changed since the plan, or edited by hand?)`, planAgain({ review: true }));
  }
}

/** How the folder action differs from what its directory stands for now; null when it is that folder. */
async function findFolderProblem(action: FolderAction, dir: string, root: string, cwd: string): Promise<string | null> {
  const path = resolve(root, dir);
  const inTree = relative(root, path);
  const isDirectory = await stat(path).then((found) => found.isDirectory(), () => false);
  if (dir === '' || inTree === '' || inTree.startsWith('..') || isAbsolute(inTree) || !isDirectory) return `names directory ${JSON.stringify(dir)}, which is no directory below the root ${shownRoot(root, cwd)}`;
  const folderFile = join(path, FOLDER_FILE);
  const hasFile = await stat(folderFile).then((found) => found.isFile(), () => false);
  const shown = relative(cwd, hasFile ? folderFile : path).replace(/\\/g, '/');
  const read = hasFile ? await readFolderFile(folderFile, shown) : null;
  if (read !== null && read.folder === null) return `is in ${shown}, which is not a valid ${FOLDER_FILE} now`;
  const tree = folderOfDirectory(dir, read?.folder);
  if (tree.uid !== action.uid || tree.title !== action.title) return `is not what ${shown} stands for: folder ${tree.uid} ${quoteText(tree.title)}`;
  return null;
}

function shownRoot(root: string, cwd: string): string {
  return relative(cwd, root).replace(/\\/g, '/') || '.';
}
