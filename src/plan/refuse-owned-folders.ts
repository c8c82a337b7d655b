import type { Diagnostic } from '../errors.js';
import type { FolderEntry } from '../files/types.js';
import { describeManager } from '../grafana/ownership.js';
import type { LiveFolder } from '../grafana/port.js';
import { quoteText } from '../report/escape-untrusted.js';
import { folderChanges } from './decide-folders.js';

/**
 * A directory of the tree whose live folder another tool keeps (`grafana.app/managedBy`: on Grafana 13 a Git Sync
 * repository's folders): one error each, but for one held only as a parent (`"parentOnly": true`) of a tool other than
 * Git Sync that says what Grafana holds. dashsync would retitle or move that tool's folder and write dashboards into
 * it, which Grafana refuses (managed.go `ensureSameRepoManager`: 403) or turns into a commit in that repository.
 * `displayPath`: a root-relative path as the user sees it.
 */
export function describeOwnedTreeFolders(folders: readonly FolderEntry[], live: ReadonlyMap<string, LiveFolder>, displayPath: (path: string) => string): Diagnostic[] {
  return folders.flatMap((folder) => {
    const liveFolder = live.get(folder.uid);
    const owner = liveFolder?.owner;
    if (!liveFolder || !owner) return [];
    const fromFile = folder.source === 'folder-file';
    const file = displayPath(fromFile ? `${folder.dir}/_folder.json` : folder.dir);
    const named = `folder ${folder.uid} (${quoteText(liveFolder.title)}) is ${describeManager(owner)}`;
    // Held only as a parent, a folder is never written but for its title and parent: Grafana lets anyone create below a
    // folder another tool keeps, but for a Git Sync one (managed.go ensureRepoManagedByParentFolder enforces only `repo`).
    if (folder.parentOnly === true && owner.manager !== 'repo') {
      const changes = folderChanges(folder, liveFolder);
      if (changes.length === 0) return [];
      const says = changes.map((change) => (change.path === 'title' ? `title ${quoteText(String(change.after))} (Grafana: ${quoteText(liveFolder.title)})` : `parent ${change.after ?? 'General'} (Grafana: ${liveFolder.parentUid ?? 'General'})`));
      return [{ file, severity: 'error' as const, rule: 'folder-managed-elsewhere', message: `${named}: its _folder.json says ${says.join(' and ')}, which dashsync would write over that tool's. Make it say what Grafana holds` }];
    }
    const fix = fromFile ? 'give its _folder.json another "uid"' : 'give it a _folder.json with another "uid"';
    return [{
      file,
      severity: 'error' as const,
      rule: 'folder-managed-elsewhere',
      message: `${named}: dashsync never writes in a folder another tool manages. Leave this directory out, or ${fix}`,
    }];
  });
}
