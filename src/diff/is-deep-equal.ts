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

/**
 * The walk; the path is built on the way back up, so an equal pair allocates nothing. A child
 * identical on both sides (the same leaf) is not entered; an object's keys are looked up in the
 * other only where the two key orders part (they mostly match: both sides are one canonical form).
 */
function reversedDifference(a: unknown, b: unknown): DifferencePath | null {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b ? null : [];
  if (a === b) return null;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return [];
    for (let i = 0; i < a.length; i += 1) {
      const x: unknown = a[i];
      const y: unknown = b[i];
      if (x === y) continue;
      const inner = reversedDifference(x, y);
      if (inner) return (inner.push(i), inner);
    }
    return null;
  }
  if (Array.isArray(b)) return [];
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  const rightKeys = Object.keys(right);
  if (keys.length !== rightKeys.length) return [];
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    if (rightKeys[i] !== key && !Object.hasOwn(right, key)) return [key];
    const x = left[key];
    const y = right[key];
    if (x === y) continue;
    const inner = reversedDifference(x, y);
    if (inner) return (inner.push(key), inner);
  }
  return null;
}
