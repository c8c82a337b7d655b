import type { FieldChange } from '../diff/types.js';

/**
 * What a row's `collapsed` change that took its panels with it says (find-row-collapses.ts), undefined for any other
 * change: `panels[2 "Hosts"]: row collapsed (its 3 panels with it)`, `… row expanded (its panel with it)`.
 */
export function describeRowCollapse(change: FieldChange): string | undefined {
  const panels = change.withPanels;
  if (panels === undefined) return undefined;
  const its = panels.length === 1 ? 'its panel' : `its ${panels.length} panels`;
  return `${change.path.replace(/\.collapsed$/, '')}: row ${change.after === true ? 'collapsed' : 'expanded'} (${its} with it)`;
}
