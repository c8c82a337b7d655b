import { join, relative } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { describeDeployedWith, type DeployedTogether } from '../files/deployed-together.js';
import { toSlashes } from '../files/tree-paths.js';
import type { Tree } from '../files/types.js';
import { groupBy } from '../group-by.js';

export interface UidCaseClash {
  /** Absolute path of the file this finding is reported on: a dashboard file or a `_folder.json`. */
  absPath: string;
  uid: string;
  message: string;
}

interface Holder {
  kind: 'dashboard' | 'folder';
  uid: string;
  absPath: string;
  /** How the other side names it. */
  shown: string;
  /** What an environment's selection deploys: the file, or the folder's directory (root-relative). */
  place: { file: string } | { dir: string };
}

/**
 * Pure: each dashboard or `_folder.json` whose uid differs from another's only in case (`Ops` and `ops`). Grafana on
 * MySQL keeps every text column in utf8mb4_unicode_ci (pkg/services/sqlstore/migrator/mysql_dialect.go), so its unique
 * uid keys and uid lookups ignore case: there the second save finds the first and updates it (or is refused as a
 * version mismatch). SQLite and PostgreSQL compare exactly. Dashboards clash with dashboards and folders with folders
 * everywhere; a dashboard with a folder only on 11.2, whose `dashboard` table holds both. Only those that reach one
 * Grafana clash (`together`, DeployedTogether; without it, all do).
 */
export function findUidsDifferingInCase(tree: Tree, display: (absPath: string) => string, together: DeployedTogether = () => []): UidCaseClash[] {
  const folderFiles = tree.folders.filter((folder) => folder.source === 'folder-file');
  // Only a uid that another one folds onto is described (a path made relative, a name): most trees have none.
  const countByFoldedUid = new Map<string, number>();
  for (const { uid } of [...tree.dashboards, ...folderFiles]) {
    const key = uid.toLowerCase();
    countByFoldedUid.set(key, (countByFoldedUid.get(key) ?? 0) + 1);
  }
  const sharesFoldedUid = ({ uid }: { uid: string }) => countByFoldedUid.get(uid.toLowerCase())! > 1;
  const holders: Holder[] = [
    ...tree.dashboards.filter(sharesFoldedUid).map((d): Holder => ({
      kind: 'dashboard',
      uid: d.uid,
      absPath: d.absPath,
      shown: `dashboard ${d.file}`,
      place: { file: toSlashes(relative(tree.root, d.absPath)) },
    })),
    ...folderFiles.filter(sharesFoldedUid).map((folder): Holder => {
      const absPath = join(tree.root, folder.dir, FOLDER_FILE);
      return { kind: 'folder', uid: folder.uid, absPath, shown: `folder ${display(absPath)}`, place: { dir: folder.dir } };
    }),
  ];
  const byFoldedUid = groupBy(holders, (holder) => holder.uid.toLowerCase());
  const clashes: UidCaseClash[] = [];
  for (const group of byFoldedUid.values()) {
    if (group.length < 2) continue;
    for (const holder of group) {
      const others = group
        .filter((other) => other.uid !== holder.uid)
        .map((other) => ({ other, environments: together(holder.place, other.place) }))
        .filter((o): o is { other: Holder; environments: string[] } => o.environments !== undefined);
      if (others.length === 0) continue;
      const named = others.map(({ other, environments }) => describeCaseTwin(describeDeployedWith(other.shown, environments), other.uid, other.kind === holder.kind));
      clashes.push({ absPath: holder.absPath, uid: holder.uid, message: describeUidCaseClash(holder.uid, named) });
    }
  }
  return clashes;
}

/** How a uid-differs-in-case finding names the other side (`shown`: it and the environments deploying both), and, for a folder beside a dashboard, where they meet. */
export function describeCaseTwin(shown: string, uid: string, sameKind: boolean): string {
  return `${shown} ("${uid}"${sameKind ? '' : ', on Grafana 11.2, which keeps folders and dashboards in one uid space'})`;
}

/** `uid "svc" differs only in case from <named>: …`: the words of a uid-differs-in-case finding (check's and plan's). */
export function describeUidCaseClash(uid: string, named: readonly string[]): string {
  return (
    `uid "${uid}" differs only in case from ${named.join(', ')}: Grafana on MySQL compares uids without case, ` +
    'so there one save would update or be refused by the other; give one of them another uid'
  );
}
