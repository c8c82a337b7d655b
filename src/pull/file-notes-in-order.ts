import type { Diagnostic } from '../errors.js';
import { compareCodeUnitsBy } from '../compare-code-units.js';
import type { PullResult } from './types.js';

/** What pull says of one file beside its line: its notes (stderr's `note:` lines), its problems (warnings, errors) and its owner (PullResult.owned). */
export interface FileNotes {
  /** The file as shown: the report orders its lines by it. */
  file: string;
  notes: string[];
  problems: Diagnostic[];
  owned: PullResult['owned'];
}

/**
 * Pure: the notes, problems and owners of files written concurrently, in the files' order (the report's: by file as shown, as
 * sortPullEvents orders the lines), whatever order the writes finished in; one file's own in the order it said them.
 */
export function inFileOrder(said: readonly FileNotes[]): Pick<PullResult, 'notes' | 'problems' | 'owned'> {
  const ordered = [...said].sort(compareCodeUnitsBy((each) => each.file));
  return { notes: ordered.flatMap((each) => each.notes), problems: ordered.flatMap((each) => each.problems), owned: ordered.flatMap((each) => each.owned) };
}
