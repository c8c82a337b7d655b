/** What matchArrayElements records of the containers it keys, for diffDocuments to name and order changes. */
export interface KeyedInfo {
  /** Readable label of a key (`id=4 "CPU"`, `name="cluster"`); undefined = an ordinary key. */
  labelOf(key: string): string | undefined;
  /** Where a key reads: its place in desired order, then among the keys only live has. */
  positionOf(key: string): number;
  /** True for an array turned into an object (turned back for before/after values). */
  fromArray: boolean;
}

/** Keyed containers (both sides) → how to render and order their keys. */
export type KeyedRegistry = WeakMap<object, KeyedInfo>;

export interface OrderChange {
  /** Raw steps into the transformed documents: object keys, array indexes, element keys. */
  steps: (string | number)[];
  before: string[];
  after: string[];
}
