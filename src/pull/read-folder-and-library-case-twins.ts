import type { Tree } from '../files/types.js';
import type { GrafanaPort } from '../grafana/port.js';
import { readListedUidCaseTwins } from '../plan/read-listed-uid-case-twins.js';
import type { PullCaseTwin } from './describe-pull-case-twin.js';

/**
 * The tree's folders (their `_folder.json`) and library panels whose uid Grafana lists only in another case, and
 * answers a read of with that one (MySQL: `ops` and `OPS` are one folder there). Over SQLite or PostgreSQL the read
 * answers absent and none is found. Reads only where the listing holds such a uid.
 */
export async function readFolderAndLibraryCaseTwins(
  grafana: Pick<GrafanaPort, 'getFolder' | 'getLibraryPanel'>,
  tree: Pick<Tree, 'folders' | 'idleFolders' | 'libraryPanels'>,
  listed: { folderUids: Iterable<string>; libraryPanelUids: Iterable<string> },
  show: { folderFile: (dir: string) => string; libraryPanelFile: (entry: Tree['libraryPanels'][number]) => string },
): Promise<PullCaseTwin[]> {
  const folders = [...tree.folders, ...tree.idleFolders].filter((folder) => folder.source === 'folder-file').map((folder) => ({ uid: folder.uid, file: show.folderFile(folder.dir) }));
  const panels = tree.libraryPanels.map((panel) => ({ uid: panel.uid, file: show.libraryPanelFile(panel) }));
  const folderTwins = await readListedUidCaseTwins(folders, listed.folderUids, (uid) => grafana.getFolder(uid));
  const panelTwins = await readListedUidCaseTwins(panels, listed.libraryPanelUids, (uid) => grafana.getLibraryPanel(uid));
  const found = (entries: { uid: string; file: string }[], answered: Map<string, string>, kind: 'folder' | 'library panel') =>
    entries.flatMap((entry) => {
      const twin = answered.get(entry.uid);
      return twin === undefined ? [] : [{ file: entry.file, uid: entry.uid, twin, kind }];
    });
  return [...found(folders, folderTwins, 'folder'), ...found(panels, panelTwins, 'library panel')];
}
