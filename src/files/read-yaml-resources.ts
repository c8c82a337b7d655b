import type { Diagnostic } from '../errors.js';
import { readUtf8File } from './read-utf8-file.js';
import { describeYamlResources, findYamlResources, isFolderResource } from './yaml-resource.js';

export interface ReadYamlResources {
  /** Dashboard uids the YAML files name, each with the first file (as shown) that names it. */
  dashboardUids: Map<string, string>;
  /** Folder uids the YAML files name (a Folder's metadata.name, a GrafanaFolder's spec.uid), each with the first file that names it. */
  folderUids: Map<string, string>;
  /** One warning (`yaml-resource`) per file that holds a dashboard or folder resource; the others are not the tree's business. */
  diagnostics: Diagnostic[];
  /** The files that hold such resources (absolute): their directories are still the tree's. */
  files: string[];
}

/**
 * Reads the tree's YAML files (discoverTree's `yamlFiles`) for the dashboard and folder resources they hold (Git Sync and kubectl
 * write YAML; grafana-operator's custom resources usually are): dashsync reads only .json, so check names each such file, and
 * prune leaves alone the dashboards and folders they name (a file that went to YAML is not a dashboard or folder that left the tree).
 * A file that does not parse as YAML, or holds no such resource, is passed over.
 */
export async function readYamlResources(absPaths: string[], display: (absPath: string) => string): Promise<ReadYamlResources> {
  const result: ReadYamlResources = { dashboardUids: new Map(), folderUids: new Map(), diagnostics: [], files: [] };
  if (absPaths.length === 0) return result;
  // Loaded only for a tree that holds YAML files: its own chunk of the bundle.
  const { parseAllDocuments } = await import('./yaml-parser.js');
  for (const absPath of absPaths) {
    const { text } = await readUtf8File(absPath, absPath);
    if (text === undefined) continue;
    const resources = parseAllDocuments(text).flatMap((document) => (document.errors.length > 0 ? [] : findYamlResources(toValue(document))));
    if (resources.length === 0) continue;
    const file = display(absPath);
    result.files.push(absPath);
    result.diagnostics.push({ file, severity: 'warning', rule: 'yaml-resource', message: describeYamlResources(resources) });
    for (const resource of resources) {
      const uids = isFolderResource(resource) ? result.folderUids : result.dashboardUids;
      if (resource.uid !== null && !uids.has(resource.uid)) uids.set(resource.uid, file);
    }
  }
  return result;
}

/** The document as plain values; undefined when it cannot be (an alias bomb: maxAliasCount). */
function toValue(document: { toJS(options: { maxAliasCount: number }): unknown }): unknown {
  try {
    return document.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}
