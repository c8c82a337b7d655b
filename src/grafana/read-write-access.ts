import { askOnce } from './ask-once.js';
import { isUninterruptedFailure } from '../errors.js';
import type { GrafanaRequester } from './http/request.js';
import { isObject } from './http/response-fields.js';
import type { DashboardPermissions, DashboardWriteAccess } from './port.js';

/** The actions that save or delete a dashboard, at any scope: a folder grant lists them with that folder's scope. */
const DASHBOARD_WRITE_ACTIONS = ['dashboards:create', 'dashboards:write', 'dashboards:delete'];
/**
 * The actions that may let a plan's folder or library panel write through beside the dashboard ones (a folder's Edit
 * grant brings both; library panels without RBAC of their own are judged by their folder's dashboard permissions).
 */
const OTHER_WRITE_ACTIONS = {
  folder: ['folders:create', 'folders:write', 'folders:delete'],
  'library-panel': ['library.panels:create', 'library.panels:write', 'library.panels:delete'],
} as const;

/** The kinds of Grafana resource a plan writes. */
export type WrittenKind = 'dashboard' | keyof typeof OTHER_WRITE_ACTIONS;

/**
 * `GET /api/access-control/user/permissions` (`{action: [scopes]}`: the basic role's and every managed grant, a
 * folder's included; any signed-in identity may ask, a service account too, on 11.2, 12 and 13), or null when it
 * cannot be read, is not such a map, or is empty (Grafana answers a failed lookup with 200 `{}`).
 */
async function readDashboardPermissions(http: GrafanaRequester): Promise<DashboardPermissions | null> {
  let permissions: unknown;
  try {
    permissions = await http.send('GET', '/api/access-control/user/permissions', undefined, [401, 403, 404]);
  } catch (error) {
    if (!isUninterruptedFailure(error)) throw error;
    return null;
  }
  if (!isObject(permissions) || Object.keys(permissions).length === 0) return null;
  const scopes: DashboardPermissions = {};
  for (const [action, list] of Object.entries(permissions)) {
    if (Array.isArray(list)) scopes[action] = list.filter((scope): scope is string => typeof scope === 'string');
  }
  return scopes;
}

/**
 * Whether these credentials may write any of the kinds given (a dashboard when none is given): `none` only when the
 * permissions name none of the dashboard write actions, nor those of the folder or library panel writes given, at any
 * scope; `unknown` when they cannot be read.
 */
export function writeAccessOf(permissions: DashboardPermissions | null, kinds: readonly WrittenKind[] = ['dashboard']): DashboardWriteAccess {
  if (permissions === null) return 'unknown';
  return writeActionsOf(permissions, kinds).length > 0 ? 'some' : 'none';
}

/** The write actions writeAccessOf looks for, for these kinds (the dashboard ones always), as the read-only words list them. */
export function writeActionNames(kinds: readonly WrittenKind[] = ['dashboard']): string[] {
  return [...DASHBOARD_WRITE_ACTIONS, ...kinds.flatMap((kind) => (kind === 'dashboard' ? [] : OTHER_WRITE_ACTIONS[kind]))];
}

/** The write actions these permissions list, at any scope, that writeAccessOf counts for these kinds: the dashboard ones always. */
export function writeActionsOf(permissions: DashboardPermissions, kinds: readonly WrittenKind[] = ['dashboard']): string[] {
  return writeActionNames(kinds).filter((action) => action in permissions);
}

const KIND_NAMES: Record<WrittenKind, string> = { dashboard: 'dashboard', folder: 'folder', 'library-panel': 'library panel' };

/**
 * What the writes of these kinds are, as the read-only words name them: `save or delete a dashboard` (none given, or
 * dashboards alone), else `write a dashboard, folder or library panel` (those the plan writes).
 */
export function describeWrites(kinds: readonly WrittenKind[]): string {
  const names = (['dashboard', 'folder', 'library-panel'] as const).filter((kind) => kinds.includes(kind)).map((kind) => KIND_NAMES[kind]);
  if (names.length === 0 || (names.length === 1 && names[0] === 'dashboard')) return 'save or delete a dashboard';
  return `write a ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`}`;
}

/** readDashboardPermissions once per port: the first call asks, later ones get the same answer. */
export function dashboardPermissionsReader(http: GrafanaRequester): () => Promise<DashboardPermissions | null> {
  return askOnce(() => readDashboardPermissions(http));
}
