import type { LibraryPanelAction, LibraryPanelUser } from '../plan/types.js';
import { deletedFromFolderName, renderFolderName, renderMoveFolders, type FolderName } from './folder-names.js';
import { quoteText } from './escape-untrusted.js';
import { describeLiveDirectoryLeftOut } from './describe-left-out-directory.js';

/** How many dashboards a "used by" line names before it counts the rest. */
const NAMED_USERS = 10;

/** `"CPU" (dashboards/_library/cpu.json, uid cpu, live version 3) in "Platform"` — plain text, not yet escaped. */
export function describeLibraryPanel(panel: LibraryPanelAction, names: (uid: string | null) => FolderName): string {
  const source = panel.file ? `${panel.file}, ` : '';
  const version = panel.live ? `, live version ${panel.live.version}` : '';
  const what = `library panel ${quoteText(panel.title)} (${source}uid ${panel.uid}${version})`;
  if (panel.action === 'move') {
    const { from, to } = renderMoveFolders(panel, names);
    return `${what} from ${from} to ${to}${panel.liveDirectoryLeftOut === undefined ? '' : `; ${describeLiveDirectoryLeftOut(panel.liveDirectoryLeftOut)}`}`;
  }
  if (panel.action === 'delete') return `${what} in ${deletedFromFolderName(panel, names)}; no file in the tree (${describeNameHandover(panel) ?? 'backed up before delete'})`;
  return `${what} in ${renderFolderName(names(panel.folderUid))}`;
}

/** A delete that hands its name over: `backed up, then renamed "…" before library panel x takes its name; …`; null otherwise. */
export function describeNameHandover(panel: Pick<LibraryPanelAction, 'handsNameOver'>): string | null {
  if (!panel.handsNameOver) return null;
  const { to, renameTo } = panel.handsNameOver;
  return `backed up, then renamed ${quoteText(renameTo)} before library panel ${to} takes its name; deleted once the dashboards that hold it are saved or deleted`;
}

/**
 * `used by 14 dashboards: a "A", b "B", … and 4 more`; null when no dashboard uses it. A delete's users are
 * those Grafana connects now: the plan deletes each one or saves it without the panel (or it would not delete).
 */
export function describeUsedBy(panel: Pick<LibraryPanelAction, 'action' | 'usedBy'>): string | null {
  const users = panel.usedBy;
  if (users.length === 0) return null;
  const named = users.slice(0, NAMED_USERS).map((user) => (user.title ? `${user.uid} ${quoteText(user.title)}` : user.uid) + (user.keptBy ? ` (${user.keptBy})` : user.deletedByPlan ? ' (deleted by this plan)' : ''));
  const more = users.length > NAMED_USERS ? `, … and ${users.length - NAMED_USERS} more` : '';
  const count = `${users.length} dashboard${users.length === 1 ? '' : 's'}`;
  if (panel.action === 'delete') return `used by ${count} now: ${named.join(', ')}${more}; none uses it after this plan (deleted or saved without it)`;
  return `used by ${count}: ${named.join(', ')}${more}`;
}

/** The markdown table's "Used by" cell. */
export function countUsers(panel: Pick<LibraryPanelAction, 'action' | 'usedBy'>): string {
  if (panel.usedBy.length === 0) return '—';
  const count = `${panel.usedBy.length} dashboard${panel.usedBy.length === 1 ? '' : 's'}`;
  return panel.action === 'delete' ? `${count} now, none after` : count;
}
