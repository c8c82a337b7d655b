import { keepAnswer } from '../grafana/ask-once.js';
import type { GrafanaPort, LastSave, LiveDashboard, ReadDashboardsOptions } from '../grafana/port.js';

/**
 * The port as one plan sees it: a dashboard, its newest save and a version's message are asked of Grafana once per plan,
 * whichever check asks first. With prune on in a git repository, a dashboard outside the tree in a managed folder is
 * read by the foreign-push check (findSharedDerivedFolders), again as a delete candidate, and its newest save again
 * by the not-in-branch check; folder marks, hand-overs and titles read the same dashboards. One plan is one look at
 * Grafana: what apply writes is guarded by the revisions the plan recorded, so nothing is decided on a read older than
 * the one it replaces. Only plain reads are shared (no write tally, no `readAt`, no tree-read options); a failed read is
 * not kept (the next asker reads again and sees its own error). Pure delegation otherwise: every other member is the port's.
 */
export function shareDashboardReads(grafana: GrafanaPort): GrafanaPort {
  const dashboards = new Map<string, Promise<LiveDashboard | null>>();
  const lastSaves = new Map<string, Promise<LastSave>>();
  const messages = new Map<string, Promise<string | null>>();
  async function* readDashboards(uids: readonly string[], options: ReadDashboardsOptions): AsyncGenerator<{ uid: string; live: LiveDashboard | null }> {
    const unread = uids.filter((uid) => !dashboards.has(uid));
    for (const uid of uids) if (dashboards.has(uid)) yield { uid, live: await dashboards.get(uid)! };
    if (unread.length === 0) return;
    for await (const read of grafana.readDashboards(unread, options)) {
      dashboards.set(read.uid, Promise.resolve(read.live));
      yield read;
    }
  }
  // The port's getters (`api`, `readsWholeOrg` of a deferred port) stay the port's: only the reads are its own.
  const shared: GrafanaPort = Object.create(grafana);
  Object.assign(shared, {
    getDashboard: (uid: string, tally?: Parameters<GrafanaPort['getDashboard']>[1], readAt?: string) =>
      tally !== undefined || readAt !== undefined ? grafana.getDashboard(uid, tally, readAt) : keepAnswer(dashboards, uid, () => grafana.getDashboard(uid)),
    readDashboards: ((uids: readonly string[], options: ReadDashboardsOptions & { pushedFrom?: unknown; fileModels?: unknown }) =>
      // The tree read (what each file expects, the org indexed as it goes) is the plan's own pass: not shared.
      options.onSummary !== undefined || options.readAt !== undefined || options.pushedFrom !== undefined || options.fileModels !== undefined
        ? grafana.readDashboards(uids, options as Parameters<GrafanaPort['readDashboards']>[1])
        : readDashboards(uids, options)) as GrafanaPort['readDashboards'],
    // A head whose record tells its last save asks nothing; one that does not is read from the history, once per version.
    readLastSave: (dashboard: Parameters<GrafanaPort['readLastSave']>[0]) =>
      dashboard.lastSave.byDashsync !== null ? grafana.readLastSave(dashboard) : keepAnswer(lastSaves, `${dashboard.version}/${dashboard.uid}`, () => grafana.readLastSave(dashboard)),
  });
  // A getter, as the port's may be (a deferred port has one only once it knows its API).
  return Object.defineProperty(shared, 'readSaveMessage', {
    get: () => {
      const read = grafana.readSaveMessage?.bind(grafana);
      return read && ((uid: string, version: number) => keepAnswer(messages, `${version}/${uid}`, () => read(uid, version)));
    },
  });
}
