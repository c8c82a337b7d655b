import { diffDashboards } from '../diff/diff-dashboards.js';
import type { LibraryPanelEntry } from '../files/types.js';
import type { LiveLibraryPanel } from '../grafana/port.js';
import { normalizeLibraryPanel, type LibraryPanelContent } from '../normalize/normalize-library-panel.js';
import { actionId, type LibraryPanelAction, type LiveLibraryPanelState } from './types.js';

/**
 * Pure: what apply must do to make one live library panel match its file — create, update (its
 * name or model differ: the field diff as for dashboards, paths `name`, `model.…`), move (its
 * folder differs; may carry changes too) or nothing. `usedBy` is filled in by decideLibraryPanels.
 */
export function decideLibraryPanel(entry: LibraryPanelEntry, desired: LibraryPanelContent, live: LiveLibraryPanel | null, contentHash: string): LibraryPanelAction {
  const base = { kind: 'library-panel' as const, uid: entry.uid, title: desired.name, file: entry.file, folderUid: entry.folderUid, contentHash, usedBy: [] };
  const dependsOn = entry.folderUid === null ? [] : [actionId('folder', entry.folderUid)];
  if (!live) return { ...base, action: 'create', live: null, changes: [], dependsOn };
  const current = normalizeLibraryPanel(live);
  const changes = diffDashboards({ name: current.name, model: current.model }, { name: desired.name, model: desired.model });
  const moved = live.folderUid !== entry.folderUid;
  const action = moved ? 'move' : changes.length > 0 ? 'update' : 'noop';
  return { ...base, action, live: toLiveLibraryPanelState(live), changes, dependsOn: action === 'noop' ? [] : dependsOn };
}

/** What a plan records of a live library panel (no model). Pure. */
export function toLiveLibraryPanelState(live: LiveLibraryPanel): LiveLibraryPanelState {
  return {
    revision: live.revision,
    version: live.version,
    folderUid: live.folderUid,
    folderTitle: live.folderTitle,
    name: live.name,
    updated: live.lastSave.at,
    updatedBy: live.lastSave.by,
  };
}
