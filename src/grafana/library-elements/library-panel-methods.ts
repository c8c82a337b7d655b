import { GrafanaHttpError, PermissionError, resentAfterPossibleLanding } from '../../errors.js';
import type { GrafanaPort, LibraryPanelSaveOutcome, LiveLibraryPanel, ReplacedSave, SaveLibraryPanelRequest, WriteTally } from '../port.js';
import { LIBRARY_ELEMENTS_PATH, type LibraryElement, type LibraryElementsApi } from './library-elements-api.js';
import { answerStatus, judgeUnprovenSave, libraryPanelAnswerShowsSave } from '../save-not-landed.js';
import { segment } from '../http/response-fields.js';

export type LibraryPanelMethods = Pick<
  GrafanaPort,
  'listLibraryPanels' | 'getLibraryPanel' | 'saveLibraryPanel' | 'deleteLibraryPanel' | 'libraryPanelConnections'
>;

const PANEL = 1;

/**
 * The port's library panel operations over `/api/library-elements`, for every implementation of
 * the port (the element API is the same whichever API serves dashboards). `ownLogin` names the
 * credentials' user (the port's one identity lookup per run; null when not known) to tell dashsync's saves from
 * others' (library panels keep no history with messages).
 */
export function libraryPanelMethods(api: LibraryElementsApi, ownLogin: (tally?: WriteTally) => Promise<string | null>): LibraryPanelMethods {
  const toLive = async (element: LibraryElement, tally?: WriteTally): Promise<LiveLibraryPanel> => toLiveLibraryPanel(element, await ownLogin(tally));
  const getLibraryPanel = async (uid: string, tally?: WriteTally) => {
    const element = await api.get(uid, tally);
    return element && toLive(element, tally);
  };

  /**
   * A create (`sent` null) or PATCH at version `sent`, proven by its answer (libraryPanelAnswerShowsSave): one that does not
   * show it (something in front of Grafana answered for it, or rewrote the answer) is read back and judged (judgeUnprovenSave:
   * thrown, for the caller to compare the content where something else is there; fixe-74 left).
   */
  async function proven(uid: string, sent: number | null, write: (answered: (status: number) => void) => Promise<LibraryElement>, tally?: WriteTally): Promise<LibraryElement> {
    const answer = answerStatus();
    const element = await write(answer.answered);
    if (libraryPanelAnswerShowsSave(element, uid, sent)) return element;
    const save = { method: sent === null ? 'POST' : 'PATCH', path: sent === null ? LIBRARY_ELEMENTS_PATH : `${LIBRARY_ELEMENTS_PATH}/${segment(uid)}`, uid, status: answer.status(), what: 'library panel' as const };
    throw await judgeUnprovenSave(save, sent === null ? null : { version: sent, written: String(sent) }, async () => {
      const now = await api.get(uid, tally);
      return now && { version: now.version, written: String(now.version) };
    });
  }

  async function saveLibraryPanel(request: SaveLibraryPanelRequest, tally?: WriteTally): Promise<LibraryPanelSaveOutcome> {
    const write = { uid: request.uid, name: request.name, kind: PANEL, model: request.model, folderUid: request.folderUid ?? '' };
    const saved = (element: LibraryElement, replaced?: ReplacedSave): LibraryPanelSaveOutcome => ({ kind: 'saved', revision: String(element.version), version: element.version, ...(replaced !== undefined && { replaced }) });
    const create = () => proven(request.uid, null, (answered) => api.create(write, tally, answered), tally);
    if (request.expect === 'absent') {
      try {
        return saved(await create());
      } catch (error) {
        // 400 "library element with that name or UID already exists": a conflict when the uid is taken.
        const current = error instanceof GrafanaHttpError && error.status === 400 ? await getLibraryPanel(request.uid, tally) : null;
        if (current) return { kind: 'conflict', current, retried: resentAfterPossibleLanding(error) };
        throw error;
      }
    }
    // --force writes at the version read right before the PATCH: a save by someone else in the instant between the two is
    // refused (412), and the panel is read once more and written over at its new version (+1 GET +1 PATCH, only then).
    for (let attempt = 1; ; attempt += 1) {
      let version = Number(request.expect);
      let replaced: ReplacedSave | undefined;
      if (request.expect === 'any') {
        const current = await api.get(request.uid, attempt === 1 ? undefined : tally);
        if (!current) return saved(await create());
        version = current.version;
        replaced = { version, by: current.updatedBy, at: current.updated };
      }
      try {
        return saved(await proven(request.uid, version, (answered) => api.patch({ ...write, version }, tally, answered), tally), replaced);
      } catch (error) {
        if (!(error instanceof GrafanaHttpError) || (error.status !== 412 && error.status !== 404)) throw error;
        const again = request.expect === 'any' && error.status === 412 && !error.earlierSendMayHaveLanded && attempt === 1;
        if (!again) return { kind: 'conflict', current: await getLibraryPanel(request.uid, tally), retried: error.earlierSendMayHaveLanded };
      }
    }
  }

  return {
    listLibraryPanels: async () => Promise.all((await api.list()).map((element) => toLive(element))),
    getLibraryPanel: (uid, tally) => getLibraryPanel(uid, tally),
    saveLibraryPanel,
    async deleteLibraryPanel(uid, tally) {
      try {
        return (await api.delete(uid, tally)) ? { kind: 'deleted' } : { kind: 'gone' };
      } catch (error) {
        // 403 "the library element has connections" (a missing permission is a 403 too, with another message).
        if (!(error instanceof PermissionError) || !/has connections/i.test(error.grafanaMessage)) throw error;
        return { kind: 'connected', dashboardUids: (await api.connections(uid, tally)) ?? [] };
      }
    },
    libraryPanelConnections: (uid) => api.connections(uid),
  };
}

/** Pure: a library element as the port shows it (General = null). */
function toLiveLibraryPanel(element: LibraryElement, ownLogin: string | null): LiveLibraryPanel {
  return {
    uid: element.uid,
    name: element.name,
    kind: element.kind,
    model: element.model,
    folderUid: element.folderUid === '' ? null : element.folderUid,
    folderTitle: element.folderUid === '' ? 'General' : element.folderName,
    revision: String(element.version),
    version: element.version,
    connectedDashboards: element.connectedDashboards,
    lastSave: {
      by: element.updatedBy,
      at: element.updated,
      message: null,
      byDashsync: savedBy(element.updatedBy, ownLogin),
      version: element.version,
    },
    created: { by: element.createdBy, byDashsync: savedBy(element.createdBy, ownLogin) },
    savers: { created: { id: element.createdById, login: element.createdBy }, updated: { id: element.updatedById, login: element.updatedBy } },
  };
}

/** Whether `login` (a meta user's name) is these credentials' own; null when either is not known. */
function savedBy(login: string, ownLogin: string | null): boolean | null {
  return ownLogin === null || login === '' ? null : login === ownLogin;
}
