import { HistoryUnreadableError } from '../../../errors.js';
import type { DashboardVersion, VersionRead } from '../legacy-api.js';
import { parseWithoutMember } from '../../http/parse-without-member.js';
import type { GrafanaRequester } from '../../http/request.js';
import { asObject, isObject, numberField, segment, stringField, unexpectedResponse } from '../../http/response-fields.js';

/**
 * GET /api/dashboards/uid/:uid/versions, newest first, at most `limit`. Releases ≤ 11.4 answer a
 * bare array; later ones `{continueToken, versions}`, which may hold fewer than asked with a token
 * to go on, so the token is followed until `limit` is reached or it comes back empty. [] on 404 when the
 * dashboard is gone; a 404 for a dashboard that exists is HistoryUnreadableError (12+: one entry Grafana cannot convert).
 * Each version's `data` (on 12+ the whole dashboard, from the k8s history) is not read: it is
 * checked to be JSON, never parsed into objects.
 */
export async function listDashboardVersions(http: GrafanaRequester, uid: string, limit: number): Promise<DashboardVersion[]> {
  return (await listVersionRows(http, uid, limit, false)).map(toDashboardVersion);
}

/**
 * The same list with each row's `data` parsed: version → the model it holds. Every release from 10.x answers it in the list
 * (11.x the SQL row's `data` column as saved; 12+ the k8s history's spec with `uid` and `version` put back), so one request
 * gives what one `GET …/versions/:n` per version would; the one-version read sets `id` again on 11.x, which the list's row
 * holds as saved (dashsync never compares `id`). Fails as the list does (a Viewer's 403: the route asks for dashboards:write).
 */
export async function listDashboardVersionModels(http: GrafanaRequester, uid: string, limit: number): Promise<Map<number, Record<string, unknown>>> {
  const rows = await listVersionRows(http, uid, limit, true);
  const models = new Map<number, Record<string, unknown>>();
  for (const row of rows) if (isObject(row.data)) models.set(numberField(row, 'version'), row.data);
  return models;
}

/** The rows of the paged versions list, newest first, at most `limit`; `withData`: each row's `data` parsed too. */
async function listVersionRows(http: GrafanaRequester, uid: string, limit: number, withData: boolean): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  if (limit < 1) return rows;
  let continueToken = '';
  do {
    const query = `limit=${limit - rows.length}${continueToken ? `&continueToken=${encodeURIComponent(continueToken)}` : ''}`;
    const path = `/api/dashboards/uid/${segment(uid)}/versions?${query}`;
    const received = await http.receive(path, [404]);
    if (received === undefined) return (await dashboardExists(http, uid)) ? historyUnreadable(path) : rows;
    const body = withData ? received.parse() : (parseWithoutMember(received.bytes, 'data') ?? { value: received.parse() }).value;
    const page = readVersionsPage(body);
    if (page === null) throw unexpectedResponse('GET', path, 'neither a list of versions nor {versions}');
    for (const item of page.items) {
      if (rows.length < limit) rows.push(asObject(item));
    }
    continueToken = page.items.length === 0 ? '' : page.continueToken;
  } while (continueToken !== '' && rows.length < limit);
  return rows;
}

function readVersionsPage(body: unknown): { items: unknown[]; continueToken: string } | null {
  if (Array.isArray(body)) return { items: body, continueToken: '' };
  if (isObject(body) && Array.isArray(body.versions)) {
    return { items: body.versions, continueToken: stringField(body, 'continueToken') };
  }
  return null;
}

function toDashboardVersion(item: Record<string, unknown>): DashboardVersion {
  return {
    version: numberField(item, 'version'),
    parentVersion: numberField(item, 'parentVersion'),
    restoredFrom: numberField(item, 'restoredFrom'),
    created: stringField(item, 'created'),
    createdBy: stringField(item, 'createdBy'),
    message: stringField(item, 'message'),
  };
}

async function dashboardExists(http: GrafanaRequester, uid: string): Promise<boolean> {
  return (await http.receive(`/api/dashboards/uid/${segment(uid)}`, [404])) !== undefined;
}

function historyUnreadable(path: string): never {
  throw new HistoryUnreadableError('GET', path, 404, 'Grafana could not read this dashboard\'s version history (one entry it cannot convert)');
}

/**
 * The message one save was given: GET /api/dashboards/uid/:uid/versions/:version. The list above
 * shows a first version's as "Initial save" (pkg/api/dashboard.go GetDashboardVersions rewrites it);
 * this read does not (GetDashboardVersion). null when the dashboard or that version is gone
 * (404, or the 500 Grafana answers for a version it does not find).
 */
export async function readDashboardVersionMessage(http: GrafanaRequester, uid: string, version: number): Promise<string | null> {
  const received = await receiveVersion(http, uid, version, [404, 500]);
  if (received === undefined) return null;
  const body = (parseWithoutMember(received.bytes, 'data') ?? { value: received.parse() }).value;
  return isObject(body) ? stringField(body, 'message') : null;
}

/**
 * One version from the same read, with the message the versions list would show for it (`listed`) and the message as saved:
 * every release answers the list's row for that version (11.x the same SQL row, its saver named the same way; 12 and 13
 * the same k8s history entry through the same conversion, on legacy SQL and unified storage alike), but for the list's
 * rewrite of the message (listedMessage). null where the list has to be asked instead: the dashboard or that version is
 * gone (404, or 500: Grafana's answer to a version it does not find, and on 12+ to one it cannot convert), or the answer
 * is no object. A refusal (403) is thrown as the list's is.
 */
export async function readDashboardVersion(http: GrafanaRequester, uid: string, version: number): Promise<VersionRead | null> {
  const received = await receiveVersion(http, uid, version, [404, 500]);
  if (received === undefined) return null;
  const body = (parseWithoutMember(received.bytes, 'data') ?? { value: received.parse() }).value;
  if (!isObject(body)) return null;
  const row = toDashboardVersion(body);
  return { listed: { ...row, message: listedMessage(row) }, savedMessage: row.message };
}

/**
 * Pure: the message `GET …/versions` shows for a version (pkg/api/dashboard.go GetDashboardVersions, every release from
 * 10.x to 13): `Initial save` for a first version (parentVersion 0), else `Restored from version N` for a restore, else
 * `Initial save (created by migration)` where restoredFrom equals the version, else the message as saved.
 */
function listedMessage(version: DashboardVersion): string {
  if (version.parentVersion === 0) return 'Initial save';
  if (version.restoredFrom > 0) return `Restored from version ${version.restoredFrom}`;
  if (version.restoredFrom === version.version) return 'Initial save (created by migration)';
  return version.message;
}

/**
 * Who saved one version, as `/api` names savers (`createdBy`: a login, or a service account's name; `Anonymous` where it cannot
 * name one), from the same read. null when the dashboard or that version is gone, or these credentials may not read it.
 */
export async function readDashboardVersionSaver(http: GrafanaRequester, uid: string, version: number): Promise<string | null> {
  const received = await receiveVersion(http, uid, version, [403, 404, 500]);
  if (received === undefined) return null;
  const body = (parseWithoutMember(received.bytes, 'data') ?? { value: received.parse() }).value;
  return isObject(body) ? stringField(body, 'createdBy') : null;
}

/**
 * The dashboard model one version holds (its `data`), from the same read. null when that version is gone, or when these
 * credentials may not read it (the route asks for dashboards:write: a Viewer's 403), or when `data` is no object.
 */
export async function readDashboardVersionModel(http: GrafanaRequester, uid: string, version: number): Promise<Record<string, unknown> | null> {
  const received = await receiveVersion(http, uid, version, [403, 404, 500]);
  if (received === undefined) return null;
  const body: unknown = received.parse();
  return isObject(body) && isObject(body.data) ? body.data : null;
}

function receiveVersion(http: GrafanaRequester, uid: string, version: number, absent: number[]) {
  return http.receive(`/api/dashboards/uid/${segment(uid)}/versions/${version}`, absent);
}
