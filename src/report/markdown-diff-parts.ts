import { renderValue } from '../diff/render-value.js';
import type { FieldChange } from '../diff/types.js';

/** `new`, `no file`, `3 fields`, `folder + 2 fields`: what a change amounts to, in a table cell. */
export function changesCell(change: { action: string; changes: FieldChange[] }): string {
  if (change.action === 'create') return 'new';
  if (change.action === 'delete') return 'no file';
  const fields = `${change.changes.length} field${change.changes.length === 1 ? '' : 's'}`;
  return change.action === 'move' ? (change.changes.length > 0 ? `folder + ${fields}` : 'folder') : fields;
}

/** Field changes as the lines of a `diff` code block (not yet escaped). */
export function renderDiffLines(changes: FieldChange[]): string[] {
  return changes.flatMap((change) => {
    if (change.kind === 'added') return [`+ ${change.path}: ${renderValue(change.after, 200)}`];
    if (change.kind === 'removed') return [`- ${change.path}: ${renderValue(change.before, 200)}`];
    return [`- ${change.path}: ${renderValue(change.before, 200)}`, `+ ${change.path}: ${renderValue(change.after, 200)}`];
  });
}
