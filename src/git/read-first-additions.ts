import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parsePlaceLog } from './find-tree-moves.js';
import { RENAME_LIMIT } from './rename-limit.js';
import { readCatFileBatch } from './read-cat-file-batch.js';
import { blobOidOf, parseRawDiff } from './read-uncommitted-renames.js';
import { runGit, type GitFailure } from './run-git.js';
import { groupBy } from '../group-by.js';

/** The commit of HEAD's history that first added a file, by its place in that history. */
export interface FirstAddition {
  commit: string;
  /** Its place among the first additions found, oldest 0: a smaller number is an earlier commit, the same commit the same number. */
  order: number;
  /** The commit is where this shallow clone's history ends (its parents were not fetched): the file may be older than it. */
  atShallowEdge?: true;
  /** The file is HEAD's file at another path, moved since HEAD: the first addition is that file's. */
  moved?: UncommittedMove;
}

/**
 * A move since HEAD: `from`, HEAD's path (root-relative), and how git sees it. `staged`: git pairs the two itself (`git mv`,
 * or both paths staged), so its next commit records the move. `untracked`: moved without git being told (`mv`, not
 * `git mv`): git shows that path deleted and this one untracked, with the same bytes. `edited`: the same, edited since, so
 * the bytes differ: the deleted file held this file's uid, and no other file git does not hold yet holds it.
 */
export interface UncommittedMove {
  from: string;
  how: 'staged' | 'untracked' | 'edited';
}

/** Each path's dashboard uid, and how to read one from a file's text: a moved and edited file is paired by its uid. */
export interface UidsOfPaths {
  of: ReadonlyMap<string, string>;
  /** `path`: where the text was (root-relative). */
  inText: (text: string, path: string) => string | undefined;
}

/** Each path's first addition (a path git never held is absent), or why git could not be asked. */
export type FirstAdditions = { ok: true; added: Map<string, FirstAddition> } | { ok: false; failure: GitFailure; error: string };

/** One commit of the root's log: its parents (none for a root commit or a shallow clone's edge) and what it added and deleted, path → blob. */
interface LoggedCommit {
  commit: string;
  parents: number;
  added: Map<string, string>;
  deleted: Map<string, string>;
}

/** A commit's renames within the root: each new name's old one, and the old names. */
interface CommitRenames {
  into: Map<string, string>;
  away: Set<string>;
}

const GIT_TIMEOUT_MS = 60_000;

/**
 * Which commit of HEAD's history first added each of `paths` (relative to `root`, `/`-separated), following renames back
 * (a `git mv`'s new path was added when its old path was), a rename staged for the next commit included (the pre-commit
 * hook's case), and a move git was not told of (`mv`: HEAD's file deleted in the work tree, this path untracked with its
 * bytes; or, moved and edited, by its uid: `uids`, one `git cat-file --batch` more then). Two git processes, side by side:
 * one `git diff -M --raw HEAD` of the work tree, and one `git log --date-order --no-renames --diff-filter=AD --raw` of the
 * root's history, which lists each commit's additions and deletions with their
 * blobs. A rename is an addition and a deletion of one blob in one commit (git's exact rename): the old name's history is
 * in the same log, so any chain of renames costs no more git. Only a commit where a followed name meets an addition or a
 * deletion of other bytes (a file moved and edited in one commit) asks git: one `git log --no-walk -M` of such commits.
 * `--date-order` never lists a parent before its child, so the log's order is the additions' order. A first addition at a
 * parentless commit asks once whether it is a shallow clone's edge. An empty map where the repository has no commit yet.
 * Never throws.
 */
export async function readFirstAdditions(root: string, paths: readonly string[], uids?: UidsOfPaths): Promise<FirstAdditions> {
  const [worktree, log] = await Promise.all([
    runGit(root, ['-c', 'core.quotepath=off', 'diff', '-M', `-l${RENAME_LIMIT}`, '--raw', '-z', '--no-abbrev', '--no-color', '--no-ext-diff', '--relative', 'HEAD', '--', '.'], GIT_TIMEOUT_MS),
    runGit(root, ['--literal-pathspecs', '-c', 'core.quotepath=off', 'log', '--date-order', '--no-renames', '--diff-filter=AD', '--raw', '-z', '--no-abbrev', '--relative', '--no-color', '--format=%x01%H %P', 'HEAD', '--', '.'], GIT_TIMEOUT_MS),
  ]);
  if (!log.ok) return /does not have any commits|bad revision 'HEAD'|unknown revision/.test(log.error) ? { ok: true, added: new Map() } : log;
  const commits = parseRawLog(log.stdout);
  const uncommitted = worktree.ok ? parseRawDiff(worktree.stdout) : { renamedFrom: new Map<string, string>(), gone: new Map<string, { oid: string; deleted: boolean }>(), listed: new Set<string>() };
  const asked = (path: string) => uncommitted.renamedFrom.get(path) ?? path;
  const renames = new Map<string, CommitRenames>();
  let found = walkAll(commits, paths.map(asked), renames);
  // A path git never held may be a file moved without git: HEAD's file of the same bytes, deleted in the work tree.
  const deleted = [...uncommitted.gone].filter(([, { deleted: gone }]) => gone);
  const movedFrom = new Map<string, string>();
  const edited = new Set<string>();
  if (deleted.length > 0) {
    const unheld = paths.filter((path) => !found.first.has(asked(path)) && !uncommitted.listed.has(path));
    for (const path of unheld) {
      const oid = await blobOidOf(resolve(root, path), deleted[0]![1].oid.length);
      const same = deleted.filter(([, left]) => left.oid === oid);
      if (same.length === 1) movedFrom.set(path, same[0]![0]);
    }
    // Moved and edited: no bytes to pair by, but the uid the deleted file held.
    const unpaired = unheld.filter((path) => !movedFrom.has(path));
    const left = deleted.filter(([from]) => from.endsWith('.json') && ![...movedFrom.values()].includes(from));
    if (uids !== undefined && unpaired.length > 0 && left.length > 0) {
      for (const [path, from] of await pairByUid(root, unpaired, left, uids)) {
        movedFrom.set(path, from);
        edited.add(path);
      }
    }
    if (movedFrom.size > 0) found = walkAll(commits, paths.map((path) => movedFrom.get(path) ?? asked(path)), renames);
  }
  // Renames git's exact pairing cannot settle: git's own detection, once per set of such commits (each a rename further back).
  while (found.unsure.size > 0) {
    const answer = await readRenames(root, [...found.unsure]);
    if (!answer.ok) return answer;
    for (const commit of found.unsure) renames.set(commit, answer.renames.get(commit) ?? { into: new Map(), away: new Set() });
    found = walkAll(commits, paths.map((path) => movedFrom.get(path) ?? asked(path)), renames);
  }
  const firstCommits = new Set(found.first.values());
  const edges = await readShallowEdges(root, commits, firstCommits);
  const order = new Map(commits.filter(({ commit }) => firstCommits.has(commit)).reverse().map(({ commit }, index) => [commit, index]));
  const added = new Map<string, FirstAddition>();
  for (const path of paths) {
    const commit = found.first.get(movedFrom.get(path) ?? asked(path));
    if (commit === undefined) continue;
    const staged = uncommitted.renamedFrom.get(path);
    const moved: UncommittedMove | undefined = movedFrom.has(path)
      ? { from: movedFrom.get(path)!, how: edited.has(path) ? 'edited' : 'untracked' }
      : staged === undefined ? undefined : { from: staged, how: 'staged' };
    added.set(path, { commit, order: order.get(commit)!, ...(edges.has(commit) && { atShallowEdge: true as const }), ...(moved && { moved }) });
  }
  return { ok: true, added };
}

/**
 * Files git does not hold (`unpaired`) each paired with the one file deleted since HEAD (`deleted`: path, HEAD blob) that held
 * its uid, where exactly one deleted file held it and no other of these files holds it (two would leave it unknown which
 * one moved). One `git cat-file --batch` for the deleted blobs; nothing paired when git cannot answer.
 */
async function pairByUid(root: string, unpaired: readonly string[], deleted: readonly [string, { oid: string }][], uids: UidsOfPaths): Promise<Map<string, string>> {
  const blobs = await readCatFileBatch(root, deleted.map(([, { oid }]) => oid));
  if (blobs === null) return new Map();
  const held = deleted.flatMap(([from], index) => {
    const text = blobs[index]?.text;
    const uid = text === undefined ? undefined : uids.inText(text, from);
    return uid === undefined ? [] : [{ uid, from }];
  });
  const heldBy = groupBy(held, ({ uid }) => uid, ({ from }) => from);
  const pairs = new Map<string, string>();
  for (const path of unpaired) {
    const uid = uids.of.get(path);
    const from = uid === undefined ? undefined : heldBy.get(uid);
    const rivals = unpaired.filter((other) => uids.of.get(other) === uid);
    if (from?.length === 1 && rivals.length === 1) pairs.set(path, from[0]!);
  }
  return pairs;
}

/**
 * Pure: each name's first addition, walking the log newest first. An addition is the first found so far (an older one of
 * the name, a deletion undone, wins); a rename into the name goes on with the old name, in older commits; a rename away from
 * it ends the walk: the file the name held before that is the one now at the rename's new path. `unsure`: the commits a
 * walk met whose renames neither `renames` nor exact pairing settle (readRenames asks git).
 */
function walkAll(commits: readonly LoggedCommit[], names: readonly string[], renames: ReadonlyMap<string, CommitRenames>): { first: Map<string, string>; unsure: Set<string> } {
  const first = new Map<string, string>();
  const unsure = new Set<string>();
  for (const start of new Set(names)) {
    let name = start;
    for (const logged of commits) {
      const adds = logged.added.has(name);
      if (!adds && !logged.deleted.has(name)) continue;
      const known = renames.get(logged.commit) ?? exactRenames(logged, name);
      if (known === null) {
        unsure.add(logged.commit);
        break;
      }
      if (!adds) {
        if (known.away.has(name)) break;
        continue;
      }
      const from = known.into.get(name);
      if (from === undefined) first.set(start, logged.commit);
      else name = from;
    }
  }
  return { first, unsure };
}

/**
 * Pure: the renames of `name` in a commit, as git's exact rename detection pairs them: an addition and a deletion of one
 * blob, one of each. None when the commit adds or deletes nothing else (a plain addition or deletion); null when other
 * additions or deletions are there that only git's similarity detection could pair with it (or more than one of one blob).
 */
function exactRenames(logged: LoggedCommit, name: string): CommitRenames | null {
  const none: CommitRenames = { into: new Map(), away: new Set() };
  const adding = logged.added.get(name);
  const oid = adding ?? logged.deleted.get(name)!;
  const others = adding !== undefined ? logged.deleted : logged.added;
  if (others.size === 0) return none;
  const same = [...others].filter(([, blob]) => blob === oid);
  const twins = [...(adding !== undefined ? logged.added : logged.deleted)].filter(([, blob]) => blob === oid);
  if (same.length === 1 && twins.length === 1) return adding !== undefined ? { into: new Map([[name, same[0]![0]]]), away: new Set() } : { into: new Map(), away: new Set([name]) };
  return null;
}

/** The renames each of `commits` made within the root; one `git log --no-walk -M`. */
async function readRenames(root: string, commits: readonly string[]): Promise<{ ok: true; renames: Map<string, CommitRenames> } | { ok: false; failure: GitFailure; error: string }> {
  const answer = await runGit(
    root,
    ['--literal-pathspecs', '-c', 'core.quotepath=off', 'log', '--name-status', '--relative', '-z', '--no-color', '--format=%x01%H %cs', '--no-walk=unsorted', '-M', `-l${RENAME_LIMIT}`, '--diff-filter=R', ...commits, '--', '.'],
    GIT_TIMEOUT_MS,
  );
  if (!answer.ok) return answer;
  return {
    ok: true,
    renames: new Map(parsePlaceLog(answer.stdout).map(({ commit, changes }) => {
      const pairs = changes.flatMap(({ status, path, from }) => (status === 'R' && from !== undefined ? [[path, from] as const] : []));
      return [commit, { into: new Map(pairs), away: new Set(pairs.map(([, from]) => from)) }];
    })),
  };
}

/**
 * Which of the `found` commits are a shallow clone's edge: asked (one `git rev-parse --git-path shallow`, then that file)
 * only when one of them has no parent in the log, which a repository's first commit has too. Empty when git cannot tell.
 */
async function readShallowEdges(root: string, commits: readonly LoggedCommit[], found: ReadonlySet<string>): Promise<Set<string>> {
  if (!commits.some((logged) => logged.parents === 0 && found.has(logged.commit))) return new Set();
  const answer = await runGit(root, ['rev-parse', '--git-path', 'shallow'], GIT_TIMEOUT_MS);
  if (!answer.ok) return new Set();
  try {
    const listed = await readFile(resolve(root, answer.stdout.trim()), 'utf8');
    return new Set(listed.split('\n').filter((commit) => found.has(commit)));
  } catch {
    return new Set();
  }
}

/**
 * Pure: a `log --raw -z --no-abbrev --format=%x01%H %P` as commits, newest first: `\x01<sha> <parents>\0` then, per change,
 * `\n:<mode> <mode> <old blob> <new blob> <status>\0<path>\0` (an addition's blob is the new one, a deletion's the old one).
 */
function parseRawLog(stdout: string): LoggedCommit[] {
  return stdout.split('\x01').slice(1).map((record) => {
    const [header = '', ...fields] = record.split('\0');
    const [commit = '', ...parents] = header.trim().split(' ');
    const logged: LoggedCommit = { commit, parents: parents.filter((parent) => parent !== '').length, added: new Map(), deleted: new Map() };
    for (let index = 0; index + 1 < fields.length; ) {
      const change = /^:\d+ \d+ ([0-9a-f]+) ([0-9a-f]+) ([AD])$/.exec(fields[index]!.replace(/^\n/, ''));
      if (change === null) {
        index += 1;
        continue;
      }
      if (change[3] === 'A') logged.added.set(fields[index + 1]!, change[2]!);
      else logged.deleted.set(fields[index + 1]!, change[1]!);
      index += 2;
    }
    return logged;
  });
}
