import { pathspecWord, shellWord } from '../report/next-command.js';
import type { HandMergeCommits } from './decide-pull-file.js';

/** The refused file a hand merge is about: its uid, its path as shown (relative to where pull ran), and the pull that takes Grafana's version. */
export interface HandMergeFile {
  uid: string;
  file: string;
  forcePull: string;
  /** Where that pull writes it, when Grafana moved the dashboard to another folder (no move in git), and the `_folder.json` it writes beside it. */
  to?: string;
  toFolderFile?: string;
  /** `to`'s directory is one that pull makes: `toFolderFile` is the pull's own (a merge that keeps git's move takes it back). */
  toFolderFileMade?: true;
  /** The file's path (as shown) at the merge's base, where git moved it since (HandMergeCommits.movedFrom). */
  from?: string;
}

/**
 * Pure: the commands that merge Grafana's version of a refused committed file with the file's own change, one line to paste
 * as printed (from where pull ran: the paths are as shown). `pull --force` writes Grafana's version, which is committed first
 * (so the next plan finds the live edit in git, its `edit in git` note, instead of warning of drift); the file's change is then
 * made again over it and committed. With a base (the commit just before that change), git applies the change itself
 * (three-way: where both sides changed the same lines it leaves conflict markers, and the line stops there); without one,
 * `git checkout -p` shows each difference from the file as it was and asks which to take back. Where the pull moves the file
 * (Grafana moved the dashboard: `to`, under the same name or another), the change is made again at the path its commits
 * have, so the file goes back there for it (`git mv`) and then on to where the pull put it. Where git moved it (`from`), the
 * merge keeps git's move (describeMergeOfMove).
 */
export function describeHandMerge(at: HandMergeFile, commits: HandMergeCommits): string {
  if (at.from !== undefined) return describeMergeOfMove({ ...at, from: at.from }, commits);
  const file = shellWord(at.file);
  const fileSpec = pathspecWord(at.file);
  const head = commits.head.slice(0, 12);
  const pulled = commitPulled(at.uid, at.to === undefined ? [at.file] : [at.file, at.to, ...(at.toFolderFile === undefined ? [] : [at.toFolderFile])]);
  const takeBack = commits.base === undefined ? `git checkout -p ${head} -- ${fileSpec}` : `git diff ${commits.base.slice(0, 12)} ${head} -- ${fileSpec} | ${applyFromTop(at.file)}`;
  const merged = `git commit -m ${shellWord(`${at.uid}: merge ${head} with the pulled version`)} -- ${pathspecWord(at.to ?? at.file)}`;
  // After a conflict git holds the file as unmerged, which `git mv` refuses: it is added first.
  const onward = at.to === undefined ? [merged] : [`git add -- ${fileSpec}`, `git mv ${file} ${shellWord(at.to)}`, merged];
  const back = at.to === undefined ? [] : [`git mv ${shellWord(at.to)} ${file}`];
  const steps = [at.forcePull, pulled, ...back, takeBack, ...onward].join(' && ');
  const then =
    commits.base === undefined
      ? `git checkout -p asks, for each difference, whether to take your line back (y) or keep Grafana's (n)`
      : `where git apply reports a conflict, ${keepEachSide(at.file)}, then ${at.to === undefined ? 'run the last git commit' : `run: ${onward.join(' && ')}`}`;
  return `To merge by hand, run: ${steps} (${then})`;
}

/**
 * The steps where git moved the file since the base (from `at.from` to `at.file`): the pulled file goes where the base had it,
 * and git's patch from the base to `head`, the move with the edits, takes it on to where git put it: the merge keeps git's
 * move (a pull alone would put the file back in the directory of Grafana's folder). A `_folder.json` the pull wrote into a
 * directory it made for the file (`toFolderFileMade`) is taken back with it: the tree ends as git had it but for the merged file.
 * Without a base (no push recorded after a restore: what the file was put back with is no proven base), the pulled file goes
 * where git put it, and `git checkout -p` asks for each difference there.
 */
function describeMergeOfMove(at: HandMergeFile & { from: string }, commits: HandMergeCommits): string {
  const head = commits.head.slice(0, 12);
  const pulledAt = at.to ?? at.file;
  const pulled = commitPulled(at.uid, at.to === undefined ? [at.file] : [at.file, at.to, ...(at.toFolderFile === undefined ? [] : [at.toFolderFile])]);
  const goesTo = commits.base === undefined ? at.file : at.from;
  const back = pulledAt === goesTo ? [] : [`git mv ${shellWord(pulledAt)} ${shellWord(goesTo)}`];
  const madeFolderFile = at.to !== undefined && at.toFolderFileMade === true ? at.toFolderFile : undefined;
  const takeFolderFileBack = madeFolderFile === undefined ? [] : [`git rm -q -- ${pathspecWord(madeFolderFile)}`];
  const takeBack =
    commits.base === undefined
      ? `git checkout -p ${head} -- ${pathspecWord(at.file)}`
      : `git diff -M ${commits.base.slice(0, 12)} ${head} -- ${pathspecWord(at.from)} ${pathspecWord(at.file)} | ${applyFromTop(at.from.startsWith('../') ? at.from : at.file)}`;
  // What HEAD and the index know once the patch is in: the path the pull committed, the one git's move takes the file to and the
  // `_folder.json` taken back. `at.from` was a way station: where the pull put it elsewhere (a move that renamed the file), neither knows it.
  const paths = [...new Set([pulledAt, at.file, ...(madeFolderFile === undefined ? [] : [madeFolderFile])])].map(pathspecWord).join(' ');
  const merged = `git commit -m ${shellWord(`${at.uid}: merge ${head} with the pulled version`)} -- ${paths}`;
  const steps = [at.forcePull, pulled, ...back, ...takeFolderFileBack, takeBack, merged].join(' && ');
  const then =
    commits.base === undefined
      ? `git checkout -p asks, for each difference, whether to take your line back (y) or keep Grafana's (n)`
      : `where git apply reports a conflict, ${keepEachSide(at.file)}, then run the last git commit`;
  return `To merge by hand, run: ${steps} (${then})`;
}

/**
 * What to do where `git apply --3way` marks a conflict in `file` (as shown). Keeping both sides as they stand would write a JSON
 * key twice where both changed the same key, or one added a key beside the other's change (json-duplicate-key): each side's
 * change is kept, one value per key.
 */
function keepEachSide(file: string): string {
  return `keep each side's change where ${file} marks it, one value per key (a key both sides changed: choose one value)`;
}

/**
 * `git apply --3way` where it applies a patch of `file` (as shown): run in a directory that does not hold the file (its path
 * climbs out with `../`), git apply passes over every path outside it without a word, so it is run from the top of the
 * repository (`--show-cdup`: the way up, empty at the top, where `git -C ''` stays).
 */
function applyFromTop(file: string): string {
  return file.startsWith('../') ? `git -C "$(git rev-parse --show-cdup)" apply --3way` : 'git apply --3way';
}

/**
 * Pure: the command committing what `pull --force <uid>` wrote at `paths` (as the tree holds them, unquoted); more than one
 * path, a move: each is staged first, the old path's removal, the new one and its folder's `_folder.json` alike.
 */
export function commitPulled(uid: string, paths: readonly string[]): string {
  const words = paths.map(pathspecWord).join(' ');
  return `${paths.length > 1 ? `git add -A -- ${words} && ` : ''}git commit -m ${shellWord(`pull ${uid} from Grafana`)} -- ${words}`;
}
