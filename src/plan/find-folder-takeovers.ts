import { posix } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import type { ListedDashboard } from '../grafana/port.js';
import { quoteText } from '../report/escape-untrusted.js';
import type { DashboardAction, FolderAction, PlanWarning } from './types.js';

/** The rule of the warning, by which an apply no one reviewed finds the folders to hold (heldTakeovers). */
const FOLDER_TAKEOVER = 'folder-takeover';

/** The rule of the same warning where some of the folder's dashboards have a version history that could not be read: held alike. */
export const FOLDER_TAKEOVER_NOT_JUDGED = 'folder-takeover-not-judged';

/** Whether a plan warning is a folder takeover (either rule): what an apply no one reviewed holds. */
export function isFolderTakeover(warning: PlanWarning): warning is Extract<PlanWarning, { kind: 'other' }> {
  return warning.kind === 'other' && (warning.rule === FOLDER_TAKEOVER || warning.rule === FOLDER_TAKEOVER_NOT_JUDGED);
}

/**
 * Whether dashsync pushed a dashboard, as its version history says (readPushedByDashsync): `unread`, that history could not be
 * read (these credentials may not read it, or Grafana could not list it), which is no evidence either way.
 */
export type PushedByDashsync = 'pushed' | 'never' | 'unread';

/** Past this many dashboards the line names the first ones and counts the others. */
const NAMED = 5;

/** The folders a plan renames from their live title (the only ones findFolderTakeovers may name): their uid and directory. */
export function selectRenamedFolders(folders: readonly FolderAction[]): { uid: string; dir: string; liveTitle: string }[] {
  return folders.flatMap((folder) =>
    folder.action !== 'update' || folder.dir === null || folder.live === null || folder.live.title === folder.title ? [] : [{ uid: folder.uid, dir: folder.dir, liveTitle: folder.live.title }],
  );
}

/**
 * Pure (walk-62 H5): a `_folder.json` whose uid is a live folder of another title (the plan renames it) whose every dashboard
 * no file holds prune deletes or holds (`held`: api "legacy" on 12+ holds those dashsync did not save last, owners-not-seen), none of them
 * ever pushed by dashsync (`pushed`: what the history read says of each), and which the tree did not already hold as it is now
 * (`heldBefore`: the commit before HEAD's `_folder.json` there named the uid and the live title): a folder made and filled in
 * Grafana by someone else, which this tree takes over by its uid. One warning per such folder, naming it by the title it has
 * now; `takeover` says the uids, for an apply no one reviewed to hold. Where some of them have a history that could not be
 * read, whether the folder is someone else's is not known: the warning says so (FOLDER_TAKEOVER_NOT_JUDGED), held alike.
 */
export function findFolderTakeovers(
  folders: readonly FolderAction[],
  dashboards: readonly DashboardAction[],
  live: readonly ListedDashboard[],
  known: { pushed: (uid: string) => PushedByDashsync; held?: ReadonlySet<string>; heldBefore: ReadonlySet<string> },
  display: (dir: string) => string,
): Extract<PlanWarning, { kind: 'other' }>[] {
  const { pushed, heldBefore } = known;
  const held = known.held ?? new Set<string>();
  const deletes = new Set(dashboards.filter((d) => d.action === 'delete').map((d) => d.uid));
  const renamed = new Set(selectRenamedFolders(folders).map((folder) => folder.uid));
  // The tree's own dashboards in the folder are no evidence that it is the tree's: an apply no one reviewed before review-66a H1
  // wrote them into a folder whose takeover it held, and the next plan must still see the takeover (not drift, whose deletes go ahead).
  const treeOwn = new Set(dashboards.filter((d) => d.file !== null && d.action !== 'delete').map((d) => d.uid));
  const warnings: Extract<PlanWarning, { kind: 'other' }>[] = [];
  for (const folder of folders) {
    if (!renamed.has(folder.uid) || heldBefore.has(folder.uid) || folder.dir === null || folder.live === null) continue;
    const inside = live.filter((d) => d.folderUid === folder.uid && !treeOwn.has(d.uid)).map((d) => d.uid).sort();
    if (inside.length === 0 || !inside.every((uid) => (deletes.has(uid) || held.has(uid)) && pushed(uid) !== 'pushed')) continue;
    // The tree's own dashboards beside them: a folder of the tree's renamed in Grafana and added to there reads as one made
    // there that an earlier apply put them into; which of the two is not known, so the line says both (held either way).
    const own = live.filter((d) => d.folderUid === folder.uid && treeOwn.has(d.uid)).map((d) => d.uid).sort();
    const file = posix.join(display(folder.dir), FOLDER_FILE);
    const unread = inside.filter((uid) => pushed(uid) === 'unread');
    const renames = `${file} renames it ${quoteText(folder.title)}`;
    const message =
      unread.length > 0
        ? `folder takeover not judged: this plan may take over folder ${quoteText(folder.live.title)} (${folder.uid}): ${renames} and ${describePrune(inside, deletes)} (${nameSome(inside)}), ` +
          `and the version history that shows whether dashsync pushed ${nameSome(unread)} could not be read ` +
          `(these credentials may not read it, or Grafana could not list it), so whether the folder was made in Grafana, never dashsync's, is not known`
        : `folder takeover: this plan takes over folder ${quoteText(folder.live.title)} (${folder.uid}), ${own.length === 0 ? "made in Grafana, never dashsync's" : describeTreeInside(own)}: ${renames} ` +
          `and ${describePrune(inside, deletes)}, none of which dashsync pushed (${nameSome(inside)})${inside.some((uid) => held.has(uid)) ? HELD_STAY : ''}`;
    warnings.push({
      kind: 'other',
      uid: folder.uid,
      rule: unread.length > 0 ? FOLDER_TAKEOVER_NOT_JUDGED : FOLDER_TAKEOVER,
      file,
      message: `${message}. If that folder is not this tree's, give ${file} a uid of its own`,
    });
  }
  return warnings;
}

/**
 * `which holds the tree's own board-1 beside dashboards dashsync never pushed (a folder of this tree's renamed in Grafana and
 * added to there, or one made there that an earlier apply put the tree's dashboards into)`.
 */
function describeTreeInside(own: readonly string[]): string {
  return (
    `which holds the tree's own ${nameSome(own)} beside dashboards dashsync never pushed ` +
    "(a folder of this tree's renamed in Grafana and added to there, or one made there that an earlier apply put the tree's dashboards into)"
  );
}

/** Why the dashboards a legacy prune holds stay in a folder taken over: the rename is the whole takeover there. */
const HELD_STAY = '; api "legacy" deletes only dashboards dashsync saved last, so they stay in it under the new title';

/** `prune deletes its 2 dashboards no file holds`; under api "legacy", which holds some or all of them, `prune holds …`. */
function describePrune(inside: readonly string[], deletes: ReadonlySet<string>): string {
  const deleted = inside.filter((uid) => deletes.has(uid)).length;
  const what = `${inside.length === 1 ? 'dashboard' : `${inside.length} dashboards`} no file holds`;
  const verb = deleted === inside.length ? 'deletes' : deleted === 0 ? 'holds' : `deletes ${deleted} and holds ${inside.length - deleted} of`;
  return `prune ${verb} its ${what}`;
}

/** The first NAMED uids, then `and N more`. */
function nameSome(uids: readonly string[]): string {
  return uids.slice(0, NAMED).join(', ') + (uids.length > NAMED ? `, and ${uids.length - NAMED} more` : '');
}
