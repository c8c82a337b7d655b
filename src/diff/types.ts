/** A v2 row or tab by its name among its siblings: its title, or `#<position>` where it has none or shares it. */
export interface SectionName {
  kind: 'row' | 'tab';
  name: string;
}

/** One field-level difference between the live dashboard and the desired one. Serialisable. */
export interface FieldChange {
  /** Readable path, e.g. `panels[id=4 "CPU"].targets[0].expr`; '' for the whole document. For `moved`: the panel's new place. */
  path: string;
  /**
   * `moved`: a panel in another place, said once (find-panel-moves.ts): taken from one collapsed row into another, or
   * between the dashboard's own panels and a collapsed row (`from`; its own changes follow as changes of `path`),
   * swapped with another panel (`swappedWith`), or one of three or more that went round (`tookPlaceOf`).
   */
  kind: 'added' | 'removed' | 'changed' | 'moved';
  /**
   * Live value (absent for `added`); for a row move the title of the row it was in (absent: the dashboard's own panels),
   * for a swap or a round its grid position.
   */
  before?: unknown;
  /** Desired value (absent for `removed`); for a row move the title of the row it is in (absent as above), for a swap or a round its grid position. */
  after?: unknown;
  /** For a row move: the path it had. */
  from?: string;
  /**
   * For a row move from or to the dashboard's own panels: the title of the open row the panel sat or sits under there,
   * on the grid (the lowest row above it; null: an untitled one), absent above every row or below a collapsed one.
   */
  underRowBefore?: string | null;
  underRowAfter?: string | null;
  /**
   * Where another top-level row shares the title of a row this change names (a row move's `before` or `underRowBefore`,
   * `after` or `underRowAfter`; for a row collapsed or expanded, `nthRowAfter` the row itself): which of the rows of that
   * title it is, 1 for the top one on the file's grid (for an open row Grafana holds and the file does not, on Grafana's).
   * Untitled rows share the title ''. Absent where the title is the row's alone.
   */
  nthRowBefore?: number;
  nthRowAfter?: number;
  /**
   * For a v2 placement's `tab` or `row` change (diffV2Specs): the rows and tabs it sat in and sits in, outermost first, from
   * the first one that is not the same section on both sides (a section renamed in the same edit is the same one, said
   * after by the file's title); empty where it sat (or sits) in none of those. Each by its name as `tab` and `row` give it.
   */
  sectionsBefore?: SectionName[];
  sectionsAfter?: SectionName[];
  /** For a swap: the path of the panel it took the place of (and which took its place). */
  swappedWith?: string;
  /** For three or more panels that went round: the path of the panel whose place it took (which took another's). */
  tookPlaceOf?: string;
  /** For a swap or a round of rows (classic collapsed or open rows): true, so the count says rows. */
  rows?: true;
  /**
   * For a classic row's `collapsed` change that collapses or expands it (find-row-collapses.ts): the paths of the panels
   * that went with it (into the row, or out of it below it), said by this change in place of a move each.
   */
  withPanels?: string[];
  /**
   * For a classic panel's key that Grafana's v2 has no place for (graph's `bars`, singlestat's `sparkline`), which the
   * file holds and Grafana's classic view of its v2-stored dashboard lacks (mark-legacy-options.ts): the panel's type in
   * the file ('' without one). Said with the panel's other such keys on one line, after the other changes.
   */
  legacyOption?: string;
}
