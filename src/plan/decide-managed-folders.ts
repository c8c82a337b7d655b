import { deriveFolderUid, isDerivedFolderUid } from '../files/folder-uid.js';
import type { Tree } from '../files/types.js';
import type { LiveFolder } from '../grafana/port.js';
import { liveFolderPath } from './decide-folders.js';

export interface ManagedFolders {
  /** Every folder dashsync manages: prune's `folders` scope, and the only folders it ever deletes. */
  managed: Set<string>;
  /**
   * With `known` undefined (git not asked): live folders below a managed one that no directory holds and no rule takes
   * without git's evidence, which rule 5 takes where git held them: the caller asks git when there is any. Empty otherwise.
   */
  gitMayTake: string[];
  /**
   * Live folders rules 2 and 3 would take but `known` does not show to be this tree's (another tree in the
   * same org derives the same uid for the same path): never pruned, named in one warning. Sorted.
   */
  unproven: string[];
  /**
   * Folders of the tree's directories that hold nothing of their own (`passThrough`) and that `known` does not show
   * to have held a dashboard (or that nothing was asked about: `known` undefined): not managed. Sorted.
   */
  passedOver: string[];
  /** Folders of the tree's directories whose `_folder.json` says `"parentOnly": true`: held only as a parent, never managed, whatever git shows. Sorted. */
  parentOnly: string[];
  /** Live folders `shells` names that no directory holds and no rule takes: deleted with their directory, only once empty. Sorted. */
  shells: string[];
}

/**
 * Pure: the folders dashsync manages (docs/apply.md "Which folders are managed"). A directory
 * that left the tree leaves no trace in it, and a derived uid cannot be turned back into a
 * path, so a live folder is recognised by evidence, from the tree downwards:
 *
 * 1. a directory of the tree holds it (with dashboards, or only its `_folder.json`). A directory
 *    that holds nothing of its own (only its `_folder.json` and subdirectories: a pull of a nested
 *    folder writes its parents so) counts only when `known` holds its uid: this tree's git history
 *    held a dashboard directly in it. The folders below it are judged as below a managed one. One whose `_folder.json` says
 *    `"parentOnly": true` never counts, nor is a folder below it judged as below a managed one: the operator says the tree
 *    holds it only as a parent;
 * 2. its uid is the one derived from the path it would have (below the nearest directory the
 *    tree still has, or along its titles);
 * 3. its parent is managed and its uid has the derived form (`ds-<slug>-<8 hex>`): dashsync
 *    made it from a directory;
 * 4. (retired: its parent managed and every dashboard inside it last saved by dashsync. It took only folders `known` holds,
 *    which rule 5 takes below a managed parent too since prune-69, so the history reads it cost were left with nothing to decide);
 * 5. it is at the top level, or its parent is managed, and `known` holds its uid: this tree's git history held the directory
 *    it derives from, or a `_folder.json` naming it (a uid of its own, or a title other than its directory's name);
 * 6. for rules 3 and 5, a parent counts as managed where `known` holds the folder's uid and that parent is the folder git gave
 *    the directory above the one that held it (`formerParents`): where this tree put it, though that parent's title is no
 *    directory name and nothing manages the parent itself (a `_folder.json` of its own above a removed subtree that held only
 *    subdirectories: rule 2 cannot find the path again).
 *
 * Rules 2 and 3 take a folder only when `known` holds its uid (knownFolderUids: this tree's git history
 * held its directory or a `_folder.json` naming it): a derived uid is the same in every tree, and
 * dashsync saves another tree's dashboards too. `known` undefined: not asked yet (every folder
 * rules 2 and 3 match counts, the way to learn whether asking is needed; rules 1 and 5 need the answer).
 *
 * A folder under an unmanaged parent is never managed by 3, nor a top-level one without git's
 * evidence: nothing ties it to this tree rather than to another tree or tool. No rule takes a folder
 * `external` lists (config `externalFolders`: another tree's) or one below it, and it is not unproven either.
 * `shells` (shellFolderUids): folders of directories git held with only subdirectories in them; not managed, never unproven.
 */
export function decideManagedFolders(
  tree: Pick<Tree, 'folders' | 'idleFolders'>,
  liveFolders: ReadonlyMap<string, LiveFolder>,
  known?: ReadonlySet<string>,
  external: readonly string[] = [],
  shells: ReadonlySet<string> = new Set(),
  formerParents: ReadonlyMap<string, string | null> = new Map(),
): ManagedFolders {
  const treeDirs = new Map([...tree.folders, ...tree.idleFolders].map((folder) => [folder.uid, folder.dir]));
  const parentOnly = [...tree.folders, ...tree.idleFolders].filter((folder) => folder.passThrough === true && folder.parentOnly === true).map((folder) => folder.uid);
  const passedOver = [...tree.folders, ...tree.idleFolders].filter((folder) => folder.passThrough === true && folder.parentOnly !== true && known?.has(folder.uid) !== true).map((folder) => folder.uid);
  const held = new Set([...treeDirs.keys()].filter((uid) => !passedOver.includes(uid) && !parentOnly.includes(uid)));
  const elsewhere = new Set(external.filter((uid) => liveFolders.has(uid)).flatMap((uid) => [...folderSubtree(uid, liveFolders)]));
  // Not pull's placement (src/files/pulled-file.ts): the directory a person would have named after each title, as typed,
  // whose derived uid dashsync would have given the folder (pull's names are sanitized, so they derive other uids).
  const dirOf = (folder: LiveFolder, guard: number): string => {
    const held = treeDirs.get(folder.uid);
    if (held !== undefined) return held;
    const parent = folder.parentUid ? liveFolders.get(folder.parentUid) : undefined;
    return parent && guard < 16 ? `${dirOf(parent, guard + 1)}/${folder.title}` : folder.title;
  };
  const derivedHere = (folder: LiveFolder) => deriveFolderUid(dirOf(folder, 0)) === folder.uid || deriveFolderUid(liveFolderPath(folder, liveFolders)) === folder.uid;

  // Rule 6: where git held it under the folder git gave its parent directory, that parent counts as managed for it.
  const heldUnderParent = (folder: LiveFolder) => known?.has(folder.uid) === true && formerParents.has(folder.uid) && formerParents.get(folder.uid) === folder.parentUid;
  const take = (evidence: (uid: string) => boolean): Set<string> => {
    const managed = new Set(held);
    const underManaged = (folder: LiveFolder) => folder.parentUid !== null && (managed.has(folder.parentUid) || (treeDirs.has(folder.parentUid) && !parentOnly.includes(folder.parentUid)) || heldUnderParent(folder));
    // Parents before children is not known in advance (a parent may be recognised late): repeat until nothing changes.
    for (let changed = true; changed; ) {
      changed = false;
      for (const folder of liveFolders.values()) {
        if (managed.has(folder.uid) || treeDirs.has(folder.uid) || shells.has(folder.uid) || elsewhere.has(folder.uid) || !evidence(folder.uid)) continue;
        // Rule 5: git's evidence takes a folder at the top level and below a managed parent alike (a bootstrap pull's folders keep their own uids).
        const heldByGit = (folder.parentUid === null || underManaged(folder)) && known?.has(folder.uid) === true;
        if (heldByGit || derivedHere(folder) || (underManaged(folder) && isDerivedFolderUid(folder.uid))) {
          managed.add(folder.uid);
          changed = true;
        }
      }
    }
    return managed;
  };
  const managed = take((uid) => known === undefined || known.has(uid));
  const wouldBe = known === undefined ? managed : take(() => true);
  const underManaged = (folder: LiveFolder) => folder.parentUid !== null && (managed.has(folder.parentUid) || (treeDirs.has(folder.parentUid) && !parentOnly.includes(folder.parentUid)) || heldUnderParent(folder));
  const gitMayTake = [...liveFolders.values()]
    .filter((folder) => !managed.has(folder.uid) && !treeDirs.has(folder.uid) && !elsewhere.has(folder.uid) && underManaged(folder) && (known === undefined || known.has(folder.uid)))
    .map((folder) => folder.uid);
  const unproven = [...wouldBe].filter((uid) => !managed.has(uid));
  const shellsLeft = [...shells].filter((uid) => liveFolders.has(uid) && !treeDirs.has(uid) && !managed.has(uid) && !elsewhere.has(uid));
  return { managed, gitMayTake: gitMayTake.sort(), unproven: unproven.sort(), passedOver: passedOver.filter((uid) => liveFolders.has(uid)).sort(), parentOnly: parentOnly.filter((uid) => liveFolders.has(uid)).sort(), shells: shellsLeft.sort() };
}

/** Pure: a folder and every folder below it. */
export function folderSubtree(uid: string, liveFolders: ReadonlyMap<string, LiveFolder>): Set<string> {
  const subtree = new Set([uid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const folder of liveFolders.values()) {
      if (folder.parentUid !== null && subtree.has(folder.parentUid) && !subtree.has(folder.uid)) {
        subtree.add(folder.uid);
        grew = true;
      }
    }
  }
  return subtree;
}
