import type { SelectionPlaces } from '../config/types.js';
import type { Diagnostic } from '../errors.js';
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

/**
 * Pure: the globs that hold a `\` standing for a directory separator (`ops team\long.json`). fast-glob reads it as
 * an escape, so the glob silently matches nothing: an exclude would let the file through.
 */
export function findBackslashSeparators(include: string[], exclude: string[]): SelectionGlob[] {
  return listed(include, exclude).filter(({ glob }) => BACKSLASH_SEPARATOR.test(glob));
}

export function listed(include: string[], exclude: string[]): SelectionGlob[] {
  return [...include.map((glob, index) => ({ list: 'include' as const, glob, index })), ...exclude.map((glob, index) => ({ list: 'exclude' as const, glob, index }))];
}

/** The rule of a glob that matches no file (describeUnmatchedGlob): also said in a plan, whose selection it changes. */
export const GLOB_UNMATCHED_RULE = 'glob-unmatched';

/**
 * Pure: one warning for a glob that matches no file (`from`: where each list came from, as messages name it; `configFile`
 * as shown; `root` as shown; `hint`: a "did you mean", describeIncludeSuggestions; `places`: where the config file writes the
 * lists, so the line points at the glob). An exclude that matches nothing leaves in the files it was written to keep out.
 */
export function describeUnmatchedGlob(unmatched: SelectionGlob & { insideLinks?: readonly string[] }, from: { include: string; exclude: string }, configFile: string, root: string, hint = '', places?: SelectionPlaces): Diagnostic {
  const source = from[unmatched.list];
  const escaped = unmatched.glob.includes('\\') ? '; a "\\" escapes the next character, and directories are separated by "/"' : '';
  const effect = unmatched.list === 'exclude' ? 'so it keeps nothing out' : 'so it selects nothing';
  const links = unmatched.insideLinks ?? [];
  // A glob naming a path inside a directory link is right about the path: the link is what dashsync does not read through.
  const why = links.length === 0
    ? `(globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files${escaped}); check it${hint}`
    : `(it names a path inside the directory link${links.length === 1 ? '' : 's'} ${links.join(', ')}, which dashsync does not follow: ${unmatched.list === 'exclude' ? 'nothing there is read, so there is nothing to keep out; remove it' : 'copy the files in, or make it a git submodule'})`;
  return {
    file: source.startsWith('--') ? source : configFile,
    ...(!source.startsWith('--') && places?.[unmatched.list]?.globs[unmatched.index]),
    severity: 'warning',
    rule: GLOB_UNMATCHED_RULE,
    message: `${unmatched.list} glob "${unmatched.glob}" (${source}) matches no file below ${root}, ${effect} ${why}`,
  };
}
