import { relative } from 'node:path';
import type { Settings } from '../config/types.js';
import { discoverTree, type DiscoveredTree } from '../files/discover-tree.js';
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
  return indexVariantFiles(discovered.unselected ?? { dashboardFiles: [], libraryFiles: [] }, where);
}

/**
 * For the apply of a saved plan (which walks no tree): the tree's other files holding a uid than `own` (as shown), whatever the
 * selection: in a tree a plan accepted, one file of the selection holds each uid, so the others are the files it leaves out
 * (another environment's variants), as findVariantFiles finds them. The tree is walked and its uids read at the first question,
 * once per run: only an update someone else saved that the apply checks asks (checkDriftAtApply).
 */
export function createTreeVariantFiles(settings: Pick<Settings, 'root' | 'cwd' | 'configFile'>): (uid: string, own: string) => Promise<readonly VariantFile[]> {
  let variants: Promise<VariantFiles | null> | undefined;
  const index = async () => {
    const tree = await discoverTree({ root: settings.root, include: [], exclude: [], configFile: settings.configFile, cwd: settings.cwd, emptySelectionIsError: false }).catch(() => null);
    return tree === null ? null : indexVariantFiles(tree, { cwd: settings.cwd, uidReads: new Map() });
  };
  return async (uid, own) => ((await (variants ??= index()))?.(uid, 'dashboard') ?? []).filter((variant) => variant.file !== own);
}

/** The files of `paths` holding each uid, by kind; each file's uid read at the first question (`uidReads`). */
function indexVariantFiles(paths: { dashboardFiles: readonly string[]; libraryFiles: readonly string[] }, where: { cwd: string; uidReads: UidReads }): VariantFiles {
  let byKey: Map<string, VariantFile[]> | undefined;
  const index = () => {
    const found = new Map<string, VariantFile[]>();
    const add = (files: readonly string[], resource: 'dashboard' | 'library-panel') => {
      for (const absPath of files) {
        const file = toSlashes(relative(where.cwd, absPath));
        const uid = readUidOnce(where.uidReads, absPath, file, resource === 'dashboard' ? dashboardUid : libraryPanelUid);
        if (typeof uid !== 'string') continue;
        const key = `${resource}:${uid}`;
        found.set(key, [...(found.get(key) ?? []), { absPath, file }]);
      }
    };
    add(paths.dashboardFiles, 'dashboard');
    add(paths.libraryFiles, 'library-panel');
    return found;
  };
  return (uid, resource) => (byKey ??= index()).get(`${resource}:${uid}`) ?? [];
}
