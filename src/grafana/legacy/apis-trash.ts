import { isUninterruptedFailure } from '../../errors.js';
import type { GrafanaRequester } from '../http/request.js';
import { chooseVersions } from '../k8s/choose-versions.js';
import { discoverApis } from '../k8s/discover-apis.js';
import { createK8sContext, type K8sContext } from '../k8s/k8s-context.js';
import { listK8sTrashEntries, listK8sTrashUids, restoreFromK8sTrash } from '../k8s/k8s-history.js';
import { createDisplayLookup, createSaverNamer } from '../k8s/name-savers.js';
import type { RecentlyDeletedFolder, TrashEntry, TrashRestore, TrashRestoreOfPush } from '../port.js';

/**
 * "Recently deleted" of Grafana 12 and later for the port on `/api`, which has no trash routes there: unified storage keeps
 * deleted dashboards, and only `/apis` lists them and gives them back (a create of the deleted object). Opened on first
 * use (one `GET /apis`), which only a plan with creates and a restore make; where this Grafana serves no
 * dashboard.grafana.app (a proxy in front of `/apis`), the list is null and a restore `unasked`.
 */
export interface ApisTrash {
  /** GrafanaPort.recentlyDeletedEntries, each deleter named as Grafana's display list names them (the `/api` port names none). */
  entries(): Promise<ReadonlyMap<string, TrashEntry> | null>;
  /** GrafanaPort.recentlyDeletedUids. */
  uids(): Promise<ReadonlyMap<string, RecentlyDeletedFolder> | null>;
  /** GrafanaPort.restoreFromTrash. */
  restore(uid: string, into?: { folderUid: string | null }, asPushed?: TrashRestoreOfPush): Promise<TrashRestore>;
}

export function apisTrashOf(http: GrafanaRequester, orgId: number | undefined): ApisTrash {
  let opened: Promise<K8sContext | null> | undefined;
  const context = (): Promise<K8sContext | null> => {
    opened ??= discoverApis(http).then((discovery) => {
      const versions = discovery && chooseVersions(discovery);
      return versions ? createK8sContext(http, versions, orgId, 500) : null;
    });
    opened.catch(() => (opened = undefined));
    return opened;
  };
  // A list that cannot be read says nothing, as on `/apis` (listK8sTrash): discovery's failure included.
  const listed = async <T>(list: (ready: K8sContext) => Promise<T | null>): Promise<T | null> => {
    try {
      const ready = await context();
      return ready === null ? null : await list(ready);
    } catch (error) {
      if (isUninterruptedFailure(error)) return null;
      throw error;
    }
  };
  return {
    entries: () =>
      listed(async (ready) => {
        const entries = await listK8sTrashEntries(ready);
        if (entries === null || entries.size === 0) return entries;
        const names = await createSaverNamer(createDisplayLookup(ready))([...new Set([...entries.values()].map((entry) => entry.deletedBy))]).catch(() => new Map<string, string>());
        return new Map([...entries].map(([uid, entry]) => [uid, { ...entry, deletedBy: names.get(entry.deletedBy) ?? entry.deletedBy }]));
      }),
    uids: () => listed(listK8sTrashUids),
    async restore(uid, into, asPushed) {
      const ready = await context();
      return ready === null ? 'unasked' : restoreFromK8sTrash(ready, uid, into, asPushed);
    },
  };
}
