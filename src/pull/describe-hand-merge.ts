import { posix } from 'node:path';
import { shellWord } from '../report/next-command.js';
import type { HandMergeCommits } from './decide-pull-file.js';

/** The refused file a hand merge is about: its uid, its path as shown (relative to where pull ran), and the pull that takes Grafana's version. */
export interface HandMergeFile {
  uid: string;
  file: string;
  forcePull: string;
  /** Where that pull writes it, when Grafana moved the dashboard to another folder (no move in git), and the `_folder.json` it writes beside it. */
  to?: string;
  toFolderFile?: string;
}

/**
 * Pure: the commands that merge Grafana's version of a refused committed file with the file's own change, one line to paste
 * as printed. `pull --force` writes Grafana's version, which is committed first (so the next plan finds the live edit in
 * git, its `edit in git` note, instead of warning of drift); the file's change is then made again over it and committed.
 * With a base (the commit just before that change), git applies the change itself (three-way: where both sides changed the
 * same lines it leaves conflict markers, and the line stops there); without one, `git checkout -p` shows each difference
 * from the file as it was and asks which to take back.
 */
export function describeHandMerge(at: HandMergeFile, commits: HandMergeCommits): string {
  const file = shellWord(at.file);
  const head = commits.head.slice(0, 12);
  // Moved in Grafana: the pull writes the file in Grafana's folder's directory (under the same name), where the change is applied.
  const moved = at.to !== undefined && commits.base !== undefined && posix.basename(at.to) === posix.basename(at.file) ? at.to : undefined;
  const pulled = commitPulled(at.uid, moved === undefined ? [at.file] : [at.file, moved, ...(at.toFolderFile === undefined ? [] : [at.toFolderFile])]);
  const merged = `git commit -m ${shellWord(`${at.uid}: merge ${head} with the pulled version`)} -- ${shellWord(moved ?? at.file)}`;
  const takeBack =
    commits.base === undefined
      ? `git checkout -p ${head} -- ${file}`
      : moved === undefined
        ? `git diff ${commits.base.slice(0, 12)} ${head} -- ${file} | git apply --3way`
        : `git diff ${commits.base.slice(0, 12)} ${head} --relative=${shellWord(posix.dirname(at.file))} -- ${file} | git apply --3way --directory=${shellWord(posix.dirname(moved))}`;
  const steps = [at.forcePull, pulled, takeBack, merged].join(' && ');
  const then =
    commits.base === undefined
      ? `git checkout -p asks, for each difference, whether to take your line back (y) or keep Grafana's (n)`
      : `where git apply reports a conflict, keep both sides where ${moved ?? at.file} marks it, then run the last git commit`;
  return `To merge by hand, run: ${steps} (${then})`;
}

/**
 * Pure: the command committing what `pull --force <uid>` wrote at `paths` (as the tree holds them, unquoted); more than one
 * path, a move: each is staged first, the old path's removal, the new one and its folder's `_folder.json` alike.
 */
export function commitPulled(uid: string, paths: readonly string[]): string {
  const words = paths.map(shellWord).join(' ');
  return `${paths.length > 1 ? `git add -A -- ${words} && ` : ''}git commit -m ${shellWord(`pull ${uid} from Grafana`)} -- ${words}`;
}
