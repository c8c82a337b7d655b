import { groupBy } from '../group-by.js';
import { compareCodeUnits } from '../compare-code-units.js';

/** The rule of two files of the tree whose paths differ only in case. */
export const FILE_NAME_CASE_RULE = 'file-name-case';

export interface FilesDifferingInCase {
  /** The file the line is said on (root-relative): the later of the two in code-unit order. */
  file: string;
  otherFile: string;
  message: string;
}

/**
 * Pure: each pair of the tree's files (root-relative, forward slashes) whose paths are equal but for case: `team/board.json`
 * beside `team/Board.json`, or `Team/board.json` beside `team/board.json`. A case-insensitive checkout (macOS, Windows) holds
 * one file for both, so one dashboard is gone there and a prune run from that checkout deletes it in Grafana; on Linux both deploy.
 * Said on the later of each pair (code-unit order), naming the first; `show`: a path as the line names it.
 */
export function findFilesDifferingInCase(files: readonly string[], show: (file: string) => string = (file) => file): FilesDifferingInCase[] {
  const found: FilesDifferingInCase[] = [];
  for (const group of groupBy(new Set(files), (file) => file.toLowerCase()).values()) {
    const [first, ...later] = [...group].sort(compareCodeUnits);
    for (const file of later) found.push({ file, otherFile: first!, message: describe(file, first!, show) });
  }
  return found.sort((a, b) => compareCodeUnits(a.file, b.file));
}

function describe(file: string, other: string, show: (file: string) => string): string {
  return (
    `${show(file)} and ${show(other)} differ only in case: on a case-insensitive checkout (macOS, Windows) they are one file, so one of them is lost there ` +
    `(and a prune run from there deletes its dashboard in Grafana); rename one of them (git mv)`
  );
}
