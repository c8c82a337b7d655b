import type { SelectionPlaces } from '../config/types.js';
import type { Diagnostic } from '../errors.js';
import fg from 'fast-glob';
import { listed } from './selection-glob.js';
import { treePathTests } from './select-tree-paths.js';

/** The rule of a glob that names a file of the tree, yet as a glob matches others too. */
export const GLOB_FILE_NAME_RULE = 'glob-file-name';

/** The characters that make a name a glob; a `\` before each makes it literal. */
const GLOB_CHARACTERS = /[*?[\]{}()!+@]/g;

/** The most other files a line names. */
const SHOWN = 3;

interface FileNameGlobSelection {
  include: string[];
  exclude: string[];
  selectionFrom?: { include: string; exclude: string };
  selectionPlaces?: SelectionPlaces;
  configFile?: string;
}

/**
 * Pure: a warning for each glob of include/exclude that is the path of a file of the tree (`treeFiles`: root-relative) written as
 * it is, but holds glob characters (`ops/[draft].json`), so it also picks or keeps out other files (`ops/a.json`: "[draft]" is one
 * of d, r, a, f, t): the run's selection is wider than the name says. The line gives the glob that names that file alone.
 */
export function describeFileNameGlobs(selection: FileNameGlobSelection, treeFiles: readonly string[]): Diagnostic[] {
  const named = listed(selection.include, selection.exclude).filter(({ glob }) => fg.isDynamicPattern(glob) && treeFiles.includes(glob));
  if (named.length === 0) return [];
  const testsOf = treePathTests(treeFiles);
  const from = selection.selectionFrom ?? { include: '--include', exclude: '--exclude' };
  return named.flatMap(({ list, glob, index }) => {
    const picks = list === 'include' ? testsOf([glob], []) : testsOf([], [glob]);
    const others = treeFiles.filter((path) => path !== glob && (list === 'include' ? picks(path) : !picks(path)));
    if (others.length === 0) return [];
    const source = from[list];
    const shown = others.length <= SHOWN ? others.join(', ') : `${others.slice(0, SHOWN).join(', ')} and ${others.length - SHOWN} more`;
    const effect = list === 'include' ? 'selects' : 'keeps out';
    const literal = glob.replace(GLOB_CHARACTERS, '\\$&');
    const configFile = selection.configFile ?? 'dashsync.config.json';
    // Pasteable where it goes: a flag's value as the shell passes it, a config file's string as JSON writes it (each "\" doubled).
    const write = source.startsWith('--')
      ? `write "${literal}" to name that file alone (a "\\" before a glob character makes it literal)`
      : `write ${JSON.stringify(literal)} in ${configFile} to name that file alone (a "\\" before a glob character makes it literal, and a JSON string writes each "\\" as "\\\\")`;
    return [{
      file: source.startsWith('--') ? source : configFile,
      ...(!source.startsWith('--') && selection.selectionPlaces?.[list]?.globs[index]),
      severity: 'warning' as const,
      rule: GLOB_FILE_NAME_RULE,
      message: `${list} glob "${glob}" (${source}) is the name of the file ${glob}, but as a glob it ${effect} ${shown} too; ${write}`,
    }];
  });
}
