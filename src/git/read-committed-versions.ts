import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { toSlashes } from '../files/tree-paths.js';
import { readCatFileBatch } from './read-cat-file-batch.js';
import { runGit } from './run-git.js';
import { startGit } from './start-git.js';

export interface CommittedVersions {
  /** The history here is cut short (a shallow clone, actions/checkout's default depth 1): older commits were not there to read. */
  shallow: boolean;
  /**
   * Each file asked about (as given) → the texts git holds of it, newest first, distinct; absent
   * when git holds none. The first is HEAD's: a path's history ends at the newest commit that
   * deleted it.
   */
  texts: Map<string, string[]>;
}

/**
 * The last `depth` committed versions of each file (the commits of HEAD's history that touched
 * its path), read with three git processes however many files: rev-parse, one `log --stdin` over
 * every path, one `cat-file --batch`. Paths are taken relative to the repository's top after
 * resolving symlinks (a tree below the top, or reached through a link, still finds its files; a
 * file whose real path leaves the repository has no committed version). Null when there is no
 * evidence (no git, not a repository, no commit yet, git refuses); never throws.
 */
export async function readCommittedVersions(files: string[], options: { cwd: string; depth: number }): Promise<CommittedVersions | null> {
  if (files.length === 0) return null;
  const repo = await runGit(options.cwd, ['rev-parse', '--show-toplevel', '--is-shallow-repository'], 60_000);
  if (!repo.ok) return null;
  const [top, shallow] = repo.stdout.split('\n');
  if (!top) return null;
  const realTop = await realpathOrNull(top);
  if (realTop === null) return null;

  const pathsOf = new Map<string, string[]>();
  for (const file of files) {
    const real = await realpathOrNull(file);
    if (real === null) continue;
    const inRepo = toSlashes(relative(realTop, real));
    // Outside the repository, or a name git's line-based stdin cannot carry.
    if (inRepo === '' || inRepo.startsWith('../') || isAbsolute(inRepo) || /[\n\r]/.test(inRepo)) continue;
    pathsOf.set(inRepo, [...(pathsOf.get(inRepo) ?? []), file]);
  }
  if (pathsOf.size === 0) return { shallow: shallow === 'true', texts: new Map() };

  const commitsOf = await readTouchingCommits(realTop, [...pathsOf.keys()], options.depth);
  if (commitsOf === null) return null;
  const requests = [...commitsOf].flatMap(([path, commits]) => commits.map((commit) => ({ path, spec: `${commit}:${path}` })));
  const blobs = await readCatFileBatch(realTop, requests.map((request) => request.spec));
  if (blobs === null) return null;

  const texts = new Map<string, string[]>();
  const seen = new Map<string, Set<string>>();
  const cut = new Set<string>();
  requests.forEach(({ path }, index) => {
    const blob = blobs[index];
    // A commit that deleted the path (or holds no text there) ends its history: older versions were another file's.
    if (!blob) return void cut.add(path);
    if (cut.has(path)) return;
    const known = seen.get(path) ?? new Set<string>();
    seen.set(path, known);
    if (known.has(blob.oid)) return;
    known.add(blob.oid);
    for (const file of pathsOf.get(path)!) texts.set(file, [...(texts.get(file) ?? []), blob.text]);
  });
  return { shallow: shallow === 'true', texts };
}

/**
 * Path → up to `depth` commits (newest first) of HEAD's history that touched it: one `git log`
 * limited to the paths (given on stdin, literally: no glob), read as it streams and stopped
 * as soon as every path has its `depth`.
 */
function readTouchingCommits(top: string, paths: string[], depth: number): Promise<Map<string, string[]> | null> {
  const args = ['--literal-pathspecs', '-c', 'core.quotepath=off', 'log', '--stdin', '--format=%x01%H', '-z', '--name-only', '--no-renames', '--no-color'];
  const commitsOf = new Map<string, string[]>(paths.map((path) => [path, []]));
  let open = paths.length;
  let pending = '';
  return new Promise((done) => {
    const child = startGit(top, args);
    if (child === null) return done(null);
    const take = (record: string) => {
      const [commit, names = ''] = record.split('\0\n');
      if (!commit) return;
      for (const name of names.split('\0')) {
        const commits = commitsOf.get(name);
        if (!commits || commits.length >= depth) continue;
        commits.push(commit.replace(/\0$/, ''));
        if (commits.length === depth) open -= 1;
      }
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const records = (pending + chunk).split('\x01');
      pending = records.pop() ?? '';
      records.forEach(take);
      // Every path has its versions: the rest of history is not needed.
      if (open === 0) child.kill();
    });
    child.on('error', () => done(null));
    child.on('close', (code) => {
      take(pending);
      done(code === 0 || open === 0 ? commitsOf : null);
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(`HEAD\n--\n${paths.join('\n')}\n`);
  });
}

async function realpathOrNull(path: string): Promise<string | null> {
  try {
    return await realpath(resolve(path));
  } catch {
    return null;
  }
}
