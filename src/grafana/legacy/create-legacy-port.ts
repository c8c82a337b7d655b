import { DASHBOARD_GROUP } from '../../files/dashboard-api-version.js';
import { MIXED_FLEET_DOC } from '../../files/find-v2-transformations.js';
import { GrafanaHttpError, isHiddenByFolder, PermissionError, PlanFileError, resentAfterPossibleLanding } from '../../errors.js';
import { planAgain } from '../../report/plan-again.js';
import { createRequester, type GrafanaRequester, type HttpClientOptions } from '../http/request.js';
import type { ApiNeutralReads } from '../api-neutral-reads.js';
import type { DashboardRead, ExpectedModel, FolderChangeRecord, FolderSaveOutcome, GrafanaPort, LiveDashboard, ReadDashboardsOptions, SaveDashboardRequest, SaveOutcome, ServerDescription, WriteTally } from '../port.js';
import { majorOf } from '../parse-release.js';
import { capabilitiesOf } from './capabilities.js';
import { checkOrgAccess } from './check-org-access.js';
import { createLegacyApi } from './create-legacy-api.js';
import { libraryPanelMethods } from '../library-elements/library-panel-methods.js';
import { anyStoredAsV2 } from './any-stored-as-v2.js';
import { recentlyDeletedReader } from '../read-recently-deleted.js';
import { defaultDatasourceOf, namedDatasourcesOf } from '../settings-datasources.js';
import { frontendSettingsReader } from '../frontend-settings.js';
import { dashboardPermissionsReader, writeAccessOf } from '../read-write-access.js';
import { listTrashed, readTrash } from './endpoints/trash.js';
import { createLastSaveReader } from './read-last-save.js';
import { readLegacyEarlierPush } from './read-earlier-push.js';
import { readLegacyVersionsBetween } from './read-versions-between.js';
import { pushedFromOf, withListedSaverNote } from '../content-note.js';
import { withRestoreNote } from '../restore-note.js';
import type { FolderSeen } from '../folder-as-seen.js';
import { updateFolderJudged } from '../update-folder-judged.js';
import { isFolderTitleTakenRefusal } from '../folder-title-taken.js';
import { listedSaverName } from '../own-identity.js';
import { readEach } from './read-each.js';
import { createTitleTakeoverCheck } from './title-takeover.js';
import { guardUpdate, sendWithId } from './update-guard.js';
import { answerShowsSave, answerStatus, folderAnswerShowsSave, judgeUnprovenFolderWrite, judgeUnprovenSave } from '../save-not-landed.js';
import { segment } from '../http/response-fields.js';
import { refusalOf } from '../save-refusal.js';
import { toLiveDashboard, toLiveFolder } from './to-live-dashboard.js';
import type { Folder, SearchHit } from './legacy-api.js';
import { titleSlugKey } from '../../files/title-slug-key.js';

/**
 * The port on Grafana's legacy `/api`: one GET per dashboard, the integer `version` as the
 * revision (`POST /api/dashboards/db` with `overwrite: false` refuses a stale one), the
 * General level spelled `''` on the wire and `null` here.
 */
export function createLegacyPort(options: HttpClientOptions, given?: GrafanaRequester, neutral?: ApiNeutralReads): GrafanaPort {
  const http = given ?? createRequester(options);
  const api = createLegacyApi(options, http, neutral);
  // A first version's read answers both: its newest save, and then its message as saved (read-last-save.ts).
  const lastSaves = createLastSaveReader(api);
  let server: Promise<ServerDescription> | undefined;
  let takeover: ReturnType<typeof createTitleTakeoverCheck> | undefined;
  // Dashboards saved with no content note, the saver's name not known (GrafanaPort.unnotedSaves).
  const unnotedSaves = new Set<string>();

  const describeServer = (): Promise<ServerDescription> => {
    server ??= api.serverInfo().then(({ version }) => ({ version, capabilities: capabilitiesOf(version) }));
    server.catch(() => (server = undefined));
    return server;
  };
  const settings = frontendSettingsReader(http);
  const recentlyDeleted = recentlyDeletedReader(settings, async () => (await describeServer()).version);
  const permissions = dashboardPermissionsReader(http);
  // Grafana 11 and older look a posted id up in SQL and refuse one no row has (404); only "Recently deleted" (11's
  // dashboardRestore, off in a stock 11.2) keeps a deleted dashboard's row, and its id, so with it off the id alone
  // guards an update. Settings that cannot be read, or say it is on, keep the read before each update (and --force).
  const trashKeepsRows = async (): Promise<boolean> => (await describeServer()).capabilities.softDeleteTrash && (await recentlyDeleted()).on !== false;
  const refusesUnknownId = async (): Promise<boolean> => {
    const { version, capabilities } = await describeServer();
    if (capabilities.saveRefusesUnknownId) return true;
    const major = majorOf(version);
    return major !== null && major < 12 && !(await trashKeepsRows());
  };
  const keepsNumberText = async (): Promise<boolean> => {
    const major = majorOf(await describeServer().then(({ version }) => version, () => null));
    return major === null || major < 12;
  };
  const getDashboard = async (uid: string, tally?: WriteTally): Promise<LiveDashboard | null> => {
    const legacy = await api.getDashboard(uid, tally);
    return legacy === null ? null : toLiveDashboard(uid, legacy);
  };

  async function saveDashboard(request: SaveDashboardRequest, tally?: WriteTally): Promise<SaveOutcome> {
    if ((request.schema ?? 'v1') !== 'v1' || (request.target && request.target.api !== 'legacy')) {
      throw new PlanFileError(`dashboard ${request.uid ?? String(request.model.uid)}: this Grafana API (/api) cannot write it`, planAgain({ review: false }));
    }
    const dashboard: Record<string, unknown> = { ...request.model };
    delete dashboard.version;
    const uid = String(dashboard.uid);
    const forced = request.expect === 'any';
    let id: number | null = null;
    if (request.expect !== 'any' && request.expect !== 'absent') {
      dashboard.version = Number(request.expect);
      const guard = await guardUpdate({
        internalId: request.internalId,
        refusesUnknownId,
        read: () => getDashboard(uid),
        plannedSave: request.plannedSave,
      });
      if ('conflict' in guard) return { kind: 'conflict', current: guard.conflict, retried: false };
      id = guard.id;
    }
    if (forced && (await describeServer()).capabilities.uniqueTitlesPerFolder) {
      // ≤ 11.2: a forced save whose title matches another dashboard in the folder is refused (412 name-exists) for words
      // Grafana does not give; an overwrite would have taken that one over.
      takeover ??= createTitleTakeoverCheck(api);
      const other = await takeover(uid, String(dashboard.title ?? ''), request.folderUid);
      if (other) {
        return {
          kind: 'refused',
          message: `not forced: dashboard ${other} in the target folder has the same title, which this Grafana (≤ 11.2) allows once per folder; rename one of them`,
        };
      }
    }
    const command: CommandOfWords = request.nextCommand ?? ((words) => ['dashsync', ...words].join(' '));
    // A restore's re-post of someone else's save: its note names no restorer (a plan through /apis judges it by these credentials).
    const message = request.restoredBackup
      ? withRestoreNote(request.message, 'backup', request.restoredBackup.held, null)
      : request.contentSha256 ? withListedSaverNote(request.message, request.contentSha256, listedSaverName(await api.ownIdentity(tally)), pushedFromOf(request)) : request.message;
    if (message === request.message && request.contentSha256) unnotedSaves.add(uid);
    // --force saves at the version read right before it, never with `overwrite`: a resend after a send that landed (no
    // answer in --timeout, a gateway's 502/504) is refused (412) and read back, never saved again as another version
    // (review-69b M3: up to 8). A save by someone else in the instant between the read and the save is refused too, and
    // the dashboard is read once more and saved at its new version (+1 GET +1 POST, only then). The first read is the
    // caller's where it gives one (`readBefore`: the save action's, for its "forced over" words): one GET, not two.
    for (let attempt = 1; ; attempt += 1) {
      let creating = request.expect === 'absent';
      let over: LiveDashboard | null | undefined;
      if (forced) {
        over = attempt === 1 && request.readBefore !== undefined ? request.readBefore : await getDashboard(uid, attempt === 1 ? undefined : tally);
        creating = over === null;
        if (over === null) delete dashboard.version;
        else dashboard.version = over.version;
      }
      try {
        const answer = answerStatus();
        const saved = await sendWithId(
          (id) => api.saveDashboard({ dashboard, id, folderUid: request.folderUid ?? '', message, overwrite: false }, tally, answer.answered),
          id,
          { read: () => getDashboard(uid, tally), planned: request.expect },
        );
        if ('conflict' in saved) return { kind: 'conflict', current: saved.conflict, retried: saved.refusal.earlierSendMayHaveLanded, refusal: refusalOf(saved.refusal) };
        // Grafana answers a save with the uid it saved at the version after the one sent (1 for a create): an answer that does
        // not show that is read back (walk-72 L4; an update, or a made-up success naming the uid: fixe-73 left).
        const sentVersion = creating ? null : Number(dashboard.version);
        const major = await describeServer().then(({ version }) => majorOf(version), () => null);
        if (!answerShowsSave(saved.sent, uid, sentVersion, major !== null && major >= 12)) {
          const before = sentVersion === null ? null : { version: sentVersion, written: String(sentVersion) };
          throw await judgeUnprovenSave({ method: 'POST', path: '/api/dashboards/db', uid, status: answer.status() }, before, async () => {
            const live = await getDashboard(uid, tally);
            return live && { version: live.version, written: String(live.version) };
          });
        }
        return { kind: 'saved', revision: String(saved.sent.version), version: saved.sent.version, ...(over !== undefined && { over }) };
      } catch (error) {
        if (creating && isTitleTaken(error) && (await describeServer()).capabilities.trash) {
          const refusal = await trashHoldsTitle(String(dashboard.title ?? ''), request.folderUid ?? '', command);
          if (refusal !== null) return { kind: 'refused', message: refusal };
        }
        if (!isVersionConflict(error)) throw error;
        const trashMayHold = creating && (await describeServer()).capabilities.trash;
        if (forced && attempt === 1 && !resentAfterPossibleLanding(error) && !trashMayHold) continue;
        const current = await getDashboard(uid, tally);
        if (current === null && trashMayHold) {
          // Grafana 11: a dashboard in "Recently deleted" keeps its row, and a save meets that row by uid (412).
          return { kind: 'refused', message: trashHoldsUid(uid, await listTrashed(api.search), command, request.restoring === true) };
        }
        return { kind: 'conflict', current, retried: resentAfterPossibleLanding(error), refusal: refusalOf(error as GrafanaHttpError) };
      }
    }
  }

  /**
   * Grafana 11 keeps a trashed dashboard's title taken in its folder (a new one of that title is 412 name-exists): which
   * trashed dashboard holds it, when the trash can be listed; null when the trash holds no such title (another live one does).
   */
  async function trashHoldsTitle(title: string, folderUid: string, command: CommandOfWords): Promise<string | null> {
    const trashed = await listTrashed(api.search);
    if (trashed === null) {
      return (
        `a dashboard of this title exists in the folder, perhaps in Grafana's "Recently deleted", which keeps its title taken in Grafana 11; ` +
        `only an org Admin can see it there: rename this dashboard, or ask an Admin to restore or delete that one for good`
      );
    }
    const key = titleSlugKey(title);
    const holder = trashed.find((hit) => hit.folderUid === folderUid && titleSlugKey(hit.title) === key);
    if (!holder) return null;
    return (
      `the title is held by dashboard ${holder.uid} in Grafana's "Recently deleted", which keeps its title taken in the folder in Grafana 11: ` +
      `rename this dashboard, take that one back with ${command(['restore', holder.uid])}, or delete it for good on Grafana's "Recently deleted" page`
    );
  }

  /**
   * GET, then PUT at the version read (a title change) and POST …/move (a parent change), judged as the plan saw the folder
   * (updateFolderJudged): a save by someone else in the instant between the GET and the PUT is refused (412
   * version-mismatch), and the folder is read and judged once more.
   */
  async function updateFolder(uid: string, change: { title: string; parentUid: string | null; expect: string; seen?: FolderSeen }, tally?: WriteTally): Promise<FolderSaveOutcome> {
    return updateFolderJudged(uid, change, {
      read: (reading) => api.getFolder(uid, reading),
      liveOf: (folder) => toLiveFolder(folder),
      write: async (current) => {
        // Grafana answers each with the folder DTO: one that does not show its write (something in front of Grafana answered
        // for it) is judged by the read that follows anyway (fixe-74 left).
        const answer = answerStatus();
        let unproven: { method: string; path: string } | undefined;
        if (current.title !== change.title) {
          const saved = toLiveFolder(await api.updateFolder(uid, { title: change.title, version: current.version }, tally, answer.answered));
          if (!folderAnswerShowsSave(saved, { uid, title: change.title }, current.version)) unproven = { method: 'PUT', path: `/api/folders/${segment(uid)}` };
        }
        if ((current.parentUid ?? null) !== change.parentUid) {
          const moved = toLiveFolder(await api.moveFolder(uid, change.parentUid, tally, answer.answered));
          if (!folderAnswerShowsSave(moved, { uid, parentUid: change.parentUid }, null)) unproven ??= { method: 'POST', path: `/api/folders/${segment(uid)}/move` };
        }
        const read = async () => {
          const folder = await api.getFolder(uid, tally);
          return folder && toLiveFolder(folder);
        };
        if (unproven !== undefined) return judgeUnprovenFolderWrite({ ...unproven, uid, status: answer.status() }, toLiveFolder(current), change, read);
        return (await read()) ?? toLiveFolder({ ...current, title: change.title, parentUid: change.parentUid });
      },
      // 11.2's refusal of a title a sibling folder has is a 409 too, and no save by someone else: it fails as it is, read once more for nothing.
      isStale: (error) => isVersionConflict(error) && !isFolderTitleTakenRefusal(error),
      lastChange: lastFolderChange,
    }, tally);
  }

  return {
    url: api.url,
    urlSha256: api.urlSha256,
    orgId: api.orgId,
    api: 'legacy',
    writeTargetFor: (content) =>
      content.schema === 'v2'
        ? { refused: content.apiVersion === `${DASHBOARD_GROUP}/v2`
          ? `a ${DASHBOARD_GROUP}/v2 dashboard needs Grafana's /apis on Grafana 13 or later (api: auto or k8s; 12 serves v2beta1 and v2alpha1, not v2: for 12, make it a ${DASHBOARD_GROUP}/v2beta1 file, ${MIXED_FLEET_DOC} says how); this run uses /api only`
          : 'a v2 dashboard needs Grafana\'s /apis (Grafana 12 or later, api: auto or k8s); this run uses /api only' }
        : { api: 'legacy', apiVersion: null },
    describeServer,
    checkAccess: () => checkOrgAccess(api, options.orgIdFrom?.()),
    listFolders: async () => (await api.listAllFolders()).map((folder) => toLiveFolder(folder, true)),
    getFolder: async (uid, tally) => {
      const folder = await api.getFolder(uid, tally);
      return folder && toLiveFolder(folder);
    },
    getFolderWithLastChange: async (uid, tally) => {
      const folder = await api.getFolder(uid, tally);
      const lastChange = folder && lastFolderChange(folder);
      return folder && { folder: toLiveFolder(folder), ...(lastChange && { lastChange }) };
    },
    async createFolder(folder, tally) {
      const answer = answerStatus();
      const saved = toLiveFolder(await api.createFolder(folder, tally, answer.answered));
      if (folderAnswerShowsSave(saved, folder, null)) return saved;
      // Grafana answers a create with the folder made: an answer that is not it is read back (fixe-74 left).
      return judgeUnprovenFolderWrite({ method: 'POST', path: '/api/folders', uid: folder.uid, status: answer.status() }, null, folder, async () => {
        const made = await api.getFolder(folder.uid, tally);
        return made && toLiveFolder(made);
      });
    },
    updateFolder,
    async folderContents(uid) {
      const counts = await api.folderCounts(uid);
      if (!counts) return null;
      if (Object.values(counts).some((n) => n > 0)) return { counts: { ...counts }, found: null };
      for await (const hit of api.search({ folderUids: [uid] })) {
        return { counts: { ...counts }, found: { kind: hit.type === 'dash-folder' ? 'folder' : 'dashboard', uid: hit.uid } };
      }
      return { counts: { ...counts }, found: null };
    },
    deleteFolder: async (uid, tally) => (await api.deleteFolder(uid, tally)) !== null,
    async *listDashboards(filter) {
      const folderUids = filter?.folderUids?.map((uid) => uid ?? 'general');
      for await (const hit of api.search({ type: 'dash-db', ...(folderUids ? { folderUids } : {}) })) {
        yield { uid: hit.uid, title: hit.title, folderUid: hit.folderUid === '' ? null : hit.folderUid };
      }
    },
    readsWholeOrg: false,
    readDashboards: ((uids: readonly string[], { concurrency, signal, fileModels, refusedAsAnswer, unparsedAnswers }: ReadDashboardsOptions & { fileModels?: ReadonlyMap<string, ExpectedModel>; refusedAsAnswer?: true; unparsedAnswers?: true }) => {
      // 11.x keeps a dashboard's number text (12+ store float64s): a number a float cannot hold may be there, which an update rounds.
      // Known before the first request; told in the reads, not by a generator around readEach (one more hop per answer).
      let numbersAsText: boolean | undefined;
      const read = async (uid: string) => {
        numbersAsText ??= await keepsNumberText();
        try {
          return { uid, answer: await api.receiveDashboard(uid) };
        } catch (error) {
          // A dashboard its folder hides from these credentials: an answer of its own, and the reads go on.
          if (refusedAsAnswer && error instanceof PermissionError && isHiddenByFolder(error)) return { uid, answer: null, refused: error };
          throw error;
        }
      };
      return readEach(uids, concurrency, read, signal, ({ uid, answer, refused }: { uid: string; answer: Awaited<ReturnType<typeof api.receiveDashboard>>; refused?: PermissionError }): DashboardRead => {
        if (refused !== undefined) return { uid, refused };
        if (answer === null) return { uid, live: null };
        const expected = fileModels?.get(uid);
        const asFile = expected && answer.readAsModel(expected.text);
        if (asFile) {
          // The file's model, in the file's folder: its head says all a plan needs (see DashboardRead).
          const { model: _model, ...head } = toLiveDashboard(uid, asFile);
          if (head.folderUid === expected.folderUid) return { uid, asPushed: head };
        }
        const keepsText = numbersAsText !== false;
        if (unparsedAnswers) return { uid, unparsed: { bytes: answer.bytes, numbersAsText: keepsText, parse: () => toLiveDashboard(uid, answer.parse(keepsText)) } };
        return { uid, live: toLiveDashboard(uid, answer.parse(keepsText)) };
      });
    }) as GrafanaPort['readDashboards'],
    getDashboard,
    readLastSave: lastSaves.readLastSave,
    readSaveMessage: lastSaves.readSaveMessage,
    readEarlierPush: (uid, version, options) => readLegacyEarlierPush(api, uid, version, options),
    readVersionsBetween: (uid, range) => readLegacyVersionsBetween(api, uid, range),
    // meta.updatedBy and the versions' createdBy are logins already.
    nameSavers: async () => new Map(),
    identityFailure: () => api.identityFailure(),
    unnotedSaves: () => unnotedSaves,
    credentialsOrgId: () => api.credentialsOrgId(),
    orgAdmin: () => api.orgAdmin(),
    saveDashboard,
    async deleteDashboard(uid, { purge }, tally) {
      const deleted = await api.deleteDashboard(uid, tally);
      // null: already gone — typically a DELETE retried after a dropped connection whose first attempt landed.
      if (purge && (deleted === null || deleted.movedToTrash)) await api.purgeFromTrash(uid, tally);
      return deleted !== null;
    },
    restoreFromTrash(uid, into) {
      // RestoreDashboard takes an empty folderUid for the dashboard's own folder: General cannot be asked for.
      if (into?.folderUid === null) throw new Error(`Grafana 11 gives dashboard ${uid} back from "Recently deleted" into a folder only, not the General level`);
      return api.restoreFromTrash(uid, into?.folderUid);
    },
    recentlyDeleted,
    defaultDatasource: async () => defaultDatasourceOf(await settings()),
    namedDatasources: async () => namedDatasourcesOf(await settings()),
    async trashedDashboardUids(uid) {
      if (!(await describeServer()).capabilities.softDeleteTrash) return null;
      // One uid: the store ANDs `dashboardUIDs` with `deleted` (FindDashboards' DashboardFilter and DeletedFilter).
      const listed = await readTrash(uid === undefined ? api.search : (params) => api.search({ ...params, dashboardUids: [uid] }));
      return listed === 'refused' || listed === null ? listed : listed.map((hit) => hit.uid);
    },
    // 11's trash keeps uids taken: the plan's recently-deleted warning (trashedDashboardUids) says more than a note would.
    recentlyDeletedEntries: async () => null,
    keepRecentlyDeleted: () => {},
    async recentlyDeletedUids() {
      if (!(await describeServer()).capabilities.trash) return null;
      const listed = await readTrash(api.search);
      // A hit names a folder that exists only: '' is General or a folder that is gone, which the search does not tell apart.
      return Array.isArray(listed) ? new Map(listed.map((hit) => [hit.uid, hit.folderUid || undefined])) : null;
    },
    dashboardWriteAccess: async () => writeAccessOf(await permissions()),
    dashboardPermissions: () => permissions(),
    ...libraryPanelMethods(api.libraryElements, async (tally) => (await api.ownIdentity(tally)).login),
    // `/api` cannot read a v2 dashboard (406): with one in the org, which library panels it uses is not to be seen from here.
    v2LibraryPanelUsers: async (_panelUids, options) => ((await anyStoredAsV2(api, options)) ? null : new Map()),
    // Grafana 11's trash keeps a dashboard's connections (listed and judged as such); 12's and 13's only /apis can read.
    recentlyDeletedLibraryPanelUsers: async () => null,
    close: () => api.close(),
  };
}

/** 412 version-mismatch (Grafana ≤ 12, 13.0.x) or 409 (Grafana 13.1 on): it changed since it was read. */
function isVersionConflict(error: unknown): boolean {
  return error instanceof GrafanaHttpError && ((error.status === 412 && error.grafanaStatus === 'version-mismatch') || error.status === 409);
}

/** 11.2's refusal of a title another dashboard of the folder has. */
function isTitleTaken(error: unknown): boolean {
  return error instanceof GrafanaHttpError && error.status === 412 && error.grafanaStatus === 'name-exists';
}

/**
 * A create refused because Grafana 11's trash still holds the uid: what to do about it. `trashed` null: these
 * credentials may not list the trash (not an org Admin), so they may not restore from it either. `restoring`: a restore's
 * save, which has no file to give another uid and nothing to apply after Grafana's copy is back (review-70a L2).
 */
function trashHoldsUid(uid: string, trashed: readonly SearchHit[] | null, command: CommandOfWords, restoring: boolean): string {
  const restore = command(['restore', uid]);
  const apply = command(['apply']);
  if (restoring) {
    const deleteForGood = "delete it for good on Grafana's \"Recently deleted\" page, then run this restore again";
    return trashed === null
      ? `dashboard ${uid} is in Grafana's "Recently deleted", which keeps its uid taken in Grafana 11, and only an org Admin may take it back: ` +
          `run ${restore} with an Admin's token (Grafana's copy comes back, with its id and version history), or have an Admin ${deleteForGood}`
      : `dashboard ${uid} is in Grafana's "Recently deleted", which keeps its uid taken in Grafana 11: ` +
          `take Grafana's copy back with ${restore} (with its id and version history), or ${deleteForGood}`;
  }
  if (trashed === null) {
    return (
      `dashboard ${uid} is in Grafana's "Recently deleted", which keeps its uid taken in Grafana 11, and only an org Admin may take it back: ` +
      `run ${restore} with an Admin's token, then ${apply}; have an Admin delete it for good on Grafana's "Recently deleted" page; or give the file another uid`
    );
  }
  return (
    `dashboard ${uid} is in Grafana's "Recently deleted", which keeps its uid taken in Grafana 11: ` +
    `take it back with ${restore}, then run ${apply}; or delete it for good on Grafana's "Recently deleted" page`
  );
}

/** A dashsync command from its words, as the user is to run it (SaveDashboardRequest.nextCommand). */
type CommandOfWords = (words: readonly string[]) => string;

/**
 * Who changed a folder last and when, as `/api` answers them (a conflict names them). `Anonymous` names
 * nobody: 11.x answers it for every folder it read from the `folder` table, which keeps no saver.
 */
function lastFolderChange(folder: Folder): FolderChangeRecord | undefined {
  const by = folder.updatedBy === 'Anonymous' ? '' : (folder.updatedBy ?? '');
  return by || folder.updated ? { by, at: folder.updated ?? '' } : undefined;
}
