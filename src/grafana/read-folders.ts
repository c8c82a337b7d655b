import pLimit from 'p-limit';
import { PermissionError } from '../errors.js';
import type { GrafanaPort, LiveFolder } from './port.js';

/** What GET of one folder gave: the folder, null when it is gone (404), or the refusal (403: it exists, hidden from these credentials). */
export type FolderRead = LiveFolder | null | PermissionError;

/**
 * Reads each of these folders once (a uid given twice is asked once), at most `concurrency` at a
 * time. A 403 is an answer here, not a failure, since plan and pull each decide what a folder
 * hidden from the token means; any other error throws.
 */
export async function readFolders(grafana: Pick<GrafanaPort, 'getFolder'>, uids: Iterable<string>, concurrency: number): Promise<Map<string, FolderRead>> {
  return readEachRefusalAnswered((uid) => grafana.getFolder(uid), uids, concurrency);
}

/**
 * `read` of each uid once (a uid given twice is asked once), at most `concurrency` at a time, a 403 (PermissionError) kept as
 * its answer: it says the object exists, hidden from these credentials. Any other error throws.
 */
export async function readEachRefusalAnswered<T>(read: (uid: string) => Promise<T>, uids: Iterable<string>, concurrency: number): Promise<Map<string, T | PermissionError>> {
  const limit = pLimit(Math.max(1, concurrency));
  const unique = [...new Set(uids)];
  const reads = await Promise.all(
    unique.map((uid) =>
      limit(async (): Promise<T | PermissionError> => {
        try {
          return await read(uid);
        } catch (error) {
          if (error instanceof PermissionError) return error;
          throw error;
        }
      }),
    ),
  );
  return new Map(unique.map((uid, index) => [uid, reads[index]!]));
}
