import type { PastVersion } from '../port.js';
import type { GrafanaApi } from './legacy-api.js';

/**
 * GrafanaPort.readVersionsBetween on `/api`: each version's `data` (GET …/versions/:version, one request each), newest first;
 * one that is gone or that these credentials may not read is left out. `/api` serves classic dashboards only, and no labels
 * or annotations.
 */
export async function readLegacyVersionsBetween(api: Pick<GrafanaApi, 'readVersionModel'>, uid: string, range: { after: number; before: number }): Promise<PastVersion[]> {
  const versions: PastVersion[] = [];
  for (let version = range.before - 1; version > range.after; version--) {
    const model = await api.readVersionModel(uid, version);
    if (model !== null) versions.push({ version, model, schema: 'v1', apiVersion: null, metadata: { labels: {}, annotations: {} } });
  }
  return versions;
}
