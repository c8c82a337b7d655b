import type { PruneScope } from './types.js';

/**
 * The prune scope a flag or input names: `folders` (also `true`, a bare `--prune`), `all`,
 * or `false`; null for anything else (each shell says so in its own words).
 */
export function parsePruneScope(value: string | boolean): PruneScope | null {
  if (value === false || value === 'false') return false;
  if (value === true || value === '' || value === 'true' || value === 'folders') return 'folders';
  if (value === 'all') return 'all';
  return null;
}
