import { relative, resolve } from 'node:path';
import fg from 'fast-glob';
import { SELECTION_OPTIONS, selectionGlobs } from './discover-tree.js';
import { toSlashes } from './tree-paths.js';

type Kind = 'file' | 'dir';

/**
 * Which of `paths` (root-relative, `/`-separated; they need not exist) an include/exclude selection
 * picks. The answer is discoverTree's own: the same fast-glob patterns and options, walked over a
 * file system made of just these paths (fast-glob's documented `fs` option), so a file pull is
 * about to write is judged exactly as plan will judge it once it is there. Pure: no disk is read.
 */
export function selectTreePaths(paths: readonly string[], include: string[], exclude: string[]): Set<string> {
  return treePathSelector(paths)(include, exclude);
}

/** selectTreePaths for many selections of the same paths: their file system is made once (most of one selection's cost). */
export function treePathSelector(paths: readonly string[]): (include: string[], exclude: string[]) => Set<string> {
  if (paths.length === 0) return () => new Set();
  const root = resolve('/', 'dashsync-selection');
  const entries = new Map<string, Map<string, Kind>>([['', new Map()]]);
  for (const path of paths) {
    let dir = '';
    let start = 0;
    for (let slash = path.indexOf('/'); ; slash = path.indexOf('/', start)) {
      const name = slash < 0 ? path.slice(start) : path.slice(start, slash);
      let children = entries.get(dir);
      if (children === undefined) entries.set(dir, (children = new Map()));
      if (slash < 0) {
        if (!children.has(name)) children.set(name, 'file');
        break;
      }
      children.set(name, 'dir');
      dir = dir === '' ? name : `${dir}/${name}`;
      start = slash + 1;
    }
  }
  const keyOf = (absPath: string) => toSlashes(relative(root, absPath));
  const kindOf = (absPath: string): Kind | undefined => {
    const key = keyOf(absPath);
    if (key === '') return 'dir';
    const slash = key.lastIndexOf('/');
    return entries.get(slash < 0 ? '' : key.slice(0, slash))?.get(key.slice(slash + 1));
  };
  const stats = (absPath: string) => {
    const kind = kindOf(absPath);
    if (kind === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, stat '${absPath}'`), { code: 'ENOENT' });
    return describe(kind);
  };
  const readdirSync = (absPath: string, options?: { withFileTypes?: boolean }) => {
    const children = entries.get(keyOf(absPath));
    if (!children) throw Object.assign(new Error(`ENOENT: no such file or directory, scandir '${absPath}'`), { code: 'ENOENT' });
    return [...children].map(([name, kind]) => (options?.withFileTypes ? { name, ...describe(kind) } : name));
  };
  const fs = { lstatSync: stats, statSync: stats, readdirSync } as never;
  const given = new Set(paths);
  return (include, exclude) => {
    const { include: patterns, ignore } = selectionGlobs(include, exclude);
    const selected = fg.sync(patterns, { cwd: root, ...SELECTION_OPTIONS, ignore, fs });
    // Directories match too (discoverTree keeps only files): the answer is the given paths that matched.
    return new Set(selected.filter((path) => given.has(path)));
  };
}

function describe(kind: Kind) {
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
