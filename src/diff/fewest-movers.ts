/**
 * Pure: of entries that changed order with others (`flips`: each entry, the entries it changed order with, both ways),
 * the fewest that account for every change of order: greedily the one that changed order with the most others left,
 * of those the farthest moved (`distance`). `flips` is emptied.
 */
export function fewestMovers<T>(flips: Map<T, Set<T>>, distance: (entry: T) => number): Set<T> {
  const movers = new Set<T>();
  while (flips.size > 0) {
    let most: T | undefined;
    for (const [entry, others] of flips) {
      const best = most === undefined ? undefined : flips.get(most)!;
      if (!best || others.size > best.size || (others.size === best.size && distance(entry) > distance(most!))) most = entry;
    }
    movers.add(most!);
    for (const other of flips.get(most!)!) {
      const set = flips.get(other)!;
      set.delete(most!);
      if (set.size === 0) flips.delete(other);
    }
    flips.delete(most!);
  }
  return movers;
}

/** Adds a change of order between `a` and `b` to `flips`, both ways. */
export function addFlip<T>(flips: Map<T, Set<T>>, a: T, b: T): void {
  for (const [one, other] of [[a, b], [b, a]] as const) {
    const set = flips.get(one);
    if (set) set.add(other);
    else flips.set(one, new Set([other]));
  }
}
