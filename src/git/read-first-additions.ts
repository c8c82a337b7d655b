import { parsePlaceLog, type PlaceCommit } from './find-tree-moves.js';
import { RENAME_LIMIT } from './rename-limit.js';
import { runGit } from './run-git.js';

/** The commit of HEAD's history that first added a file, by its place in that history (oldest last in git's log). */
export interface FirstAddition {
  commit: string;
  /** Its place among the first additions found, oldest 0: a smaller number is an earlier commit, the same commit the same number. */
  order: number;
}

/** One path's walk back through its names: the name it is looked for by, and the revision whose history holds that name. */
interface Trail {
  path: string;
  name: string;
  before: string;
  found?: string;
}

const GIT_TIMEOUT_MS = 60_000;
const LOG_ARGS = ['--literal-pathspecs', '-c', 'core.quotepath=off', 'log', '--name-status', '--relative', '-z', '--no-color', '--format=%x01%H %cs'];

/**
 * Which commit of HEAD's history first added each of `paths` (relative to `root`, `/`-separated), following renames back
 * (a `git mv`'s new path was added when its old path was), a rename staged for the next commit included (the pre-commit
 * hook's case): a path git never held is absent. Costs what the paths' own histories cost, not the tree's: per round, one
 * `git log --no-renames --diff-filter=AD` limited to the names looked for (a rename shows there as an add and a deletion),
 * then one `git log --no-walk -M` of just those commits over the root's files, which tells a rename (its source may be any
 * file) from an add; a renamed path is looked for by its old name before that commit in the next round, and a name renamed
 * away holds another file before that. The commits found are numbered in the first log's order when it found them all,
 * else ordered by orderFirstAdditions. Where no rename is followed, two steps: the first log with the staged renames beside
 * it, then the `--no-walk`. An empty map where the repository has no commit yet; null where git cannot be asked (not
 * installed, not a repository, another failure). Never throws.
 */
export async function readFirstAdditions(root: string, paths: readonly string[]): Promise<Map<string, FirstAddition> | null> {
  // The staged renames are read beside the first log: a path staged as renamed is walked again by its old name after it.
  const staged = runGit(root, ['-c', 'core.quotepath=off', 'diff', '--cached', '-M', `-l${RENAME_LIMIT}`, '--name-status', '--relative', '-z', '--no-color', '--diff-filter=R', 'HEAD', '--', '.'], GIT_TIMEOUT_MS);
  const trails: Trail[] = paths.map((path) => ({ path, name: path, before: 'HEAD' }));
  const walked = await followBack(root, trails);
  const stagedAnswer = await staged;
  if (walked === 'unborn') return new Map();
  if (walked === null) return null;
  const stagedFrom = stagedAnswer.ok ? stagedRenameSources(stagedAnswer.stdout) : new Map<string, string>();
  const restarted = trails.filter((trail) => stagedFrom.has(trail.path));
  for (const trail of restarted) Object.assign(trail, { name: stagedFrom.get(trail.path)!, before: 'HEAD', found: undefined });
  const rewalked = restarted.length === 0 ? walked : await followBack(root, restarted);
  if (rewalked === null || rewalked === 'unborn') return null;
  // One log found every commit: its order is git's walk of them.
  if (restarted.length === 0 && walked.headLogOnly) return numberByOrder(trails, [...walked.headLog].reverse());
  return orderFirstAdditions(root, trails);
}

/**
 * Walks each trail back from its name at `before`, round by round (readFirstAdditions), setting `found`. The commits of the
 * first round's log at HEAD, newest first, and whether every trail ended in it (`headLogOnly`); 'unborn' where HEAD has no
 * commit yet; null where git fails.
 */
async function followBack(root: string, start: Trail[]): Promise<{ headLog: string[]; headLogOnly: boolean } | 'unborn' | null> {
  let open = start;
  let headLog: string[] = [];
  let headLogOnly = true;
  while (open.length > 0) {
    const next: Trail[] = [];
    for (const before of new Set(open.map((trail) => trail.before))) {
      const group = open.filter((trail) => trail.before === before);
      const log = await runGit(root, [...LOG_ARGS, '--no-renames', '--diff-filter=AD', before, '--', ...new Set(group.map((trail) => trail.name))], GIT_TIMEOUT_MS);
      if (!log.ok) return before === 'HEAD' && /does not have any commits|bad revision 'HEAD'|unknown revision/.test(log.error) ? 'unborn' : null;
      const listed = parsePlaceLog(log.stdout);
      if (open === start) headLog = listed.map(({ commit }) => commit);
      const changesOf = changesByName(listed);
      const commits = [...new Set(group.flatMap((trail) => (changesOf.get(trail.name) ?? []).map(({ commit }) => commit)))];
      const renames = commits.length === 0 ? new Map<string, CommitRenames>() : await readRenames(root, commits);
      if (renames === null) return null;
      for (const trail of group) {
        // Newest first. An add is the first addition found so far (an older one of the name, a deletion undone, wins); a rename
        // into the name goes on with the old name, before it; a rename away from it ends the walk: the file the name held
        // before that is the one now at the rename's new path.
        for (const { commit, status } of changesOf.get(trail.name) ?? []) {
          const renamed = renames.get(commit);
          if (status === 'D') {
            if (renamed?.away.has(trail.name)) break;
            continue;
          }
          const from = renamed?.into.get(trail.name);
          if (from === undefined) {
            trail.found = commit;
            continue;
          }
          trail.name = from;
          trail.before = `${commit}^`;
          next.push(trail);
          headLogOnly = false;
          break;
        }
      }
    }
    open = next;
  }
  return { headLog, headLogOnly };
}

/** Pure: a `log --no-renames --name-status` of additions and deletions as each name's, newest first. */
function changesByName(commits: readonly PlaceCommit[]): Map<string, { commit: string; status: 'A' | 'D' }[]> {
  const changes = new Map<string, { commit: string; status: 'A' | 'D' }[]>();
  for (const { commit, changes: listed } of commits) {
    for (const { path, status } of listed) if (status !== 'R') changes.set(path, [...(changes.get(path) ?? []), { commit, status }]);
  }
  return changes;
}

/** One commit's renames within the root: each new name's old one, and the old names. */
interface CommitRenames {
  into: Map<string, string>;
  away: Set<string>;
}

/** The renames each of `commits` made within the root; one `git log --no-walk -M`; null when git fails. */
async function readRenames(root: string, commits: readonly string[]): Promise<Map<string, CommitRenames> | null> {
  const answer = await runGit(root, [...LOG_ARGS, '--no-walk=unsorted', '-M', `-l${RENAME_LIMIT}`, '--diff-filter=R', ...commits, '--', '.'], GIT_TIMEOUT_MS);
  if (!answer.ok) return null;
  return new Map(parsePlaceLog(answer.stdout).map(({ commit, changes }) => {
    const renames = changes.flatMap(({ status, path, from }) => (status === 'R' && from !== undefined ? [[path, from] as const] : []));
    return [commit, { into: new Map(renames), away: new Set(renames.map(([, from]) => from)) }];
  }));
}

/**
 * The first additions found, numbered oldest 0 by their commits' committer time (one `git log --no-walk`); commits of the
 * same second (a rebase's, a script's) by ancestry, one `git merge-base --is-ancestor` a pair: `--no-walk` keeps such
 * commits in the order given. null when git fails.
 */
async function orderFirstAdditions(root: string, trails: readonly Trail[]): Promise<Map<string, FirstAddition> | null> {
  const commits = [...new Set(trails.flatMap((trail) => (trail.found === undefined ? [] : [trail.found])))];
  if (commits.length === 0) return new Map();
  const answer = await runGit(root, ['log', '--no-walk', '--format=%H %ct', ...commits], GIT_TIMEOUT_MS);
  if (!answer.ok) return null;
  const timeOf = new Map(answer.stdout.split('\n').filter((line) => line !== '').map((line) => [line.split(' ')[0]!, Number(line.split(' ')[1])]));
  // Within one second, a commit's place is how many of the others are its ancestors.
  const ancestorsWithin = new Map(commits.map((commit) => [commit, 0]));
  for (const [index, commit] of commits.entries()) {
    for (const other of commits.slice(index + 1)) {
      if (timeOf.get(commit) !== timeOf.get(other)) continue;
      const [older, newer] = (await isAncestor(root, commit, other)) ? [commit, other] : (await isAncestor(root, other, commit)) ? [other, commit] : [];
      if (newer !== undefined && older !== undefined) ancestorsWithin.set(newer, ancestorsWithin.get(newer)! + 1);
    }
  }
  return numberByOrder(trails, [...commits].sort((a, b) => timeOf.get(a)! - timeOf.get(b)! || ancestorsWithin.get(a)! - ancestorsWithin.get(b)!));
}

/** Pure: each trail's first addition, numbered by its commit's place in `oldestFirst`. */
function numberByOrder(trails: readonly Trail[], oldestFirst: readonly string[]): Map<string, FirstAddition> {
  const found = new Map<string, FirstAddition>();
  const order = new Map(oldestFirst.filter((commit) => trails.some((trail) => trail.found === commit)).map((commit, index) => [commit, index]));
  for (const { path, found: commit } of trails) if (commit !== undefined) found.set(path, { commit, order: order.get(commit)! });
  return found;
}

async function isAncestor(root: string, older: string, newer: string): Promise<boolean> {
  return (await runGit(root, ['merge-base', '--is-ancestor', older, newer], GIT_TIMEOUT_MS)).ok;
}

/** Pure: a `diff --name-status -z` of renames as each new path's old one. */
function stagedRenameSources(stdout: string): Map<string, string> {
  const fields = stdout.split('\0');
  const sources = new Map<string, string>();
  for (let index = 0; index + 2 < fields.length; index += 3) {
    if (fields[index]!.startsWith('R')) sources.set(fields[index + 2]!, fields[index + 1]!);
  }
  return sources;
}
