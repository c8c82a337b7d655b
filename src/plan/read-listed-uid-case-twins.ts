import { PermissionError } from '../errors.js';
import { findListedUidCaseTwins, type TreeUid } from './find-live-uid-case-twins.js';

export interface ListedUidCaseTwinReads<A extends { uid: string }> {
  /** Tree uid → Grafana's answer to a read of it, where that answer holds another uid (MySQL: one object). */
  answered: Map<string, A>;
  /**
   * Tree uid → the uid listed in another case, where Grafana refused the read (403). Grafana checks `folders:read` /
   * `dashboards:read` on the scope of the uid *as requested* before it looks the object up; the scopes compare as
   * text, and a uid the resolver cannot find fails the check. So a token without a wildcard grant is refused `ops`
   * whether Grafana holds none (SQLite, PostgreSQL) or holds `OPS` (MySQL): the answer cannot tell the two apart.
   */
  refused: Map<string, string>;
}

/**
 * Reads the tree uids Grafana lists only in another case (over MySQL `ops` reads as `OPS`; over SQLite or PostgreSQL
 * it reads as absent, and a case-only rename is a create and a prune as usual). Read one at a time: such uids are rare.
 */
export async function readListedUidCaseTwins<A extends { uid: string }>(
  entries: readonly TreeUid[],
  listedUids: Iterable<string>,
  read: (uid: string) => Promise<A | null>,
): Promise<ListedUidCaseTwinReads<A>> {
  const answered = new Map<string, A>();
  const refused = new Map<string, string>();
  for (const [uid, listed] of findListedUidCaseTwins(entries, listedUids)) {
    let answer: A | null;
    try {
      answer = await read(uid);
    } catch (error) {
      if (!(error instanceof PermissionError)) throw error;
      refused.set(uid, listed);
      continue;
    }
    if (answer !== null && answer.uid !== uid) answered.set(uid, answer);
  }
  return { answered, refused };
}

/** Pure: tree uid → the uid in Grafana's answer. */
export function answeredUids(reads: ListedUidCaseTwinReads<{ uid: string }>): Map<string, string> {
  return new Map([...reads.answered].map(([uid, answer]) => [uid, answer.uid]));
}
