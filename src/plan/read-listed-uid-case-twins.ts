import { findListedUidCaseTwins, type TreeUid } from './find-live-uid-case-twins.js';

/**
 * Tree uid → the uid Grafana answered a read of it with, for the tree uids Grafana lists only in another case (over
 * MySQL `ops` reads as `OPS`; over SQLite or PostgreSQL it reads as absent, and a case-only rename is a create and a
 * prune as usual). Read one at a time: such uids are rare.
 */
export async function readListedUidCaseTwins(
  entries: readonly TreeUid[],
  listedUids: Iterable<string>,
  read: (uid: string) => Promise<{ uid: string } | null>,
): Promise<Map<string, string>> {
  const answered = new Map<string, string>();
  for (const uid of findListedUidCaseTwins(entries, listedUids).keys()) {
    const answer = await read(uid);
    if (answer !== null && answer.uid !== uid) answered.set(uid, answer.uid);
  }
  return answered;
}
