import { runGit, type GitFailure } from './run-git.js';

const GIT_TIMEOUT_MS = 30_000;
/** `<object name> <type> <size>`: the name in full hex (SHA-1 or SHA-256). */
const OBJECT_LINE = /^([0-9a-f]{40,64}) (\S+) \d+$/;

/** An object git names for a spec: its full name and its type (`commit`, `blob`, `tree`, `tag`). */
export interface CheckedObject {
  name: string;
  type: string;
}

/** What `git cat-file --batch-check` answered: per spec, in the order asked, the object or null; or why git gave no answer. */
type BatchCheck = { ok: true; objects: (CheckedObject | null)[]; stderr: string } | { ok: false; failure: GitFailure };

/**
 * The object each spec names (`<sha>^{commit}`, `<revision>:<path>`, …), from one `git cat-file --batch-check` fed one spec
 * a line: null where git names none (`missing`, `ambiguous`: its stderr may say why). The caller keeps line breaks out of
 * the specs (each is one line of git's stdin). No git process for no spec. Never throws.
 */
export async function batchCheck(cwd: string, specs: readonly string[]): Promise<BatchCheck> {
  if (specs.length === 0) return { ok: true, objects: [], stderr: '' };
  const answer = await runGit(cwd, ['cat-file', '--batch-check'], GIT_TIMEOUT_MS, specs.map((spec) => `${spec}\n`).join(''));
  if (!answer.ok) return { ok: false, failure: answer.failure };
  const lines = answer.stdout.split('\n');
  return { ok: true, objects: specs.map((_, index) => objectOf(lines[index] ?? '')), stderr: answer.stderr };
}

function objectOf(line: string): CheckedObject | null {
  const match = OBJECT_LINE.exec(line);
  return match === null ? null : { name: match[1]!, type: match[2]! };
}
