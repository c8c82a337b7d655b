import { GrafanaHttpError, RequestInterruptedError } from '../errors.js';
import type { GrafanaRequester } from './http/request.js';
import { isObject } from './http/response-fields.js';
import type { DashboardWriteAccess } from './port.js';

/** The actions that save or delete a dashboard, at any scope: a folder grant lists them with that folder's scope. */
const DASHBOARD_WRITE_ACTIONS = ['dashboards:create', 'dashboards:write', 'dashboards:delete'];

/**
 * Whether these credentials may write any dashboard, from `GET /api/access-control/user/permissions`
 * (`{action: [scopes]}`: the basic role's and every managed grant, a folder's included; any signed-in identity may ask,
 * a service account too, on 11.2, 12 and 13). `none` only when the answer is such a map and names none of the
 * dashboard write actions at any scope; `unknown` when it cannot be read or is not such a map.
 */
async function readDashboardWriteAccess(http: GrafanaRequester): Promise<DashboardWriteAccess> {
  let permissions: unknown;
  try {
    permissions = await http.send('GET', '/api/access-control/user/permissions', undefined, [401, 403, 404]);
  } catch (error) {
    if (!(error instanceof GrafanaHttpError) || error instanceof RequestInterruptedError) throw error;
    return 'unknown';
  }
  if (!isObject(permissions) || Object.keys(permissions).length === 0) return 'unknown';
  return DASHBOARD_WRITE_ACTIONS.some((action) => action in permissions) ? 'some' : 'none';
}

/** readDashboardWriteAccess once per port: the first call asks, later ones get the same answer. */
export function dashboardWriteAccessReader(http: GrafanaRequester): () => Promise<DashboardWriteAccess> {
  let answer: Promise<DashboardWriteAccess> | undefined;
  return () => {
    answer ??= readDashboardWriteAccess(http);
    answer.catch(() => (answer = undefined));
    return answer;
  };
}
