import { isAbsolute, relative } from 'node:path';
import type { ApplyConflict, ApplyResult } from '../apply/types.js';
import { escapeText } from './escape-untrusted.js';

/** `Applied: 3 created, 2 updated, 1 moved, 4 deleted; 1 conflict` (+ folders, library panels, why it stopped). */
export function renderApplySummary(result: ApplyResult): string {
  const parts = [`${result.created.length} created`, `${result.updated.length} updated`, `${result.moved.length} moved`, `${result.deleted.length} deleted`];
  const problems = [
    result.conflicts.length ? plural(result.conflicts.length, 'conflict') : '',
    result.failures.length ? `${result.failures.length} failed` : '',
    result.notStarted ? `${result.notStarted} not started` : '',
  ].filter(Boolean);
  const folders = [
    result.foldersCreated.length ? `${result.foldersCreated.length} created` : '',
    result.foldersUpdated.length ? `${result.foldersUpdated.length} updated` : '',
    result.foldersDeleted.length ? `${result.foldersDeleted.length} deleted` : '',
  ].filter(Boolean);
  const library = [
    result.libraryPanelsCreated.length ? `${result.libraryPanelsCreated.length} created` : '',
    result.libraryPanelsUpdated.length ? `${result.libraryPanelsUpdated.length} updated` : '',
    result.libraryPanelsMoved.length ? `${result.libraryPanelsMoved.length} moved` : '',
    result.libraryPanelsDeleted.length ? `${result.libraryPanelsDeleted.length} deleted` : '',
  ].filter(Boolean);
  const stopped = result.stoppedBy === 'interrupt' ? ' (interrupted)' : result.stoppedBy === 'unauthorized' ? ' (stopped: 401 Unauthorized)' : '';
  return `Applied: ${parts.join(', ')}${problems.length ? `; ${problems.join(', ')}` : ''}${folders.length ? `. Folders: ${folders.join(', ')}` : ''}${library.length ? `. Library panels: ${library.join(', ')}` : ''}${stopped}`;
}

/** Conflicts, failures and why the apply stopped, one line each (stderr: they are errors). */
export function renderApplyProblems(result: ApplyResult): string {
  const lines: string[] = result.conflicts.map(renderConflict);
  for (const f of result.failures) lines.push(`failed: ${f.action} ${f.uid} "${f.title}": ${f.message}`);
  if (result.stoppedBy === 'interrupt') {
    lines.push(`interrupted: ${result.notStarted} planned change(s) were not started; what was done is listed below. Run dashsync plan and apply again to finish`);
  } else if (result.stoppedBy === 'unauthorized') {
    lines.push(
      `stopped: Grafana answered 401 Unauthorized, so no further change was started (${result.notStarted} not started). Check GRAFANA_TOKEN or GRAFANA_USER/GRAFANA_PASSWORD and run again`,
    );
  }
  return lines.map((line) => `${escapeText(line)}\n`).join('');
}

function renderConflict(c: ApplyConflict): string {
  const deleting = c.action === 'delete' || c.action === 'library-panel-delete';
  const outcome = deleting ? 'not deleted' : 'left untouched';
  const fix = deleting ? 'apply --force to delete it anyway (a backup is written first)' : 'apply --force to overwrite it';
  const who = `${c.changedBy ? `, changed by ${c.changedBy}` : ''}${c.changedAt ? ` at ${c.changedAt}` : ''}`;
  const folder = c.action.startsWith('folder-');
  const library = c.action.startsWith('library-panel-');
  const what = folder ? `folder ${c.uid}` : library ? `library panel ${c.uid}` : c.uid;
  // pull takes dashboard uids; a folder's live title and a library panel come with a whole pull.
  const pull = folder || library ? 'dashsync pull' : `dashsync pull ${c.uid}`;
  return (
    `conflict: ${what} "${c.title}"${c.file ? ` (${c.file})` : ''} changed in Grafana after the plan: planned version ${c.plannedVersion ?? 'none (new)'}, ` +
    `current version ${c.currentVersion ?? 'unknown'}${who}; ${outcome}. Run dashsync plan to review, ${pull} to keep the live edit, or ${fix}`
  );
}

/** Skips, backups and the summary line (stdout). `cwd` shortens backup paths. */
export function renderApplyReport(result: ApplyResult, options: { cwd?: string } = {}): string {
  const lines: string[] = [];
  for (const s of result.skipped) lines.push(`skipped: ${s.uid}: ${s.reason}`);
  for (const b of result.backups) lines.push(`backup: ${shorten(b, options.cwd)}`);
  lines.push(renderApplySummary(result));
  return `${lines.map(escapeText).join('\n')}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function shorten(path: string, cwd: string | undefined): string {
  if (!cwd) return path;
  const shown = relative(cwd, path);
  return shown.startsWith('..') || isAbsolute(shown) ? path : shown.split('\\').join('/');
}
