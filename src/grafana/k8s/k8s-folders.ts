import { GrafanaHttpError } from '../../errors.js';
import type { FolderSeen } from '../folder-as-seen.js';
import { updateFolderJudged } from '../update-folder-judged.js';
import type { FolderChangeRecord, FolderContents, FolderSaveOutcome, LiveFolder, WriteTally } from '../port.js';
import { listDashboardPage } from './endpoints/dashboards.js';
import {
  createFolderObject,
  deleteFolderObject,
  folderObjectCounts,
  foldersPath,
  getFolderObject,
  listFolderObjects,
  replaceFolderObject,
} from './endpoints/folders.js';
import type { K8sContext } from './k8s-context.js';
import type { K8sObject } from './k8s-object.js';
import { toLiveFolder } from './to-live-dashboard.js';
import { answerStatus, folderAnswerShowsSave, judgeUnprovenFolderWrite } from '../save-not-landed.js';

/**
 * Folders through `folder.grafana.app`; the parent is the folder's own `grafana.app/folder` annotation.
 * `countLibraryPanels`: the library panels of one folder (library elements have no `/apis` group a client can use).
 */
export function createK8sFolders(context: K8sContext, countLibraryPanels: (folderUid: string) => Promise<number>) {
  const version = (): string => {
    if (context.versions.folder === null) throw new Error('this Grafana does not serve folder.grafana.app; use api: legacy');
    return context.versions.folder;
  };
  const get = async (uid: string, tally?: WriteTally): Promise<LiveFolder | null> => {
    const object = await getFolderObject(context.http, await context.namespace(), version(), uid, tally);
    return object && toLiveFolder(object);
  };
  return {
    async listFolders(): Promise<LiveFolder[]> {
      const listed = (async () => listFolderObjects(context.http, await context.namespace(), version()))();
      context.noteFolders(listed);
      return (await listed).map(toLiveFolder);
    },
    getFolder: get,
    async getFolderWithLastChange(uid: string, tally?: WriteTally): Promise<{ folder: LiveFolder; lastChange: FolderChangeRecord } | null> {
      const object = await getFolderObject(context.http, await context.namespace(), version(), uid, tally);
      return object && { folder: toLiveFolder(object), lastChange: lastFolderChange(object) };
    },
    async createFolder(folder: { uid: string; title: string; parentUid: string | null }, tally?: WriteTally): Promise<LiveFolder> {
      context.noteFolders(null);
      const namespace = await context.namespace();
      const write = { name: folder.uid, title: folder.title, parentUid: folder.parentUid, resourceVersion: '' };
      const answer = answerStatus();
      const saved = toLiveFolder(await createFolderObject(context.http, namespace, version(), write, tally, answer.answered));
      if (folderAnswerShowsSave(saved, folder, null)) return saved;
      // Grafana answers a create with the object made: an answer that is not it is read back (fixe-74 left).
      const sent = { method: 'POST', path: foldersPath(namespace, version()), uid: folder.uid, status: answer.status() };
      return judgeUnprovenFolderWrite(sent, null, folder, () => get(folder.uid, tally));
    },
    /**
     * Legacy storage does not check the resourceVersion of a replace (it overwrites), so the revision is compared here,
     * right before the write (updateFolderJudged). Unified storage checks it too: a save in the instant between the read
     * and the write is refused (409 Conflict), and the folder is read and judged once more.
     */
    async updateFolder(uid: string, change: { title: string; parentUid: string | null; expect: string; seen?: FolderSeen }, tally?: WriteTally): Promise<FolderSaveOutcome> {
      context.noteFolders(null);
      const namespace = await context.namespace();
      return updateFolderJudged(uid, change, {
        read: (reading) => getFolderObject(context.http, namespace, version(), uid, reading),
        liveOf: toLiveFolder,
        write: async (current) => {
          const description = typeof current.spec?.description === 'string' ? current.spec.description : undefined;
          const write = {
            name: uid,
            title: change.title,
            parentUid: change.parentUid,
            resourceVersion: current.resourceVersion,
            description,
            annotations: current.annotations,
            labels: current.labels,
          };
          const answer = answerStatus();
          const saved = toLiveFolder(await replaceFolderObject(context.http, namespace, version(), write, tally, answer.answered));
          if (folderAnswerShowsSave(saved, { uid, title: change.title, parentUid: change.parentUid }, null)) return saved;
          // Grafana answers a replace with the object saved: an answer that is not it is read back (fixe-74 left).
          const sent = { method: 'PUT', path: foldersPath(namespace, version(), uid), uid, status: answer.status() };
          return judgeUnprovenFolderWrite(sent, toLiveFolder(current), change, () => get(uid, tally));
        },
        isStale: isStaleRevision,
        lastChange: lastFolderChange,
      }, tally);
    },
    /** The counts subresource where served; else what the dashboard and folder lists and the library elements show inside. */
    async folderContents(uid: string): Promise<FolderContents | null> {
      const namespace = await context.namespace();
      if ((await get(uid)) === null) return null;
      const counts = await folderObjectCounts(context.http, namespace, version(), uid);
      if (counts !== null) return { counts, found: null };
      const folders = (await listFolderObjects(context.http, namespace, version())).filter((f) => f.annotations['grafana.app/folder'] === uid).length;
      let dashboards = 0;
      let next = '';
      do {
        const page = await listDashboardPage(context.http, namespace, context.versions.v1Read, { limit: context.pageSize, continue: next });
        dashboards += page.items.filter((d) => d.annotations['grafana.app/folder'] === uid).length;
        next = page.next;
      } while (next !== '');
      // Library panels too: a delete would take the unused ones along, and Grafana refuses it for a used one.
      return { counts: { folders, dashboards, librarypanels: await countLibraryPanels(uid) }, found: null };
    },
    async deleteFolder(uid: string, tally?: WriteTally): Promise<boolean> {
      context.noteFolders(null);
      return deleteFolderObject(context.http, await context.namespace(), version(), uid, tally);
    },
  };
}

/** Who changed a folder last and when, as its annotations say (typed identities, `user:<uid>`: a line asks nameSavers for the name people know). */
function lastFolderChange(current: K8sObject): FolderChangeRecord {
  const by = current.annotations['grafana.app/updatedBy'] || current.annotations['grafana.app/createdBy'] || '';
  const at = current.annotations['grafana.app/updatedTimestamp'] || current.creationTimestamp;
  return { by, at };
}

/** Unified storage's refusal of a write at a resourceVersion that is no longer the folder's (409, reason Conflict; AlreadyExists is a create's). */
function isStaleRevision(error: unknown): boolean {
  return error instanceof GrafanaHttpError && error.status === 409 && error.grafanaStatus === 'Conflict';
}
