import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { toSlashes } from '../files/tree-paths.js';
import { runGit, type GitFailure } from '../git/run-git.js';
import { findCommitsOutsideHead } from '../git/find-commits-outside-head.js';
import { checkoutId } from '../git/checkout-id.js';
import type { GitFileState } from './decide-pull-file.js';

/** git's view of the tree: which files it holds exactly as they are. */
export interface GitView {
  /** Why there is no git evidence (`not a git repository`, `git is not installed`, git's own message); null inside a repository. */
  unavailable: string | null;
  /** With `unavailable`, what kind of failure it was: only `not-a-repository` says the tree is in no repository. */
  failure?: GitFailure;
  /** This checkout's id (checkoutId), which a push of a file not committed from it names (`[uncommitted <id>]`); absent outside git. */
  checkout?: string;
  /**
   * git's common directory of the repository (absolute; `.git` of a plain clone, the main one's for a worktree), told by the
   * process that found its top: the library panel record's place (createLibraryPullRecord). Absent outside git, or where
   * that answer could not be split (a path holding a line break).
   */
  commonDir?: string;
  /**
   * The state of a file, by its path relative to the root (forward slashes). A file git saw as committed that was
   * written since git looked (its mtime, read at this call: ask after reading the file's text) is `uncommitted`.
   */
  stateOf(rootRelative: string): GitFileState;
  /** Whether git holds no version of the file at all (untracked or ignored); false where git holds one, or cannot be asked. */
  untracked?(rootRelative: string): boolean;
  /**
   * Where HEAD holds the file's bytes when its one change is a rename not committed yet (`git mv`, staged, content
   * unchanged): HEAD's path, relative to the root; null for any other file, or where git cannot tell. One git process, at the
   * first call only.
   */
  renamedFrom?(rootRelative: string): Promise<string | null>;
  /** Whether this repository has the commit (abbreviated hex) and HEAD does not contain it; false where git cannot tell. Two git processes per commit asked. */
  outsideHead?(commit: string): Promise<boolean>;
}

/**
 * Asks git (two processes, once per pull) where the repository's top and git's common directory are, and which files under
 * `realRoot` differ from HEAD: modified or deleted (staged or not), added, untracked, ignored. Every other file below
 * the root is committed as it is. Outside a repository, or when git is missing or refuses
 * (for example "dubious ownership"), there is no evidence: every file is `no-git`. Never throws.
 */
export async function readGitView(realRoot: string, pipelineCheckoutId?: string): Promise<GitView> {
  // Taken before git looks: a file written since is newer than this, whatever git said of it then.
  const takenAt = Date.now();
  const where = await readTopAndCommonDir(realRoot);
  if (!where.ok) return noGit(where);
  const status = await runGit(realRoot, ['status', '--porcelain=v1', '-z', '--no-renames', '--untracked-files=all', '--ignored=traditional', '--', '.'], 30_000);
  if (!status.ok) return noGit(status);
  const { repoTop, commonDir } = where;
  const differing = new Set<string>();
  const untracked = new Set<string>();
  // Entries are `XY path` separated by NUL; paths are relative to the top of the repository (`??` untracked, `!!` ignored).
  for (const entry of status.stdout.split('\0')) {
    if (entry.length < 4) continue;
    const path = toSlashes(relative(realRoot, resolve(repoTop, entry.slice(3))));
    differing.add(path);
    if (entry.startsWith('??') || entry.startsWith('!!')) untracked.add(path);
  }
  const writtenSince = (path: string) => (statSync(resolve(realRoot, path), { throwIfNoEntry: false })?.mtimeMs ?? -Infinity) >= takenAt;
  let renames: Promise<Map<string, string>> | undefined;
  const outside = new Map<string, Promise<boolean>>();
  return {
    unavailable: null,
    checkout: pipelineCheckoutId ?? checkoutId(repoTop),
    ...(commonDir !== undefined && { commonDir }),
    stateOf: (path) => (differing.has(path) || writtenSince(path) ? 'uncommitted' : 'committed'),
    untracked: (path) => untracked.has(path),
    renamedFrom: async (path) => {
      renames ??= readPureRenames(realRoot, repoTop);
      return (await renames).get(path) ?? null;
    },
    outsideHead: async (commit) => {
      if (!outside.has(commit)) outside.set(commit, findCommitsOutsideHead(realRoot, [commit]).then((against) => against?.outsideHead.has(commit) === true));
      return outside.get(commit)!;
    },
  };
}

/**
 * The repository's top and git's common directory (absolute), from one `git rev-parse`: one line each. An answer of more lines
 * (a path holding a line break) cannot be split: the top is asked for alone, as before, and the common directory is left out.
 */
async function readTopAndCommonDir(realRoot: string): Promise<{ ok: true; repoTop: string; commonDir?: string } | { ok: false; failure: GitFailure; error: string }> {
  const both = await runGit(realRoot, ['rev-parse', '--show-toplevel', '--git-common-dir'], 30_000);
  if (!both.ok) return both;
  const lines = both.stdout.replace(/\n$/, '').split('\n');
  if (lines.length === 2 && lines.every((line) => line !== '')) return { ok: true, repoTop: lines[0]!, commonDir: resolve(realRoot, lines[1]!) };
  const top = await runGit(realRoot, ['rev-parse', '--show-toplevel'], 30_000);
  return top.ok ? { ok: true, repoTop: top.stdout.replace(/\n$/, '') } : top;
}

/**
 * The renames staged and nothing else (`git status --porcelain=v2`: `R.`, similarity 100, the same blob in HEAD and the
 * index), new path → HEAD's, both relative to the root; empty where git fails.
 */
async function readPureRenames(realRoot: string, repoTop: string): Promise<Map<string, string>> {
  const status = await runGit(realRoot, ['status', '--porcelain=v2', '-z', '--renames', '--untracked-files=no'], 30_000);
  const renames = new Map<string, string>();
  if (!status.ok) return renames;
  const rootRelative = (path: string) => toSlashes(relative(realRoot, resolve(repoTop, path)));
  const tokens = status.stdout.split('\0');
  for (let at = 0; at < tokens.length; at += 1) {
    const fields = tokens[at]!.split(' ');
    if (fields[0] !== '2') continue;
    // `2 <XY> <sub> <mH> <mI> <mW> <hH> <hI> <X><score> <path>`, then the path it was renamed from.
    const [, xy, , , , , headBlob, indexBlob, score] = fields;
    const from = tokens[at + 1]!;
    if (xy === 'R.' && score === 'R100' && headBlob === indexBlob) renames.set(rootRelative(fields.slice(9).join(' ')), rootRelative(from));
    at += 1;
  }
  return renames;
}

function noGit({ failure, error }: { failure: GitFailure; error: string }): GitView {
  return { unavailable: error, failure, stateOf: () => 'no-git' };
}
