import { resolve } from 'node:path';
import { runGit, type GitFailure } from './run-git.js';

const GIT_TIMEOUT_MS = 60_000;

/** A file a commit of HEAD's history deleted under the tree walked. */
export interface HistoryDeletion {
  commit: string;
  subject: string;
  /** Relative to the tree walked (a merge's own deletions outside it are left out). */
  path: string;
  /** The blob the file held when it was deleted (its first parent's, for a merge): cat-file reads it by this name. */
  blob: string;
}

/** readHistoryDeletions' answer: the deletions newest first, and whether the repository is a shallow clone (the walk stops at its boundary). */
export type HistoryDeletions = { ok: true; deletions: HistoryDeletion[]; shallow: boolean } | { ok: false; failure: GitFailure; error: string };

/**
 * The files the commits of HEAD's history (HEAD included) deleted under `tree` (its top `.`), newest first, in the tree's own
 * repository (a submodule's, where the tree is one). --no-renames: a moved file's old path is a delete. -c: a merge lists the
 * files it deleted on its own (while resolving it), from the repository's top (--relative does not reach a combined listing):
 * the tree's prefix, read beside the walk, takes them below the tree. --raw: each deleted blob's name comes with the walk, so
 * its readers read a blob once however often the history deleted it, without resolving `<commit>^:<path>`.
 */
export async function readHistoryDeletions(tree: string): Promise<HistoryDeletions> {
  const [log, repository] = await Promise.all([
    runGit(tree, ['log', '--no-renames', '--relative', '--diff-filter=D', '--raw', '--no-abbrev', '-c', '-z', '--format=%x01%H%x02%s', 'HEAD', '--', '.'], GIT_TIMEOUT_MS),
    runGit(tree, ['rev-parse', '--is-shallow-repository', '--show-prefix'], GIT_TIMEOUT_MS),
  ]);
  if (!log.ok) return log;
  if (!repository.ok) return repository;
  const [shallow = '', prefix = ''] = repository.stdout.split('\n');
  return { ok: true, deletions: parseDeletionsLog(log.stdout, prefix), shallow: shallow.trim() === 'true' };
}

/** Reads readHistoryDeletions' walk. */
export type HistoryDeletionsReader = (tree: string) => Promise<HistoryDeletions>;

/**
 * One walk per tree for a whole plan: on a long history it is the dearest git read there is (a tree diff per commit), and
 * the plan's readers of deleted files (the creates moved out of the tree or put back, the prune deletes' removed files, the
 * former folders) ask the same question.
 */
export function shareHistoryDeletions(): HistoryDeletionsReader {
  const walks = new Map<string, Promise<HistoryDeletions>>();
  return (tree) => {
    const key = resolve(tree);
    const walk = walks.get(key) ?? readHistoryDeletions(key);
    walks.set(key, walk);
    return walk;
  };
}

/**
 * Pure: `git log --raw -z -c --format=%x01%H%x02%s` as deletions. Each commit is `\x01<commit>\x02<subject>`, a NUL, then a
 * newline (a merge's combined listing: a NUL), then per entry its raw line (`:<mode> <mode> <blob> <blob> D`; a merge's combined one `::` with a
 * mode and a blob per parent and the result) and its path, each ending in a NUL. A merge's paths are from the repository's
 * top: those below `prefix` (the tree's, ending in `/`; empty at the top) are kept, relative to it.
 */
function parseDeletionsLog(stdout: string, prefix: string): HistoryDeletion[] {
  const deletions: HistoryDeletion[] = [];
  for (const record of stdout.split('\x01').slice(1)) {
    const fields = record.split('\0');
    const head = fields[0]!;
    const split = head.indexOf('\x02');
    const commit = split === -1 ? head : head.slice(0, split);
    const subject = split === -1 ? '' : head.slice(split + 1);
    // A merge's combined listing follows its header after a second NUL, a commit's own after a newline.
    for (let at = fields[1] === '' ? 2 : 1; at + 1 < fields.length; at += 2) {
      const raw = fields[at]!.replace(/^\n/, '');
      const path = fields[at + 1]!;
      if (!raw.startsWith(':')) break;
      const parents = /^:+/.exec(raw)![0].length;
      // The modes (a parent's each, then the result's), then the blobs in the same order: the first parent's blob is the file it deleted.
      const blob = raw.slice(parents).split(' ')[parents + 1];
      if (blob === undefined) continue;
      const combined = parents > 1;
      if (combined && !path.startsWith(prefix)) continue;
      deletions.push({ commit, subject, path: combined ? path.slice(prefix.length) : path, blob });
    }
  }
  return deletions;
}
