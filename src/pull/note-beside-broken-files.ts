import { renderNextCommand, type RunSelection } from '../report/next-command.js';
import { quoteText } from '../report/escape-untrusted.js';
import type { DashboardTarget } from './types.js';

/**
 * Pure: a note for each new dashboard file pull writes into a directory holding a dashboard file
 * that does not parse and whose uid cannot be told: that file may be the same dashboard, and the
 * new one would then be its second file. `brokenFiles`: root-relative paths.
 */
export function noteBesideBrokenFiles(
  dashboards: readonly DashboardTarget[],
  brokenFiles: readonly string[],
  display: (rel: string) => string,
  selection: RunSelection | undefined,
): string[] {
  if (brokenFiles.length === 0) return [];
  const notes: string[] = [];
  for (const target of dashboards) {
    if (target.existingFile !== null) continue;
    const beside = brokenFiles.filter((file) => directoryOf(file) === directoryOf(target.file));
    for (const file of beside) {
      notes.push(
        `${display(target.file)} is new beside ${display(file)}, which does not parse and may hold ${target.uid} (${quoteText(target.title)}): if it does, delete the new file, fix ${display(file)}, then ${renderNextCommand(selection, ['pull', target.uid])}`,
      );
    }
  }
  return notes;
}

function directoryOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '' : file.slice(0, slash);
}
