import type { GrafanaApi } from '../grafana/types.js';
import type { FolderAction } from '../plan/types.js';
import type { ApplyResult } from './types.js';

/** Folder creates and updates, parents before children (the plan lists them in that order). */
export async function applyFolderChanges(actions: FolderAction[], client: GrafanaApi, result: ApplyResult, stopped: () => boolean): Promise<void> {
  for (const folder of actions) {
    if (stopped()) return;
    try {
      if (folder.action === 'folder-create') {
        const existing = await client.getFolder(folder.uid);
        if (!existing) await client.createFolder({ uid: folder.uid, title: folder.title, parentUid: folder.parentUid });
        result.foldersCreated.push(folder.uid);
      } else if (folder.action === 'folder-update' && folder.live) {
        if (folder.live.parentUid !== folder.parentUid) await client.moveFolder(folder.uid, folder.parentUid);
        if (folder.live.title !== folder.title) {
          const current = await client.getFolder(folder.uid);
          await client.updateFolder(folder.uid, { title: folder.title, version: current?.version ?? folder.live.version });
        }
        result.foldersUpdated.push(folder.uid);
      }
    } catch (error) {
      result.failures.push({ uid: folder.uid, title: folder.title, action: folder.action, message: (error as Error).message });
    }
  }
}

/**
 * Deletes managed folders that left the tree, children first — only when Grafana reports
 * them empty (no dashboards, subfolders, alert rules or library panels): a folder delete
 * cascades and cannot be undone. Never sends forceDeleteRules.
 */
export async function applyFolderDeletes(actions: FolderAction[], client: GrafanaApi, result: ApplyResult, stopped: () => boolean): Promise<void> {
  for (const folder of actions) {
    if (stopped()) return;
    try {
      const counts = await client.folderCounts(folder.uid);
      if (!counts) continue;
      const inside = Object.entries(counts).filter(([, n]) => n > 0);
      if (inside.length > 0) {
        result.skipped.push({ uid: folder.uid, reason: `folder "${folder.title}" is not empty (${inside.map(([k, n]) => `${n} ${k}`).join(', ')}); kept` });
        continue;
      }
      if ((await client.deleteFolder(folder.uid)) !== null) result.foldersDeleted.push(folder.uid);
    } catch (error) {
      result.failures.push({ uid: folder.uid, title: folder.title, action: folder.action, message: (error as Error).message });
    }
  }
}
