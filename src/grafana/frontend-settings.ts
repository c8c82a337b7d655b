import { askOnce } from './ask-once.js';
import { AuthError, GrafanaHttpError, RequestInterruptedError } from '../errors.js';
import type { GrafanaRequester } from './http/request.js';
import { isObject, type JsonObject } from './http/response-fields.js';

/**
 * `GET /api/frontend/settings` (pkg/api/frontendsettings.go), what Grafana's own UI boots from, read once per port:
 * the first call reads it, later ones get the same answer. Any signed-in identity may read it; where it cannot be read
 * (403, 404 from a proxy, a 5xx) or is no object, the answer is null.
 */
export function frontendSettingsReader(http: GrafanaRequester): () => Promise<JsonObject | null> {
  return askOnce(async () => {
    try {
      const settings = await http.send('GET', '/api/frontend/settings', undefined, [403, 404]);
      return isObject(settings) ? settings : null;
    } catch (error) {
      if (!(error instanceof GrafanaHttpError) || error instanceof AuthError || error instanceof RequestInterruptedError) throw error;
      return null;
    }
  });
}
