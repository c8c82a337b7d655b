import { describeDeployedWith, type DeployedTogether } from './deployed-together.js';
import { groupBy } from '../group-by.js';
import { compareCodeUnitsBy } from '../compare-code-units.js';

export interface UidHolder {
  uid: string;
  /** As shown to the user. */
  file: string;
  /** Relative to the root, `/`-separated: what include/exclude globs match. */
  rootPath: string;
}

export interface UidSharer {
  file: string;
  /** The environments whose selection holds both files; empty when there are no such selections to judge by. */
  environments: string[];
}

/**
 * Pure: for each file whose dashboard uid another file also has, those others that reach one Grafana
 * with it (`together`: with a config's environments and none chosen, only files one environment selects
 * both of clash — per-environment variants of one dashboard, `dev/svc.json` and `prod/svc.json`, never do).
 * Keyed by `file`.
 */
export function findUidSharers(holders: readonly UidHolder[], together: DeployedTogether): Map<string, UidSharer[]> {
  const byUid = groupBy(holders, (holder) => holder.uid);
  const sharers = new Map<string, UidSharer[]>();
  for (const group of byUid.values()) {
    if (group.length < 2) continue;
    for (const holder of group) {
      const others: UidSharer[] = [];
      for (const other of group) {
        if (other.file === holder.file) continue;
        const environments = together({ file: holder.rootPath }, { file: other.rootPath });
        if (environments !== undefined) others.push({ file: other.file, environments });
      }
      if (others.length > 0) sharers.set(holder.file, others.sort(compareCodeUnitsBy(({ file }) => file)));
    }
  }
  return sharers;
}

/** The message of `uid-duplicate`, naming the environments that would deploy both when there are any. */
export function describeUidSharers(uid: string, sharers: readonly UidSharer[]): string {
  return `uid "${uid}" is also used by ${sharers.map(({ file, environments }) => describeDeployedWith(file, environments)).join(', ')}: every dashboard needs its own uid; for a copy, remove its "uid" and run dashsync check --fix (it writes a new one)`;
}

/** The message of `folder-uid-duplicate`: `where`, the other folders (their `_folder.json`, or their directory), as shown. */
export function describeFolderUidSharers(uid: string, where: readonly string[]): string {
  return `folder uid "${uid}" is also used by ${where.join(', ')}: each folder needs its own uid; give one of them another "uid" in its _folder.json`;
}
