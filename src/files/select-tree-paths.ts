import fg from 'fast-glob';
import providerModule from 'fast-glob/out/providers/sync.js';
import settingsModule from 'fast-glob/out/settings.js';
import { dotDirAbove, SELECTION_OPTIONS, selectionGlobs } from './discover-tree.js';
import { parentOf } from './tree-paths.js';

// fast-glob's CommonJS modules export a class as `default`: Node hands ESM the exports object, a bundler or vitest the class itself.
const classOf = <T>(module: { default: T } | T): T => (typeof module === 'function' ? module : (module as { default: T }).default);
const ProviderSync = classOf(providerModule);
const Settings = classOf(settingsModule);

/** What fast-glob's filters ask of an entry's dirent (no symlinks: the paths are plain files and their directories). */
const FILE = direntOf('file');
const DIR = direntOf('dir');

/**
 * Which of `paths` (root-relative, `/`-separated; they need not exist) an include/exclude selection
 * picks. The answer is discoverTree's own: fast-glob's tasks for the same patterns and options
 * (fg.generateTasks), and its own deep and entry filters (those fg.sync hands its walker), applied to the
 * directories and files these paths make, so a file pull is about to write is judged exactly as plan will
 * judge it once it is there. Pure: no disk is read.
 */
export function selectTreePaths(paths: readonly string[], include: string[], exclude: string[]): Set<string> {
  return treePathSelector(paths)(include, exclude);
}

/** selectTreePaths for many selections of the same paths: the directories are listed once (treePathTests). */
export function treePathSelector(paths: readonly string[]): (include: string[], exclude: string[]) => Set<string> {
  if (paths.length === 0) return () => new Set();
  const testsOf = treePathTests(paths);
  const unique = [...new Set(paths)];
  return (include, exclude) => new Set(unique.filter(testsOf(include, exclude)));
}

/**
 * For the given paths, the test of each selection: whether it picks a path (one of `paths`). A selection compiles its globs
 * once (fast-glob's tasks and filters) and judges each directory once, as the walk's deep filter does; there is no walk,
 * so a caller that needs one answer (does a glob pick anything?) stops at the first path that gives it. `only` (a glob of
 * `include`): whether that glob picks the path where the walk of the whole include meets it. fast-glob groups every pattern
 * into one walk from the root once one pattern starts there, and such a walk matches `api.json/**` against the file
 * `api.json` too, where the glob alone would start below that file and find nothing (stop-53 §11.5).
 */
export function treePathTests(paths: readonly string[]): (include: string[], exclude: string[], only?: string) => (path: string) => boolean {
  const dirs = new Set<string>();
  const ancestors = new Map<string, string[]>();
  for (const path of paths) {
    if (ancestors.has(path)) continue;
    const above: string[] = [];
    for (let dir = parentOf(path); dir !== ''; dir = parentOf(dir)) above.push(dir);
    ancestors.set(path, above.reverse());
    for (const dir of above) dirs.add(dir);
  }
  const entryOf = (path: string) => ({ path, name: path.slice(path.lastIndexOf('/') + 1), dirent: dirs.has(path) ? DIR : FILE });
  return (include, exclude, only) => {
    const { include: patterns, ignore } = selectionGlobs(include, exclude);
    // `unique` only drops a path a second pattern finds again: the answer is the same without its bookkeeping.
    const options = { cwd: '/', ...SELECTION_OPTIONS, ignore, unique: false };
    const provider = new ProviderSync(new Settings(options));
    // The patterns `only` becomes in the walk's tasks (its braces expanded).
    const own = only === undefined ? undefined : new Set(fg.generateTasks(selectionGlobs([only], []).include, options).flatMap((task) => task.positive));
    const tests = fg.generateTasks(patterns, options).flatMap((task): ((path: string) => boolean)[] => {
      const positive = own === undefined ? task.positive : task.positive.filter((pattern) => own.has(pattern));
      if (positive.length === 0) return [];
      const entryFilter = provider.entryFilter.getFilter(positive, task.negative);
      const accepts = (path: string) => entryFilter(entryOf(path) as never);
      // A pattern without wildcards is looked up, not walked: it names its path.
      if (!task.dynamic) return [(path) => positive.includes(path) && accepts(path)];
      const base = task.base === '.' ? '' : task.base;
      const deepFilter = provider.deepFilter.getFilter(base, task.positive, task.negative);
      const entered = new Map<string, boolean>();
      const enters = (dir: string): boolean => {
        let answer = entered.get(dir);
        if (answer === undefined) entered.set(dir, (answer = deepFilter(entryOf(dir) as never)));
        return answer;
      };
      return [(path) => {
        const above = ancestors.get(path)!;
        // The walk starts at the task's base directory and enters each directory below it that the deep filter lets in.
        const start = base === '' ? 0 : above.indexOf(base) + 1;
        if (start === 0 && base !== '') return false;
        for (let i = start; i < above.length; i += 1) if (!enters(above[i]!)) return false;
        return accepts(path);
      }];
    });
    // Nothing below a dot-directory is the tree's, whatever names it (discoverTree drops it).
    return (path) => dotDirAbove(path) === undefined && tests.some((test) => test(path));
  };
}

/**
 * Whether the walk of an include/exclude selection would enter `dir` (root-relative, `/`-separated) were it a directory: false
 * when the selection can pick no file below it (an exclude that keeps it out, an include that walks elsewhere). Judged by
 * fast-glob's own tasks and deep filter, as treePathTests judges the directories above a file. Pure: no disk is read.
 */
export function selectionEntersDirectory(dir: string, include: string[], exclude: string[]): boolean {
  const { include: patterns, ignore } = selectionGlobs(include, exclude);
  const options = { cwd: '/', ...SELECTION_OPTIONS, ignore, unique: false };
  const provider = new ProviderSync(new Settings(options));
  const chain: string[] = [];
  for (let at = dir; at !== ''; at = parentOf(at)) chain.unshift(at);
  return fg.generateTasks(patterns, options).some((task) => {
    // A pattern without wildcards names one path: it is below `dir` or not (the exclude is judged where the walk meets it).
    if (!task.dynamic) return task.positive.some((pattern) => pattern.startsWith(`${dir}/`));
    const base = task.base === '.' ? '' : task.base;
    // A walk that starts at `dir` or below it reads there.
    if (base !== '' && (base === dir || base.startsWith(`${dir}/`))) return true;
    if (base !== '' && !dir.startsWith(`${base}/`)) return false;
    const deepFilter = provider.deepFilter.getFilter(base, task.positive, task.negative);
    return chain.slice(base === '' ? 0 : chain.indexOf(base) + 1).every((at) => deepFilter({ path: at, name: at.slice(at.lastIndexOf('/') + 1), dirent: DIR } as never));
  });
}

/**
 * Pure: the places the tree never reads that a glob names a path inside: the directory links of the tree (`linkedDirs`,
 * root-relative) one of its walks starts at or below (`team/linked/**`, `team/linked/cpu.json`), where fast-glob reads through
 * the link, and the dot-directories such a walk starts in (`.archive/**`; discoverTree drops what it lists there). A walk that
 * starts above a link or a dot-directory never enters it. Each sorted.
 */
export function unreadPlacesGlobNames(glob: string, linkedDirs: readonly string[]): { links: string[]; dotDirs: string[] } {
  const options = { cwd: '/', ...SELECTION_OPTIONS };
  const tasks = fg.generateTasks(selectionGlobs([glob], []).include, options);
  // Where each walk starts (a dynamic task's base), or the path a static pattern names.
  const starts = tasks.flatMap((task) => (task.dynamic ? [task.base] : task.positive));
  const links = linkedDirs.filter((link) => starts.some((start) => start === link || start.startsWith(`${link}/`)));
  const dotDirs = tasks.flatMap((task) => (!task.dynamic ? task.positive : task.base === '.' ? [] : [`${task.base}/`])).map(dotDirAbove).filter((dir): dir is string => dir !== undefined);
  return { links: links.sort(), dotDirs: [...new Set(dotDirs)].sort() };
}

function direntOf(kind: 'file' | 'dir') {
  const no = () => false;
  return {
    isFile: () => kind === 'file',
    isDirectory: () => kind === 'dir',
    isSymbolicLink: no,
    isBlockDevice: no,
    isCharacterDevice: no,
    isFIFO: no,
    isSocket: no,
  };
}
