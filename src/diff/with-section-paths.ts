import { isPlainObject } from '../files/is-plain-object.js';
import type { LayoutSection } from '../files/walk-v2-layout.js';
import { sectionName, type V2Review } from './review-v2-spec.js';
import { splitPath } from './split-path.js';
import type { FieldChange, SectionName } from './types.js';

/**
 * Pure: a v2 diff's placement changes (diffV2Specs) with the rows and tabs on each side as the dashboard nests them, and
 * by the titles each side gives them:
 * - a placement's `tab` or `row` change gains `sectionsBefore` and `sectionsAfter`, the sections it left and went into,
 *   outermost first, from the first one that is not the same section on both sides (a row inside a tab and a tab inside
 *   a row both exist: the `tab` and `row` values alone do not say which holds which);
 * - where a section was renamed in the same edit, the diff compared the file's layout under the live titles
 *   (`compared`, withLiveTitles); `fileReview` is the file's own: the `after` side of those changes, and a swap's or a
 *   round's `after` place (withSwaps), are said by the file's titles, as the `before` side is by Grafana's.
 * `labelOf` names a review layout key as the changes' paths do.
 */
export function withSectionPaths(
  changes: FieldChange[],
  live: V2Review,
  compared: V2Review,
  fileReview: (() => V2Review) | undefined,
  labelOf: (key: string) => string | undefined,
): FieldChange[] {
  if (!changes.some((change) => isSectionChange(change) || (fileReview !== undefined && change.kind === 'moved'))) return changes;
  const keys = new Map([...compared.placements.keys()].map((key) => [`layout[${labelOf(key)}]`, key]));
  let file: V2Review | undefined;
  const fileOf = () => (file ??= fileReview?.() ?? compared);
  return changes.map((change) => {
    if (change.kind === 'moved') return fileReview === undefined ? change : withFilePlace(change, keys.get(change.path), fileOf());
    if (!isSectionChange(change)) return change;
    const steps = splitPath(change.path);
    const key = keys.get(`${steps[0]}${steps[1]}`);
    const [before, after, named] = [live, compared, fileOf()].map((review) => (key === undefined ? undefined : review.placements.get(key)?.sections));
    if (before === undefined || after === undefined || named === undefined) return change;
    let same = 0;
    while (same < before.length && same < after.length && before[same]!.kind === after[same]!.kind && sectionName(before[same]!) === sectionName(after[same]!)) same += 1;
    const kind = steps[2] as 'tab' | 'row';
    const value = typeof change.after === 'string' && named !== after ? { after: namesOf(named, kind) } : {};
    return { ...change, ...value, sectionsBefore: sectionNames(before.slice(same)), sectionsAfter: sectionNames(named.slice(same)) };
  });
}

/** A placement's own `tab` or `row` (`layout["panel-3" "CPU"].tab`). */
function isSectionChange(change: FieldChange): boolean {
  return change.kind !== 'moved' && change.path.startsWith('layout["') && (change.path.endsWith('.tab') || change.path.endsWith('.row')) && splitPath(change.path).length === 3;
}

/** A swap's or a round's `after` place with its `tab` and `row` as the file's review layout holds them. */
function withFilePlace(change: FieldChange, key: string | undefined, file: V2Review): FieldChange {
  const place = change.after;
  const entry = key === undefined || !isPlainObject(file.document.layout) ? undefined : file.document.layout[key];
  if (!isPlainObject(place) || !isPlainObject(entry) || (!('tab' in place) && !('row' in place))) return change;
  const titled = { ...place };
  for (const kind of ['tab', 'row'] as const) if (kind in place && entry[kind] !== undefined) titled[kind] = entry[kind];
  return { ...change, after: titled };
}

/** The `tab` (or `row`) value of a placement in these sections: their names of that kind, nested ones joined by ` › `. */
function namesOf(sections: LayoutSection[], kind: 'tab' | 'row'): string {
  return sections
    .filter((step) => step.kind === kind)
    .map(sectionName)
    .join(' › ');
}

function sectionNames(sections: LayoutSection[]): SectionName[] {
  return sections.map((step) => ({ kind: step.kind, name: sectionName(step) }));
}
