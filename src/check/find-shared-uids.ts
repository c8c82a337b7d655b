import { join, relative } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { clashEnvironments, describeDeployedWith, type DeployedTogether } from '../files/deployed-together.js';
import { describeFolderUidSharers, describeUidSharers, findUidSharers } from '../files/find-uid-sharers.js';
import { toSlashes } from '../files/tree-paths.js';
import type { Tree } from '../files/types.js';
import { groupBy } from '../group-by.js';

export interface SharedUid {
  /** Absolute path of the file this finding is reported on. */
  absPath: string;
  rule: 'uid-duplicate' | 'folder-uid-duplicate';
  message: string;
  uid: string;
  /** The environments that deploy the clash (absent without environments to judge by). */
  environments?: string[];
}

export interface SharedUidInput {
  tree: Tree;
  /** Absolute paths of the files being reported on. */
  targets: ReadonlySet<string>;
  /** Absolute paths that already carry a diagnostic of the rule (readTree names the later file of a pair). */
  alreadyReported: (absPath: string, rule: SharedUid['rule']) => boolean;
  display: (absPath: string) => string;
  /** As readTree was given it: with environments and none chosen, a uid is shared only within one's selection. */
  together: DeployedTogether;
}

/**
 * Pure: uid clashes seen from the side readTree does not report, so that each file of a
 * clashing pair names the other — which matters when pre-commit passes only one of
 * them: the clash is found against the whole tree and shown on the file being committed.
 */
export function findSharedUids(input: SharedUidInput): SharedUid[] {
  const { tree, targets, alreadyReported, display, together } = input;
  const rootPath = (absPath: string): string => toSlashes(relative(tree.root, absPath));
  const dirPath = (dir: string): string => join(tree.root, dir);
  const findings: SharedUid[] = [];
  const sharers = findUidSharers(
    tree.dashboards.map((d) => ({ uid: d.uid, file: d.file, rootPath: rootPath(d.absPath) })),
    together,
  );
  const foldersByUid = groupBy(tree.folders, (f) => f.uid);

  for (const dashboard of tree.dashboards) {
    if (!targets.has(dashboard.absPath) || alreadyReported(dashboard.absPath, 'uid-duplicate')) continue;
    const others = sharers.get(dashboard.file);
    if (others === undefined) continue;
    findings.push({ absPath: dashboard.absPath, rule: 'uid-duplicate', message: describeUidSharers(dashboard.uid, others), uid: dashboard.uid, ...clashEnvironments(others) });
  }

  for (const folder of tree.folders) {
    if (folder.source !== 'folder-file') continue;
    const absPath = join(dirPath(folder.dir), FOLDER_FILE);
    if (!targets.has(absPath)) continue;
    const otherFolders = foldersByUid.get(folder.uid)!
      .filter((other) => other.dir !== folder.dir)
      .map((other) => ({ other, environments: together({ dir: folder.dir }, { dir: other.dir }) }))
      .filter((o): o is { other: (typeof o)['other']; environments: string[] } => o.environments !== undefined);
    if (otherFolders.length > 0 && !alreadyReported(absPath, 'folder-uid-duplicate')) {
      const where = otherFolders.map(({ other: o, environments }) => describeDeployedWith(display(o.source === 'folder-file' ? join(dirPath(o.dir), FOLDER_FILE) : dirPath(o.dir)), environments));
      findings.push({
        absPath,
        rule: 'folder-uid-duplicate',
        message: describeFolderUidSharers(folder.uid, where),
        uid: folder.uid,
        ...clashEnvironments(otherFolders),
      });
    }
  }
  return findings;
}
