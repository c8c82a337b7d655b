import { renameDetectionSkipped, renameLimitReached } from './rename-limit.js';
import { startGit } from './start-git.js';

/**
 * One committed version of a file: the commit that holds it (for the version just before a move into the walked paths, the
 * moving commit's first parent), its subject (absent for that parent, which the walk does not read), and the file's path
 * (from the repository's top) in it.
 */
export interface CommittedAt {
  commit: string;
  subject?: string;
  path: string;
  /** This commit added the file (git's `A`): the oldest version of its history. */
  added?: true;
  /** This commit added the file back after an older commit deleted it: the versions after it are the file's before that deletion. */
  readded?: true;
}

export interface FileHistories {
  /** Each name asked about → its versions, newest first (empty when HEAD's history holds none). */
  histories: Map<string, CommittedAt[]>;
  /** git skipped rename detection in a commit (more files than the rename limit): a history may end early, at an add. */
  renamesSkipped: boolean;
}

interface Trail {
  /** The path the walk looks for in older commits: the file's name before the renames seen so far. */
  name: string;
  versions: CommittedAt[];
  done: boolean;
  /**
   * The trail's last version is an add with room for more: the walk looks on for the path's next older add or deletion (as git
   * names them without renames). A deletion makes that add a re-add (a `git revert` of the deletion, a restore committed),
   * and the trail goes on past it; an add, or none, leaves the add where the file began.
   */
  watching: boolean;
}

/**
 * Name (a path from the top) → up to `depth` commits of HEAD's history that touched the file (newest
 * first), each with the name the file had in it: renames are followed as `git log -M --follow`
 * does, for every name in one `git log -M --full-diff --name-status` over `within` (the directory
 * whose history is walked, '' = the whole repository) and the names outside it. Read as it
 * streams, and stopped as soon as every name has its `depth` or reached the commit that created
 * (added) or deleted it; no commit is listed before its descendants (`--date-order`). An add with room for more
 * versions, in `within`, is not the end yet: the same walk goes on to that path's next older add or deletion (merges
 * aside), and a deletion there made the add a re-add (`readded`) whose older versions are read past it, as the file's
 * own where the caller finds the same uid (readCommittedVersions). A move into
 * the walked paths from elsewhere in the repository (seen whole,
 * as --full-diff shows each commit's every file) ends the history with the version just before the
 * move: older commits that touched only the old name are not walked. `renameLimit` is git's `-l`
 * (renameLimitFor). Null when git fails.
 */
export function readFileHistories(
  top: string,
  paths: string[],
  options: {
    depth: number;
    within: string;
    renameLimit: number;
  },
): Promise<FileHistories | null> {
  const inside = (name: string) => options.within === '' || name === options.within || name.startsWith(`${options.within}/`);
  const outside = new Set(paths.filter((path) => !inside(path)));
  const walked = (name: string) => inside(name) || outside.has(name);
  // --date-order: git's default order is by committer date alone, so a commit dated before a descendant (a clock behind
  // across a merge) can come first, and a history stopped at its add would miss the descendant's version.
  // -c (after `log`: combined diffs): git lists no file of a merge commit unless asked, so a merge that gave a file content
  // neither side had (a branch merged over a pull) left HEAD's version out, and an older commit stood for it. A merge that
  // took one side's version is not listed: that side's commit names the version.
  const args = ['--literal-pathspecs', '-c', 'core.quotepath=off', 'log', '--date-order', '-c', '-M', `-l${options.renameLimit}`, '--full-diff', '--name-status', '-z', '--format=%x01%H %P%x02%s', '--no-color', 'HEAD', '--', options.within || '.', ...outside];
  const trails = new Map<string, Trail>(paths.map((path) => [path, { name: path, versions: [], done: false, watching: false }]));
  // The open trails by the name they look for (two files may have been one path, at different times).
  const looking = new Map<string, Trail[]>();
  const stopLooking = (trail: Trail) => looking.set(trail.name, (looking.get(trail.name) ?? []).filter((other) => other !== trail));
  const startLooking = (trail: Trail) => looking.set(trail.name, [...(looking.get(trail.name) ?? []), trail]);
  for (const trail of trails.values()) startLooking(trail);
  let open = trails.size;
  let commit = '';
  let subject = '';
  // The commit's first parent (empty for a root commit): it holds what a move started from.
  let parent = '';
  let renames: [Trail, string][] = [];
  let touched = new Set<Trail>();
  // The commit's added and deleted files, walked or not: git's warning comes only at the end of a walk this may stop first.
  let added = 0;
  let deleted = 0;
  let renamesSkipped = false;
  // A history of this commit ended at an add or a deletion: whether git skipped renames here matters, so its listing is read to the end.
  let endedAtChange = false;
  const close = (trail: Trail) => {
    if (trail.done) return;
    trail.done = true;
    open -= 1;
    stopLooking(trail);
  };
  const endCommit = () => {
    // Renames take effect after the whole commit is read (a commit may move a→b and c→a).
    for (const [trail, older] of renames) {
      if (trail.done) continue;
      stopLooking(trail);
      trail.name = older;
      startLooking(trail);
    }
    renames = [];
    touched = new Set();
    if (renameDetectionSkipped(added, deleted, options.renameLimit)) renamesSkipped = true;
    added = 0;
    deleted = 0;
    endedAtChange = false;
  };
  // A watched add met the path's deletion (a `D`, or a rename away, which git without renames lists as one): a re-add. The
  // trail goes on past the deletion to the file's older versions.
  const readd = (trail: Trail) => {
    const last = trail.versions[trail.versions.length - 1]!;
    delete last.added;
    last.readded = true;
    trail.watching = false;
  };
  const see = (status: string, names: string[], merged: boolean) => {
    const name = names[names.length - 1];
    if (name === undefined) return;
    if (status === 'R' && !merged) {
      for (const trail of looking.get(names[0]!) ?? []) {
        if (trail.watching && !touched.has(trail)) {
          touched.add(trail);
          readd(trail);
        }
      }
    }
    for (const trail of looking.get(name) ?? []) {
      if (touched.has(trail)) continue;
      // Past a watched add only adds and deletions count, of commits with one parent (git lists none of a merge's without -c).
      if (trail.watching) {
        if (merged || !'ADR'.includes(status)) continue;
        touched.add(trail);
        // An add before it (or a rename onto the path: an add, without renames): the add watched began the file here.
        if (status === 'D') readd(trail);
        else close(trail);
        continue;
      }
      touched.add(trail);
      // A deletion ends the trail: what the path held before it was another file (unless an add brought this file back).
      if (status === 'D') {
        endedAtChange = true;
        close(trail);
        continue;
      }
      trail.versions.push({ commit, subject, path: name, ...(status === 'A' ? { added: true as const } : {}) });
      if (status === 'A') endedAtChange = true;
      if (status === 'A' && trail.versions.length < options.depth && inside(name)) trail.watching = true;
      else if (status === 'A' || trail.versions.length >= options.depth) close(trail);
      else if (status === 'R' && walked(names[0]!)) renames.push([trail, names[0]!]);
      else if (status === 'R') {
        // Moved in from a path the walk does not read: the text just before the move (the commit's parent has it there), no older one.
        trail.versions.push({ commit: parent || `${commit}^`, path: names[0]! });
        close(trail);
      }
    }
  };

  // The -z stream: `\x01<commit> <parents>\x02<subject>\0` then `\n<status>\0<path>\0` (`R<score>\0<from>\0<to>\0`) per file.
  let tokens: string[] = [];
  // Every file has its versions (and the commit where one ended at an add or a deletion is read to its end): the rest of history is not needed.
  let finished = false;
  const take = (final: boolean) => {
    let at = 0;
    while (at < tokens.length && !finished) {
      const token = tokens[at]!;
      if (token.startsWith('\x01')) {
        endCommit();
        if (open === 0) {
          finished = true;
          break;
        }
        // `<commit> <parents>\x02<subject>`: hashes hold no \x02, the subject may.
        const split = token.indexOf('\x02');
        [commit = '', parent = ''] = token.slice(1, split === -1 ? undefined : split).split(' ');
        subject = split === -1 ? '' : token.slice(split + 1);
        at += 1;
        continue;
      }
      const status = token.replace(/^\n/, '');
      if (status === '') {
        at += 1;
        continue;
      }
      // A merge's entry (one letter a parent: MM, AM…) is its own version of the path, whatever each parent had there.
      const merged = /^[A-Z]{2,}$/.test(status);
      const count = !merged && /^[RC]/.test(status) ? 2 : 1;
      if (at + count >= tokens.length && !final) break;
      if (!merged && status[0] === 'A') added += 1;
      else if (!merged && status[0] === 'D') deleted += 1;
      see(merged ? 'M' : status[0]!, tokens.slice(at + 1, at + 1 + count), merged);
      at += count + 1;
    }
    tokens = tokens.slice(at);
  };
  return new Promise((done) => {
    const child = startGit(top, args);
    if (child === null) return done(null);
    let pending = '';
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 65_536) stderr += chunk;
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (pending + chunk).split('\0');
      pending = parts.pop() ?? '';
      tokens.push(...parts);
      take(false);
      if (finished || (open === 0 && !endedAtChange)) child.kill();
    });
    child.on('error', () => done(null));
    child.on('close', (code) => {
      if (pending !== '') tokens.push(pending);
      take(true);
      if (!finished) endCommit();
      const settled = new Map([...trails].map(([path, trail]) => [path, trail.versions]));
      done(code === 0 || open === 0 ? { histories: settled, renamesSkipped: renamesSkipped || renameLimitReached(stderr) } : null);
    });
    child.stdin.end();
  });
}
