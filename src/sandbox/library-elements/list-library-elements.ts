import type { FolderRecord, LibraryElementRecord } from '../state.js';

/** model.SearchLibraryElementsQuery as the handler reads it from the query string. */
export interface LibraryElementQuery {
  perPage: number;
  page: number;
  searchString: string;
  sortDirection: string;
  kind: number;
  typeFilter: string;
  excludeUid: string;
  folderFilter: string;
  folderFilterUIDs: string;
}

export interface LibraryElementPage {
  totalCount: number;
  elements: LibraryElementRecord[];
  page: number;
  perPage: number;
}

/** c.QueryInt: strconv.Atoi of the parameter, 0 when absent or not a whole number. */
export function readLibraryElementQuery(query: URLSearchParams): LibraryElementQuery {
  const int = (name: string) => {
    const text = query.get(name) ?? '';
    return /^[+-]?\d+$/.test(text) ? Number(text) : 0;
  };
  const text = (name: string) => query.get(name) ?? '';
  return {
    perPage: int('perPage'),
    page: int('page'),
    searchString: text('searchString'),
    sortDirection: text('sortDirection'),
    kind: int('kind'),
    typeFilter: text('typeFilter'),
    excludeUid: text('excludeUid'),
    folderFilter: text('folderFilter'),
    folderFilterUIDs: text('folderFilterUIDs'),
  };
}

/**
 * getAllLibraryElements (libraryelements/database.go + writers.go): root elements (unless a folder
 * filter leaves "General" out) united with elements in existing folders, sorted by name (byte order,
 * as SQLite's ORDER BY), paged. The count query applies the folder filter with "general" kept, so
 * `folderFilterUIDs=general` lists every element but counts only the root ones: Grafana does that too.
 * Returns undefined where Grafana fails (both folder filters given, a folder id that is not a number).
 */
export function listLibraryElements(
  elements: readonly LibraryElementRecord[],
  folders: ReadonlyMap<string, FolderRecord>,
  query: LibraryElementQuery,
): LibraryElementPage | undefined {
  const perPage = query.perPage <= 0 ? 100 : query.perPage;
  const page = query.page <= 0 ? 1 : query.page;
  const filter = parseFolderFilter(query);
  if (!filter) return undefined;
  const types = query.typeFilter.trim() === '' ? undefined : query.typeFilter.split(',');
  const search = query.searchString.trim() === '' ? undefined : query.searchString.toLowerCase();
  const matches = (element: LibraryElementRecord) =>
    (query.kind !== 1 || element.kind === 1) &&
    (search === undefined || element.name.toLowerCase().includes(search) || element.description.toLowerCase().includes(search)) &&
    (query.excludeUid.trim() === '' || element.uid !== query.excludeUid) &&
    (types === undefined || types.includes(element.type));
  const select = (includeGeneralInFilter: boolean) => {
    const ids = filter.folderIds.filter((id) => includeGeneralInFilter || id !== 0);
    const uids = filter.folderUids.filter((uid) => includeGeneralInFilter || uid !== 'general');
    const found: LibraryElementRecord[] = [];
    for (const element of elements) {
      if (!matches(element)) continue;
      if (element.folderUid === '') {
        if (filter.includeGeneral) found.push(element);
        continue;
      }
      const folder = folders.get(element.folderUid);
      if (!folder) continue;
      if (ids.length > 0 && !ids.includes(folder.id)) continue;
      if (uids.length > 0 && !uids.includes(folder.uid)) continue;
      found.push(element);
    }
    return found;
  };
  const descending = query.sortDirection === 'alpha-desc';
  const sorted = select(false).sort((a, b) => {
    const byName = a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id;
    return descending ? -byName : byName;
  });
  return {
    totalCount: select(true).length,
    elements: sorted.slice((page - 1) * perPage, page * perPage),
    page,
    perPage,
  };
}

interface FolderFilter {
  includeGeneral: boolean;
  folderIds: number[];
  folderUids: string[];
}

function parseFolderFilter(query: LibraryElementQuery): FolderFilter | undefined {
  const byIds = query.folderFilter.trim() !== '';
  const byUids = query.folderFilterUIDs.trim() !== '';
  if (byIds && byUids) return undefined;
  if (byIds) {
    const parts = query.folderFilter.split(',');
    if (!parts.every((part) => /^[+-]?\d+$/.test(part))) return undefined;
    const folderIds = parts.map(Number);
    return { includeGeneral: folderIds.includes(0), folderIds, folderUids: [] };
  }
  if (byUids) {
    const folderUids = query.folderFilterUIDs.split(',');
    return { includeGeneral: folderUids.includes('general'), folderIds: [], folderUids };
  }
  return { includeGeneral: true, folderIds: [], folderUids: [] };
}
