import type { FieldChange } from './types.js';

/**
 * Pure: the changes between a classic file and Grafana's conversion of a v2 dashboard back to the classic model,
 * without what the conversion itself makes up: an empty value ("", [], {}, null) on one side only (it writes
 * `description: ""` and `links: []` into every panel, and leaves out empty settings the file has), and the
 * `schemaVersion`, which it always sets to the latest.
 */
export function dropConversionArtifacts(changes: readonly FieldChange[]): FieldChange[] {
  return changes.filter((change) => {
    if (change.path === 'schemaVersion') return false;
    if (change.kind === 'added') return !isEmpty(change.after);
    if (change.kind === 'removed') return !isEmpty(change.before);
    return true;
  });
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}
