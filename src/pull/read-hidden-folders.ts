import pLimit from 'p-limit';
import { PermissionError } from '../errors.js';
import type { GrafanaPort } from '../grafana/port.js';

/**
 * Which of these folders (missing from Grafana's folder list) exist but are hidden from these
 * credentials: reading one is refused (403). A folder that is gone (404) or that the list only
 * missed (200: a lagging search index) is not hidden. Grafana lists no dashboard and no library
 * panel of a folder the token cannot view, so pull cannot tell whether one there is gone.
 */
export async function readHiddenFolders(grafana: Pick<GrafanaPort, 'getFolder'>, uids: Iterable<string>, concurrency: number): Promise<Set<string>> {
  const limit = pLimit(Math.max(1, concurrency));
  const hidden = new Set<string>();
  await Promise.all(
    [...new Set(uids)].map((uid) =>
      limit(async () => {
        try {
          await grafana.getFolder(uid);
        } catch (error) {
          if (!(error instanceof PermissionError)) throw error;
          hidden.add(uid);
        }
      }),
    ),
  );
  return hidden;
}
