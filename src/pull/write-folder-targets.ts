import { dirname } from 'node:path';
import { lstat, readFile } from 'node:fs/promises';
import type { Diagnostic } from '../errors.js';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { parseFolderFile } from '../files/read-folder-file.js';
import { canonicalJson } from '../normalize/canonical-json.js';
import { mayReplaceFile } from './decide-pull-file.js';
import { describeKeptFolderTitle, describeRefusedAdvice, describeRefusedFolderFile } from './describe-left-file.js';
import { createUnappliedFolderTitleFinder } from './find-unapplied-folder-title.js';
import { saveBeforeReplacing } from './pull-dashboard-target.js';
import type { GitView } from './read-git-view.js';
import type { ReplacedFileSaver, SavedCopy } from './save-replaced-file.js';
import { ensureDirectoryInside, resolveInsideRoot, resolveWriteTarget } from './safe-path.js';
import type { FolderFiles, FolderTarget, PullFileEvent } from './types.js';
import type { NewFolderDir } from './remove-unused-folder-dirs.js';
import { writeFileAtomic } from '../files/write-file-atomic.js';
import type { RunSelection } from '../report/next-command.js';
import { quoteText } from '../report/escape-untrusted.js';
import { adviceToRead, describeCodeThenWhat, describeWriteInError } from '../files/file-error-reasons.js';

export interface WriteFoldersResult {
  events: PullFileEvent[];
  problems: Diagnostic[];
  /** Directories that could not be made safely; nothing is written into them. */
  failedDirs: Set<string>;
  /** The folders whose directories the tree did not have (made here, or in a dry run to be): taken back if no file goes in (removeUnusedFolderDirs). */
  newDirs: NewFolderDir[];
}

/**
 * Creates the folder directories (parents first, never through a symlink) and keeps each
 * `_folder.json` in line with Grafana. A `_folder.json` that does not parse is reported and
 * left alone; one that already says the same uid and title is left in its own formatting; one
 * that says otherwise is replaced only where git holds it as it is, or where `forced` (`--force`,
 * and for `pull --force <uid…>` only a folder it names) says so (mayReplaceFile): else it is
 * refused, counted and reported like a refused dashboard file. A committed one whose title an earlier commit had as Grafana's
 * holds a rename not applied yet: kept, as a dashboard's commit Grafana still holds is (createUnappliedFolderTitleFinder: one
 * history read for every `_folder.json` that titled its folder otherwise when the tree was read, `folderFiles`).
 */
export async function writeFolderTargets(
  folders: FolderTarget[],
  options: { realRoot: string; dryRun: boolean; forced: (folderUid: string) => boolean; git: GitView; display: (rel: string) => string; folderFiles: FolderFiles; unreadFolderFiles?: ReadonlyMap<string, string>; saver?: ReplacedFileSaver; selection?: RunSelection; othersDeploying?: (folderFile: string) => string[] },
): Promise<WriteFoldersResult> {
  const result: WriteFoldersResult = { events: [], problems: [], failedDirs: new Set(), newDirs: [] };
  const retitledOnRead = folders.flatMap((folder) => {
    const onDisk = options.folderFiles.get(folder.dir);
    return folder.folderFile && onDisk && !options.forced(folder.uid) && retitled(onDisk, folder.folderFile) ? [`${folder.dir}/${FOLDER_FILE}`] : [];
  });
  const findUnappliedTitle = createUnappliedFolderTitleFinder(options.realRoot, retitledOnRead);
  for (const folder of folders) {
    const file = `${folder.dir}/${FOLDER_FILE}`;
    try {
      const isNew = (await lstat(resolveInsideRoot(options.realRoot, folder.dir)).catch(() => undefined)) === undefined;
      const unread = describeUnreadFolderFiles(folder, isNew, options.unreadFolderFiles ?? new Map(), options.display);
      if (unread !== null) {
        result.failedDirs.add(folder.dir);
        result.problems.push({ file: options.display(isNew ? folder.dir : file), severity: 'error', rule: 'pull-folder-unread', message: unread });
        continue;
      }
      if (isNew) result.newDirs.push({ uid: folder.uid, dir: folder.dir });
      if (!options.dryRun) await ensureDirectoryInside(options.realRoot, folder.dir);
      if (!folder.folderFile) continue;
      const absPath = await resolveWriteTarget(options.realRoot, resolveInsideRoot(options.realRoot, file));
      const text = canonicalJson({ uid: folder.folderFile.uid, title: folder.folderFile.title, ...(folder.folderFile.parentOnly ? { parentOnly: true } : {}) });
      // Only a file that is not there counts as none: one that cannot be read may hold work, and is not written over.
      const existing = await readFile(absPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw Object.assign(new Error(`folder ${folder.uid} ${quoteText(folder.title)} not pulled: ${options.display(file)} cannot be read ${describeCodeThenWhat(error)}; ${adviceToRead(error.code)}, so it is not written over`), { name: 'UnreadFolderFileError' });
      });
      if (existing === text) continue;
      let saved: SavedCopy | null = null;
      let changed: string | undefined;
      if (existing !== undefined) {
        const parsed = parseFolderFile(existing, options.display(file));
        if (!parsed.folder) {
          result.problems.push(...parsed.diagnostics.map((d) => ({ ...d, message: `${d.message}; not overwritten (folder ${folder.uid} ${quoteText(folder.title)})` })));
          continue;
        }
        if (parsed.folder.uid === folder.folderFile.uid && parsed.folder.title === folder.folderFile.title && parsed.folder.parentOnly === folder.folderFile.parentOnly) continue;
        const git = options.git.stateOf(file);
        if (!mayReplaceFile(git, options.forced(folder.uid))) {
          const why = describeRefusedFolderFile(folder, git, options.git.unavailable);
          result.events.push({ outcome: 'refused', file: options.display(file), uid: folder.uid, why });
          result.problems.push({ file: options.display(file), severity: 'error', rule: 'pull-refused', message: `${why}: ${describeRefusedAdvice(folder.uid, options.git.unavailable !== null, options.selection)}` });
          continue;
        }
        if (parsed.folder.uid === folder.folderFile.uid && parsed.folder.title !== folder.folderFile.title) changed = describeRetitle(parsed.folder.title, folder.folderFile.title, options.othersDeploying?.(file) ?? []);
        const renamed = git === 'committed' && !options.forced(folder.uid) && retitled(parsed.folder, folder.folderFile);
        const unapplied = renamed ? await findUnappliedTitle(file, folder.folderFile) : null;
        if (unapplied !== null) {
          const why = describeKeptFolderTitle({ uid: folder.uid, title: parsed.folder.title, liveTitle: folder.folderFile.title, ...unapplied }, options.selection);
          result.events.push({ outcome: 'kept', file: options.display(file), uid: folder.uid, why });
          continue;
        }
      }
      if (!options.dryRun) {
        if (existing !== undefined) saved = await saveBeforeReplacing(options, file);
        await writeFileAtomic(absPath, text);
      }
      result.events.push({ outcome: 'folder-file', file: options.display(file), uid: folder.uid, ...(changed !== undefined && { why: changed }), ...(saved ? { saved } : {}) });
    } catch (error) {
      result.failedDirs.add(folder.dir);
      result.problems.push({ file: options.display(folder.dir), severity: 'error', rule: 'pull-unsafe-path', message: describe(error, options.display) });
    }
  }
  return result;
}

/**
 * Pure: why a folder is not pulled while `_folder.json` files cannot be read (`unread`: directory → the read's message): its own
 * directory's cannot be checked, and a new directory may be a second one for the folder an unread file names (fixr-75: pull
 * made `dashboards/applications` beside `dashboards/apps`, whose `_folder.json` it could not read). Null: nothing stops it.
 */
function describeUnreadFolderFiles(folder: FolderTarget, isNew: boolean, unread: ReadonlyMap<string, string>, display: (rel: string) => string): string | null {
  const own = unread.get(folder.dir);
  const stopped = `folder ${folder.uid} ${quoteText(folder.title)} not pulled`;
  if (own !== undefined) return `${stopped}: its ${FOLDER_FILE}: ${own}`;
  if (!isNew || unread.size === 0) return null;
  const dirs = [...unread.keys()].sort();
  const files = dirs.map((dir) => display(`${dir}/${FOLDER_FILE}`));
  // The reason of the file listed first, so "the first" names the same file.
  const first = unread.get(dirs[0]!);
  const which = files.length === 1 ? `${files[0]}: ${first}` : `${files.join(', ')} cannot be read (the first: ${first})`;
  return `${stopped}, and no directory made for it: a ${FOLDER_FILE} pull cannot read may say its uid, and this directory would be a second one for it (${which})`;
}

/** Pure: what a `_folder.json` written over another title changes, and for whom: every environment that deploys it gets the title. */
function describeRetitle(from: string, to: string, others: readonly string[]): string {
  const title = `title ${quoteText(from)} → ${quoteText(to)}`;
  if (others.length === 0) return title;
  const who = others.length === 1 ? `environment ${others[0]} deploys this file too and gets` : `environments ${others.join(', ')} deploy this file too and get`;
  return `${title}; ${who} that title with its next apply (a folder's title is one per tree)`;
}

/** Whether a `_folder.json` names the folder Grafana has under another title. Pure. */
function retitled(inFile: { uid: string; title: string }, live: { uid: string; title: string }): boolean {
  return inFile.uid === live.uid && inFile.title !== live.title;
}

function describe(error: unknown, display: (rel: string) => string): string {
  if (error instanceof Error && (error.name === 'UnsafePathError' || error.name === 'UnreadFolderFileError')) return error.message;
  // A directory made, or a temp file beside the `_folder.json` renamed over it: the refusing place is the directory of `path`.
  const { path } = error as NodeJS.ErrnoException;
  return `cannot write${path === undefined ? ' here' : ` in ${display(dirname(path))}`} ${describeWriteInError(error)}`;
}
