/** Steps (object keys, array indexes) from two values to where they first differ. */
export type DifferencePath = (string | number)[];

/**
 * Structural equality of two JSON values: objects by key set (order ignored, as the diff
 * ignores it), arrays element by element. Most dashboards of a plan are unchanged, and this
 * answers for them in a fraction of what matching array elements and deep-diff cost.
 */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  return reversedDifference(a, b) === null;
}

/**
 * Where isDeepEqual's walk first found `a` and `b` to differ: null when they are equal, `[]`
 * when they differ at the top (a leaf, a type, an array length, the number of keys), else the
 * steps to the first differing pair. Every element before that step (in `a`'s key order) was
 * found equal, so the diff need not compare it again.
 */
export function firstDifference(a: unknown, b: unknown): DifferencePath | null {
  return reversedDifference(a, b)?.reverse() ?? null;
}

/** The walk; the path is built on the way back up, so an equal pair allocates nothing. */
function reversedDifference(a: unknown, b: unknown): DifferencePath | null {
  if (a === b) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return [];
  const aIsArray = Array.isArray(a);
  if (aIsArray !== Array.isArray(b)) return [];
  if (aIsArray) {
    const left = a as unknown[];
    const right = b as unknown[];
    if (left.length !== right.length) return [];
    for (let i = 0; i < left.length; i += 1) {
      const inner = reversedDifference(left[i], right[i]);
      if (inner) return (inner.push(i), inner);
    }
    return null;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return [];
  for (const key of keys) {
    if (!Object.hasOwn(right, key)) return [key];
    const inner = reversedDifference(left[key], right[key]);
    if (inner) return (inner.push(key), inner);
  }
  return null;
}
