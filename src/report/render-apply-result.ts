import type { ApplyResult } from '../apply/types.js';

/** `Applied: 3 created, 2 updated, 1 moved, 4 deleted; 1 conflict` */
export function renderApplySummary(result: ApplyResult): string {
  const parts = [`${result.created.length} created`, `${result.updated.length} updated`, `${result.moved.length} moved`, `${result.deleted.length} deleted`];
  const problems = [
    result.conflicts.length ? `${result.conflicts.length} conflict${result.conflicts.length === 1 ? '' : 's'}` : '',
    result.failures.length ? `${result.failures.length} failed` : '',
  ].filter(Boolean);
  const folders = [
    result.foldersCreated.length ? `${result.foldersCreated.length} created` : '',
    result.foldersUpdated.length ? `${result.foldersUpdated.length} updated` : '',
    result.foldersDeleted.length ? `${result.foldersDeleted.length} deleted` : '',
  ].filter(Boolean);
  return `Applied: ${parts.join(', ')}${problems.length ? `; ${problems.join(', ')}` : ''}${folders.length ? `. Folders: ${folders.join(', ')}` : ''}${result.interrupted ? ' (interrupted)' : ''}`;
}

/** Conflicts and failures, one line each (stderr: they are errors). */
export function renderApplyProblems(result: ApplyResult): string {
  const lines: string[] = [];
  for (const c of result.conflicts) {
    lines.push(
      `conflict: ${c.uid} "${c.title}"${c.file ? ` (${c.file})` : ''} changed in Grafana after the plan: planned version ${c.plannedVersion ?? 'none (new)'}, ` +
        `current version ${c.currentVersion ?? 'unknown'}${c.changedBy ? `, changed by ${c.changedBy}` : ''}${c.changedAt ? ` at ${c.changedAt}` : ''}; ` +
        `left untouched. Run dashsync plan to review, dashsync pull to keep the live edit, or apply --force to overwrite it`,
    );
  }
  for (const f of result.failures) lines.push(`failed: ${f.action} ${f.uid} "${f.title}": ${f.message}`);
  if (result.interrupted) lines.push('interrupted: no new work was started after Ctrl-C; run dashsync plan and apply again to finish');
  return lines.map((line) => `${line}\n`).join('');
}

/** Skips, backups and the summary line (stdout). */
export function renderApplyReport(result: ApplyResult): string {
  const lines: string[] = [];
  for (const s of result.skipped) lines.push(`skipped: ${s.uid}: ${s.reason}`);
  for (const b of result.backups) lines.push(`backup: ${b}`);
  lines.push(renderApplySummary(result));
  return `${lines.join('\n')}\n`;
}
