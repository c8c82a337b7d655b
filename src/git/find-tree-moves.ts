import { RENAME_LIMIT } from './rename-limit.js';
import { runGit } from './run-git.js';

/** Where the tree was before a commit moved it: its path from the repository's top (with a trailing `/`), and the move commit. */
export interface TreeMove {
  from: string;
  commit: string;
}

const GIT_TIMEOUT_MS = 60_000;
/** Moves followed back at most: each costs one `git log` more. */
const MOVES_FOLLOWED = 8;

/**
 * The places the tree (`at`: its path from the top, with a trailing `/`, as `rev-parse --show-prefix` gives it) was moved
 * from, newest first: one `git log -M --full-diff` per place, which shows the commits that touched it whole, so a move
 * from elsewhere is a rename (R) and not an add. A rename of a file to the same path below the tree gives the old place.
 * Stops at the first place git shows no move into (or a shallow clone's end); never throws.
 */
export async function findTreeMoves(tree: string, at: string): Promise<TreeMove[]> {
  const moves: TreeMove[] = [];
  let place = at;
  let before = 'HEAD';
  while (moves.length < MOVES_FOLLOWED && place !== '') {
    const log = await runGit(
      tree,
      ['-c', 'core.quotepath=off', 'log', '-M', `-l${RENAME_LIMIT}`, '--full-diff', '--diff-filter=R', '--name-status', '-z', '--format=%x01%H', before, '--', `:(top,literal)${place}`],
      GIT_TIMEOUT_MS,
    );
    if (!log.ok) break;
    const move = firstMoveInto(log.stdout, place);
    if (move === null) break;
    moves.push(move);
    place = move.from;
    before = `${move.commit}^`;
  }
  return moves;
}

/** Pure: the newest commit in a `log --name-status -z` of renames that moved a file into `place` from another place, keeping its path below. */
function firstMoveInto(stdout: string, place: string): TreeMove | null {
  for (const record of stdout.split('\x01').slice(1)) {
    const [header = '', ...fields] = record.split('\0').map((field) => field.replace(/^\n/, ''));
    const commit = header.trim();
    for (let index = 0; index + 2 < fields.length; index += 3) {
      const [status, from, to] = [fields[index], fields[index + 1], fields[index + 2]];
      if (!status?.startsWith('R') || from === undefined || to === undefined || !to.startsWith(place) || from.startsWith(place)) continue;
      const below = to.slice(place.length);
      if (!from.endsWith(`/${below}`)) continue;
      return { from: from.slice(0, from.length - below.length), commit };
    }
  }
  return null;
}
