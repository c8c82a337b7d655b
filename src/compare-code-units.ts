/** Pure: the order of two strings by their UTF-16 code units (`<`, the default sort's order), not a locale's. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Pure: a comparator of items by the code units of `key` of each (compareCodeUnits). */
export function compareCodeUnitsBy<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => compareCodeUnits(key(a), key(b));
}
