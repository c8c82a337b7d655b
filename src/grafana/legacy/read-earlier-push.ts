import { keepAnswerIn } from '../ask-once.js';
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
  const { reads } = options;
  const history = {
    listDashboardVersions: (id: string, limit: number) => keepAnswerIn(reads, `versions ${id} ${limit}`, () => api.listDashboardVersions(id, limit)),
    readVersionMessage: (id: string, at: number) => keepAnswerIn(reads, `message ${id} ${at}`, () => api.readVersionMessage(id, at)),
  };
  const walk: EarlierPushWalk = { passedOver: null };
  const first = await history.listDashboardVersions(uid, EARLIER_PUSH_DEPTH);
  const found = await findPush(history, uid, version, first, options, walk);
  if (found !== null) return found;
  if (first.length < EARLIER_PUSH_DEPTH) return notFound(walk, first, options);
  // Older than the first list's oldest: a save made since the first request shifts the list, and none is read twice.
  const oldest = first[first.length - 1]!.version;
  const older = (await history.listDashboardVersions(uid, EARLIER_PUSH_MAX_DEPTH)).filter((entry) => entry.version < oldest);
  return (await findPush(history, uid, version, older, options, walk)) ?? notFound(walk, [...first, ...older], options);
}

/**
 * What the look gives when it found no push (the newest note passed over, if any), EarlierPushOptions.onNotFound told
 * whether the versions read stop above the first one. A version numbered 0 (some 12.x history paths) reads as the first:
 * a history that cannot be placed is not called cut short.
 */
function notFound(walk: EarlierPushWalk, read: readonly DashboardVersion[], options: EarlierPushOptions): EarlierPush | null {
  if (walk.passedOver === null) options.onNotFound?.({ cutShort: read.length > 0 && !read.some((entry) => entry.parentVersion === 0 || entry.version <= 1) });
  return walk.passedOver;
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
