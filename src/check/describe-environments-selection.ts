import type { Settings } from '../config/types.js';
import { describeSelection } from '../files/describe-selection.js';

/**
 * Pure: bare check's words for the selections of `environments` (their own include/exclude, else the top level's they take)
 * that leave a file out: whose they are (`the selection of environment prod`) and their lists as messages name them, each
 * list once; null when none of them has a list (then they leave nothing out).
 */
export function describeEnvironmentsSelection(
  selections: Settings['environmentSelections'],
  environments: readonly string[],
): { whose: string; selection: string } | null {
  const lists = environments.map((name) => {
    const own = selections[name];
    return own === undefined ? null : describeSelection({ include: own.include, exclude: own.exclude, selectionFrom: own.from });
  });
  const named = [...new Set(lists.filter((list) => list !== null))];
  if (named.length === 0) return null;
  const whose = environments.length === 1 ? `the selection of environment ${environments[0]}` : `the selections of environments ${environments.join(', ')}`;
  return { whose, selection: named.join('; ') };
}
