import { runGit } from './run-git.js';

export interface RawCommit {
  sha: string;
  /** The parents the commit object names, first parent first: also in a shallow clone, whose history git cuts there (`%P` shows none). */
  parents: string[];
  /** The first paragraph of its message on one line, as `git log --format=%s` gives it; null when empty. */
  subject: string | null;
}

/**
 * The commit `revision` (HEAD, say) names, read from its object as stored (one `git cat-file --batch`): actions/checkout
 * fetches one commit by default, and git then treats that commit as having no parents, though its object still names them.
 * Null without git, outside a repository, or when `revision` is no commit. Never throws.
 */
export async function readRawCommit(cwd: string, revision: string): Promise<RawCommit | null> {
  const answer = await runGit(cwd, ['cat-file', '--batch'], 5000, `${revision}\n`);
  if (!answer.ok) return null;
  // `<oid> commit <size>`, then the object: header lines, an empty line, the message.
  const [first = '', ...object] = answer.stdout.split('\n');
  const header = /^([0-9a-f]{40}|[0-9a-f]{64}) commit \d+$/.exec(first);
  if (header === null) return null;
  const blank = object.indexOf('');
  const headers = blank === -1 ? object : object.slice(0, blank);
  const parents = headers.flatMap((line) => /^parent ([0-9a-f]{40,64})$/.exec(line)?.[1] ?? []);
  const message = blank === -1 ? [] : object.slice(blank + 1);
  const paragraphEnd = message.findIndex((line) => line.trim() === '');
  const subject = (paragraphEnd === -1 ? message : message.slice(0, paragraphEnd)).map((line) => line.trim()).join(' ').trim();
  return { sha: header[1]!, parents, subject: subject === '' ? null : subject };
}
