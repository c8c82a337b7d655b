import type { Tree } from '../files/types.js';
import type { LiveFolder } from '../grafana/port.js';
import type { DashboardDecision } from './decide-dashboard.js';
import type { LibraryPanelAction, PlanWarning } from './types.js';
import { judgeHidingFolder } from './judge-hiding-folder.js';
import type { FormerFolder } from './read-former-folders.js';

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
  /**
   * Whether the run read every tree folder the listing leaves out (`/apis`): one neither listed nor hidden is then absent (a
   * folder this plan creates), never inferred hidden from a refused dashboard read (review-65a M4).
   */
  foldersProven?: boolean;
  /** A tree directory as the plan shows it (relative to the working directory). */
  displayDir: (dir: string) => string;
  /**
   * Refused dashboards whose files git saw move here from another folder (readFormerFolders): that folder, not the new one,
   * most likely holds them in Grafana, so the one their files go to is not taken as hidden on their account (M2).
   */
  formerFolders?: ReadonlyMap<string, FormerFolder>;
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
 * that the listing leaves out too. A folder moved to the top level in Grafana does that: it keeps no role grants of its own;
 * one the tree has at the top level was not moved there, so its own permissions were changed (`hidingFolderAtTop`).
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
  // A file git saw move here from another folder says nothing of this one: that one most likely holds the dashboard.
  const cameFrom = (uid: string) => input.formerFolders?.get(uid);
  for (const uid of refusedReads) {
    const folderUid = entries.get(uid)?.folderUid ?? null;
    if (folderUid !== null && cameFrom(uid) === undefined && input.foldersProven !== true && judgeHidingFolder(folderUid, liveFolders, hidden) === 'inferred') {
      hidden.add(folderUid);
      inferred.add(folderUid);
    }
  }
  // The moved ones whose new folder nothing shows hidden: named with the folder they came from (a warning per pair), unless
  // both folders are shown to these credentials, which then tells nothing of the one that holds them.
  const former = new Map<string, FormerFolder>();
  for (const uid of refusedReads) {
    const folderUid = entries.get(uid)?.folderUid ?? null;
    const from = cameFrom(uid);
    const judged = judgeHidingFolder(folderUid, liveFolders, hidden);
    if (from !== undefined && judged !== 'hidden' && !(judged === 'readable' && liveFolders.has(from.uid))) former.set(uid, from);
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
  // A write of a readable dashboard using a library panel of the tree in a hidden folder: that panel is never written, so
  // the save would hold a panel that shows an error (review-65a H1). Set apart under that folder's warning.
  const panelFolder = new Map((tree.libraryPanels ?? []).flatMap((panel) => (panel.folderUid !== null && hidden.has(panel.folderUid) ? [[panel.uid, panel.folderUid] as const] : [])));
  const usesPanel = new Map<string, string>();
  if (panelFolder.size > 0) {
    for (const decision of input.decisions) {
      if (decision.action.action === 'noop' || setApart.has(decision.action.uid)) continue;
      const used = entries.get(decision.action.uid)?.libraryPanels.find((uid) => panelFolder.has(uid));
      if (used !== undefined) usesPanel.set(decision.action.uid, panelFolder.get(used)!);
    }
    for (const uid of usesPanel.keys()) setApart.add(uid);
  }
  const byFolder = new Map<string | null, string[]>([...hidden].map((uid) => [uid, []]));
  const byFormer = new Map<string, { folderUid: string | null; from: FormerFolder; uids: string[] }>();
  for (const entry of tree.dashboards) {
    if (!setApart.has(entry.uid)) continue;
    const from = former.get(entry.uid);
    if (from !== undefined) {
      const key = `${entry.folderUid ?? ''}\u0000${from.uid}`;
      const group = byFormer.get(key) ?? { folderUid: entry.folderUid, from, uids: [] };
      byFormer.set(key, group);
      group.uids.push(entry.uid);
      continue;
    }
    const folderUid = usesPanel.get(entry.uid) ?? entry.folderUid;
    const uids = byFolder.get(folderUid) ?? [];
    byFolder.set(folderUid, uids);
    uids.push(entry.uid);
  }
  const folders = new Map(tree.folders.map((folder) => [folder.uid, folder]));
  const warnings = [...byFolder].map(([folderUid, uids]): UnreadableWarning => {
    const folder = folderUid === null ? undefined : folders.get(folderUid);
    const hiding = folderUid === null || !hidden.has(folderUid) ? undefined : folders.get(below.get(folderUid) ?? folderUid);
    const dashboards = uids.map((uid) => entries.get(uid)!);
    const movedIn = uids.filter((uid) => readable.has(uid) && !usesPanel.has(uid));
    const using = uids.filter((uid) => usesPanel.has(uid));
    const panels = folderUid === null || !hidden.has(folderUid) ? [] : (tree.libraryPanels ?? []).filter((panel) => panel.folderUid === folderUid);
    return {
      kind: 'unreadable',
      uid: folderUid,
      folderTitle: folder?.title ?? null,
      folderDir: folder === undefined ? null : input.displayDir(folder.dir),
      folderHidden: folderUid !== null && hidden.has(folderUid),
      ...(input.foldersProven === true && folderUid !== null && !hidden.has(folderUid) && !liveFolders.has(folderUid) && { folderAbsent: true as const }),
      ...(folderUid !== null && below.has(folderUid) && { below: below.get(folderUid)! }),
      ...(folderUid !== null && inferred.has(below.get(folderUid) ?? folderUid) && { inferred: true as const }),
      ...(hiding?.parentUid === null && { hidingFolderAtTop: true as const }),
      uids,
      files: dashboards.map((entry) => entry.file),
      titles: dashboards.map((entry) => entry.title),
      ...(movedIn.length > 0 && { readable: movedIn }),
      ...(using.length > 0 && { usesPanels: using }),
      ...(panels.length > 0 && { libraryPanels: panels.map((panel) => ({ uid: panel.uid, file: panel.file, name: panel.name })) }),
    };
  });
  for (const { folderUid, from, uids } of byFormer.values()) {
    const folder = folderUid === null ? undefined : folders.get(folderUid);
    const dashboards = uids.map((uid) => entries.get(uid)!);
    warnings.push({
      kind: 'unreadable',
      uid: folderUid,
      folderTitle: folder?.title ?? null,
      folderDir: folder === undefined ? null : input.displayDir(folder.dir),
      folderHidden: false,
      uids,
      files: dashboards.map((entry) => entry.file),
      titles: dashboards.map((entry) => entry.title),
      formerFolder: from.uid,
      formerFolderTitle: from.title,
      formerFolderDir: input.displayDir(from.dir),
      ...(liveFolders.has(from.uid) && { formerFolderShown: true as const }),
      // The folder they came from was at the tree's top level: no move to the top level hid it either (walk-65 L4).
      ...(!from.dir.includes('/') && { hidingFolderAtTop: true as const }),
    });
  }
  return { decisions: input.decisions.filter((decision) => !setApart.has(decision.action.uid)), warnings };
}

/**
 * Pure: the `unreadable` warnings with the tree's library panel writes that only the dashboards they set apart use
 * (`usedOnlyByThem`, on the warning of the first of those users): every tree dashboard using the panel is set apart, and
 * so is every dashboard Grafana connects to it. Nothing but a held dashboard needs such a write (review-64b L3). A panel
 * in a hidden folder is the warning's `libraryPanels` already.
 */
export function withPanelsOnlyTheyUse(
  warnings: readonly UnreadableWarning[],
  tree: Pick<Tree, 'dashboards'>,
  writes: readonly Pick<LibraryPanelAction, 'uid' | 'action' | 'file' | 'title'>[],
  connections: ReadonlyMap<string, readonly string[]>,
): UnreadableWarning[] {
  if (warnings.length === 0 || writes.length === 0) return [...warnings];
  const warningOf = new Map(warnings.flatMap((warning, index) => warning.uids.map((uid) => [uid, index] as const)));
  const inHidden = new Set(warnings.flatMap((warning) => (warning.libraryPanels ?? []).map((panel) => panel.uid)));
  const users = new Map<string, string[]>();
  for (const entry of tree.dashboards) for (const panel of entry.libraryPanels) users.set(panel, [...(users.get(panel) ?? []), entry.uid]);
  const held = new Map<number, { uid: string; file: string; name: string }[]>();
  for (const write of writes) {
    if (write.action === 'noop' || write.file === null || inHidden.has(write.uid)) continue;
    const using = [...(users.get(write.uid) ?? []), ...(connections.get(write.uid) ?? [])];
    if (using.length === 0 || !using.every((uid) => warningOf.has(uid))) continue;
    const index = warningOf.get(using[0]!)!;
    held.set(index, [...(held.get(index) ?? []), { uid: write.uid, file: write.file, name: write.title }]);
  }
  return warnings.map((warning, index) => (held.has(index) ? { ...warning, usedOnlyByThem: held.get(index)! } : warning));
}

/** What countUnreadable counts (PlanSummary's fields of the same names). */
export interface SetApartCounts {
  unreadable: number;
  notMovedIntoHidden: number;
  usesHiddenPanels?: number;
  unreadableLibraryPanels?: number;
}

/**
 * What the plan's `unreadable` warnings set apart: the dashboards it could not read (PlanSummary.unreadable), those it read
 * whose files go to a hidden folder, which it cannot move there (PlanSummary.notMovedIntoHidden, the warnings' `readable`),
 * those it read whose write uses a library panel of the tree in a hidden folder, which it does not write
 * (PlanSummary.usesHiddenPanels, the warnings' `usesPanels`), and the library panels in hidden folders (unreadableLibraryPanels).
 */
export function countUnreadable(warnings: readonly PlanWarning[]): SetApartCounts {
  let unreadable = 0;
  let notMovedIntoHidden = 0;
  let usesHiddenPanels = 0;
  let unreadableLibraryPanels = 0;
  for (const warning of warnings) {
    if (warning.kind !== 'unreadable') continue;
    const readable = warning.readable?.length ?? 0;
    const using = warning.usesPanels?.length ?? 0;
    notMovedIntoHidden += readable;
    usesHiddenPanels += using;
    unreadable += warning.uids.length - readable - using;
    unreadableLibraryPanels += warning.libraryPanels?.length ?? 0;
  }
  return { unreadable, notMovedIntoHidden, usesHiddenPanels, unreadableLibraryPanels };
}
