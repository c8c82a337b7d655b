import type { ClassicForm, GrafanaPort } from '../grafana/port.js';
import { normalizeLive } from './normalize-live.js';

/**
 * A v2-stored dashboard in the classic model as Grafana converts it, normalized as a file is, for a classic file's
 * field diff; undefined where the port cannot read it so, or it is no longer stored as v2.
 */
export async function readNormalizedClassicForm(grafana: GrafanaPort, uid: string, minRefreshInterval: string): Promise<ClassicForm | undefined> {
  const form = await grafana.readClassicForm?.(uid);
  if (!form) return undefined;
  if ('failed' in form) return form;
  const model = normalizeLive({ uid, schema: 'v1', apiVersion: null, model: form.model, metadata: { labels: {}, annotations: {} } }, minRefreshInterval);
  return { model };
}
