import { PermissionError } from '../errors.js';
import type { GrafanaPort } from '../grafana/port.js';
import { readFolders } from '../grafana/read-folders.js';

/**
 * Which of these folders (missing from Grafana's folder list) exist but are hidden from these
 * credentials: reading one is refused (403). A folder that is gone (404) or that the list only
 * missed (200: a lagging search index) is not hidden. Grafana lists no dashboard and no library
 * panel of a folder the token cannot view, so pull cannot tell whether one there is gone.
 */
export async function readHiddenFolders(grafana: Pick<GrafanaPort, 'getFolder'>, uids: Iterable<string>, concurrency: number): Promise<Set<string>> {
  const reads = await readFolders(grafana, uids, concurrency);
  return new Set([...reads].flatMap(([uid, read]) => (read instanceof PermissionError ? [uid] : [])));
}
