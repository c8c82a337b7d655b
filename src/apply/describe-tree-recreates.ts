import { readTreeUidsOf } from '../files/read-tree-uids.js';
import { renderNextCommand, type RunSelection } from '../report/next-command.js';

/**
 * For the dashboards restore found nowhere (no backup, no "Recently deleted" entry these credentials see; on legacy SQL
 * storage a delete is final): the ones a file of the tree holds, each with a line saying that file holds its uid and apply
 * creates it again, as a new dashboard. Without it the on-call is sent looking for an Admin token where no one can bring it
 * back. One tree read, only when there is such a uid; nothing without a readable tree.
 */
export async function describeTreeRecreates(uids: readonly string[], tree: { root: string; cwd: string }, selection: RunSelection): Promise<{ uids: string[]; text: string }[]> {
  if (uids.length === 0) return [];
  const read = await readTreeUidsOf(tree.root, tree.cwd);
  if (read.kind !== 'read') return [];
  const apply = renderNextCommand(selection, 'apply');
  return [...new Set(uids)].flatMap((uid) => {
    const file = read.uids.dashboards.get(uid);
    if (file === undefined) return [];
    return [{ uids: [uid], text: `${file} holds ${uid}: ${apply} creates it again from that file, as a new dashboard (version 1, without the history Grafana had)` }];
  });
}
