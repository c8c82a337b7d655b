import { splitPath } from '../diff/split-path.js';
import type { FieldChange } from '../diff/types.js';
import { ordinal } from './ordinal.js';

/**
 * What a row's `collapsed` change that took its panels with it says (find-row-collapses.ts), undefined for any other
 * change: `panels[2 "Hosts"]: row collapsed (its 3 panels with it)`, `… row expanded (its panel with it)`. A row of a
 * title other rows share says which of them it is, also with no panel to take along:
 * `panels[id=7 "Hosts"]: row "Hosts" (2nd) collapsed`.
 */
export function describeRowCollapse(change: FieldChange): string | undefined {
  const panels = change.withPanels;
  const nth = change.kind === 'changed' && change.path.endsWith('.collapsed') ? change.nthRowAfter : undefined;
  if (panels === undefined && nth === undefined) return undefined;
  const path = change.path.replace(/\.collapsed$/, '');
  const row = nth === undefined ? 'row' : rowOfTitle(path, nth);
  const its = panels === undefined ? '' : ` (${panels.length === 1 ? 'its panel' : `its ${panels.length} panels`} with it)`;
  return `${path}: ${row} ${change.after === true ? 'collapsed' : 'expanded'}${its}`;
}

/** `row "Hosts" (2nd)` by the title the path's label carries, `row (2nd of its title)` where it carries none (retitled). */
function rowOfTitle(path: string, nth: number): string {
  const title = /^\[[^ \]]+ ("(?:[^"\\]|\\.)*")\]$/.exec(splitPath(path).at(-1) ?? '')?.[1];
  return title === undefined ? `row (${ordinal(nth)} of its title)` : `row ${title} (${ordinal(nth)})`;
}
