import type { FieldChange } from './types.js';

/** How many steps (splitPath's) name a classic panel (`panels[…]`, a row's `panels[…].panels[…]`), 0 for a path outside one. */
export function panelSteps(steps: string[]): number {
  if (steps[0] !== 'panels' || !steps[1]?.startsWith('[')) return 0;
  return steps[2] === 'panels' && steps[3]?.startsWith('[') ? 4 : 2;
}

/** The order change of a `panels` list (the dashboard's or a row's; `steps` its path's): the panels' labels before and after. */
export function isPanelsOrderChange(steps: string[], change: FieldChange): change is FieldChange & { before: string[]; after: string[] } {
  const list = steps.length === 1 || (steps.length === 3 && steps[2] === 'panels');
  return list && steps[0] === 'panels' && change.kind === 'changed' && isLabels(change.before) && isLabels(change.after);
}

function isLabels(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
