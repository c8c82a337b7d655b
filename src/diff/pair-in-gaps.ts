import { isPlainObject } from '../files/is-plain-object.js';
import { typeAfterEarlySteps } from '../grafana-migration/early-panel-steps.js';
import { isSinglestatType } from './as-file-singlestat.js';
import { isDeepEqual } from './is-deep-equal.js';

type Json = Record<string, unknown>;

/**
 * Pure, the last step of pairPanels and findGivenPanelIds: the elements left, each in the gap after the paired element
 * before it (its twin's place in the file; -1 before any). A gap that holds as many of each side pairs them in order
 * (those `inOrder` accepts; the others as below). One that holds more of one side (a panel inserted beside one edited
 * past its title) pairs, in order, those that look like one panel (`likeness` above 0) and have the most in common,
 * the later ones first where that says nothing: one panel added and one edited, not one removed and two added.
 */
export function pairInGaps(
  twinOfLive: number[],
  twinOfDesired: number[],
  pair: (l: number, d: number) => void,
  likeness: (l: number, d: number) => number,
  inOrder: (l: number, d: number) => boolean = () => true,
): void {
  const gaps = new Map<number, { live: number[]; desired: number[] }>();
  const gapAt = (after: number) => gaps.get(after) ?? (gaps.set(after, { live: [], desired: [] }), gaps.get(after)!);
  let after = -1;
  twinOfLive.forEach((d, l) => {
    if (d === -1) gapAt(after).live.push(l);
    else after = d;
  });
  after = -1;
  twinOfDesired.forEach((l, d) => {
    if (l === -1) gapAt(after).desired.push(d);
    else after = d;
  });
  for (const gap of gaps.values()) {
    let { live, desired } = gap;
    if (live.length === desired.length) {
      const accepted = live.map((l, i) => inOrder(l, desired[i]!));
      live.forEach((l, i) => {
        if (accepted[i]) pair(l, desired[i]!);
      });
      [live, desired] = [live.filter((_, i) => !accepted[i]), desired.filter((_, i) => !accepted[i])];
    }
    if (live.length > 0 && desired.length > 0 && live.length * desired.length <= MOST_ALIKE_CELLS) pairMostAlike(live, desired, likeness, pair);
  }
}

/** The most pairs of a gap weighed (each a comparison of two panels): a dashboard rewritten whole is left as added and removed. */
const MOST_ALIKE_CELLS = 4096;

/** The in-order pairing of `live` and `desired` whose likeness adds up to the most (pairs of likeness 0 not taken). */
function pairMostAlike(live: number[], desired: number[], likeness: (l: number, d: number) => number, pair: (l: number, d: number) => void): void {
  const width = desired.length + 1;
  const score = (i: number, j: number) => likeness(live[i - 1]!, desired[j - 1]!);
  const best = new Float64Array((live.length + 1) * width);
  for (let i = 1; i <= live.length; i += 1) {
    for (let j = 1; j <= desired.length; j += 1) {
      const alike = score(i, j);
      const paired = alike > 0 ? best[(i - 1) * width + j - 1]! + alike : 0;
      best[i * width + j] = Math.max(best[(i - 1) * width + j]!, best[i * width + j - 1]!, paired);
    }
  }
  let [i, j] = [live.length, desired.length];
  while (i > 0 && j > 0) {
    const here = best[i * width + j]!;
    const alike = score(i, j);
    if (alike > 0 && here === best[(i - 1) * width + j - 1]! + alike) {
      pair(live[i - 1]!, desired[j - 1]!);
      i -= 1;
      j -= 1;
    } else if (here === best[(i - 1) * width + j]) i -= 1;
    else j -= 1;
  }
}

/**
 * How much two panels have in common, for pairInGaps and find-panel-moves: 0 when each holds an id and the two differ
 * (two panels, as where ids pair every panel; not where Grafana replaces the file panel's, `fileIdReplaced`), their
 * types differ (isOfFileType, `fromVersion` as there) or nothing says they are one panel (isOnePanel), else 1, and 1
 * more for each member equal on both sides (not `id`, `gridPos` or `title`, which an insert or a retitle changes) and
 * each word their titles share (titleWords).
 */
export function panelLikeness(live: unknown, desired: unknown, fromVersion?: number, fileIdReplaced = false): number {
  if (!isPlainObject(live) || !isPlainObject(desired) || !isOfFileType(live, desired, fromVersion)) return 0;
  if (!fileIdReplaced && typeof live.id === 'number' && typeof desired.id === 'number' && live.id !== desired.id) return 0;
  const { equal, sharedWords, one } = compareMembers(live, desired);
  return one ? 1 + equal + sharedWords : 0;
}

/**
 * Whether two panels in one place are one panel, for pairInGaps' `inOrder`: of one type (isOfFileType: the slot and the
 * type say so, a retitle and all), or of two where something else says so (isOnePanel: a panel whose visualization was
 * changed keeps its title or its query). A removed pie chart and an added table that share nothing are two panels.
 */
export function isOnePanelInPlace(live: unknown, desired: unknown): boolean {
  if (!isPlainObject(live) || !isPlainObject(desired)) return false;
  return isOfFileType(live, desired) || compareMembers(live, desired).one;
}

/** One walk of the file panel's members and the titles' words, for both the likeness and isOnePanel. */
function compareMembers(live: Json, desired: Json): { equal: number; sharedWords: number; one: boolean } {
  let equal = 0;
  let settings = 0;
  let equalSettings = 0;
  for (const [key, value] of Object.entries(desired)) {
    if (key === 'id' || key === 'gridPos' || key === 'title' || key === 'type') continue;
    const same = Object.hasOwn(live, key) && isDeepEqual(live[key], value);
    if (same) equal += 1;
    if (isEmpty(value)) continue;
    settings += 1;
    if (same) equalSettings += 1;
  }
  const words = titleWords(live);
  let sharedWords = 0;
  for (const word of titleWords(desired)) if (words.has(word)) sharedWords += 1;
  return { equal, sharedWords, one: isOnePanel(live, desired, sharedWords, equalSettings * 2 > settings) };
}

/**
 * Whether a live panel is of the file panel's type as Grafana holds it: its own, the one a step below 27 gave it at the
 * file's `fromVersion` (V26: a `text2` held as `text`), or the one an Angular rename (`autoMigrateFrom`) or V28 (a
 * singlestat held as a stat) gave it. No `fromVersion` where those steps' outputs were taken back already
 * (withoutEarlyStepOutputs, before pairPanels).
 */
export function isOfFileType(live: Json, file: Json, fromVersion?: number): boolean {
  if (live.type === file.type || (fromVersion !== undefined && live.type === typeAfterEarlySteps(file.type, fromVersion))) return true;
  return (live.autoMigrateFrom !== undefined && live.autoMigrateFrom === file.type) || (live.type === 'stat' && isSinglestatType(file.type));
}

/**
 * Whether two panels of a type are one panel edited, not one removed and another added beside it: they share a word
 * that tells their titles apart (titleWords: `sharedWords`), or a query (apart from the refId and data source Grafana may
 * have given it), or, neither having queries, more than half of the file panel's settings that hold something
 * (`mostSettingsEqual`). Panels of a type in one dashboard share their data source and most defaults, so those alone say
 * nothing: "remove A, add B and C" is not "A edited into C".
 */
function isOnePanel(live: Json, desired: Json, sharedWords: number, mostSettingsEqual: boolean): boolean {
  if (sharedWords > 0) return true;
  const [held, wanted] = [queriesOf(live), queriesOf(desired)];
  if (held.length > 0 || wanted.length > 0) return wanted.some((query) => held.some((other) => isDeepEqual(other, query)));
  return mostSettingsEqual;
}

/** A panel's queries, each without its refId and data source (which Grafana's migration may give it). */
function queriesOf(panel: Json): Json[] {
  if (!Array.isArray(panel.targets)) return [];
  return panel.targets.filter(isPlainObject).flatMap(({ refId: _refId, datasource: _datasource, ...query }) => (Object.keys(query).length > 0 ? [query] : []));
}

/** A value that says nothing of the panel: null, false, '', an empty list or object. */
function isEmpty(value: unknown): boolean {
  return value === null || value === false || value === '' || (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0);
}

/**
 * The words of a panel's title that tell it apart: not one letter (a unit: "Requests / s" and "Errors / s" are two
 * panels), nor a word any title may hold (COMMON_TITLE_WORDS).
 */
function titleWords(panel: Json): Set<string> {
  if (typeof panel.title !== 'string') return new Set();
  return new Set(panel.title.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 1 && !COMMON_TITLE_WORDS.has(word)));
}

/**
 * Connectives and words of a measure, which any title may hold: "Requests by status" and "Errors by route" are two
 * panels, as are "Request rate" and "Error rate".
 */
const COMMON_TITLE_WORDS: ReadonlySet<string> = new Set(
  ['by', 'of', 'in', 'on', 'at', 'per', 'and', 'or', 'the', 'for', 'to', 'from', 'with', 'vs', 'rate', 'total', 'count', 'avg', 'sum', 'min', 'max'],
);
