/** One field-level difference between the live dashboard and the desired one. Serialisable. */
export interface FieldChange {
  /** Readable path, e.g. `panels[id=4 "CPU"].targets[0].expr`; '' for the whole document. For `moved`: the panel's new place. */
  path: string;
  /**
   * `moved`: a panel in another place, said once (find-panel-moves.ts): taken from one collapsed row into another
   * (`from`; its own changes follow as changes of `path`), or swapped with another panel (`swappedWith`).
   */
  kind: 'added' | 'removed' | 'changed' | 'moved';
  /** Live value (absent for `added`); for a row move the title of the row it was in, for a swap its grid position. */
  before?: unknown;
  /** Desired value (absent for `removed`); for a row move the title of the row it is in, for a swap its grid position. */
  after?: unknown;
  /** For a row move: the path it had. */
  from?: string;
  /** For a swap: the path of the panel it took the place of (and which took its place). */
  swappedWith?: string;
  /** For a swap of two rows (classic collapsed or open rows): true, so the count says rows. */
  rows?: true;
}
