import type { SelectionPlaces } from '../config/types.js';
import type { Diagnostic } from '../errors.js';
import { posix } from 'node:path';
import fg from 'fast-glob';

/** Which list of a selection a glob came from. */
type SelectionList = 'include' | 'exclude';

/** A glob of include or exclude, with the list it came from. */
export interface SelectionGlob {
  list: SelectionList;
  glob: string;
  /** Its place in its list (0-based). */
  index: number;
}

/** `team-a` or `./team-a/` (a directory, no wildcard) means everything below it. */
export function toGlob(pattern: string): string {
  const trimmed = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  return fg.isDynamicPattern(trimmed) || trimmed.endsWith('.json') ? trimmed : `${trimmed}/**`;
}

/** A `\` that escapes no glob character: a Windows directory separator, which a glob never reads as one. */
const BACKSLASH_SEPARATOR = /\\(?![*?[\]{}()!+@,\\])/;

/** Why a glob is refused before any walk (findRefusedGlobs). */
export type GlobRefusal = 'backslash' | 'leaves-root' | 'absolute';

/**
 * Pure: the globs refused before any walk, and why: a `\` standing for a directory separator (`ops team\long.json`), which
 * fast-glob reads as an escape, so the glob silently matches nothing (an exclude would let the file through); a path that
 * climbs out of the root (`../shared/**`) or an absolute one, which fast-glob walks wherever it points, so files outside the
 * root were read as the tree's (and `check --fix` rewrote them).
 */
export function findRefusedGlobs(include: string[], exclude: string[]): (SelectionGlob & { refusal: GlobRefusal })[] {
  return listed(include, exclude).flatMap((selected) => {
    const refusal = refusalOf(selected.glob);
    return refusal === undefined ? [] : [{ ...selected, refusal }];
  });
}

function refusalOf(glob: string): GlobRefusal | undefined {
  if (BACKSLASH_SEPARATOR.test(glob)) return 'backslash';
  // Each pattern the walk takes, braces expanded as fast-glob expands them (`{/abs/x/*.json,none}` walks /abs/x).
  const walked = [glob, ...expandedPatterns(glob)];
  if (walked.some((pattern) => pattern.startsWith('/'))) return 'absolute';
  return walked.some((pattern) => {
    const normalized = posix.normalize(pattern);
    return normalized === '..' || normalized.startsWith('../');
  })
    ? 'leaves-root'
    : undefined;
}

/** The patterns fast-glob walks for a glob, its braces expanded (its own tasks); none where it cannot say. */
function expandedPatterns(glob: string): string[] {
  try {
    return fg.generateTasks([glob]).flatMap((task) => [...task.positive, ...task.negative]);
  } catch {
    return [];
  }
}

export function listed(include: string[], exclude: string[]): SelectionGlob[] {
  return [...include.map((glob, index) => ({ list: 'include' as const, glob, index })), ...exclude.map((glob, index) => ({ list: 'exclude' as const, glob, index }))];
}

/** What to do with a dot-directory whose files were meant for the tree (the walk never reads below one). */
export const DOT_DIR_ADVICE = 'rename it without the leading dot if it holds dashboards';

/** The rule of a glob that matches no file (describeUnmatchedGlob): also said in a plan, whose selection it changes. */
export const GLOB_UNMATCHED_RULE = 'glob-unmatched';

/**
 * Pure: one warning for a glob that matches no file (`from`: where each list came from, as messages name it; `configFile`
 * as shown; `root` as shown; `hint`: a "did you mean", describeIncludeSuggestions; `places`: where the config file writes the
 * lists, so the line points at the glob). An exclude that matches nothing leaves in the files it was written to keep out.
 */
export function describeUnmatchedGlob(
  unmatched: SelectionGlob & { insideLinks?: readonly string[]; insideDotDirs?: readonly string[] },
  from: { include: string; exclude: string },
  configFile: string,
  root: string,
  hint = '',
  places?: SelectionPlaces,
): Diagnostic {
  const source = from[unmatched.list];
  const escaped = unmatched.glob.includes('\\') ? '; a "\\" escapes the next character, and directories are separated by "/"' : '';
  const effect = unmatched.list === 'exclude' ? 'so it keeps nothing out' : 'so it selects nothing';
  const links = unmatched.insideLinks ?? [];
  const dotDirs = unmatched.insideDotDirs ?? [];
  // A glob naming a path inside a directory link or a dot-directory is right about the path: the place is what dashsync does not read.
  const unread = [
    ...(links.length === 0 ? [] : [`the directory link${links.length === 1 ? '' : 's'} ${links.join(', ')}, which dashsync does not follow`]),
    ...(dotDirs.length === 0 ? [] : [`the dot-director${dotDirs.length === 1 ? 'y' : 'ies'} ${dotDirs.join(', ')}, which dashsync never reads`]),
  ];
  const fix = unmatched.list === 'exclude' ? 'nothing there is read, so there is nothing to keep out; remove it' : links.length > 0 ? 'copy the files in, or make it a git submodule' : DOT_DIR_ADVICE;
  const why = unread.length === 0
    ? `(globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files${escaped}); check it${hint}`
    : `(it names a path inside ${unread.join(' and ')}: ${fix})`;
  return {
    file: source.startsWith('--') ? source : configFile,
    ...(!source.startsWith('--') && places?.[unmatched.list]?.globs[unmatched.index]),
    severity: 'warning',
    rule: GLOB_UNMATCHED_RULE,
    message: `${unmatched.list} glob "${unmatched.glob}" (${source}) matches no file below ${root}, ${effect} ${why}`,
  };
}
