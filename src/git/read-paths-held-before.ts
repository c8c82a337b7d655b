import { readCatFileBatch } from './read-cat-file-batch.js';
import { runGit, type GitFailure } from './run-git.js';
import { committedUid } from './parse-committed-json.js';

const GIT_TIMEOUT_MS = 60_000;

/** A create's file (relative to `cwd`) and the uid it holds. */
interface CreatedFile {
  file: string;
  uid: string;
}

/** Which creates' files the tree held before this commit as the same dashboard (readPathsHeldBefore). */
export interface PathsHeldBefore {
  /** The commit before HEAD held the path with this uid, or a commit of HEAD's history deleted it while it held this uid. */
  held: Set<string>;
  /** Of `held`, those a commit of HEAD's history deleted while they held this uid: put back since (a revert, restore's checkout). */
  deleted: Set<string>;
}

/**
 * Which of these files the tree held before this commit *as the same dashboard*: the commit before HEAD held the path with
 * this uid, or a commit of HEAD's history deleted (or renamed away: --no-renames) the path while it held this uid. A path an
 * unrelated dashboard once left is no sign this one was ever in Grafana (rev-69c M1). One `git log --diff-filter=D` over the
 * dashboards root (one pathspec, never one per create: rev-69c L2) and one `git cat-file --batch` for every blob read.
 * Where git cannot be read although there are candidates, every create counts as held, and as deleted (fail closed). Never throws.
 */
export async function readPathsHeldBefore(cwd: string, root: string, creates: readonly CreatedFile[]): Promise<PathsHeldBefore> {
  if (creates.length === 0) return { held: new Set(), deleted: new Set() };
  const wanted = new Map(creates.map((create) => [create.file.replace(/^\.\//, ''), create.uid]));
  const log = await runGit(cwd, ['--literal-pathspecs', '-c', 'core.quotepath=off', 'log', '--no-renames', '--diff-filter=D', '--name-only', '-z', '--relative', '--format=%x01%H', 'HEAD', '--', root], GIT_TIMEOUT_MS);
  const specs: { file: string; spec: string; deleted: boolean }[] = [...wanted.keys()].map((file) => ({ file, spec: `HEAD~:./${file}`, deleted: false }));
  const all = () => ({ held: new Set(wanted.keys()), deleted: new Set(wanted.keys()) });
  // git that ran and failed (a spawn refused, a time-out): fail closed, as the hold is the safe side. No repository: nothing held.
  if (!log.ok) return failedWithHistory(log) ? all() : { held: new Set(), deleted: new Set() };
  // Each deleting commit's id (`\x01<sha>`), then the paths it deleted: a wanted one is read as that commit's parent held it.
  let commit = '';
  for (const field of log.stdout.split('\0')) {
    const text = field.replace(/^\n/, '');
    if (text.startsWith('\x01')) commit = text.slice(1).trim();
    else if (text !== '' && wanted.has(text) && commit !== '') specs.push({ file: text, spec: `${commit}^:./${text}`, deleted: true });
  }
  const blobs = await readCatFileBatch(cwd, specs.map(({ spec }) => spec));
  if (blobs === null) return all(); // git answered the log, then could not read blobs: fail closed
  const found: PathsHeldBefore = { held: new Set(), deleted: new Set() };
  specs.forEach(({ file, deleted }, index) => {
    const text = blobs[index]?.text;
    if (text === undefined || committedUid(text) !== wanted.get(file)) return;
    found.held.add(file);
    if (deleted) found.deleted.add(file);
  });
  return found;
}

/** A git that ran and failed where there is history to read (a spawn refused, a time-out); not a repository without a commit yet. */
function failedWithHistory(result: { failure: GitFailure; error: string }): boolean {
  if (result.failure === 'timed-out') return true;
  return result.failure === 'failed' && !/does not have any commits|unknown revision or path not in the working tree|bad default revision/i.test(result.error);
}
