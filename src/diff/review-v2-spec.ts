import { walkV2Layout, type LayoutSection } from '../files/walk-v2-layout.js';

/** A v2 spec in the shape a reviewer reads its diff in, and the labels of its layout's entries. */
export interface V2Review {
  document: Record<string, unknown>;
  /** Label of each row or tab entry of the review layout: `row "Overview"`, `tab "Infra" › row "Nodes"`. */
  sectionLabels: Map<string, string>;
  /** The element each placement entry places, which of its placements it is (1 unless placed twice), and the rows and tabs it sits in (outermost first). */
  placements: Map<string, { name: string; copy: number; sections: LayoutSection[] }>;
}

const SECTION_PREFIX = 'section:';

/**
 * Pure: the v2 spec with its layout tree replaced by one flat object that says where each
 * element is, so the diff of a moved panel is the coordinate or row that changed
 * (`layout["panel-3" "CPU"].row: "Overview" → "Details"`, `….x: 0 → 12`), not a cascade of
 * array indexes. The review layout holds:
 * - `kind` (and `spec` options) of the top layout;
 * - one entry per row or tab (keyed by its title, or `#n` when it has none or shares it),
 *   holding its options, its 1-based `position`, and its own layout's kind and options;
 * - one entry per placed element: the `tab` and `row` it sits in (titles, nested ones joined
 *   by ` › `), `x`, `y`, `width`, `height` in a grid or its 1-based `position` in an auto
 *   grid, and the item's other options (`repeat`, `conditionalRendering`).
 * A layout the walk cannot read is left as it is (check reports it).
 */
export function reviewV2Spec(spec: Record<string, unknown>): V2Review {
  const sectionLabels = new Map<string, string>();
  const placements: V2Review['placements'] = new Map();
  if (!('layout' in spec)) return { document: spec, sectionLabels, placements };
  const review: Record<string, unknown> = {};
  const placed: [string, Record<string, unknown>][] = [];
  let readable = true;
  walkV2Layout(spec.layout, [], {
    problem: () => {
      readable = false;
    },
    layout: (layout, sections) => {
      const options = withoutKeys(layout.spec as Record<string, unknown>, ['items', 'rows', 'tabs']);
      if (sections.length === 0) {
        review.kind = layout.kind;
        if (Object.keys(options).length > 0) review.spec = options;
        return;
      }
      const entry = review[sectionKey(sections)] as Record<string, unknown>;
      entry.layout = Object.keys(options).length > 0 ? { kind: layout.kind, spec: options } : { kind: layout.kind };
    },
    section: (sections) => {
      const section = sections[sections.length - 1]!;
      const key = sectionKey(sections);
      sectionLabels.set(key, sectionLabel(sections));
      set(review, key, { position: section.index + 1, ...withoutKeys(section.spec, ['title', 'layout']) });
    },
    item: (name, _path, place) => {
      const where: Record<string, unknown> = {};
      for (const kind of ['tab', 'row'] as const) {
        const names = place.sections.filter((step) => step.kind === kind).map(sectionName);
        if (names.length > 0) where[kind] = names.join(' › ');
      }
      const { element: _element, ...options } = place.item;
      const position = place.layoutKind === 'AutoGridLayout' ? { position: place.index + 1 } : {};
      let copy = 1;
      while (placements.has(placementKey(name, copy))) copy += 1;
      placements.set(placementKey(name, copy), { name, copy, sections: place.sections });
      placed.push([placementKey(name, copy), { ...where, ...position, ...options }]);
    },
  });
  if (!readable) return { document: spec, sectionLabels: new Map(), placements: new Map() };
  for (const [key, placement] of placed) set(review, key, placement);
  return { document: { ...spec, layout: review }, sectionLabels, placements };
}

/** How a diff path names a row or tab: `tab "Infra" › row "Nodes"`. */
export function sectionLabel(sections: LayoutSection[]): string {
  return sections.map((step) => `${step.kind} ${JSON.stringify(sectionName(step))}`).join(' › ');
}

/** A section's name among its siblings: its title when it has one no sibling shares, else `#<position>`. */
export function sectionName(section: LayoutSection): string {
  const title = typeof section.spec.title === 'string' ? section.spec.title : '';
  const shared = section.siblings.filter((other) => other.title === title).length > 1;
  return title !== '' && !shared ? title : `#${section.index + 1}`;
}

function placementKey(name: string, copy: number): string {
  return `element:${JSON.stringify([name, copy])}`;
}

function sectionKey(sections: LayoutSection[]): string {
  return SECTION_PREFIX + JSON.stringify(sections.map((step) => [step.kind, sectionName(step)]));
}

function withoutKeys(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!keys.includes(key)) set(out, key, value);
  return out;
}

function set(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
