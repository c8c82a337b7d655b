import stringify from 'json-stable-stringify';
import type { FieldChange } from '../diff/types.js';

/** Changes made identically (same field, same before and after) in the same dashboards. */
export interface SharedChanges {
  uids: string[];
  changes: FieldChange[];
}

/**
 * A bulk edit's changes, each shown once: a change two or more dashboards make identically is
 * grouped with the others those same dashboards share; `own` is what is left to each dashboard.
 * Groups come largest first.
 */
export function foldSharedChanges(dashboards: readonly { uid: string; changes: FieldChange[] }[]): { shared: SharedChanges[]; own: Map<string, FieldChange[]> } {
  const byChange = new Map<string, { change: FieldChange; uids: string[] }>();
  for (const d of dashboards) {
    for (const change of d.changes) {
      const key = stringify(change) ?? '';
      const entry = byChange.get(key) ?? { change, uids: [] };
      entry.uids.push(d.uid);
      byChange.set(key, entry);
    }
  }
  const groups = new Map<string, SharedChanges>();
  const sharedKeys = new Set<string>();
  for (const [key, { change, uids }] of byChange) {
    if (uids.length < 2) continue;
    sharedKeys.add(key);
    const setKey = JSON.stringify(uids);
    const group = groups.get(setKey) ?? { uids, changes: [] };
    group.changes.push(change);
    groups.set(setKey, group);
  }
  const own = new Map(dashboards.map((d) => [d.uid, d.changes.filter((change) => !sharedKeys.has(stringify(change) ?? ''))]));
  return { shared: [...groups.values()].sort((a, b) => b.uids.length - a.uids.length), own };
}
