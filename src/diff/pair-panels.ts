import { isPlainObject } from '../files/is-plain-object.js';
import type { ArrayKeys } from './find-array-identity.js';
import { isDeepEqual } from './is-deep-equal.js';
import type { ArrayIdentity } from './keying-rules.js';
import { labelTitle, titleOf } from './label-title.js';
import { isOnePanelInPlace, pairInGaps, panelLikeness } from './pair-in-gaps.js';
import { groupBy } from '../group-by.js';

type Json = Record<string, unknown>;

/**
 * Pure: the panels of a `panels` array (top level, or a row's) paired live → desired where their ids cannot pair them
 * all (a file without ids: Grafana numbers panels in file order, so after an insert the ids it holds name other
 * panels). Tried in order, each on what is left:
 * 1. the same `id` on both sides (held by one panel of each);
 * 2. the same panel apart from where it sits: equal without `id` and `gridPos` (a row's panels likewise);
 * 3. the same type and title (a non-empty one): the panel, edited;
 * 4. between the same paired neighbours: in order where as many are left on each side (edited title and all, in place)
 *    and each pair is of one type or something else says it is one panel (isOnePanelInPlace: a panel replaced by one of
 *    another type that shares nothing with it is removed and added), else those of a type that have the most in common
 *    (pairInGaps).
 * Panels alike in a step pair in order (the first with the first). A panel left unpaired is added or removed.
 * Undefined when each place holds a panel of the same type and title on both sides (panels edited in place: the
 * steps are not taken), or each panel pairs with the one at its own place and none is added or removed (compared by
 * index, as before: `panels[2].title`), or an element is not an object. Otherwise keys for transformKeyed, each panel
 * labelled by its place in the file (Grafana's, for one only Grafana holds) and its title: `2 "CPU"` (a panel added or
 * removed at the end too: its title would be cut off the end of its line).
 */
export function pairPanels(live: unknown[], desired: unknown[]): ArrayKeys | undefined {
  if (!live.every(isPlainObject) || !desired.every(isPlainObject) || sameTypesAndTitles(live, desired)) return undefined;
  const twinOfLive: number[] = live.map(() => -1);
  const twinOfDesired: number[] = desired.map(() => -1);
  const pair = (l: number, d: number) => {
    twinOfLive[l] = d;
    twinOfDesired[d] = l;
  };
  const liveIds = uniqueIds(live);
  for (const [id, d] of uniqueIds(desired)) {
    const l = liveIds.get(id);
    if (l !== undefined) pair(l, d);
  }
  const groups = groupBy([...live.keys()].filter((l) => twinOfLive[l] === -1), (l) => groupOf(live[l]!));
  const pairInGroup = (accepts: (panel: Json, candidate: Json) => boolean) =>
    desired.forEach((panel, d) => {
      if (twinOfDesired[d] !== -1) return;
      const group = groups.get(groupOf(panel));
      const at = group?.findIndex((l) => accepts(panel, live[l] as Json)) ?? -1;
      if (at === -1) return;
      pair(group![at]!, d);
      group!.splice(at, 1);
    });
  pairInGroup(samePanelApartFromPlace);
  pairInGroup((panel) => typeof panel.title === 'string' && panel.title !== '');
  pairInGaps(twinOfLive, twinOfDesired, pair, (l, d) => panelLikeness(live[l], desired[d]), (l, d) => isOnePanelInPlace(live[l], desired[d]));
  if (live.length === desired.length && twinOfLive.every((d, l) => d === l)) return undefined;
  return {
    identity: placeIdentity(live, desired),
    liveKeys: twinOfLive.map((d, l) => (d === -1 ? `gone:${l}` : `at:${d}`)),
    desiredKeys: desired.map((_, d) => `at:${d}`),
  };
}

function sameTypesAndTitles(live: Json[], desired: Json[]): boolean {
  return live.length === desired.length && live.every((panel, index) => panel.type === desired[index]!.type && panel.title === desired[index]!.title);
}

/** Ids held by exactly one panel of the array, to the panel's index. */
function uniqueIds(panels: Json[]): Map<number, number> {
  const ids = new Map<number, number>();
  const repeated = new Set<number>();
  panels.forEach((panel, index) => {
    if (typeof panel.id !== 'number') return;
    if (ids.has(panel.id)) repeated.add(panel.id);
    else ids.set(panel.id, index);
  });
  for (const id of repeated) ids.delete(id);
  return ids;
}

/** Type and title: equal panels share it, and an edited panel mostly keeps it. */
function groupOf(panel: Json): string {
  return JSON.stringify([typeof panel.type === 'string' ? panel.type : null, typeof panel.title === 'string' ? panel.title : null]);
}

/** Equal but for `id` and `gridPos` (which an insert above moves), here and in a row's panels. */
function samePanelApartFromPlace(a: Json, b: Json): boolean {
  if (a === b) return true;
  const keys = Object.keys(a).filter((key) => key !== 'id' && key !== 'gridPos');
  if (keys.length !== Object.keys(b).filter((key) => key !== 'id' && key !== 'gridPos').length) return false;
  return keys.every((key) => {
    if (!Object.hasOwn(b, key)) return false;
    const [x, y] = [a[key], b[key]];
    if (key !== 'panels' || !Array.isArray(x) || !Array.isArray(y)) return isDeepEqual(x, y);
    return x.length === y.length && x.every((inner, i) => (isPlainObject(inner) && isPlainObject(y[i]) ? samePanelApartFromPlace(inner, y[i]) : isDeepEqual(inner, y[i])));
  });
}

/** Labels by place in the file (or in Grafana, for a panel only it holds) and the title both sides share. */
function placeIdentity(live: Json[], desired: Json[]): ArrayIdentity {
  const liveAt = new Map<Json, number>();
  live.forEach((panel, index) => liveAt.has(panel) || liveAt.set(panel, index));
  const desiredAt = new Map<Json, number>();
  desired.forEach((panel, index) => desiredAt.has(panel) || desiredAt.set(panel, index));
  return {
    key: () => undefined,
    label: (sides) => {
      const place = sides.desired ? desiredAt.get(sides.desired) : liveAt.get(sides.live!);
      const title = labelTitle(titleOf(sides.live), titleOf(sides.desired));
      return title ? `${place} ${title}` : `${place}`;
    },
  };
}
