import type { PlanWarning } from './types.js';

const ORDER: Record<PlanWarning['kind'], number> = { 'read-only': -2, 'not-writable': -2, unreadable: -2, 'max-deletes': -1, drift: 0, 'not-in-branch': 0, format: 1, 'look-alike-replaced': 1, 'schema-migration': 1, provisioned: 2, 'owned-no-file': 2, 'owners-not-seen': 2, 'owners-not-judged': 2, 'title-clash': 3, 'recently-deleted': 3, 'in-recently-deleted': 3, 'title-held-in-trash': 3, 'restore-needs-admin': 3, 'drift-not-checked': 4, 'name-not-nfc': 4, 'shallow-history': 4, other: 4, note: 5 };

/** Pure: warnings in a stable order (kind, then uid), whatever order the concurrent fetches finished in. */
export function sortWarnings(warnings: PlanWarning[]): PlanWarning[] {
  return [...warnings].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || (a.uid ?? '').localeCompare(b.uid ?? ''));
}
