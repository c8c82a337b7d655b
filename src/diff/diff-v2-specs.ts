import { diffDocuments } from './diff-dashboards.js';
import { withoutOrderShifts } from './drop-order-shifts.js';
import { v2GridShifts, withoutV2GridShifts } from './drop-v2-grid-shifts.js';
import { withSwaps, type SwapRules } from './find-panel-moves.js';
import { findSectionRenames, type SectionRename } from './find-section-renames.js';
import { bySpecField, type KeyingRules } from './keying-rules.js';
import { labelTitle } from './label-title.js';
import { reviewV2Spec } from './review-v2-spec.js';
import { withSectionPaths } from './with-section-paths.js';
import { isPlainObject } from '../files/is-plain-object.js';
import type { FieldChange } from './types.js';

const BY_NAME = [bySpecField('name')];
const BY_REF_ID = [bySpecField('refId')];
const QUERIES = 'spec.data.spec.queries';

/**
 * Field-level differences live → desired of two v2 specs, with paths a reviewer reads at a
 * glance: elements by name and title (`elements["panel-3" "CPU"].spec.vizConfig.group`),
 * queries by refId (`….spec.data.spec.queries[refId="A"].spec.query.spec.expr`), variables
 * and annotations by name (`variables[name="cluster"].spec.query`), and layout moves as the
 * row, tab or coordinate that changed (`layout["panel-3" "CPU"].row: "Overview" → "Details"`,
 * `layout["panel-3" "CPU"].x: 0 → 12`, `layout[row "Details"].collapse: false → true`; see
 * reviewV2Spec; an auto grid's item, a row or a tab dragged past others as its own `position` alone: withoutOrderShifts;
 * without the `y` of an element that only followed what changed above it in its grid: withoutV2GridShifts),
 * and a renamed row or tab as its title (`layout[tab "Health"].title`; see
 * findSectionRenames), a placement taken into another row or tab with the sections of each side as they nest
 * (withSectionPaths). Pure; both specs normalized.
 */
export function diffV2Specs(live: Record<string, unknown>, desired: Record<string, unknown>): FieldChange[] {
  const renames = findSectionRenames(live.layout, desired.layout);
  const liveReview = reviewV2Spec(live);
  const desiredReview = reviewV2Spec(renames.length > 0 ? { ...desired, layout: withLiveTitles(desired.layout, renames) } : desired);
  const liveTitles = new Map(elementTitles(live));
  const desiredTitles = new Map(elementTitles(desired));
  const elementLabel = (name: string): string => {
    const title = labelTitle(liveTitles.get(name), desiredTitles.get(name));
    return title ? `${JSON.stringify(name)} ${title}` : JSON.stringify(name);
  };
  const sectionLabels = new Map([...liveReview.sectionLabels, ...desiredReview.sectionLabels]);
  const placements = new Map([...liveReview.placements, ...desiredReview.placements]);
  const rules: KeyingRules = {
    arrayIdentities: (rawPath) => {
      if (rawPath.length === 1 && (rawPath[0] === 'variables' || rawPath[0] === 'annotations')) return BY_NAME;
      if (rawPath[0] === 'elements' && rawPath.length === 6 && rawPath.slice(2).join('.') === QUERIES) return BY_REF_ID;
      if (rawPath[0] === 'layout' && rawPath.length === 3 && rawPath[2] === 'variables') return BY_NAME;
      return [];
    },
    objectLabels: (rawPath) => {
      if (rawPath.length !== 1) return undefined;
      if (rawPath[0] === 'elements') return elementLabel;
      if (rawPath[0] !== 'layout') return undefined;
      return (key) => {
        const placement = placements.get(key);
        if (!placement) return sectionLabels.get(key);
        return placement.copy === 1 ? elementLabel(placement.name) : `${elementLabel(placement.name)} #${placement.copy}`;
      };
    },
  };
  const layoutLabel = rules.objectLabels!(['layout'])!;
  const [liveLayout, desiredLayout] = [liveReview.document.layout, desiredReview.document.layout];
  const found = diffDocuments(liveReview.document, desiredReview.document, rules);
  let shifts: Set<number> | undefined;
  const isOneDrag = (at: number[]) => at.filter((index) => !(shifts ??= v2GridShifts(found, liveLayout, desiredLayout, layoutLabel)).has(index)).length === 1;
  const swapped = withSwaps(found, v2SwapRules(desiredLayout, layoutLabel, isOneDrag));
  const placed = withoutV2GridShifts(withoutOrderShifts(swapped, liveLayout, desiredLayout, layoutLabel), liveLayout, desiredLayout, layoutLabel);
  const changes = withSectionPaths(placed, liveReview, desiredReview, renames.length > 0 ? () => reviewV2Spec(desired) : undefined, layoutLabel);
  if (renames.length === 0) return changes;
  const retitled: FieldChange[] = renames.map((rename) => ({ path: `layout[${rename.liveLabel}].title`, kind: 'changed', before: rename.before, after: rename.after }));
  const firstLayout = changes.findIndex((change) => change.path.startsWith('layout'));
  const at = firstLayout === -1 ? changes.length : firstLayout;
  return [...changes.slice(0, at), ...retitled, ...changes.slice(at)];
}

/** The desired layout with each renamed section under its live title, so the rest of the diff sees it where it was. */
function withLiveTitles(layout: unknown, renames: SectionRename[]): unknown {
  const copy = structuredClone(layout);
  for (const rename of renames) {
    const spec = rename.desiredPath.reduce<unknown>((node, step) => (node as Record<string | number, unknown>)[step], copy) as Record<string, unknown>;
    spec.title = rename.before;
  }
  return copy;
}

function elementTitles(spec: Record<string, unknown>): [string, string][] {
  const elements = spec.elements;
  if (typeof elements !== 'object' || elements === null) return [];
  return Object.entries(elements).flatMap(([name, element]) => {
    const title = (element as { spec?: { title?: unknown } } | null)?.spec?.title;
    return typeof title === 'string' && title !== '' ? [[name, title] as [string, string]] : [];
  });
}

/**
 * The review layout's placements (reviewV2Spec: `x`, `y`, the `tab` and `row` a placement sits in) for withSwaps:
 * `layout["panel-1" "CPU"].x`, its row and tab part of its place (two panels swap across rows too).
 */
const PLACE = ['x', 'y', 'row', 'tab'];

function v2SwapRules(layout: unknown, labelOf: (key: string) => string | undefined, isOneDrag: (at: number[]) => boolean): SwapRules {
  const placeAt = (step: string): Record<string, unknown> | undefined => {
    if (!isPlainObject(layout)) return undefined;
    const key = Object.keys(layout).find((candidate) => `[${labelOf(candidate)}]` === step);
    const entry = key === undefined ? undefined : layout[key];
    return isPlainObject(entry) ? entry : undefined;
  };
  return {
    maybePlace: (path) => path.startsWith('layout[') && /\.(?:x|y|row|tab)$/.test(path),
    ownerSteps: (steps) => (steps[0] === 'layout' && steps[1]?.startsWith('[') ? 2 : 0),
    coordinate: (rest) => (rest.length === 1 && PLACE.includes(rest[0]!) ? rest[0] : undefined),
    placeOf: (steps) => {
      const entry = placeAt(steps[1]!);
      return entry ? { place: { x: entry.x, y: entry.y, ...(entry.tab !== undefined && { tab: entry.tab }), ...(entry.row !== undefined && { row: entry.row }) }, grid: '' } : undefined;
    },
    name: (steps) => `${steps[0]}${steps[1]}`,
    // One above the other in one grid, none moved across: the grid stacks them up, so one dragged past the others moves them.
    isDrag: (round) => round.every((one) => one.live.x === one.desired.x && one.live.tab === one.desired.tab && one.live.row === one.desired.row) && isOneDrag(round.flatMap((one) => one.at)),
  };
}
