import fg from 'fast-glob';
import { editDistance } from '../edit-distance.js';
import { treePathTests } from './select-tree-paths.js';
import { joinTreePath, parentOf } from './tree-paths.js';
import { compareCodeUnits } from '../compare-code-units.js';

/** An include glob that picks no file of the tree, and the glob it likely meant. */
export interface IncludeSuggestion {
  glob: string;
  suggested: string;
}

/**
 * Pure: for each glob of `include` that picks no file of the tree (`treeFiles`: every dashboard and library panel file,
 * root-relative), the glob with the first directory of its literal prefix that does not exist (`prdo` of `prdo/**`)
 * replaced by a close name of a directory beside it (isCloseName), where the glob then picks a file (with `exclude`, as
 * the run would); a glob that names a file of the tree as a directory (`team-a/auth.json/**`), that file. A glob whose
 * directories all exist, or whose misspelt one has no close neighbour, gets none.
 */
export function suggestIncludes(include: readonly string[], exclude: string[], treeFiles: readonly string[]): IncludeSuggestion[] {
  if (treeFiles.length === 0) return [];
  const testsOf = treePathTests(treeFiles);
  const picks = (globs: string[]) => treeFiles.some(testsOf(globs, exclude));
  const dirs = directoriesOf(treeFiles);
  const files = new Set(treeFiles);
  const suggestions: IncludeSuggestion[] = [];
  for (const glob of include) {
    if (picks([glob])) continue;
    const suggested = suggestGlob(glob, dirs, files, picks);
    if (suggested !== null) suggestions.push({ glob, suggested });
  }
  return suggestions;
}

/** `; did you mean prod/**?`, or `; did you mean prod/** for prdo/** and team-a for taem-a?` where the include has several globs; '' for none. */
export function describeIncludeSuggestions(suggestions: readonly IncludeSuggestion[], globs: number): string {
  if (suggestions.length === 0) return '';
  const each = suggestions.map(({ glob, suggested }) => (globs === 1 ? suggested : `${suggested} for ${glob}`));
  return `; did you mean ${each.join(' and ')}?`;
}

function suggestGlob(glob: string, dirs: ReadonlySet<string>, files: ReadonlySet<string>, picks: (globs: string[]) => boolean): string | null {
  // As toGlob reads it: `./team-a/` is `team-a`; a literal path not ending in .json is a directory.
  const segments = glob.replace(/^\.\//, '').replace(/\/+$/, '').split('/');
  const literal = segments.findIndex((segment) => fg.isDynamicPattern(segment));
  const dirCount = literal !== -1 ? literal : segments.at(-1)!.endsWith('.json') ? segments.length - 1 : segments.length;
  let parent = '';
  for (let index = 0; index < dirCount; index += 1) {
    const typed = segments[index]!;
    const path = joinTreePath(parent, typed);
    if (dirs.has(path)) {
      parent = path;
      continue;
    }
    // `team-a/auth.json/**` names a file as a directory: the file is what it meant.
    if (files.has(path)) return picks([path]) ? path : null;
    const close = [...dirs]
      .filter((dir) => parentOf(dir) === parent)
      .map((dir) => dir.slice(parent === '' ? 0 : parent.length + 1))
      .map((name) => ({ name, distance: editDistance(typed, name) }))
      .filter(({ name, distance }) => isCloseName(typed, name, distance))
      .sort((a, b) => a.distance - b.distance || compareCodeUnits(a.name, b.name));
    for (const { name } of close) {
      const suggested = [...segments.slice(0, index), name, ...segments.slice(index + 1)].join('/');
      if (picks([suggested])) return suggested;
    }
    return null;
  }
  return null;
}

/** Every directory that holds a file of the tree, at any depth (root-relative, '' left out). */
function directoriesOf(treeFiles: readonly string[]): Set<string> {
  const dirs = new Set<string>();
  for (const file of treeFiles) {
    for (let dir = parentOf(file); dir !== '' && !dirs.has(dir); dir = parentOf(dir)) dirs.add(dir);
  }
  return dirs;
}

/**
 * A typo away: within one edit (a swap of two neighbours counts as one) per four characters, at least one; but not a
 * sibling (`team-a` for `team-b`, `eu-1` for `eu-2`, `dev1` for `dev2`): those name another environment's directory
 * more often than they misspell this one's.
 */
export function isCloseName(typed: string, name: string, distance = editDistance(typed, name)): boolean {
  if (distance === 0 || distance > Math.max(1, Math.floor(typed.length / 4))) return false;
  const typedStem = stemOf(typed);
  return !(typedStem !== typed && typedStem === stemOf(name) && stemOf(name) !== name);
}

/** The name without a short last part after a separator (`team` of `team-a`) or a trailing number (`dev` of `dev2`). */
function stemOf(name: string): string {
  return name.replace(/(?:[-_.][^-_.]{1,3}|\d+)$/, '');
}
