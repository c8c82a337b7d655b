import { posix } from 'node:path';
import { decodeGdgFolderName } from '../files/decode-gdg-folder-name.js';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { isDerivedFolderUid } from '../files/folder-uid.js';
import type { ListedDashboard, LiveFolder } from '../grafana/port.js';
import type { DashboardAction, FolderAction, PlanWarning } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';
import { groupBy } from '../group-by.js';

/**
 * Pure: a directory renamed in the tree plans a new folder, the moves of its dashboards, and (with prune) the old folder's
 * delete: Grafana's folder, its uid and its permissions are not carried over. Where a created folder takes every dashboard of
 * one live folder no directory holds (under the same parent: a rename; under another: a directory moved), one note says how to keep the old folder (its uid in a `_folder.json`).
 * A create into it that is the copy of a live dashboard (`lookAlikes`: create uid → the live dashboards of its title and
 * content, readLookAlikeCreates) takes that one from its folder as a move would. `knownFolders`: the folder uids this tree's
 * git history held (knownFolderUids), when read. `chosenUids`: the folder uids a `_folder.json` writes: its uid is chosen
 * already (a directory of its own for one environment, docs/environments.md), so no note tells to add that file.
 */
export function findFolderRenames(
  folders: readonly FolderAction[],
  dashboards: readonly DashboardAction[],
  live: { folders: ReadonlyMap<string, LiveFolder>; dashboards: readonly ListedDashboard[] },
  root: string,
  seen: { lookAlikes?: ReadonlyMap<string, readonly { uid: string; folderUid: string | null }[]>; knownFolders?: ReadonlySet<string>; chosenUids?: ReadonlySet<string> } = {},
): PlanWarning[] {
  const treeFolders = new Set(folders.filter((folder) => folder.action !== 'delete').map((folder) => folder.uid));
  const created = new Map(folders.filter((folder) => folder.action === 'create' && folder.dir !== null).map((folder) => [folder.uid, folder]));
  const chosen = (folder: FolderAction) => seen.chosenUids?.has(folder.uid) === true;
  const notes = new Map<string, PlanWarning>();
  const ownFolder = (uid: string) => isDerivedFolderUid(uid) || seen.knownFolders?.has(uid) === true;
  // The dashboards going into each created folder, in the plan's order (one pass: a tree of 5,000 creates makes ~900 folders).
  const intoFolder = groupBy(dashboards, (dashboard) => dashboard.folderUid);
  for (const folder of created.values()) {
    const into = intoFolder.get(folder.uid) ?? [];
    const taken = [
      ...into.filter((d) => d.action === 'move').map((d) => ({ uid: d.uid, folderUid: d.live?.folderUid ?? null })),
      ...into.filter((d) => d.action === 'create').flatMap((d) => seen.lookAlikes?.get(d.uid) ?? []),
    ];
    const sources = new Set(taken.map((d) => d.folderUid));
    if (sources.size !== 1) continue;
    const [from] = [...sources];
    const old = from === null || from === undefined ? undefined : live.folders.get(from);
    if (old === undefined || treeFolders.has(old.uid)) continue;
    const moving = new Set(taken.map((d) => d.uid));
    if (live.dashboards.some((d) => d.folderUid === old.uid && !moving.has(d.uid))) continue;
    if (!chosen(folder)) notes.set(folder.uid, describeKeepUid(folder, old, root, ownFolder(old.uid)));
    // A new parent directory of it that holds no dashboard of its own (gdg's nested folders) gets no note above: it takes
    // the live folder's parent's place, so it is named too, up the chain while both sides go on.
    let child = folder;
    let liveParent = old.parentUid === null ? undefined : live.folders.get(old.parentUid);
    for (let parent = created.get(child.parentUid ?? ''); parent !== undefined && liveParent !== undefined && !treeFolders.has(liveParent.uid); parent = created.get(child.parentUid ?? '')) {
      if (!notes.has(parent.uid) && !chosen(parent)) notes.set(parent.uid, describeKeepUid(parent, liveParent, root, ownFolder(liveParent.uid), child));
      child = parent;
      liveParent = liveParent.parentUid === null ? undefined : live.folders.get(liveParent.parentUid);
    }
  }
  return [...created.keys()].flatMap((uid) => notes.get(uid) ?? []);
}

/**
 * The note that gives `created`'s directory the live folder's uid; `below`: the created folder whose live one `old` holds.
 * `own`: a folder this tree made (a uid derived from a directory, or one its git history held): a directory renamed, so the
 * `_folder.json` takes the directory's name as the title. Another's (a folder another tool or a person made, which a tree
 * copied from that tool names after an accident of the copy): the live title, which keeps the folder as others see it, and
 * how to rename it where that is meant.
 */
function describeKeepUid(created: FolderAction, old: LiveFolder, root: string, own: boolean, below?: FolderAction): PlanWarning {
  const file = posix.join(root, created.dir!, FOLDER_FILE);
  // A directory gdg named by URL-encoding the folder's title: the title it stands for, not the encoded name (which would rename the folder).
  const named = decodeGdgFolderName(created.title) ?? created.title;
  const title = own ? named : old.title;
  const likeness = below === undefined ? describeLikeness(created, named, old) : `${quoteText(old.title)} (${old.uid}), the live parent of the folder noted for ${below.dir}`;
  const rename = own || named.normalize('NFC') === old.title.normalize('NFC') ? '' : `, which keeps the folder as it is ("title": ${JSON.stringify(named)} there would rename it)`;
  return {
    kind: 'note',
    uid: created.uid,
    message:
      `folder ${quoteText(created.title)} (${created.uid}) looks like ${likeness}: to keep its uid (and its permissions) ` +
      `add ${file} ${JSON.stringify({ uid: old.uid, title })}${rename}${describeNormalizationOnly(named, old.title)}`,
  };
}

/** `a rename of "Ops" (ops-f)`, `a move of …`, or, with the same title and parent, `the folder "Ops" (ops-f) under a new uid`. */
function describeLikeness(created: FolderAction, title: string, old: LiveFolder): string {
  if (old.parentUid !== created.parentUid) return `a move of ${quoteText(old.title)} (${old.uid})`;
  return title === old.title ? `the folder ${quoteText(old.title)} (${old.uid}) under a new uid` : `a rename of ${quoteText(old.title)} (${old.uid})`;
}

/**
 * Two names that differ only in Unicode normalization look the same on screen (`équipe` precomposed or as `e` and a
 * combining accent, as a macOS archive or `core.precomposeunicode=false` writes a directory name), so the note says so.
 */
function describeNormalizationOnly(created: string, old: string): string {
  if (created === old || created.normalize('NFC') !== old.normalize('NFC')) return '';
  const form = (name: string) => (name === name.normalize('NFC') ? 'precomposed (NFC)' : 'decomposed (not NFC)');
  return `. The two names differ only in Unicode normalization: the directory's is ${form(created)}, the folder's ${form(old)}; renaming the directory to the folder's form also keeps it`;
}
