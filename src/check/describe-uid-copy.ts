import type { FirstAdditions, UncommittedMove } from '../git/read-first-additions.js';
import type { Shell } from '../describe-error.js';
import { fetchFullHistory } from '../report/fetch-full-history.js';

/**
 * Pure: what a `uid-duplicate` line on `file` adds about which of the files sharing the uid is the copy to change
 * (`others`: the files it shares it with; all as shown): the one git added first is the original, a later or
 * uncommitted one a copy. `found`: each file's first addition (readFirstAdditions, keyed and `moved.from` as shown), or why
 * git could not be asked. A file moved since HEAD is named with where it was and what git makes of the move; files first
 * seen in a shallow clone's oldest commit may be older than it, so which came first is not known (`shell`: whose way to fetch the
 * history the line names).
 */
export function describeUidCopy(file: string, others: readonly string[], found: FirstAdditions, shell: Shell = 'cli'): string {
  if (!found.ok) return `; git cannot tell which of them is the copy (${found.failure === 'not-a-repository' ? 'no git repository here' : found.error})`;
  const { added } = found;
  const all = [file, ...others];
  const name = (path: string) => {
    const moved = added.get(path)?.moved;
    return `${path === file ? 'this file' : path}${moved === undefined ? '' : ` (${describeMove(moved)})`}`;
  };
  const held = all.filter((path) => added.has(path));
  if (held.length === 0) return `; git holds none of them yet, so it cannot tell which is the copy`;
  const first = Math.min(...held.map((path) => added.get(path)!.order));
  const originals = held.filter((path) => added.get(path)!.order === first);
  const together = originals.includes(file) ? `${name(file)} and ${originals.filter((path) => path !== file).map(name).join(', ')}` : originals.map(name).join(' and ');
  if (originals.length > 1 && added.get(originals[0]!)!.atShallowEdge) return `; git cannot tell which of them is the copy (a shallow clone: its oldest commit holds ${together}; ${fetchFullHistory(shell)})`;
  if (originals.length > 1) return `; git added ${together} in one commit, so it cannot tell which is the copy`;
  const original = originals[0]!;
  const copies = all.filter((path) => path !== original);
  const copied = copies.length === 1 ? `${name(copies[0]!)} is the copy` : `the others are copies`;
  return `; git held ${name(original)} first, so ${copied}`;
}

/** Where a file was at HEAD, and what git makes of the move: the next commit records it, or what makes it do so. */
function describeMove(moved: UncommittedMove): string {
  switch (moved.how) {
    case 'staged':
      return `moved from ${moved.from}, a move staged for the next commit`;
    case 'untracked':
      return `moved from ${moved.from}: stage both paths, and git records the move`;
    case 'edited':
      return `moved from ${moved.from} and edited, going by the uid that file held: stage both paths, and git records the move if it finds the two alike`;
  }
}

/**
 * Pure: under the pre-commit hook, a `uid-duplicate` line where the clash is with files git does not hold (`untracked`, as
 * shown: `file` itself, or every one of `others`), which are in no commit: a warning's words, naming those files and the
 * step that settles it before they are committed (`root`: the tree's directory, as shown) (walk-73 M3).
 */
export function describeUntrackedUidSharers(uid: string, file: string, others: readonly string[], untracked: ReadonlySet<string>, root: string): string {
  const away = `or move it out of ${root === '.' || root === '' ? 'the tree' : `${root}/`}`;
  if (untracked.has(file)) {
    return `uid "${uid}" is also used by ${others.join(', ')}; this file is not in git, so not in this commit: before you commit it, give it another uid (delete its "uid" line, then run check --fix), ${away}`;
  }
  const one = others.length === 1;
  return `uid "${uid}" is also used by ${others.join(', ')}, which ${one ? 'is' : 'are'} not in git, so not in this commit: before you commit ${one ? 'it' : 'them'}, give ${one ? 'it' : 'each'} another uid (delete ${one ? 'its' : 'their'} "uid" line, then run check --fix), ${away.replace('move it', one ? 'move it' : 'move them')}`;
}
