/**
 * Pure: `items` by `key`, each group in the items' order, the groups in the order of their first item (Map.groupBy, which
 * Node 20 lacks); with `value`, each group holds what it gives of its items.
 */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]>;
export function groupBy<T, K, V>(items: Iterable<T>, key: (item: T) => K, value: (item: T) => V): Map<K, V[]>;
export function groupBy<T, K, V>(items: Iterable<T>, key: (item: T) => K, value?: (item: T) => V): Map<K, (T | V)[]> {
  const groups = new Map<K, (T | V)[]>();
  for (const item of items) {
    const k = key(item);
    const v = value === undefined ? item : value(item);
    const group = groups.get(k);
    if (group) group.push(v);
    else groups.set(k, [v]);
  }
  return groups;
}
