import { RENAME_LIMIT } from './rename-limit.js';
import { runGit } from './run-git.js';

/** One path's change in a commit, paths from the repository's top: added, deleted, or renamed from `from`. */
interface PathChange {
  status: 'A' | 'D' | 'R';
  path: string;
  from?: string;
}

/** A commit of a place's log, newest first. */
export interface PlaceCommit {
  /** Full sha. */
  commit: string;
  /** Committer date, `YYYY-MM-DD`. */
  date: string;
  changes: PathChange[];
}

/** One place the tree was at (its path from the top with a trailing `/`; '' = the top) and HEAD's commits there, newest first, back to the move into it. */
export interface PlaceLog {
  place: string;
  commits: PlaceCommit[];
  /** The commit that moved the whole tree here from the next place (null: the oldest place followed). */
  movedIn: string | null;
}

const GIT_TIMEOUT_MS = 60_000;
/** Moves of the whole tree followed back at most: each costs one `git log` more. */
const MOVES_FOLLOWED = 8;

/**
 * The tree's history at each place it was (`at`: its path from the top, with a trailing `/`, as `rev-parse --show-prefix`
 * gives it), newest place first: one `git log -M --full-diff --diff-filter=ADR` per place, which shows the commits that
 * touched it whole, so a move from elsewhere is a rename (R) and not an add. A rename of a file to the same path below the
 * tree gives the old place (a monorepo reorganised), whose log starts at the move's parent. Stops at the first place git shows
 * no move into (or a shallow clone's end); null when the first log fails. Never throws.
 */
export async function readPlaceLogs(tree: string, at: string): Promise<PlaceLog[] | null> {
  const logs: PlaceLog[] = [];
  let place = at;
  let before = 'HEAD';
  while (logs.length <= MOVES_FOLLOWED) {
    const log = await runGit(
      tree,
      // -c --combined-all-paths: a merge shows what it changed on its own (a `git mv` made while resolving it), with each parent's path.
      ['-c', 'core.quotepath=off', 'log', '-M', `-l${RENAME_LIMIT}`, '--full-diff', '--diff-filter=ADR', '--name-status', '-c', '--combined-all-paths', '-z', '--format=%x01%H %cs', before, '--', place === '' ? '.' : `:(top,literal)${place}`],
      GIT_TIMEOUT_MS,
    );
    if (!log.ok) return logs.length === 0 ? null : logs;
    const commits = parsePlaceLog(log.stdout);
    const move = place === '' ? null : firstMoveInto(commits, place);
    logs.push({ place, commits, movedIn: move?.commit ?? null });
    if (move === null) break;
    place = move.from;
    before = `${move.commit}^`;
  }
  return logs;
}

/**
 * Pure: a `log --name-status -c --combined-all-paths -z --format=%x01%H %cs` as commits, newest first. A merge's entry
 * (one status letter per parent, each parent's path, then the path) counts as its change from the first parent, whose
 * history the log goes on with.
 */
export function parsePlaceLog(stdout: string): PlaceCommit[] {
  return stdout.split('\x01').slice(1).map((record) => {
    const [header = '', ...fields] = record.split('\0').map((field) => field.replace(/^\n/, ''));
    const [commit = '', date = ''] = header.trim().split(' ');
    const changes: PathChange[] = [];
    for (let index = 0; index < fields.length; ) {
      const status = fields[index] ?? '';
      if (/^[A-Z]{2,}$/.test(status)) {
        const parents = status.length;
        const path = fields[index + parents + 1] ?? '';
        const first = status[0];
        if (first === 'R') changes.push({ status: 'R', from: fields[index + 1] ?? '', path });
        else if (first === 'A' || first === 'D') changes.push({ status: first, path });
        index += parents + 2;
      } else if (status.startsWith('R')) {
        changes.push({ status: 'R', from: fields[index + 1] ?? '', path: fields[index + 2] ?? '' });
        index += 3;
      } else {
        if (status === 'A' || status === 'D') changes.push({ status, path: fields[index + 1] ?? '' });
        index += status === '' ? 1 : 2;
      }
    }
    return { commit, date, changes };
  });
}

/** Pure: the newest commit that moved a file into `place` from another place, keeping its path below. */
function firstMoveInto(commits: PlaceCommit[], place: string): { from: string; commit: string } | null {
  for (const { commit, changes } of commits) {
    for (const { status, from, path } of changes) {
      if (status !== 'R' || from === undefined || !path.startsWith(place) || from.startsWith(place)) continue;
      const below = path.slice(place.length);
      if (!from.endsWith(`/${below}`)) continue;
      return { from: from.slice(0, from.length - below.length), commit };
    }
  }
  return null;
}
