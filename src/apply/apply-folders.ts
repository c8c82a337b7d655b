import type { GrafanaApi } from '../grafana/types.js';
import type { FolderAction } from '../plan/types.js';
import type { ApplyRun } from './apply-run.js';

/**
 * Folder creates and updates, parents before children (the plan lists them in that order).
 * Returns the uids of folders that could not be made, so their dashboards are not attempted.
 * A request retried after a dropped connection may have landed the first time: the folder is
 * read back before a refusal counts as a failure.
 */
export async function applyFolderChanges(actions: FolderAction[], client: GrafanaApi, run: ApplyRun): Promise<Set<string>> {
  const failed = new Set<string>();
  for (const folder of actions) {
    if (folder.action !== 'folder-create' && folder.action !== 'folder-update') continue;
    if (run.skipIfStopped()) {
      failed.add(folder.uid);
      continue;
    }
    if (folder.parentUid && failed.has(folder.parentUid)) {
      failed.add(folder.uid);
      run.result.failures.push({ uid: folder.uid, title: folder.title, action: folder.action, message: `not attempted: its parent folder ${folder.parentUid} could not be made` });
      continue;
    }
    try {
      if (folder.action === 'folder-create') await createFolder(folder, client);
      else await updateFolder(folder, client);
      (folder.action === 'folder-create' ? run.result.foldersCreated : run.result.foldersUpdated).push(folder.uid);
    } catch (error) {
      failed.add(folder.uid);
      run.fail(folder, error);
    }
  }
  return failed;
}

async function createFolder(folder: FolderAction, client: GrafanaApi): Promise<void> {
  try {
    await client.createFolder({ uid: folder.uid, title: folder.title, parentUid: folder.parentUid });
  } catch (error) {
    if (!matches(await client.getFolder(folder.uid), folder)) throw error;
  }
}

async function updateFolder(folder: FolderAction, client: GrafanaApi): Promise<void> {
  if (folder.live?.parentUid !== folder.parentUid) await client.moveFolder(folder.uid, folder.parentUid);
  if (folder.live?.title === folder.title) return;
  const current = await client.getFolder(folder.uid);
  if (!current) throw new Error(`folder ${folder.uid} no longer exists in Grafana; run dashsync plan again`);
  if (current.title === folder.title) return;
  try {
    await client.updateFolder(folder.uid, { title: folder.title, version: current.version });
  } catch (error) {
    if (!matches(await client.getFolder(folder.uid), folder)) throw error;
  }
}

function matches(live: { title: string; parentUid: string | null } | null, folder: FolderAction): boolean {
  return live !== null && live.title === folder.title && (live.parentUid ?? null) === folder.parentUid;
}

/**
 * Deletes managed folders that left the tree, children first — only when Grafana reports
 * them empty (counts: no dashboards, subfolders, alert rules or library panels; and search
 * finds nothing inside): a folder delete cascades and cannot be undone. Never sends
 * forceDeleteRules.
 */
export async function applyFolderDeletes(actions: FolderAction[], client: GrafanaApi, run: ApplyRun): Promise<void> {
  for (const folder of actions) {
    if (folder.action !== 'folder-delete' || run.skipIfStopped()) continue;
    try {
      const reason = await reasonToKeep(folder.uid, client);
      if (reason === 'gone') continue;
      if (reason) {
        run.result.skipped.push({ uid: folder.uid, reason: `folder "${folder.title}" kept: ${reason}` });
        continue;
      }
      // null = already gone, e.g. a retried delete whose first attempt landed: the folder is deleted either way.
      await client.deleteFolder(folder.uid);
      run.result.foldersDeleted.push(folder.uid);
    } catch (error) {
      run.fail(folder, error);
    }
  }
}

async function reasonToKeep(uid: string, client: GrafanaApi): Promise<string | null | 'gone'> {
  const counts = await client.folderCounts(uid);
  if (!counts) return 'gone';
  const inside = Object.entries(counts).filter(([, n]) => n > 0);
  if (inside.length > 0) return `not empty (${inside.map(([kind, n]) => `${n} ${kind}`).join(', ')})`;
  for await (const hit of client.search({ folderUids: [uid] })) {
    return `not empty (search finds ${hit.type === 'dash-folder' ? 'folder' : 'dashboard'} ${hit.uid} inside)`;
  }
  return null;
}
