import type { ArrayKeys } from './find-array-identity.js';
import { labelTitle, titleOf } from './label-title.js';
import { pairPanels } from './pair-panels.js';

/**
 * How the diff names and matches the parts of a document: arrays whose elements have a stable
 * identity are matched by it (an inserted panel is one `added` change, not a cascade of index
 * shifts), and objects that are maps by name get readable labels for their keys.
 */
export interface ArrayIdentity {
  /** The element's key (prefixed, e.g. `id:4`, so keys stay in insertion order), or undefined when it has none. */
  key: (item: Record<string, unknown>) => string | undefined;
  /**
   * How the element reads in a path: `id=4 "CPU"`, `name="cluster"`. Given both sides when both
   * have it: one path serves the old value and the new, so it names only what both share
   * (`id=4` when the title changed).
   */
  label: (sides: ElementSides) => string;
}

/** One matched element as each side holds it; at least one is present. */
export interface ElementSides {
  live?: Record<string, unknown>;
  desired?: Record<string, unknown>;
}

export interface KeyingRules {
  /**
   * Identities for the array at `rawPath` (the object keys leading to it; array indexes and
   * matched elements are not steps), tried in order: the first that every element of both
   * sides has, uniquely, wins; none = compared by index.
   */
  arrayIdentities(rawPath: readonly string[]): readonly ArrayIdentity[];
  /**
   * For an array at `rawPath` that no identity keys: its elements paired another way (keys as an identity gives
   * them, and labels), or undefined to compare them by index.
   */
  pairElements?(rawPath: readonly string[], live: unknown[], desired: unknown[]): ArrayKeys | undefined;
  /** For an object that is a map by name: the label of each of its keys (undefined = an ordinary key). */
  objectLabels?(rawPath: readonly string[]): ((key: string) => string | undefined) | undefined;
}

/** Panels (also inside rows) by numeric `id`. */
const BY_ID: ArrayIdentity = {
  key: (item) => (typeof item.id === 'number' && Number.isFinite(item.id) ? `id:${item.id}` : undefined),
  label: ({ live, desired }) => {
    const id = `id=${(desired ?? live)!.id}`;
    const title = labelTitle(titleOf(live), titleOf(desired));
    return title ? `${id} ${title}` : id;
  },
};

/** Variables and annotations of a classic model by `name`. */
const BY_NAME: ArrayIdentity = {
  key: (item) => (typeof item.name === 'string' && item.name !== '' ? `name:${item.name}` : undefined),
  label: ({ live, desired }) => `name=${JSON.stringify((desired ?? live)!.name)}`,
};

const NAME_KEYED_PATHS = new Set(['templating.list', 'annotations.list']);

/**
 * Whether the raw path, its keys joined by dots, is one of NAME_KEYED_PATHS, without joining it (asked for every array the
 * diff meets): each holds one dot, so only one key holding it whole, or two keys split at it, join into one.
 */
function isNameKeyedPath(rawPath: readonly string[]): boolean {
  if (rawPath.length === 1) return NAME_KEYED_PATHS.has(rawPath[0]!);
  return rawPath.length === 2 && rawPath[1] === 'list' && (rawPath[0] === 'templating' || rawPath[0] === 'annotations');
}

/** The top-level panels and a row's. */
const isPanelsPath = (rawPath: readonly string[]): boolean => rawPath[0] === 'panels' && (rawPath.length === 1 || (rawPath.length === 2 && rawPath[1] === 'panels'));

const ONLY_BY_ID: readonly ArrayIdentity[] = [BY_ID];
const BY_ID_THEN_NAME: readonly ArrayIdentity[] = [BY_ID, BY_NAME];

/** The classic model: panels by id anywhere (else panels by content: pairPanels), variables and annotations by name. */
export const V1_KEYING: KeyingRules = {
  arrayIdentities: (rawPath) => (isNameKeyedPath(rawPath) ? BY_ID_THEN_NAME : ONLY_BY_ID),
  pairElements: (rawPath, live, desired) => (isPanelsPath(rawPath) ? pairPanels(live, desired) : undefined),
};

/** An identity read from `spec.<field>` (v2 kinds: `{kind, spec: {name…}}`), labelled `<field>="<value>"`. */
export function bySpecField(field: string): ArrayIdentity {
  const valueOf = (item: Record<string, unknown>): unknown => {
    const spec = item.spec;
    return typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>)[field] : undefined;
  };
  return {
    key: (item) => {
      const value = valueOf(item);
      return typeof value === 'string' && value !== '' ? `${field}:${value}` : undefined;
    },
    label: ({ live, desired }) => `${field}=${JSON.stringify(valueOf((desired ?? live)!))}`,
  };
}
