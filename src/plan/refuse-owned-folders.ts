import type { Diagnostic } from '../errors.js';
import type { FolderEntry } from '../files/types.js';
import { describeManager } from '../grafana/ownership.js';
import type { LiveFolder } from '../grafana/port.js';
import { quoteText } from '../report/escape-untrusted.js';

/**
 * A directory of the tree whose live folder another tool keeps (`grafana.app/managedBy`: on Grafana 13 a Git Sync
 * repository's folders): one error each. dashsync would retitle or move that tool's folder and write dashboards into
 * it, which Grafana refuses (managed.go `ensureSameRepoManager`: 403) or turns into a commit in that repository.
 * `displayPath`: a root-relative path as the user sees it.
 */
export function describeOwnedTreeFolders(folders: readonly FolderEntry[], live: ReadonlyMap<string, LiveFolder>, displayPath: (path: string) => string): Diagnostic[] {
  return folders.flatMap((folder) => {
    const owner = live.get(folder.uid)?.owner;
    if (!owner) return [];
    const fromFile = folder.source === 'folder-file';
    const fix = fromFile ? 'give its _folder.json another "uid"' : 'give it a _folder.json with another "uid"';
    return [{
      file: displayPath(fromFile ? `${folder.dir}/_folder.json` : folder.dir),
      severity: 'error' as const,
      rule: 'folder-managed-elsewhere',
      message: `folder ${folder.uid} (${quoteText(live.get(folder.uid)!.title)}) is ${describeManager(owner)}: dashsync never writes in a folder another tool manages. Leave this directory out, or ${fix}`,
    }];
  });
}
