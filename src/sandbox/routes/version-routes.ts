import { isDeepStrictEqual } from 'node:util';
import { checkDashboardRoute } from '../dashboard-route-check.js';
import { findLiveDashboard, saveSuccess, writeDashboard } from '../dashboard-writer.js';
import { connectAfterSave } from '../library-elements/connect-after-save.js';
import { isObject } from '../dashboard-model.js';
import { escapedVersionData } from '../escaped-texts.js';
import { escapeGoHtml } from '../go-json-text.js';
import { errorReply, errorWithTrace, type Reply } from '../http/reply.js';
import type { Route, RouteContext } from '../http/route-table.js';
import { folderWriteAction } from '../permissions.js';
import { saverNameNow } from '../saver-names.js';
import type { DashboardRecord, VersionRecord } from '../state.js';
import { historyView } from '../apis/dashboard-view.js';
import { cutPage, readUnifiedContinueToken, STORED_METADATA_BYTES, unifiedContinueToken } from '../apis/list-pages.js';

/**
 * Versions list / one version / restore (grafana-api.md §6): `dashboards:write`, never read (pkg/api/api.go
 * `registerRoutes`). 11.2 evaluates it unscoped, so the Editor role or Edit on any folder passes, and the handler's
 * `guardian.CanSave` decides; 12 and 13 evaluate it on the dashboard's scope (`dashUIDScope`, resolved through its
 * folder and the ones above) and the handlers have no guardian (era.dashboardRoutesScoped).
 */
export const versionRoutes: Route[] = [
  { method: 'GET', pattern: '/api/dashboards/uid/:uid/versions', requirement: folderWriteAction('dashboards:write'), handle: (c) => ifMayWrite(c, listVersions) },
  { method: 'GET', pattern: '/api/dashboards/uid/:uid/versions/:version', requirement: folderWriteAction('dashboards:write'), handle: (c) => ifMayWrite(c, getVersion) },
  { method: 'POST', pattern: '/api/dashboards/uid/:uid/restore', requirement: folderWriteAction('dashboards:write'), handle: (c) => ifMayWrite(c, restoreVersion) },
];

/** The dashboard's own check (checkDashboardRoute: 11.2's `guardian.CanSave` after the lookup, 12/13's scoped route). */
function ifMayWrite(context: RouteContext, handle: (context: RouteContext) => Reply): Reply {
  const check = checkDashboardRoute(context, 'dashboards:write');
  return 'refused' in check ? check.refused : handle(context);
}

function listVersions(context: RouteContext): Reply {
  const record = findLiveDashboard(context, context.params.uid!);
  if (!record) return errorWithTrace(404, 'Dashboard not found');
  if (record.versions.length === 0) return errorWithTrace(404, `No versions found for dashboardId ${record.id}`);
  let limit = Number.parseInt(context.query.get('limit') ?? '', 10);
  if (!(limit > 0)) limit = 1000;
  const form = context.era.versionsList;
  const newestFirst = [...record.versions].reverse();
  let slice: VersionRecord[];
  let next = '';
  if (form === 'history') {
    // 12+: dashverimpl listHistoryThroughK8s lists the `/apis` history (limit, continue) and answers its token as it came.
    const page = historyPage(context, record, newestFirst, limit);
    if (page === undefined) return errorWithTrace(404, `No versions found for dashboardId ${record.id}`);
    ({ slice, next } = page);
  } else {
    // 11.x's SQL list skips `start` rows (xorm Limit(limit, start)).
    const start = Math.max(0, Number.parseInt(context.query.get('start') ?? '', 10) || 0);
    slice = newestFirst.slice(start, start + limit);
  }
  // The SQL store answers a page without rows with ErrNoVersionsForDashboardID, which the handler answers as a 404.
  if (form !== 'history' && slice.length === 0) return errorWithTrace(404, `No versions found for dashboardId ${record.id}`);
  // dashverimpl transformUnstructuredToLegacyDTOList fails the whole page on one message it cannot parse, and the
  // handler answers any List error as this 404.
  if (form === 'history' && slice.some((entry) => restoredFromMessage(entry.message) === undefined)) {
    return errorWithTrace(404, `No versions found for dashboardId ${record.id}`);
  }
  // Every release's rows carry `data`: 11.x the SQL row's data column (the list selects it), 12+ the k8s history's spec.
  const versions = slice.map((entry) => versionMeta(context, record, entry, { rewriteMessage: true }));
  if (form === 'sql-array') return rawJson(`[${versions.join(',')}]`);
  // 11.6's SQL branch of dashverimpl List sets no token: the list is whole up to `limit`, and `start` pages on.
  return rawJson(`{"continueToken":${JSON.stringify(next)},"versions":[${versions.join(',')}]}`);
}

/**
 * One page of the `/apis` history as the versions list of 12+ reads it (apis/list-dashboards.ts): the storage's token
 * (legacy `org:<org>/start:<version>/folder:`, unified the `{"o","v","s"}` base64 below the last resourceVersion), at most
 * `limit` entries and 2 MiB of them. Undefined where the token cannot be read: the handler answers the List's error as its 404.
 */
function historyPage(context: RouteContext, record: DashboardRecord, newestFirst: VersionRecord[], limit: number): { slice: VersionRecord[]; next: string } | undefined {
  const unified = context.settings.storage === 'unified';
  const stamp = (entry: VersionRecord) => historyView(record, entry, context.era.metaApiVersion ?? 'v0alpha1', context.settings.storage).resourceVersion;
  const key = (entry: VersionRecord) => (unified ? stamp(entry) : entry.version);
  const token = context.query.get('continueToken') ?? '';
  let below = Infinity;
  if (token !== '') {
    const read = unified ? readUnifiedContinueToken(token) : legacyTokenStart(token);
    if (typeof read === 'string') return undefined;
    below = typeof read === 'number' ? read : read.resourceVersion > 0 ? read.resourceVersion : Infinity;
  }
  const from = newestFirst.findIndex((entry) => key(entry) < below);
  const start = from < 0 ? newestFirst.length : from;
  const cut = cutPage(newestFirst, start, { limit, maxBytes: context.settings.maxPageSizeBytes }, () => true, (entry) => entry.body.length + STORED_METADATA_BYTES);
  if (cut.nextIndex === undefined) return { slice: cut.items, next: '' };
  const last = cut.items.at(-1)!;
  const next = unified ? unifiedContinueToken(cut.nextIndex - start, key(last)) : `org:${record.orgId}/start:${last.version}/folder:`;
  return { slice: cut.items, next };
}

/** The start of a legacy token `org:<org>/start:<n>/folder:` (legacy/token.go), or its error. */
function legacyTokenStart(token: string): number | string {
  const match = /^org:(-?\d+)\/start:(-?\d+)\/folder:/.exec(token);
  return match ? Number(match[2]) : 'invalid continue token';
}

function getVersion(context: RouteContext): Reply {
  const record = findLiveDashboard(context, context.params.uid!);
  if (!record) return errorWithTrace(404, 'Dashboard not found');
  const wanted = Number(context.params.version);
  const entry = record.versions.find((candidate) => candidate.version === wanted);
  // A message the 12+ conversion cannot parse fails Get as a missing version does (the handler's one error answer).
  if (!entry || (context.era.versionsList === 'history' && restoredFromMessage(entry.message) === undefined)) {
    return errorWithTrace(500, `Dashboard version ${context.params.version} not found for dashboardId ${record.id}`);
  }
  return rawJson(versionMeta(context, record, entry, { rewriteMessage: false }));
}

function restoreVersion(context: RouteContext): Reply {
  const request = context.body;
  if (context.invalidJson || !isObject(request) || typeof request.version !== 'number' || request.version === 0) {
    return errorWithTrace(400, 'bad request data');
  }
  const record = findLiveDashboard(context, context.params.uid!);
  if (!record) return errorWithTrace(404, 'Dashboard not found');
  const entry = record.versions.find((candidate) => candidate.version === request.version);
  if (!entry) return errorReply(404, 'Dashboard version not found');
  if (context.era.refuseIdenticalRestore && isIdentical(record, entry)) {
    // dashverimpl RestoreVersion → ErrDashboardRestoreIdenticalVersion, answered by dashboardErrResponse with the error.
    return errorWithTrace(400, 'Current dashboard is identical to the specified version');
  }
  const model = JSON.parse(entry.body) as Record<string, unknown>;
  const saved = writeDashboard(context, {
    existing: record,
    uid: record.uid,
    model,
    folderUid: record.folderUid,
    message: `Restored from version ${entry.version}`,
    restoredFrom: entry.version,
    ...(entry.apiVersion ? { apiVersion: entry.apiVersion } : {}),
  });
  // RestoreDashboardVersion saves through postDashboard, which connects library panels.
  return connectAfterSave(context, saved, model) ?? saveSuccess(saved);
}

/**
 * Grafana 12+'s compareDashboardData (pkg/services/dashboardversion/dashverimpl/dashver.go; in pkg/api/dashboard.go
 * before PR #110694): reflect.DeepEqual of the two specs without id, uid and version, which the stored bodies leave
 * out already. Grafana compares the objects as one API version; a version stored as v2 against a classic current
 * dashboard (or the reverse) is not compared here (what Grafana's conversion makes of that pair is not modelled).
 */
function isIdentical(record: DashboardRecord, entry: VersionRecord): boolean {
  if (specFamily(entry.apiVersion) !== specFamily(record.apiVersion)) return false;
  return isDeepStrictEqual(JSON.parse(entry.body), JSON.parse(record.body));
}

/** v0alpha1/v1beta1/v1 hold the classic JSON, v2* the v2 spec. */
function specFamily(apiVersion: string | undefined): 'v1' | 'v2' {
  return apiVersion?.startsWith('v2') ? 'v2' : 'v1';
}

/**
 * DashboardVersionMeta as JSON text, escaped as json.Marshal writes it (escaped-texts.ts); the list rewrites
 * messages like Grafana's handler does.
 * 12+ build it from k8s history (dashverimpl unstructuredToLegacyDashboardVersionWithUsers): `id` is the
 * version number itself, and `data` is the spec with `uid` and `version` put back but no `id`.
 */
function versionMeta(
  context: RouteContext,
  record: DashboardRecord,
  entry: VersionRecord,
  options: { rewriteMessage: boolean },
): string {
  const fromHistory = context.era.versionsList === 'history';
  // 12+ keep no restored_from of their own: the history's message is parsed back (dashverimpl getRestoreVersion).
  const restoredFrom = fromHistory ? (restoredFromMessage(entry.message) ?? 0) : entry.restoredFrom;
  let message = entry.message;
  if (options.rewriteMessage) {
    if (restoredFrom === entry.version) message = 'Initial save (created by migration)';
    if (restoredFrom > 0) message = `Restored from version ${restoredFrom}`;
    if (entry.parentVersion === 0) message = 'Initial save';
  }
  const head = JSON.stringify({
    id: fromHistory ? entry.version : entry.id,
    dashboardId: record.id,
    uid: record.uid,
    parentVersion: entry.parentVersion,
    restoredFrom,
    version: entry.version,
    created: entry.created,
    message,
  });
  const data = escapedVersionData(record, entry, fromHistory);
  const createdBy = saverNameNow(context.state, context.era, entry.createdByUserId, entry.createdBy);
  return `${escapeGoHtml(head.slice(0, -1))},"data":${data},"createdBy":${escapeGoHtml(JSON.stringify(createdBy))}}`;
}

/** A 200 whose text is escaped already (versionMeta). */
function rawJson(body: string): Reply {
  return { status: 200, body, escaped: true };
}

/**
 * Grafana 12+'s `getRestoreVersion` (pkg/services/dashboardversion/dashverimpl/dashver.go): the text after the
 * first "Restored from version ", as a whole integer (Go's Atoi: optional sign, digits, within int64); 0 without
 * the phrase; undefined where Atoi fails, which fails the conversion (`unstructuredToLegacyDashboardVersionWithUsers`).
 */
function restoredFromMessage(message: string): number | undefined {
  const parts = message.split('Restored from version ');
  if (parts.length < 2) return 0;
  const text = parts[1]!;
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const value = BigInt(text);
  if (value > 9223372036854775807n || value < -9223372036854775808n) return undefined;
  return Number(value);
}
