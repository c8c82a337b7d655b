import { noteContent, noteNamesListedSaver } from '../content-note.js';
import { EARLIER_PUSH_DEPTH, type EarlierPush } from '../port.js';
import type { GrafanaApi } from './legacy-api.js';

/**
 * GrafanaPort.readEarlierPush on `/api`: the versions list (one request), newest first; the first version's message,
 * which the list rewrites to "Initial save" (grafana-api.md §6), is read on its own (one more request) when it is reached.
 */
export async function readLegacyEarlierPush(api: Pick<GrafanaApi, 'listDashboardVersions' | 'readVersionMessage'>, uid: string, version: number): Promise<EarlierPush | null> {
  const versions = await api.listDashboardVersions(uid, EARLIER_PUSH_DEPTH);
  for (const entry of versions) {
    if (entry.version === 0 || entry.version >= version) continue;
    const message = entry.parentVersion === 0 ? ((await api.readVersionMessage(uid, entry.version)) ?? '') : entry.message;
    const content = noteNamesListedSaver(message, entry.createdBy) === true ? noteContent(message) : null;
    if (content !== null) return { version: entry.version, content };
  }
  return null;
}
