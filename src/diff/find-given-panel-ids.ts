import { isPlainObject } from '../files/is-plain-object.js';
import { titleOf } from './label-title.js';
import { isOfFileType, pairInGaps, panelLikeness } from './pair-in-gaps.js';

type Json = Record<string, unknown>;

/**
 * Pure: the ids Grafana holds the file's numbered panels under (`predicted`: the ids ensurePanelsHaveUniqueIds gives the
 * file as it is now, to each panel without an id of its own: givenPanelIds), where the live panels say otherwise. Grafana
 * numbered them from the file it was last given: after a panel was inserted or removed above them, a predicted id names
 * the live copy of another panel, and the migration rule would take that panel's form as theirs (its refIds, its type
 * before a rename). A live panel under a predicted id with another title, or of another type, shows it. Then each file
 * panel (a row's panels after the row, as Grafana numbers them) is paired with its live copy: by its own id; a numbered
 * one by its title (the first live panel with it that is left, in order), else by its predicted id where the live panel
 * there is left, as titled (untitled alike) and of its type; then, between the same paired neighbours, in order where
 * of its type (retitled in place), else the most alike (pairInGaps). By place alone a live panel of another type is no
 * copy: the rule would take its form from a panel it never was (an untitled text panel's for the query panel below it).
 * A numbered panel takes its copy's id, or, with none, a new id no live panel holds (Grafana has no copy of it yet).
 * Undefined when each predicted id names a live panel of the same title and type, or none (every file panel has an id
 * of its own, or no live panel has one). A type is the file's as Grafana holds it at its `fromVersion` (isOfFileType).
 */
export function findGivenPanelIds(live: unknown[], file: unknown[], predicted: ReadonlyMap<Json, number>, fromVersion: number): Map<Json, number> | undefined {
  // Most files number every panel, and 11.2's /api numbers none: both answered without a copy.
  if (predicted.size === 0) return undefined;
  const liveById = new Map<unknown, Json>();
  forEachPanel(live, (panel) => {
    if (typeof panel.id === 'number' && !liveById.has(panel.id)) liveById.set(panel.id, panel);
  });
  if (liveById.size === 0 || !isShifted(predicted, liveById, fromVersion)) return undefined;
  const livePanels = panelsWithin(live).filter((panel) => typeof panel.id === 'number');
  const liveAt = new Map<unknown, number>();
  livePanels.forEach((panel, index) => liveAt.has(panel.id) || liveAt.set(panel.id, index));
  const filePanels = panelsWithin(file);
  const twinOfLive = livePanels.map(() => -1);
  const twinOfFile = filePanels.map(() => -1);
  const pair = (l: number, f: number) => {
    twinOfLive[l] = f;
    twinOfFile[f] = l;
  };
  filePanels.forEach((panel, f) => {
    const l = predicted.has(panel) ? undefined : liveAt.get(panel.id);
    if (l !== undefined && twinOfLive[l] === -1) pair(l, f);
  });
  filePanels.forEach((panel, f) => {
    const title = predicted.has(panel) ? titleOf(panel) : undefined;
    const l = title === undefined ? -1 : livePanels.findIndex((candidate, at) => twinOfLive[at] === -1 && titleOf(candidate) === title);
    if (l !== -1) pair(l, f);
  });
  filePanels.forEach((panel, f) => {
    const l = predicted.has(panel) && twinOfFile[f] === -1 ? liveAt.get(predicted.get(panel)) : undefined;
    if (l !== undefined && twinOfLive[l] === -1 && titleOf(livePanels[l]) === titleOf(panel) && isOfFileType(livePanels[l]!, panel, fromVersion)) pair(l, f);
  });
  pairInGaps(
    twinOfLive,
    twinOfFile,
    pair,
    (l, f) => panelLikeness(livePanels[l], filePanels[f], fromVersion, predicted.has(filePanels[f]!)),
    (l, f) => isOfFileType(livePanels[l]!, filePanels[f]!, fromVersion),
  );
  const numbers = [...livePanels, ...filePanels].map((panel) => (typeof panel.id === 'number' && Number.isFinite(panel.id) ? panel.id : 0));
  let next = Math.trunc(Math.max(0, ...numbers, ...predicted.values())) + 1;
  const given = new Map<Json, number>();
  filePanels.forEach((panel, f) => {
    if (predicted.has(panel)) given.set(panel, twinOfFile[f] === -1 ? next++ : (livePanels[twinOfFile[f]!]!.id as number));
  });
  return given;
}

/** Whether a predicted id names a live panel with another title than the file panel's, or of another type (untitled alike). */
function isShifted(predicted: ReadonlyMap<Json, number>, liveById: ReadonlyMap<unknown, Json>, fromVersion: number): boolean {
  for (const [panel, id] of predicted) {
    const held = liveById.get(id);
    if (held !== undefined && (titleOf(held) !== titleOf(panel) || !isOfFileType(held, panel, fromVersion))) return true;
  }
  return false;
}

function forEachPanel(panels: unknown[], visit: (panel: Json) => void): void {
  for (const panel of panels) {
    if (!isPlainObject(panel)) continue;
    visit(panel);
    if (Array.isArray(panel.panels)) for (const inner of panel.panels) if (isPlainObject(inner)) visit(inner);
  }
}

/** The panels of a `panels` array and of its rows, as ensurePanelsHaveUniqueIds walks them. */
function panelsWithin(panels: unknown[]): Json[] {
  return panels.filter(isPlainObject).flatMap((panel) => [panel, ...(Array.isArray(panel.panels) ? panel.panels.filter(isPlainObject) : [])]);
}
