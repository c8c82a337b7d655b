import pLimit from 'p-limit';
import { batchCheck } from './batch-check.js';
import { runGit } from './run-git.js';

const GIT_TIMEOUT_MS = 30_000;
/** `git merge-base` processes at once (one per commit asked about: a plan's pushes name few). */
const MERGE_BASES_AT_ONCE = 4;

/** A file (relative to the directory git is asked in, as git reads `./`) and the commit another branch pushed it from. */
export interface PushedFile {
  commit: string;
  file: string;
}

/**
 * For each push, whether another branch's push from `commit` changed nothing of `file` that HEAD lacks: HEAD holds the file
 * as `commit` had it (a cherry-pick, the same edit made twice), or the merge base of HEAD and `commit` did (that branch never
 * changed it, or changed it and back). A branch that took the file back to an older text of HEAD's history did change it (a
 * hotfix's revert, review-66a M2): a plan from HEAD undoes that. Git is asked for them all at once: one `cat-file
 * --batch-check` for the file at each commit and at HEAD, one `merge-base` per distinct commit where they differ, one
 * `cat-file --batch-check` for the file at those bases (it was up to four git processes per push, every push at once). False
 * where git cannot tell (no such path in that commit, a file renamed since, no git): the caller keeps its warning. Never throws.
 */
export async function headOrMergeBaseHold(cwd: string, pushes: readonly PushedFile[]): Promise<boolean[]> {
  const askable = pushes.map((push) => /^[0-9a-f]+$/i.test(push.commit) && !/[\n\r]/.test(push.file));
  const asked = pushes.filter((_, index) => askable[index]);
  const [atPush, atHead] = splitInTwo(await objectsAt(cwd, [...asked.map((push) => `${push.commit}:./${push.file}`), ...asked.map((push) => `HEAD:./${push.file}`)]), asked.length);
  const other = asked.flatMap((push, index) => (atPush[index] !== null && atPush[index] !== atHead[index] ? [index] : []));
  const bases = await mergeBasesOf(cwd, [...new Set(other.map((index) => asked[index]!.commit))]);
  const withBase = other.filter((index) => bases.has(asked[index]!.commit));
  const atBase = await objectsAt(cwd, withBase.map((index) => `${bases.get(asked[index]!.commit)}:./${asked[index]!.file}`));
  const baseHolds = new Set(withBase.filter((index, at) => atBase[at] === atPush[index]));
  const held = asked.map((_, index) => atPush[index] !== null && (atPush[index] === atHead[index] || baseHolds.has(index)));
  let next = 0;
  return askable.map((able) => able && held[next++]!);
}

/** The object each `<revision>:<path>` names, in the order asked (null where git has none or cannot answer): one git process. */
async function objectsAt(cwd: string, specs: readonly string[]): Promise<(string | null)[]> {
  const found = await batchCheck(cwd, specs);
  return specs.map((_, index) => (found.ok ? (found.objects[index]?.name ?? null) : null));
}

/** Commit → the merge base of HEAD and it (the first git names), where git names one. */
async function mergeBasesOf(cwd: string, commits: readonly string[]): Promise<Map<string, string>> {
  const limit = pLimit(MERGE_BASES_AT_ONCE);
  const read = await Promise.all(commits.map((commit) => limit(async () => {
    const base = await runGit(cwd, ['merge-base', 'HEAD', commit], GIT_TIMEOUT_MS);
    const name = base.ok ? base.stdout.trim().split('\n')[0] : undefined;
    return name !== undefined && /^[0-9a-f]+$/.test(name) ? [[commit, name] as const] : [];
  })));
  return new Map(read.flat());
}

function splitInTwo<T>(items: readonly T[], at: number): [T[], T[]] {
  return [items.slice(0, at), items.slice(at)];
}
