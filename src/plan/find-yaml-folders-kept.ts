import type { LiveFolder } from '../grafana/port.js';
import type { PlanWarning } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';

/** A live folder prune would take that a YAML Folder resource of the tree names (`file`, as shown). */
export interface YamlFolderKept {
  folder: LiveFolder;
  file: string;
}

/**
 * Pure: the folders prune counts as the tree's (`managed`) that no directory of the tree holds (`treeFolderUids`) but a YAML
 * Folder or GrafanaFolder resource of the tree names (`yamlFolderUids`): a `_folder.json` rewritten as YAML is not a folder
 * that left the tree. The plan keeps each as an external folder, with what it holds, as it keeps the dashboards YAML names.
 */
export function findYamlFoldersKept(
  yamlFolderUids: ReadonlyMap<string, string> | undefined,
  managed: ReadonlySet<string>,
  treeFolderUids: ReadonlySet<string>,
  liveFolders: ReadonlyMap<string, LiveFolder>,
): YamlFolderKept[] {
  return [...(yamlFolderUids ?? [])]
    .filter(([uid]) => managed.has(uid) && !treeFolderUids.has(uid) && liveFolders.has(uid))
    .map(([uid, file]) => ({ folder: liveFolders.get(uid)!, file }))
    .sort((a, b) => a.folder.uid.localeCompare(b.folder.uid));
}

export function describeYamlFolderKept({ folder, file }: YamlFolderKept): PlanWarning {
  return {
    kind: 'other',
    uid: folder.uid,
    message:
      `folder ${quoteText(folder.title)} (${folder.uid}) not pruned, nor what prune would take in it: a YAML file of the tree names it (${file}); dashsync reads only .json: ` +
      `give its directory a _folder.json {"uid":${JSON.stringify(folder.uid)},"title":…} to manage it, or delete the YAML file to let prune take it`,
  };
}
