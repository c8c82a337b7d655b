import { relative } from 'node:path';
import type { DiscoveredTree } from '../files/discover-tree.js';
import { dashboardUid, libraryPanelUid, readUidOnce, type UidReads } from '../files/read-unselected-uids.js';
import { toSlashes } from '../files/tree-paths.js';

/** A file of the tree this run's selection leaves out that holds a uid the run plans: another environment's variant of it. */
export interface VariantFile {
  absPath: string;
  /** As shown (relative to the working directory). */
  file: string;
}

/** The variants of a uid, by kind (none where no left-out file holds it). */
export type VariantFiles = (uid: string, resource: 'dashboard' | 'library-panel') => readonly VariantFile[];

/**
 * The files this run's selection leaves out (DiscoveredTree.unselected: with a directory per environment, the other
 * environments' directories) holding each uid: the variants a file of this run may have been copied from in git. Each such
 * file's uid is read at the first question, once per run (`uidReads`, which prune's read of the same files shares); a file that
 * names no uid holds none.
 */
export function findVariantFiles(discovered: Pick<DiscoveredTree, 'unselected'>, where: { cwd: string; uidReads: UidReads }): VariantFiles {
  let byKey: Map<string, VariantFile[]> | undefined;
  const index = () => {
    const found = new Map<string, VariantFile[]>();
    const add = (paths: readonly string[], resource: 'dashboard' | 'library-panel') => {
      for (const absPath of paths) {
        const file = toSlashes(relative(where.cwd, absPath));
        const uid = readUidOnce(where.uidReads, absPath, file, resource === 'dashboard' ? dashboardUid : libraryPanelUid);
        if (typeof uid !== 'string') continue;
        const key = `${resource}:${uid}`;
        found.set(key, [...(found.get(key) ?? []), { absPath, file }]);
      }
    };
    add(discovered.unselected?.dashboardFiles ?? [], 'dashboard');
    add(discovered.unselected?.libraryFiles ?? [], 'library-panel');
    return found;
  };
  return (uid, resource) => (byKey ??= index()).get(`${resource}:${uid}`) ?? [];
}
