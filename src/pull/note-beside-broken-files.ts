import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import { quoteText } from '../report/escape-untrusted.js';
import type { DashboardTarget } from './types.js';

/**
 * Pure: a note for each new dashboard file pull writes into a directory holding a dashboard file
 * that does not parse and whose uid cannot be told: that file may be the same dashboard, and the
 * new one would then be its second file. `brokenFiles`: root-relative paths. A dry run writes nothing: its note says the
 * file would be new, and to fix the broken one first (pull then finds the uid there and writes no second file).
 */
export function noteBesideBrokenFiles(
  dashboards: readonly DashboardTarget[],
  brokenFiles: readonly string[],
  display: (rel: string) => string,
  selection: RunSelection | undefined,
  dryRun: boolean,
): string[] {
  if (brokenFiles.length === 0) return [];
  const notes: string[] = [];
  for (const target of dashboards) {
    if (target.existingFile !== null) continue;
    const beside = brokenFiles.filter((file) => directoryOf(file) === directoryOf(target.file));
    for (const file of beside) {
      const mayHold = `${display(file)}, which does not parse and may hold ${target.uid} (${quoteText(target.title)})`;
      const pullIt = renderNextCommand(selection, ['pull', target.uid]);
      notes.push(
        dryRun
          ? `${display(target.file)} would be new beside ${mayHold}: if it does, fix ${display(file)} first, then ${pullIt} (no second file then)`
          : `${display(target.file)} is new beside ${mayHold}: if it does, delete the new file, fix ${display(file)}, then ${pullIt}`,
      );
    }
  }
  return notes;
}

function directoryOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '' : file.slice(0, slash);
}
