import { walkV2Layout } from '../files/walk-v2-layout.js';
import { sectionLabel } from './review-v2-spec.js';

type Path = (string | number)[];

/** A row or tab whose title changed and nothing else about where it is. */
export interface SectionRename {
  kind: 'row' | 'tab';
  /** Path of its spec in the desired layout (relative to `layout`). */
  desiredPath: Path;
  /** How the review names it on the live side: `tab "Health"`. */
  liveLabel: string;
  before: string;
  after: string;
}

interface SectionSeen {
  kind: 'row' | 'tab';
  title: string;
  siblingTitles: string[];
  label: string;
  path: Path;
  elements: Set<string>;
}

/**
 * Pure: the rows and tabs of two v2 layouts that are the same section under a new title —
 * same place (the same positions of the same kinds from the top), the old title gone from its
 * siblings, the new one new among them, and at least one element placed in it on both sides
 * (or none on either). The diff shows those as a title change, not as one section added,
 * one removed and every element in it moved.
 */
export function findSectionRenames(liveLayout: unknown, desiredLayout: unknown): SectionRename[] {
  const live = collectSections(liveLayout);
  const desired = collectSections(desiredLayout);
  const renames: SectionRename[] = [];
  for (const [place, before] of live) {
    const after = desired.get(place);
    if (!after || after.title === before.title) continue;
    if (after.siblingTitles.includes(before.title) || before.siblingTitles.includes(after.title)) continue;
    const shared = [...before.elements].some((name) => after.elements.has(name));
    if (!shared && (before.elements.size > 0 || after.elements.size > 0)) continue;
    renames.push({ kind: after.kind, desiredPath: after.path, liveLabel: before.label, before: before.title, after: after.title });
  }
  return renames;
}

/** Each row and tab by its place: the kinds and positions of it and the sections around it. */
function collectSections(layout: unknown): Map<string, SectionSeen> {
  const seen = new Map<string, SectionSeen>();
  const placeOf = (sections: { kind: string; index: number }[]) => JSON.stringify(sections.map((step) => [step.kind, step.index]));
  let readable = true;
  walkV2Layout(layout, [], {
    problem: () => {
      readable = false;
    },
    section: (sections, path) => {
      const section = sections[sections.length - 1]!;
      const title = typeof section.spec.title === 'string' ? section.spec.title : '';
      const siblingTitles = section.siblings.filter((other) => other !== section.spec).map((other) => (typeof other.title === 'string' ? other.title : ''));
      seen.set(placeOf(sections), { kind: section.kind, title, siblingTitles, label: sectionLabel(sections), path, elements: new Set() });
    },
    item: (name, _path, place) => {
      for (let depth = 1; depth <= place.sections.length; depth += 1) seen.get(placeOf(place.sections.slice(0, depth)))?.elements.add(name);
    },
  });
  return readable ? seen : new Map();
}
