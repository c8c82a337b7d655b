import { escapeMarkdown } from '../report/escape-untrusted.js';

/** Files a bad-input failure names, listed in the job summary; the annotations and the log carry every one. */
const MAX_FILES_LISTED = 50;

/**
 * The job summary of a step that failed before it had a report of its own (no access, Grafana unreachable, a bad file,
 * a plan of another environment): a heading and the line the step fails with (`failure`, which says "nothing was
 * applied" where that is true), then the files a bad-input failure names (`failedFiles`). Everything escaped as markdown.
 */
export function renderFailedStepSummary(command: string | undefined, failure: string, failedFiles: readonly string[]): string {
  const out = [`## dashsync${command ? ` ${escapeMarkdown(command)}` : ''} — failed`, '', '> [!CAUTION]', ...failure.split('\n').map((line) => `> ${escapeMarkdown(line)}`), ''];
  for (const file of failedFiles.slice(0, MAX_FILES_LISTED)) out.push(`- ${escapeMarkdown(file)}`);
  if (failedFiles.length > MAX_FILES_LISTED) out.push(`- … and ${failedFiles.length - MAX_FILES_LISTED} more (see the annotations)`);
  return `${out.join('\n')}\n`;
}
