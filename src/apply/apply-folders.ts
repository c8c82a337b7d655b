import type { GrafanaPort } from '../grafana/port.js';
import type { FolderAction } from '../plan/types.js';
import type { ApplyRun } from './apply-run.js';

/**
 * One folder create or update; true when the folder exists for what goes into it. A request
 * retried after a dropped connection may have landed the first time: the folder is read back
 * before a refusal counts as a failure. An update expects the revision the plan read (any
 * with --force): a folder renamed or moved in Grafana after the plan is a conflict, left as it
 * is — it still exists, so its dashboards are saved into it.
 */
export async function applyFolderWrite(folder: FolderAction, grafana: GrafanaPort, run: ApplyRun, force: boolean): Promise<boolean> {
  try {
    if (folder.action === 'create') {
      await grafana.createFolder({ uid: folder.uid, title: folder.title, parentUid: folder.parentUid });
      run.done(folder);
      return true;
    }
    const expect = force ? 'any' : (folder.live?.revision ?? 'any');
    const outcome = await grafana.updateFolder(folder.uid, { title: folder.title, parentUid: folder.parentUid, expect });
    if (outcome.kind === 'saved') {
      run.done(folder);
      return true;
    }
    run.conflict(folder, {
      uid: folder.uid,
      title: folder.title,
      action: 'folder-update',
      file: null,
      plannedVersion: folder.live?.revision ?? null,
      currentVersion: outcome.current?.revision ?? null,
      changedBy: null,
      changedAt: null,
    });
    return true;
  } catch (error) {
    const live = await grafana.getFolder(folder.uid).catch(() => null);
    if (live === null || live.title !== folder.title || live.parentUid !== folder.parentUid) {
      run.fail(folder, error);
      return false;
    }
    run.done(folder);
    return true;
  }
}

/**
 * Deletes a managed folder that left the tree — only when Grafana reports it empty (counts:
 * no dashboards, subfolders, alert rules or library panels; and search finds nothing inside):
 * a folder delete cascades and cannot be undone. Never sends forceDeleteRules.
 */
export async function applyFolderDelete(folder: FolderAction, grafana: GrafanaPort, run: ApplyRun): Promise<boolean> {
  try {
    const contents = await grafana.folderContents(folder.uid);
    if (!contents) return true;
    const inside = Object.entries(contents.counts).filter(([, n]) => n > 0);
    if (inside.length > 0 || contents.found) {
      const what = inside.length > 0 ? inside.map(([kind, n]) => `${n} ${kind}`).join(', ') : `search finds ${contents.found!.kind} ${contents.found!.uid} inside`;
      run.skipped(folder, `folder "${folder.title}" kept: not empty (${what})`);
      return false;
    }
    // false = already gone, e.g. a retried delete whose first attempt landed: the folder is deleted either way.
    await grafana.deleteFolder(folder.uid);
    run.done(folder);
    return true;
  } catch (error) {
    run.fail(folder, error);
    return false;
  }
}
