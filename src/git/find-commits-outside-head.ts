import { batchCheck, type CheckedObject } from './batch-check.js';
import { isShallowClone } from './is-shallow-clone.js';
import { runGit } from './run-git.js';

const GIT_TIMEOUT_MS = 30_000;

/** A commit's full name (SHA-1 or SHA-256 hex), where `cat-file --batch-check` named one. */
const commitName = (object: CheckedObject | null | undefined): string | undefined => (object?.type === 'commit' ? object.name : undefined);

/** Where the commits asked about stand against HEAD (each as asked: abbreviated hex). */
export interface CommitsAgainstHead {
  /** Commits this repository has that HEAD does not contain. */
  outsideHead: Set<string>;
  /** Commits this repository does not have (or a prefix naming several objects). */
  missing: Set<string>;
}

/**
 * Which of `shas` (abbreviated hex) HEAD does not contain, in two git processes for all of them: `cat-file
 * --batch-check` names each one's commit (or says it is missing), then `rev-list --stdin ^HEAD` lists, of the commits
 * found, those HEAD cannot reach — each is listed itself unless HEAD reaches it, which is `merge-base --is-ancestor`
 * for all at once. Null when git cannot answer (no git, not a repository, no commit yet); never throws.
 */
export async function findCommitsOutsideHead(cwd: string, shas: readonly string[]): Promise<CommitsAgainstHead | null> {
  // Only hex reaches git: each request is one line of its stdin.
  const asked = [...new Set(shas)].filter((sha) => /^[0-9a-f]+$/i.test(sha));
  if (asked.length === 0) return { outsideHead: new Set(), missing: new Set() };
  const found = await batchCheck(cwd, asked.map((sha) => `${sha}^{commit}`));
  if (!found.ok) return null;
  const fullName = new Map<string, string>();
  for (const [index, sha] of asked.entries()) {
    const name = commitName(found.objects[index]);
    if (name !== undefined) fullName.set(sha, name);
  }
  const missing = new Set(asked.filter((sha) => !fullName.has(sha)));
  if (fullName.size === 0) return { outsideHead: new Set(), missing };
  const reached = await runGit(cwd, ['rev-list', '--stdin', '^HEAD'], GIT_TIMEOUT_MS, [...new Set(fullName.values())].map((name) => `${name}\n`).join(''));
  if (!reached.ok) return null;
  const unreached = new Set(reached.stdout.split('\n'));
  return { outsideHead: new Set([...fullName].filter(([, name]) => unreached.has(name)).map(([sha]) => sha)), missing };
}

/** Whether HEAD contains the commit `sha` (abbreviated hex) names; null when that cannot be told (git cannot answer, or this repository lacks it). */
export async function headContains(cwd: string, sha: string): Promise<boolean | null> {
  if (!/^[0-9a-f]+$/i.test(sha)) return null;
  const against = await findCommitsOutsideHead(cwd, [sha]);
  if (against === null || against.missing.has(sha)) return null;
  return !against.outsideHead.has(sha);
}

/**
 * Whether commit `tip` holds commit `sha` (both hex: full, or abbreviations naming one commit) in its history, being it or
 * descending from it; `tip-missing` when this repository does not have `tip` (nor any single commit its hex names);
 * `shallow` where either answer may only be the clone's cut history (a shallow clone: `tip`'s history ends early, or `tip`
 * lies beyond it); null when git cannot answer (no git, not a repository, no such `sha`, a `tip` naming several commits).
 * Two git processes (`cat-file --batch-check`, `rev-list`), and a third where the answer is not yes; never throws.
 */
export async function commitHolds(cwd: string, tip: string, sha: string): Promise<boolean | 'tip-missing' | 'shallow' | null> {
  if (![tip, sha].every((hex) => /^[0-9a-f]+$/i.test(hex))) return null;
  const found = await batchCheck(cwd, [`${tip}^{commit}`, `${sha}^{commit}`]);
  if (!found.ok) return null;
  const [tipName, shaName] = found.objects.map(commitName);
  // An abbreviation naming several commits reads `missing` on stdout; git's stderr says why (in English: runGit's locale).
  if (tipName === undefined) return found.stderr.toLowerCase().includes(`short object id ${tip.toLowerCase()} is ambiguous`) ? null : orShallow(cwd, 'tip-missing');
  if (shaName === undefined) return null;
  // What `sha` reaches and `tip` does not: nothing when `tip` holds it.
  const outside = await runGit(cwd, ['rev-list', '-n', '1', shaName, `^${tipName}`], GIT_TIMEOUT_MS);
  if (!outside.ok) return null;
  return outside.stdout.trim() === '' ? true : orShallow(cwd, false);
}

/** `answer`, unless this clone is shallow: then git's "no" may only be where its history was cut. */
async function orShallow<T>(cwd: string, answer: T): Promise<T | 'shallow'> {
  return (await isShallowClone(cwd)) ? 'shallow' : answer;
}
