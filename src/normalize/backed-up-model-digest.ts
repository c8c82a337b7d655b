import { hashText } from '../files/hash-text.js';
import { compactStableJson } from './compact-stable-json.js';

/** What a copy of the same dashboard may carry differently: the uid `/apis` puts back into a classic model, and Grafana's id and version. */
const COPY_KEYS = ['uid', 'id', 'version'];

/**
 * `sha256:` of a dashboard model as a backup holds it (the classic model, or the v2 spec), leaving out uid, id and
 * version: the same for that backup's dashboard and for the spec of the object "Recently deleted" keeps of it, so that
 * a restore can tell the backed-up content from another copy of the uid, or from a backup edited by hand. Pure.
 */
export function backedUpModelDigest(model: Record<string, unknown>): string {
  const kept: Record<string, unknown> = { ...model };
  for (const key of COPY_KEYS) delete kept[key];
  return hashText(compactStableJson(kept));
}
