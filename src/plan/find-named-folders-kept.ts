import type { LiveFolder } from '../grafana/port.js';
import type { PlanWarning } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';

/** A live folder prune would take that a file of the tree names (`file`, as shown): a YAML Folder resource, or a `_folder.json` behind a directory link. */
export interface NamedFolderKept {
  folder: LiveFolder;
  file: string;
}

/**
 * Pure: the folders prune counts as the tree's (`managed`) that no directory of the tree holds (`treeFolderUids`) but a file of
 * the tree names (`namedFolderUids`: uid → file): a YAML Folder or GrafanaFolder resource (a `_folder.json` rewritten as YAML is
 * not a folder that left the tree), or a `_folder.json` behind a directory link (another checkout's folder). The plan keeps each
 * as an external folder, with what it holds, as it keeps the dashboards those files name.
 */
export function findNamedFoldersKept(
  namedFolderUids: ReadonlyMap<string, string> | undefined,
  managed: ReadonlySet<string>,
  treeFolderUids: ReadonlySet<string>,
  liveFolders: ReadonlyMap<string, LiveFolder>,
): NamedFolderKept[] {
  return [...(namedFolderUids ?? [])]
    .filter(([uid]) => managed.has(uid) && !treeFolderUids.has(uid) && liveFolders.has(uid))
    .map(([uid, file]) => ({ folder: liveFolders.get(uid)!, file }))
    .sort((a, b) => a.folder.uid.localeCompare(b.folder.uid));
}

export function describeYamlFolderKept({ folder, file }: NamedFolderKept): PlanWarning {
  return {
    kind: 'other',
    uid: folder.uid,
    message:
      `folder ${quoteText(folder.title)} (${folder.uid}) not pruned, nor what prune would take in it: a YAML file of the tree names it (${file}); dashsync reads only .json: ` +
      `give its directory a _folder.json {"uid":${JSON.stringify(folder.uid)},"title":…} to manage it, or delete the YAML file to let prune take it`,
  };
}

/** A folder a `_folder.json` behind a directory link names (stop-53 §11.5): the linked checkout's, so not this tree's to prune. */
export function describeLinkedFolderKept({ folder, file }: NamedFolderKept): PlanWarning {
  return {
    kind: 'other',
    uid: folder.uid,
    message:
      `folder ${quoteText(folder.title)} (${folder.uid}) not pruned, nor what prune would take in it: a _folder.json behind a directory link of the tree names it (${file}); ` +
      'dashsync does not follow directory links: copy the files in to manage it, or remove the link to let prune take it',
  };
}
