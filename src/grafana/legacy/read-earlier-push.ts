import { noteNamesListedSaver, stepEarlierPushWalk, type EarlierPushWalk } from '../content-note.js';
import { EARLIER_PUSH_DEPTH, EARLIER_PUSH_MAX_DEPTH, type EarlierPush, type EarlierPushOptions } from '../port.js';
import type { DashboardVersion, GrafanaApi } from './legacy-api.js';

/**
 * GrafanaPort.readEarlierPush on `/api`: the versions list (one request), newest first, and when its EARLIER_PUSH_DEPTH
 * entries hold no push, the list again up to EARLIER_PUSH_MAX_DEPTH (one more request); the first version's message,
 * which the list rewrites to "Initial save" (grafana-api.md §6), is read on its own (one more request) when it is reached.
 * Which notes end the look and which are passed over: stepEarlierPushWalk (a note naming another saver than the list names
 * is a copy in someone else's save, or the note of a service account renamed since).
 */
export async function readLegacyEarlierPush(
  api: Pick<GrafanaApi, 'listDashboardVersions' | 'readVersionMessage'>,
  uid: string,
  version: number,
  options: EarlierPushOptions = {},
): Promise<EarlierPush | null> {
  const walk: EarlierPushWalk = { passedOver: null };
  const first = await api.listDashboardVersions(uid, EARLIER_PUSH_DEPTH);
  const found = await findPush(api, uid, version, first, options, walk);
  if (found !== null) return found;
  if (first.length < EARLIER_PUSH_DEPTH) return walk.passedOver;
  // Older than the first list's oldest: a save made since the first request shifts the list, and none is read twice.
  const oldest = first[first.length - 1]!.version;
  return (await findPush(api, uid, version, (await api.listDashboardVersions(uid, EARLIER_PUSH_MAX_DEPTH)).filter((entry) => entry.version < oldest), options, walk)) ?? walk.passedOver;
}

async function findPush(
  api: Pick<GrafanaApi, 'readVersionMessage'>,
  uid: string,
  version: number,
  versions: readonly DashboardVersion[],
  options: EarlierPushOptions,
  walk: EarlierPushWalk,
): Promise<EarlierPush | null> {
  for (const entry of versions) {
    if (entry.version === 0 || entry.version >= version) continue;
    const message = entry.parentVersion === 0 ? ((await api.readVersionMessage(uid, entry.version)) ?? '') : entry.message;
    const found = stepEarlierPushWalk(walk, { version: entry.version, at: entry.created, message, namesSaver: noteNamesListedSaver(message, entry.createdBy) }, 'name', options);
    if (found !== null) return found;
  }
  return null;
}
