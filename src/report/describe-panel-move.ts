import type { FieldChange } from '../diff/types.js';

/** What a `moved` change says (find-panel-moves.ts): `moved from row "Hosts" to row "Processes"`, `swapped places with panels[1 "CPU"]`. */
export function describePanelMove(change: FieldChange): string {
  if (change.swappedWith !== undefined) return `swapped places with ${change.swappedWith}`;
  return `moved from ${rowName(change.before)} to ${rowName(change.after)}`;
}

/** The markdown diff's lines of a `moved` change: a row move leaves one row (`-`) and comes into another (`+`). */
export function panelMoveDiffLines(change: FieldChange): string[] {
  if (change.swappedWith !== undefined) return [`> ${change.path}: ${describePanelMove(change)}`];
  return [`- ${change.from}: moved to ${rowName(change.after)}`, `+ ${change.path}: moved from ${rowName(change.before)}`];
}

function rowName(title: unknown): string {
  return typeof title === 'string' ? `row ${JSON.stringify(title)}` : 'an untitled row';
}
