import { splitPath } from '../diff/split-path.js';
import type { FieldChange } from '../diff/types.js';

/**
 * What a `moved` change says (find-panel-moves.ts): `moved from row "Hosts" to row "Processes"`, `swapped places with
 * panels[1 "CPU"]`; two rows of one title (or both untitled) also by their place: `row "Same" (panels[0])`, `(id 4)`.
 */
export function describePanelMove(change: FieldChange): string {
  if (change.swappedWith !== undefined) return `swapped places with ${change.swappedWith}`;
  const [from, to] = rowNames(change);
  return `moved from ${from} to ${to}`;
}

/** The markdown diff's lines of a `moved` change: a row move leaves one row (`-`) and comes into another (`+`). */
export function panelMoveDiffLines(change: FieldChange): string[] {
  if (change.swappedWith !== undefined) return [`> ${change.path}: ${describePanelMove(change)}`];
  const [from, to] = rowNames(change);
  return [`- ${change.from}: moved to ${to}`, `+ ${change.path}: moved from ${from}`];
}

/** The two rows' names, each with its place where the titles alone would read as one row. */
function rowNames(change: FieldChange): [string, string] {
  const [from, to] = [rowName(change.before), rowName(change.after)];
  if (from !== to) return [from, to];
  return [`${from} (${rowPlace(change.from ?? '')})`, `${to} (${rowPlace(change.path)})`];
}

function rowName(title: unknown): string {
  return typeof title === 'string' ? `row ${JSON.stringify(title)}` : 'an untitled row';
}

/** Where the row a moved panel's path leads through sits: `id 4` (`panels[id=4 "Same"]…`), else `panels[1]`. */
function rowPlace(path: string): string {
  const step = splitPath(path)[1] ?? '';
  const id = /^\[id=(-?[\d.]+)/.exec(step);
  return id ? `id ${id[1]}` : `panels${step.replace(/^\[(\d+) .*\]$/, '[$1]')}`;
}
