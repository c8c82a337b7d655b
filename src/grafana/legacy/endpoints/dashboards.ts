import type { DeleteDashboardResult, LiveDashboard, ReceivedDashboard, SaveDashboardRequest, SaveDashboardResult } from '../legacy-api.js';
import type { GrafanaRequester } from '../../http/request.js';
import type { WriteTally } from '../../port.js';
import { readAnswerAsModel } from '../read-answer-as-model.js';
import { findLiveInexactNumber } from '../find-live-inexact-number.js';
import { asObject, booleanField, isObject, numberField, segment, stringField, unexpectedResponse } from '../../http/response-fields.js';

const NOT_FOUND = [404] as const;

/** GET /api/dashboards/uid/:uid; null on 404. */
export async function fetchDashboard(http: GrafanaRequester, uid: string, tally?: WriteTally): Promise<LiveDashboard | null> {
  const path = dashboardPath(uid);
  if (tally === undefined) {
    // A read outside apply (pull) keeps the answer's bytes: a number read as a float may have changed (11.x keeps number text).
    const received = await receiveDashboard(http, uid);
    return received === null ? null : received.parse(true);
  }
  const body = await http.send('GET', path, undefined, NOT_FOUND, { tally });
  return body === undefined ? null : toLegacyDashboard(path, body);
}

/**
 * fetchDashboard in two steps: resolves once the answer has arrived (null on 404), so the
 * connection takes its next request first (see GrafanaRequester.receive).
 */
export async function receiveDashboard(http: GrafanaRequester, uid: string): Promise<ReceivedDashboard | null> {
  const path = dashboardPath(uid);
  const received = await http.receive(path, NOT_FOUND);
  if (received === undefined) return null;
  return {
    bytes: received.bytes,
    parse: (numbersAsText = false) => legacyDashboardOfBody(uid, received.parse(), received.bytes, numbersAsText),
    readAsModel(expected) {
      const beside = readAnswerAsModel(received.bytes, expected);
      if (beside === null) return null;
      // The model's own members are the file's: only what Grafana adds to it is kept.
      const dashboard: Record<string, unknown> = {};
      if (beside.id !== undefined) dashboard.id = beside.id;
      if (beside.version !== undefined) dashboard.version = beside.version;
      return toLegacyDashboard(path, { dashboard, meta: beside.meta });
    },
  };
}

const dashboardPath = (uid: string) => `/api/dashboards/uid/${segment(uid)}`;

/**
 * Pure: GET /api/dashboards/uid/:uid's answer from `body`, the parse of its `bytes`. `numbersAsText`: the server keeps
 * number text (11.x), so look for a number the parse changed (inexactNumber).
 */
export function legacyDashboardOfBody(uid: string, body: unknown, bytes: Uint8Array, numbersAsText: boolean): LiveDashboard {
  const live = toLegacyDashboard(dashboardPath(uid), body);
  const inexactNumber = numbersAsText ? findLiveInexactNumber(bytes, live.dashboard) : undefined;
  return inexactNumber ? { ...live, inexactNumber } : live;
}

function toLegacyDashboard(path: string, body: unknown): LiveDashboard {
  const { dashboard, meta } = asObject(body);
  if (!isObject(dashboard)) throw unexpectedResponse('GET', path, 'no "dashboard" object');
  const m = asObject(meta);
  return {
    dashboard,
    meta: {
      version: numberField(m, 'version', numberField(dashboard, 'version')),
      folderUid: stringField(m, 'folderUid'),
      folderTitle: stringField(m, 'folderTitle'),
      created: stringField(m, 'created'),
      createdBy: stringField(m, 'createdBy'),
      updated: stringField(m, 'updated'),
      updatedBy: stringField(m, 'updatedBy'),
      provisioned: booleanField(m, 'provisioned'),
      provisionedExternalId: stringField(m, 'provisionedExternalId'),
      url: stringField(m, 'url'),
    },
  };
}

/**
 * POST /api/dashboards/db. `id` is the one read from this Grafana for the dashboard being updated,
 * else null — never the file's (an id from another instance would point the save at an unrelated
 * row); `folderUid` is always sent (omitting it moves the dashboard to the root).
 * 412/409/404 are thrown like any other failure: the caller decides what a conflict means.
 */
export async function saveDashboard(http: GrafanaRequester, request: SaveDashboardRequest, tally?: WriteTally, answered?: (status: number) => void): Promise<SaveDashboardResult> {
  const body = { dashboard: { ...request.dashboard, id: request.id ?? null }, folderUid: request.folderUid, message: request.message, overwrite: request.overwrite };
  const result = asObject(await http.send('POST', '/api/dashboards/db', body, undefined, { tally, ...(answered && { answered }) }));
  return {
    uid: stringField(result, 'uid'),
    version: numberField(result, 'version'),
    id: numberField(result, 'id'),
    url: stringField(result, 'url'),
    folderUid: stringField(result, 'folderUid', request.folderUid),
  };
}

/** DELETE /api/dashboards/uid/:uid; null on 404. */
export async function deleteDashboard(http: GrafanaRequester, uid: string, tally?: WriteTally): Promise<DeleteDashboardResult | null> {
  const body = await http.send('DELETE', `/api/dashboards/uid/${segment(uid)}`, undefined, NOT_FOUND, { tally });
  if (body === undefined) return null;
  const result = asObject(body);
  const message = stringField(result, 'message');
  return { title: stringField(result, 'title'), message, movedToTrash: /moved to recently deleted/i.test(message) };
}
