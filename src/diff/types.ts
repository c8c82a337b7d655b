/** One field-level difference between the live dashboard and the desired one. Serialisable. */
export interface FieldChange {
  /** Readable path, e.g. `panels[id=4 "CPU"].targets[0].expr`; '' for the whole document. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  /** Live value (absent for `added`). */
  before?: unknown;
  /** Desired value (absent for `removed`). */
  after?: unknown;
}
