import type { Tree } from '../files/types.js';
import type { LiveFolder } from '../grafana/port.js';
import type { DashboardDecision } from './decide-dashboard.js';
import type { PlanWarning } from './types.js';

type UnreadableWarning = Extract<PlanWarning, { kind: 'unreadable' }>;

export interface UnreadableInput {
  tree: Pick<Tree, 'dashboards' | 'folders'> & Partial<Pick<Tree, 'libraryPanels'>>;
  /** The dashboards decided from Grafana's answers (tree order or not). */
  decisions: readonly DashboardDecision[];
  /** Tree dashboards whose read Grafana refused these credentials (403): they exist. */
  refusedReads: ReadonlySet<string>;
  /** Tree folders the listing leaves out whose read was refused where that proves they exist (readLiveFolders' `hidden`). */
  hiddenFolders: readonly string[];
  liveFolders: ReadonlyMap<string, LiveFolder>;
  /** A tree directory as the plan shows it (relative to the working directory). */
  displayDir: (dir: string) => string;
}

export interface Unreadable {
  /** The decisions without the dashboards set apart (a create in a hidden folder is none: it is there, or cannot be made there). */
  decisions: readonly DashboardDecision[];
  /** One warning per folder the dashboards set apart go to, and per hidden tree folder: what the plan names and counts. */
  warnings: UnreadableWarning[];
}

/**
 * Pure: the tree's dashboards these credentials can neither read nor write, set apart from the plan. Grafana refused a read
 * of one (so it exists), or its folder is hidden from them: a folder the listing leaves out whose read was refused where a
 * 403 proves it exists (`/apis`), one holding a dashboard whose read was refused, and the tree's folders below such a one
 * that the listing leaves out too. A folder moved to the top level in Grafana does that: it keeps no role grants of its own.
 * Such a folder is not created (Grafana would refuse it, 409) and the dashboards of the tree in it are not created or
 * compared: a plan that counted them as creates would add what exists, and one that stopped on the first would plan nothing.
 */
export function setApartUnreadable(input: UnreadableInput): Unreadable {
  const { tree, refusedReads, liveFolders } = input;
  // The usual plan: nothing refused, nothing hidden, and no pass over the tree for it.
  if (refusedReads.size === 0 && input.hiddenFolders.length === 0) return { decisions: input.decisions, warnings: [] };
  const entries = new Map(tree.dashboards.map((entry) => [entry.uid, entry]));
  const hidden = new Set(input.hiddenFolders);
  // Hidden only by inference (/api): a refused read of a dashboard whose file goes to a folder the listing does not show.
  // It tells nothing of the folder that holds it in Grafana: that one may be another, and this one may not exist.
  const inferred = new Set<string>();
  for (const uid of refusedReads) {
    const folderUid = entries.get(uid)?.folderUid;
    if (folderUid != null && !liveFolders.has(folderUid) && !hidden.has(folderUid)) {
      hidden.add(folderUid);
      inferred.add(folderUid);
    }
  }
  // The tree's folders below a hidden one that the listing leaves out: hidden with it (they inherit its grants only), or
  // not there yet, when nothing can be made below it: by the hidden folder each is below.
  const below = new Map<string, string>();
  for (let grew = hidden.size > 0; grew; ) {
    grew = false;
    for (const folder of tree.folders) {
      if (folder.parentUid !== null && hidden.has(folder.parentUid) && !hidden.has(folder.uid) && !liveFolders.has(folder.uid)) {
        hidden.add(folder.uid);
        below.set(folder.uid, below.get(folder.parentUid) ?? folder.parentUid);
        grew = true;
      }
    }
  }
  // Any write into a hidden folder (a create, or a move there of a dashboard these credentials read) can only be refused,
  // and the folder's action is dropped: set apart, or the plan keeps an action depending on one it does not hold.
  const inHidden = (decision: DashboardDecision) => decision.action.action !== 'noop' && decision.action.folderUid !== null && hidden.has(decision.action.folderUid);
  const writesInHidden = input.decisions.filter(inHidden);
  const readable = new Set(writesInHidden.filter((decision) => decision.action.action !== 'create' && !refusedReads.has(decision.action.uid)).map((decision) => decision.action.uid));
  const setApart = new Set([...refusedReads, ...writesInHidden.map((decision) => decision.action.uid)]);
  const byFolder = new Map<string | null, string[]>([...hidden].map((uid) => [uid, []]));
  for (const entry of tree.dashboards) {
    if (!setApart.has(entry.uid)) continue;
    const uids = byFolder.get(entry.folderUid) ?? [];
    byFolder.set(entry.folderUid, uids);
    uids.push(entry.uid);
  }
  const folders = new Map(tree.folders.map((folder) => [folder.uid, folder]));
  const warnings = [...byFolder].map(([folderUid, uids]): UnreadableWarning => {
    const folder = folderUid === null ? undefined : folders.get(folderUid);
    const dashboards = uids.map((uid) => entries.get(uid)!);
    const movedIn = uids.filter((uid) => readable.has(uid));
    const panels = folderUid === null || !hidden.has(folderUid) ? [] : (tree.libraryPanels ?? []).filter((panel) => panel.folderUid === folderUid);
    return {
      kind: 'unreadable',
      uid: folderUid,
      folderTitle: folder?.title ?? null,
      folderDir: folder === undefined ? null : input.displayDir(folder.dir),
      folderHidden: folderUid !== null && hidden.has(folderUid),
      ...(folderUid !== null && below.has(folderUid) && { below: below.get(folderUid)! }),
      ...(folderUid !== null && inferred.has(below.get(folderUid) ?? folderUid) && { inferred: true as const }),
      uids,
      files: dashboards.map((entry) => entry.file),
      titles: dashboards.map((entry) => entry.title),
      ...(movedIn.length > 0 && { readable: movedIn }),
      ...(panels.length > 0 && { libraryPanels: panels.map((panel) => ({ uid: panel.uid, file: panel.file, name: panel.name })) }),
    };
  });
  return { decisions: input.decisions.filter((decision) => !setApart.has(decision.action.uid)), warnings };
}

/** How many dashboards the plan's `unreadable` warnings set apart (PlanSummary.unreadable). */
export function countUnreadable(warnings: readonly PlanWarning[]): number {
  return warnings.reduce((sum, warning) => sum + (warning.kind === 'unreadable' ? warning.uids.length : 0), 0);
}
