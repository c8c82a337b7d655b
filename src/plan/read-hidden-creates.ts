import { PermissionError } from '../errors.js';
import type { FolderEntry } from '../files/types.js';
import type { GrafanaPort } from '../grafana/port.js';
import { readEachRefusalAnswered, readFolders } from '../grafana/read-folders.js';

/**
 * The planned creates Grafana holds hidden from these credentials, on `/apis`, whose list leaves out what they may not
 * read: each uid read once (a 403 there is a dashboard that exists, a 404 one that does not), at most `concurrency` at a
 * time. Asked for every create only where the run saw a hidden folder or a refused read; else for those whose uid a
 * removed file of the tree held (git: the hidden folder's directory left the tree whole), where this Grafana holds
 * dashboards of the tree already, so a usual plan, and a first deploy of many creates, sends no request for it (issue 16).
 */
export async function readHiddenCreates(grafana: Pick<GrafanaPort, 'getDashboard'>, creates: readonly string[], concurrency: number): Promise<string[]> {
  const reads = await readEachRefusalAnswered((uid) => grafana.getDashboard(uid), creates, concurrency);
  return creates.filter((uid) => reads.get(uid) instanceof PermissionError);
}

/**
 * The tree's folders without a dashboard file of their own (`_folder.json` only) that the `/apis` listing leaves out and
 * whose read is refused (a 403 there proves the folder exists): a folder whose files left its directory while Grafana
 * still hides it and them. Nothing is planned for such a folder; it only tells the plan to read its creates.
 */
export async function readHiddenIdleFolders(grafana: Pick<GrafanaPort, 'getFolder'>, idle: readonly FolderEntry[], listed: ReadonlySet<string>, concurrency: number): Promise<string[]> {
  const unlisted = idle.filter((folder) => !listed.has(folder.uid)).map((folder) => folder.uid);
  if (unlisted.length === 0) return [];
  const reads = await readFolders(grafana, unlisted, concurrency);
  return unlisted.filter((uid) => reads.get(uid) instanceof PermissionError);
}
