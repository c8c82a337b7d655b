import type { GrafanaRequester } from '../http/request.js';
import type { WriteTally } from '../port.js';
import { asObject, isObject, numberField, segment, stringField, unexpectedResponse } from '../http/response-fields.js';

/**
 * Grafana's library elements HTTP API (`/api/library-elements`), one function per endpoint. It is
 * the same on every release, whichever API serves dashboards (grafana-api.md §13; the sandbox's
 * README, "Library elements"). The General level is `''` here, as on the wire.
 */

/** model.LibraryElementDTO, the fields dashsync reads. */
export interface LibraryElement {
  uid: string;
  name: string;
  kind: number;
  /** '' = General. */
  folderUid: string;
  folderName: string;
  model: Record<string, unknown>;
  version: number;
  connectedDashboards: number;
  updated: string;
  /** Login of whoever changed it last ('' when the user is gone). */
  updatedBy: string;
  /** Login of whoever created it ('' when the user is gone): Grafana keeps it for the element's life. */
  createdBy: string;
  /** The user table's ids of the two (`meta.createdBy.id`, `meta.updatedBy.id`; kept when the user is gone; 0: none). */
  createdById: number;
  updatedById: number;
}

interface LibraryElementWrite {
  uid: string;
  name: string;
  kind: number;
  model: Record<string, unknown>;
  /** '' = General. Always sent: a PATCH without it keeps the element where it is. */
  folderUid: string;
}

export interface LibraryElementsApi {
  /** Every element of the org (all kinds, all folders), page by page. */
  list(): Promise<LibraryElement[]>;
  /** null on 404. */
  get(uid: string, tally?: WriteTally): Promise<LibraryElement | null>;
  /** `answered` (create, patch): told the status of a successful answer. */
  create(element: LibraryElementWrite, tally?: WriteTally, answered?: (status: number) => void): Promise<LibraryElement>;
  /** PATCH with the version read: Grafana answers 412 when it changed since. */
  patch(element: LibraryElementWrite & { version: number }, tally?: WriteTally, answered?: (status: number) => void): Promise<LibraryElement>;
  /** false on 404; throws a PermissionError (403) when dashboards still use it. */
  delete(uid: string, tally?: WriteTally): Promise<boolean>;
  /** Uids of the connected dashboards; null on 404. */
  connections(uid: string, tally?: WriteTally): Promise<string[] | null>;
  /** How many library panels (kind 1) the folder itself holds (`folderFilterUIDs`, one element asked for). */
  countPanelsIn(folderUid: string): Promise<number>;
}

const PAGE_SIZE = 100;
const NOT_FOUND = [404] as const;
export const LIBRARY_ELEMENTS_PATH = '/api/library-elements';

export function createLibraryElementsApi(http: GrafanaRequester): LibraryElementsApi {
  return {
    async list() {
      const all: LibraryElement[] = [];
      for (let page = 1; ; page += 1) {
        const path = `${LIBRARY_ELEMENTS_PATH}?perPage=${PAGE_SIZE}&page=${page}`;
        const result = asObject(asObject(await http.send('GET', path)).result);
        if (!Array.isArray(result.elements)) throw unexpectedResponse('GET', path, 'no "result.elements" list');
        all.push(...result.elements.map((element) => toElement(element)));
        if (result.elements.length < PAGE_SIZE || all.length >= numberField(result, 'totalCount', Infinity)) return all;
      }
    },
    async get(uid, tally) {
      const body = await http.send('GET', `${LIBRARY_ELEMENTS_PATH}/${segment(uid)}`, undefined, NOT_FOUND, { tally });
      return body === undefined ? null : toElement(asObject(body).result);
    },
    async create(element, tally, answered) {
      return toElement(asObject(await http.send('POST', LIBRARY_ELEMENTS_PATH, element, undefined, { tally, ...(answered && { answered }) })).result);
    },
    async patch({ uid, ...element }, tally, answered) {
      return toElement(asObject(await http.send('PATCH', `${LIBRARY_ELEMENTS_PATH}/${segment(uid)}`, element, undefined, { tally, ...(answered && { answered }) })).result);
    },
    async delete(uid, tally) {
      return (await http.send('DELETE', `${LIBRARY_ELEMENTS_PATH}/${segment(uid)}`, undefined, NOT_FOUND, { tally })) !== undefined;
    },
    async countPanelsIn(folderUid) {
      const path = `${LIBRARY_ELEMENTS_PATH}?kind=1&perPage=1&page=1&folderFilterUIDs=${encodeURIComponent(folderUid)}`;
      const count = numberField(asObject(asObject(await http.send('GET', path)).result), 'totalCount', -1);
      if (count < 0) throw unexpectedResponse('GET', path, 'no "result.totalCount" number');
      return count;
    },
    async connections(uid, tally) {
      const body = await http.send('GET', `${LIBRARY_ELEMENTS_PATH}/${segment(uid)}/connections`, undefined, NOT_FOUND, { tally });
      if (body === undefined) return null;
      const result = asObject(body).result;
      return Array.isArray(result) ? [...new Set(result.map((row) => stringField(asObject(row), 'connectionUid')).filter((uid) => uid !== ''))].sort() : [];
    },
  };
}

function toElement(value: unknown): LibraryElement {
  const element = asObject(value);
  const meta = asObject(element.meta);
  const updatedBy = asObject(meta.updatedBy);
  const createdBy = asObject(meta.createdBy);
  return {
    uid: stringField(element, 'uid'),
    name: stringField(element, 'name'),
    kind: numberField(element, 'kind'),
    folderUid: stringField(element, 'folderUid', stringField(meta, 'folderUid')),
    folderName: stringField(meta, 'folderName'),
    model: isObject(element.model) ? element.model : {},
    version: numberField(element, 'version'),
    connectedDashboards: numberField(meta, 'connectedDashboards'),
    updated: stringField(meta, 'updated'),
    updatedBy: stringField(updatedBy, 'name'),
    createdBy: stringField(createdBy, 'name'),
    createdById: numberField(createdBy, 'id', 0),
    updatedById: numberField(updatedBy, 'id', 0),
  };
}
