import { MAX_FOLDER_DEPTH } from '../files/build-folders.js';
import type { LiveFolder } from '../grafana/port.js';
import { liveFolderChain } from './live-folder-chain.js';
import { quoteText } from '../report/escape-untrusted.js';

/** A live folder below the deepest level the tree holds, and what pull left out because of it. */
export interface TooDeepFolder {
  uid: string;
  /** Titles from the top level down to it. */
  titles: string[];
  /** Its level (the tree holds MAX_FOLDER_DEPTH). */
  depth: number;
  /** uids of the dashboards and library panels in it, or below it, that pull did not write. */
  dashboards: string[];
  libraryPanels: string[];
}

/**
 * Pure: the first folder on `folderUid`'s chain deeper than the tree holds (check and plan refuse a
 * directory below MAX_FOLDER_DEPTH levels, Grafana's default limit; a Grafana 13 whose `[folder]
 * max_nested_folder_depth` is raised allows more), or null. A chain with a folder `folders` lacks is unpulledFolderNote's to report.
 */
export function findTooDeepFolder(folderUid: string | null, folders: ReadonlyMap<string, LiveFolder>): Omit<TooDeepFolder, 'dashboards' | 'libraryPanels'> | null {
  const { folders: chain, unknown } = liveFolderChain(folderUid, folders);
  if (unknown !== null || chain.length <= MAX_FOLDER_DEPTH) return null;
  const first = chain[MAX_FOLDER_DEPTH]!;
  return { uid: first.uid, titles: chain.slice(0, MAX_FOLDER_DEPTH + 1).map((folder) => folder.title), depth: MAX_FOLDER_DEPTH + 1 };
}

/** Pure: the error line's message for a folder pull left out (pull-folder-too-deep). */
export function describeTooDeepFolder(folder: TooDeepFolder): string {
  const left = [
    ...(folder.dashboards.length > 0 ? [`${folder.dashboards.length === 1 ? 'dashboard' : 'dashboards'} ${[...folder.dashboards].sort().join(', ')}`] : []),
    ...(folder.libraryPanels.length > 0 ? [`${folder.libraryPanels.length === 1 ? 'library panel' : 'library panels'} ${[...folder.libraryPanels].sort().join(', ')}`] : []),
  ].join(' and ');
  return (
    `folder ${folder.uid} ${quoteText(folder.titles.join(' / '))} is ${folder.depth} levels deep, and the tree holds at most ${MAX_FOLDER_DEPTH} ` +
    `(Grafana's default limit; check and plan refuse a deeper directory): ${left} in it or below it not pulled. ` +
    `Move the folder up in Grafana (or those dashboards out of it), then pull again`
  );
}
