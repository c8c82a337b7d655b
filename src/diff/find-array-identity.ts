import type { ArrayIdentity } from './keying-rules.js';

/** An identity that every element of both sides has, uniquely, and those keys in each side's order. */
export interface ArrayKeys {
  identity: ArrayIdentity;
  liveKeys: string[];
  /** Empty when only live has the array. */
  desiredKeys: string[];
}

/**
 * Pure: the first of `identities` (see KeyingRules.arrayIdentities) that every element of both
 * arrays has, uniquely, with the keys it gives them; undefined = the arrays are compared by index.
 * `desired` undefined: only live has this array.
 */
export function findArrayIdentity(live: unknown[], desired: unknown[] | undefined, identities: readonly ArrayIdentity[]): ArrayKeys | undefined {
  for (const identity of identities) {
    const liveKeys = uniqueKeys(live, identity);
    if (!liveKeys) continue;
    const desiredKeys = desired ? uniqueKeys(desired, identity) : [];
    if (desiredKeys) return { identity, liveKeys, desiredKeys };
  }
  return undefined;
}

function uniqueKeys(items: unknown[], identity: ArrayIdentity): string[] | undefined {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
    const key = identity.key(item as Record<string, unknown>);
    if (key === undefined || seen.has(key)) return undefined;
    seen.add(key);
    keys.push(key);
  }
  return keys;
}
