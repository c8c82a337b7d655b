import { selectTreePaths } from './select-tree-paths.js';

export interface UidHolder {
  uid: string;
  /** As shown to the user. */
  file: string;
  /** Relative to the root, `/`-separated: what include/exclude globs match. */
  rootPath: string;
}

/** An include/exclude that is deployed as one (an environment's), by name. */
export type DeployedSelections = Record<string, { include: string[]; exclude: string[] }>;

export interface UidSharer {
  file: string;
  /** The environments whose selection holds both files; empty when there are no such selections to judge by. */
  environments: string[];
}

/**
 * Pure: for each file whose dashboard uid another file also has, those others. With `selections`
 * (a config's environments, none chosen), two files clash only when some environment's selection
 * holds both — per-environment variants of one dashboard (`dev/svc.json`, `prod/svc.json`) never
 * reach one Grafana together. Keyed by `file`.
 */
export function findUidSharers(holders: readonly UidHolder[], selections?: DeployedSelections): Map<string, UidSharer[]> {
  const byUid = new Map<string, UidHolder[]>();
  for (const holder of holders) byUid.set(holder.uid, [...(byUid.get(holder.uid) ?? []), holder]);
  const shared = [...byUid.values()].filter((group) => group.length > 1);
  const selectedBy = selections && selectedByEnvironment(shared.flat().map((holder) => holder.rootPath), selections);
  const sharers = new Map<string, UidSharer[]>();
  for (const group of shared) {
    for (const holder of group) {
      const others: UidSharer[] = [];
      for (const other of group) {
        if (other.file === holder.file) continue;
        if (!selectedBy) {
          others.push({ file: other.file, environments: [] });
          continue;
        }
        const mine = selectedBy.get(holder.rootPath) ?? [];
        const environments = (selectedBy.get(other.rootPath) ?? []).filter((name) => mine.includes(name));
        if (environments.length > 0) others.push({ file: other.file, environments });
      }
      if (others.length > 0) sharers.set(holder.file, others.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)));
    }
  }
  return sharers;
}

/** The message of `uid-duplicate`, naming the environments that would deploy both when there are any. */
export function describeUidSharers(uid: string, sharers: readonly UidSharer[]): string {
  const where = sharers.map(({ file, environments }) =>
    environments.length === 0 ? file : `${file} (both selected by environment${environments.length === 1 ? '' : 's'} ${environments.join(', ')})`,
  );
  return `uid "${uid}" is also used by ${where.join(', ')}: every dashboard needs its own uid`;
}

/** Each path's environments, in the config's order, by the walk's own selection (selectTreePaths). */
function selectedByEnvironment(paths: string[], selections: DeployedSelections): Map<string, string[]> {
  const selectedBy = new Map<string, string[]>();
  for (const [name, { include, exclude }] of Object.entries(selections)) {
    for (const path of selectTreePaths(paths, include, exclude)) selectedBy.set(path, [...(selectedBy.get(path) ?? []), name]);
  }
  return selectedBy;
}
