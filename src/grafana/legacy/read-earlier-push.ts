import { earlierPushNote, noteNamesListedSaver } from '../content-note.js';
import { EARLIER_PUSH_DEPTH, EARLIER_PUSH_MAX_DEPTH, type EarlierPush, type EarlierPushOptions } from '../port.js';
import type { DashboardVersion, GrafanaApi } from './legacy-api.js';

/**
 * GrafanaPort.readEarlierPush on `/api`: the versions list (one request), newest first, and when its EARLIER_PUSH_DEPTH
 * entries hold no push, the list again up to EARLIER_PUSH_MAX_DEPTH (one more request); the first version's message,
 * which the list rewrites to "Initial save" (grafana-api.md §6), is read on its own (one more request) when it is reached.
 * A note naming another saver than the list names is a copy in someone else's save, or the note of a service account
 * renamed since: with `unconfirmed`, the newest such one is given as an unconfirmed push when no other is found.
 */
export async function readLegacyEarlierPush(
  api: Pick<GrafanaApi, 'listDashboardVersions' | 'readVersionMessage'>,
  uid: string,
  version: number,
  options: EarlierPushOptions = {},
): Promise<EarlierPush | null> {
  const passedOver: { push: EarlierPush | null } = { push: null };
  const first = await api.listDashboardVersions(uid, EARLIER_PUSH_DEPTH);
  const found = await findPush(api, uid, version, first, options, passedOver);
  if (found !== null) return found;
  if (first.length < EARLIER_PUSH_DEPTH) return passedOver.push;
  // Older than the first list's oldest: a save made since the first request shifts the list, and none is read twice.
  const oldest = first[first.length - 1]!.version;
  return (await findPush(api, uid, version, (await api.listDashboardVersions(uid, EARLIER_PUSH_MAX_DEPTH)).filter((entry) => entry.version < oldest), options, passedOver)) ?? passedOver.push;
}

async function findPush(
  api: Pick<GrafanaApi, 'readVersionMessage'>,
  uid: string,
  version: number,
  versions: readonly DashboardVersion[],
  options: EarlierPushOptions,
  passedOver: { push: EarlierPush | null },
): Promise<EarlierPush | null> {
  for (const entry of versions) {
    if (entry.version === 0 || entry.version >= version) continue;
    const message = entry.parentVersion === 0 ? ((await api.readVersionMessage(uid, entry.version)) ?? '') : entry.message;
    const namesSaver = noteNamesListedSaver(message, entry.createdBy);
    const push = earlierPushNote(message, namesSaver, 'name', options.unconfirmed);
    if (push !== null) return { version: entry.version, at: entry.created, ...push };
    if (namesSaver === false && options.unconfirmed === true && passedOver.push === null) passedOver.push = { version: entry.version, at: entry.created, ...earlierPushNote(message, null, 'name', true)! };
  }
  return null;
}
