import { isPlainObject } from '../files/is-plain-object.js';
import { isDeepEqual } from './is-deep-equal.js';

type Json = Record<string, unknown>;

/**
 * Pure, the last step of pairPanels and findGivenPanelIds: the elements left, each in the gap after the paired element
 * before it (its twin's place in the file; -1 before any). A gap that holds as many of each side pairs them in order.
 * One that holds more of one side (a panel inserted beside one edited past its title) pairs, in order, those of a type
 * (`likeness` above 0) that have the most in common, the later ones first where that says nothing: one panel added and
 * one edited, not one removed and two added.
 */
export function pairInGaps(twinOfLive: number[], twinOfDesired: number[], pair: (l: number, d: number) => void, likeness: (l: number, d: number) => number): void {
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
    if (gap.live.length === gap.desired.length) gap.live.forEach((l, i) => pair(l, gap.desired[i]!));
    else if (gap.live.length > 0 && gap.desired.length > 0 && gap.live.length * gap.desired.length <= MOST_ALIKE_CELLS) pairMostAlike(gap.live, gap.desired, likeness, pair);
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
 * How much two panels have in common, for pairInGaps: 0 when their types differ (Grafana's rename of the file's
 * Angular type counts as the same), else 1, and 1 more for each member equal on both sides (not `id`, `gridPos` or
 * `title`, which an insert or a retitle changes) and each word their titles share.
 */
export function panelLikeness(live: unknown, desired: unknown): number {
  if (!isPlainObject(live) || !isPlainObject(desired)) return 0;
  if (live.type !== desired.type && !(live.autoMigrateFrom !== undefined && live.autoMigrateFrom === desired.type)) return 0;
  let alike = 1;
  for (const key of Object.keys(desired)) {
    if (key === 'id' || key === 'gridPos' || key === 'title' || key === 'type' || !Object.hasOwn(live, key)) continue;
    if (isDeepEqual(live[key], desired[key])) alike += 1;
  }
  const words = titleWords(live);
  for (const word of titleWords(desired)) if (words.has(word)) alike += 1;
  return alike;
}

function titleWords(panel: Json): Set<string> {
  return new Set(typeof panel.title === 'string' ? panel.title.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '') : []);
}
