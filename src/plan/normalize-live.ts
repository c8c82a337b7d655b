import type { LiveDashboard } from '../grafana/port.js';
import { normalizeContent } from '../normalize/normalize-content.js';

/** Pure: a live dashboard's model in the canonical form its file is compared in (classic or v2). */
export function normalizeLive(live: Pick<LiveDashboard, 'uid' | 'schema' | 'apiVersion' | 'model' | 'metadata'>, minRefreshInterval: string): Record<string, unknown> {
  const content = { uid: live.uid, schema: live.schema, apiVersion: live.apiVersion, spec: live.model, metadata: live.metadata };
  return normalizeContent(content, { minRefreshInterval }).spec;
}
