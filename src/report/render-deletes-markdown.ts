import { basename, dirname } from 'node:path';
import type { ApplyResult } from '../apply/types.js';
import { LIBRARY_PANELS } from '../apply/write-library-panel-backup.js';
import type { Plan, PlanAction } from '../plan/types.js';
import { escapeMarkdown, markdownCode, quoteText } from './escape-untrusted.js';
import { shorten } from './shorten-path.js';

/** How many deletes the job summary names; the rest are counted. */
const DELETES_NAMED = 20;

/**
 * Pure: the job summary's list of what an apply deleted (the summary line only counts them): each by kind, uid and title
 * as the plan named it, with its backup file (dashboards and library panels), escaped as markdown, the first
 * DELETES_NAMED then `… and N more`, folded in a `<details>`. Empty when nothing was deleted.
 */
export function renderDeletesMarkdown(result: ApplyResult, plan: Plan, cwd: string): string[] {
  const deleted = [
    ...result.deleted.map((uid) => ({ kind: 'dashboard' as const, uid })),
    ...result.libraryPanelsDeleted.map((uid) => ({ kind: 'library-panel' as const, uid })),
    ...result.foldersDeleted.map((uid) => ({ kind: 'folder' as const, uid })),
  ];
  if (deleted.length === 0) return [];
  const planned = new Map(plan.actions.filter((action) => action.action === 'delete').map((action) => [`${action.kind}:${action.uid}`, action]));
  const lines = deleted.slice(0, DELETES_NAMED).map(({ kind, uid }) => {
    const action: PlanAction | undefined = planned.get(`${kind}:${uid}`);
    const title = action === undefined ? '' : ` ${escapeMarkdown(quoteText(action.title))}`;
    const backup = kind === 'folder' ? undefined : result.backups.find((file) => basename(dirname(file)) === uid && (basename(dirname(dirname(file))) === LIBRARY_PANELS) === (kind === 'library-panel'));
    return `- ${kind === 'library-panel' ? 'library panel' : kind} ${markdownCode(uid)}${title}${backup === undefined ? '' : `, backup ${markdownCode(shorten(backup, cwd))}`}`;
  });
  const rest = deleted.length - lines.length;
  if (rest > 0) lines.push(`- … and ${rest} more (the log names each)`);
  return [`<details><summary>Deleted (${deleted.length})</summary>`, '', ...lines, '', '</details>', ''];
}
