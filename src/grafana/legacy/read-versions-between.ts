import { PermissionError } from '../../errors.js';
import type { PastVersion } from '../port.js';
import type { GrafanaApi } from './legacy-api.js';

/**
 * GrafanaPort.readVersionsBetween on `/api`: each version's `data`, newest first, from one request to the versions list (its
 * rows carry `data` on every release from 10.x): `range.before` is the live version as read, so the newest `before - after`
 * rows hold every version between. One the list does not give (saved over since, or a list Grafana cannot answer whole) is
 * read on its own (GET …/versions/:version); one that is gone is left out; none when these credentials may not read the
 * history. `/api` serves classic dashboards only, and no labels or annotations.
 */
export async function readLegacyVersionsBetween(api: Pick<GrafanaApi, 'listVersionModels' | 'readVersionModel'>, uid: string, range: { after: number; before: number }): Promise<PastVersion[]> {
  if (range.before - range.after < 2) return [];
  let listed: ReadonlyMap<number, Record<string, unknown>>;
  try {
    listed = await api.listVersionModels(uid, range.before - range.after);
  } catch (error) {
    if (error instanceof PermissionError) return [];
    listed = new Map();
  }
  const versions: PastVersion[] = [];
  for (let version = range.before - 1; version > range.after; version--) {
    const model = listed.get(version) ?? (await api.readVersionModel(uid, version));
    if (model !== null) versions.push({ version, model, schema: 'v1', apiVersion: null, metadata: { labels: {}, annotations: {} } });
  }
  return versions;
}
