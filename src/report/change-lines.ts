import type { FieldChange } from '../diff/types.js';
import { groupLegacyOptions, type LegacyOptionsLine } from './group-legacy-options.js';
import { groupSectionMoves, type SectionMoveLine } from './group-section-moves.js';

/** A line of a dashboard's changes in a plan: a change, a panel's legacy options, or a v2 placement's move into another tab or row. */
export type ChangeLine = FieldChange | LegacyOptionsLine | SectionMoveLine;

/** Pure: the changes as the plan lists them (groupLegacyOptions, groupSectionMoves). */
export function changeLines(changes: readonly FieldChange[]): ChangeLine[] {
  return groupSectionMoves(groupLegacyOptions(changes));
}

/** How many lines the changes take in a plan's diff. */
export const listedCount = (changes: readonly FieldChange[]): number => changeLines(changes).length;
