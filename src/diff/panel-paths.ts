import { isPlainObject } from '../files/is-plain-object.js';
import { titleOf } from './label-title.js';
import { joinSteps } from './split-path.js';
import type { FieldChange } from './types.js';

type Json = Record<string, unknown>;

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

/** The top-level panels of a spec. */
export function listOf(spec: Json): unknown[] {
  return Array.isArray(spec.panels) ? spec.panels : [];
}

/** The panel a label step names in `panels` (`[3]`, `[3 "CPU"]`: the file's place; `[id=4 …]`: its id). */
export function panelAt(panels: unknown[], step: string): Json | undefined {
  const byId = /^\[id=(-?\d+(?:\.\d+)?)/.exec(step);
  const found = byId ? panels.find((panel) => isPlainObject(panel) && panel.id === Number(byId[1])) : panels[Number(/^\[(\d+)/.exec(step)?.[1] ?? NaN)];
  return isPlainObject(found) ? found : undefined;
}

/** The panel `steps` (`panels`, `[…]`, and a row's `panels`, `[…]`) name in the file's spec. */
export function panelOf(desired: Json, steps: string[]): Json | undefined {
  const top = panelAt(listOf(desired), steps[1]!);
  if (steps.length === 2 || !top || !Array.isArray(top.panels)) return steps.length === 2 ? top : undefined;
  return panelAt(top.panels, steps[3]!);
}

/** The path of a panel, its title in the label where the label is its place alone (panels compared by place: `[0]`). */
export function namedPath(desired: Json, steps: string[]): string {
  const title = titleOf(panelOf(desired, steps));
  const last = steps.at(-1)!;
  const label = title !== undefined && /^\[\d+\]$/.test(last) ? `${last.slice(0, -1)} ${JSON.stringify(title)}]` : last;
  return joinSteps([...steps.slice(0, -1), label]);
}
