import { EXPORT_ONLY_KEYS } from '../files/parse-dashboard-text.js';
import { hashText } from '../files/hash-text.js';
import type { DashboardEntry } from '../files/types.js';
import type { LiveDashboard } from '../grafana/port.js';
import { indentedJson } from '../normalize/canonical-json.js';
import type { DesiredDashboard } from './read-desired.js';

/**
 * Pure: the file's content without reading the file again, when its bytes are exactly the live
 * model, normalized, written as indentedJson does. For Grafana's
 * answers, whose keys are sorted, that is the canonical form (canonicalJson): what `pull` and
 * `check --fix` write, and what a dashboard dashsync applied holds until someone changes either
 * side. Parsing that file would give back this very model, and normalizing it again changes
 * nothing, so the live model is the file's content. null when that cannot be told from the
 * digest: a resource file, a v2 dashboard, a model whose text would have `${DS_…}` inputs resolved
 * or `__inputs`/`__requires`/`__elements` dropped (parseDashboardText), or other bytes (then the
 * file is read: a live model in another key order only costs that).
 * `live.model` is the normalized live model (normalizeLive).
 */
export function desiredFromLive(entry: DashboardEntry, live: Pick<LiveDashboard, 'schema' | 'model'>): DesiredDashboard | null {
  if (!mayHoldLiveModel(entry, live)) return null;
  const model = live.model;
  const text = indentedJson(model);
  if (text.includes('DS_') || hashText(text) !== entry.contentHash) return null;
  return { uid: entry.uid, schema: 'v1', apiVersion: entry.apiVersion, spec: model, metadata: entry.metadata, hash: entry.contentHash };
}

/** Pure, cheap: whether desiredFromLive can tell anything for this pair (a classic model file, a classic live model without export keys). */
export function mayHoldLiveModel(entry: DashboardEntry, live: Pick<LiveDashboard, 'schema' | 'model'>): boolean {
  return entry.form === 'model' && entry.schema === 'v1' && live.schema === 'v1' && !EXPORT_ONLY_KEYS.some((key) => key in live.model);
}
