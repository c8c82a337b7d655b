import type { Tree } from '../files/types.js';
import type { GrafanaPort } from '../grafana/port.js';
import type { Diagnostic } from '../errors.js';
import { describeUnreadableUidCaseTwins, libraryElementKind, type UidCaseTwinKind } from '../plan/find-live-uid-case-twins.js';
import { readListedUidCaseTwins } from '../plan/read-listed-uid-case-twins.js';
import type { PullCaseTwin } from './describe-pull-case-twin.js';

/**
 * The tree's folders (their `_folder.json`) and library panels whose uid Grafana lists only in another case, and
 * answers a read of with that one (MySQL: `ops` and `OPS` are one folder there). Over SQLite or PostgreSQL the read
 * answers absent and none is found. Reads only where the listing holds such a uid. `unreadable`: one line for each
 * such uid whose read Grafana refused (403), which cannot tell the two cases apart.
 */
export async function readFolderAndLibraryCaseTwins(
  grafana: Pick<GrafanaPort, 'getFolder' | 'getLibraryPanel'>,
  tree: Pick<Tree, 'folders' | 'idleFolders' | 'libraryPanels'>,
  listed: { folderUids: Iterable<string>; libraryPanelUids: Iterable<string> },
  show: { folderFile: (dir: string) => string; libraryPanelFile: (entry: Tree['libraryPanels'][number]) => string },
): Promise<{ twins: PullCaseTwin[]; unreadable: Diagnostic[] }> {
  const folders = [...tree.folders, ...tree.idleFolders].filter((folder) => folder.source === 'folder-file').map((folder) => ({ uid: folder.uid, file: show.folderFile(folder.dir) }));
  const panels = tree.libraryPanels.map((panel) => ({ uid: panel.uid, file: show.libraryPanelFile(panel) }));
  const folderReads = await readListedUidCaseTwins(folders, listed.folderUids, (uid) => grafana.getFolder(uid));
  const panelReads = await readListedUidCaseTwins(panels, listed.libraryPanelUids, (uid) => grafana.getLibraryPanel(uid));
  const found = <A extends { uid: string }>(entries: { uid: string; file: string }[], answered: Map<string, A>, kindOf: (answer: A) => UidCaseTwinKind) =>
    entries.flatMap((entry) => {
      const answer = answered.get(entry.uid);
      return answer === undefined ? [] : [{ file: entry.file, uid: entry.uid, twin: answer.uid, kind: kindOf(answer) }];
    });
  return {
    twins: [...found(folders, folderReads.answered, () => 'folder'), ...found(panels, panelReads.answered, libraryElementKind)],
    unreadable: [...describeUnreadableUidCaseTwins(folders, folderReads.refused, 'folder'), ...describeUnreadableUidCaseTwins(panels, panelReads.refused, 'library panel')],
  };
}
