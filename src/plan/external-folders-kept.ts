import type { ListedDashboard, LiveFolder, LiveLibraryPanel } from '../grafana/port.js';
import { quoteText } from '../report/escape-untrusted.js';
import { folderSubtree } from './decide-managed-folders.js';
import type { PlanWarning } from './types.js';

/** Past this many, the note names the first ones and counts the others. */
const NAMED = 10;

/**
 * Pure: the live folders config `externalFolders` lists (another tree's) and every folder below them. No prune scope takes a
 * dashboard or library panel in them: `folders` never counts them as managed, and `all` leaves them too (one note).
 */
export function foldersListedExternal(listed: readonly string[], liveFolders: ReadonlyMap<string, LiveFolder>): Set<string> {
  return new Set(listed.filter((uid) => liveFolders.has(uid)).flatMap((uid) => [...folderSubtree(uid, liveFolders)]));
}

/**
 * Pure: the one note of `--prune all` for the dashboards and library panels without a file it leaves in the folders
 * `externalFolders` lists (foldersListedExternal): what the config says is another tree's is never this tree's to prune.
 */
export function describeExternalFoldersKept(
  dashboards: readonly Pick<ListedDashboard, 'uid' | 'title' | 'folderUid'>[],
  panels: readonly Pick<LiveLibraryPanel, 'uid' | 'name' | 'folderUid'>[],
  liveFolders: ReadonlyMap<string, LiveFolder>,
  configFile: string,
): PlanWarning {
  const folderUids = [...new Set([...dashboards, ...panels].map((item) => item.folderUid!))].sort();
  const folders = folderUids.map((uid) => `folder ${quoteText(liveFolders.get(uid)?.title ?? uid)} (${uid})`);
  const named = [
    ...[...dashboards].sort((a, b) => a.uid.localeCompare(b.uid)).map((hit) => (hit.title === null ? hit.uid : `${hit.uid} ${quoteText(hit.title)}`)),
    ...[...panels].sort((a, b) => a.uid.localeCompare(b.uid)).map((panel) => `library panel ${panel.uid} ${quoteText(panel.name)}`),
  ];
  const counted = [count(dashboards.length, 'dashboard'), count(panels.length, 'library panel')].filter(Boolean).join(' and ');
  const one = folders.length === 1;
  return {
    kind: 'note',
    uid: null,
    code: 'external-folders',
    message:
      `not pruned: ${counted} without a file in ${nameSome(folders)}, which "externalFolders" in ${configFile} lists ` +
      `(or a folder above ${one ? 'it' : 'them'}) as another tree's: ${nameSome(named)}. Prune never takes what is in those folders, in any scope`,
  };
}

function count(n: number, noun: string): string {
  return n === 0 ? '' : `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function nameSome(items: readonly string[]): string {
  return items.length > NAMED ? `${items.slice(0, NAMED).join(', ')} and ${items.length - NAMED} more` : items.join(', ');
}
