import { folderActions, type Plan } from '../plan/types.js';
import { quoteText } from './escape-untrusted.js';

/** How a report names a folder: General, a title (with where it is when the title repeats), or its uid. */
export type FolderName =
  | { kind: 'general' }
  | { kind: 'titled'; title: string; qualifier: string | null; uid: string; dir: string | null }
  | { kind: 'unknown'; uid: string };

/**
 * Pure: folder uid → name, from the plan's own folder actions. When two folders of the plan
 * share a title (every team's `svc-0`), each is qualified by its directory in the tree (or its
 * uid when it has none), so `"svc-0" (platform/svc-0)` says which one.
 */
export function folderNames(plan: Pick<Plan, 'actions'>): (uid: string | null) => FolderName {
  const folders = folderActions(plan);
  const count = new Map<string, number>();
  for (const folder of folders) count.set(folder.title, (count.get(folder.title) ?? 0) + 1);
  const byUid = new Map(folders.map((folder) => [folder.uid, folder]));
  return (uid) => {
    if (uid === null) return { kind: 'general' };
    const folder = byUid.get(uid);
    if (!folder) return { kind: 'unknown', uid };
    const repeated = (count.get(folder.title) ?? 0) > 1;
    return { kind: 'titled', title: folder.title, qualifier: repeated ? (folder.dir ?? `uid ${folder.uid}`) : null, uid: folder.uid, dir: folder.dir ?? null };
  };
}

/** `General`, `"Platform"`, `"svc-0" (platform/svc-0)`, `folder abc123` — plain text, not yet escaped. */
export function renderFolderName(name: FolderName): string {
  if (name.kind === 'general') return 'General';
  if (name.kind === 'unknown') return `folder ${name.uid}`;
  return `${quoteText(name.title)}${name.qualifier ? ` (${name.qualifier})` : ''}`;
}

/**
 * A folder's parent as a folder move names it: `"Platform" (platform)`, `folder x1` when its title is not known, `the top
 * level` (uid null) — plain text, not yet escaped.
 */
export function renderParentName(uid: string | null, title: string | null): string {
  if (uid === null) return 'the top level';
  return title === null ? `folder ${uid}` : `${quoteText(title)} (${uid})`;
}

/** The folder a dashboard or library panel is in now: the plan's name for it when the plan has that folder, else its live title. */
function liveFolderName(d: { live: { folderUid: string | null; folderTitle: string } | null }, names: (uid: string | null) => FolderName): string {
  if (!d.live?.folderUid) return 'General';
  const name = names(d.live.folderUid);
  return name.kind === 'unknown' ? `${quoteText(d.live.folderTitle)}` : renderFolderName(name);
}

/**
 * The folder a delete takes a dashboard (or library panel) from, where this plan renames that folder (walk-62 H5: a reviewer
 * knows it by the title it has now): that title, and the plan's name for it. Null where the plan keeps its title.
 */
export function renamedByPlan(d: { live: { folderUid: string | null; folderTitle: string } | null }, names: (uid: string | null) => FolderName): { title: string; renamed: FolderName } | null {
  const name = d.live?.folderUid ? names(d.live.folderUid) : null;
  if (name?.kind !== 'titled' || !d.live?.folderTitle || d.live.folderTitle === name.title) return null;
  return { title: d.live.folderTitle, renamed: name };
}

/** A delete's folder (a dashboard's or a library panel's), named as liveFolderName does, but where this plan renames it (renamedByPlan): `"Data Team" (renamed "Analytics" by this plan)`. */
export function deletedFromFolderName(d: { live: { folderUid: string | null; folderTitle: string } | null }, names: (uid: string | null) => FolderName): string {
  const renamed = renamedByPlan(d, names);
  return renamed === null ? liveFolderName(d, names) : `${quoteText(renamed.title)} (renamed ${renderFolderName(renamed.renamed)} by this plan)`;
}

/** The folder a dashboard is planned in: the plan's name for it, else (a folder the plan leaves alone, as a delete's) the title Grafana gave it. */
export function plannedFolderName(
  d: { live: { folderUid: string | null; folderTitle: string } | null; folderUid: string | null },
  names: (uid: string | null) => FolderName,
): FolderName {
  const name = names(d.folderUid);
  if (name.kind !== 'unknown' || !d.live || d.live.folderUid !== d.folderUid || d.live.folderTitle === '') return name;
  return { kind: 'titled', title: d.live.folderTitle, qualifier: null, uid: name.uid, dir: null };
}

/**
 * A move's two folders, `from` and `to`, as people tell them apart. Where their names read the
 * same (a directory moved without a `_folder.json` keeps its title, in a new folder of a new uid),
 * each also says where it is: its directory in the tree when the plan has it, and its uid.
 */
export function renderMoveFolders(
  d: { live: { folderUid: string | null; folderTitle: string } | null; folderUid: string | null },
  names: (uid: string | null) => FolderName,
): { from: string; to: string } {
  const from = liveFolderName(d, names);
  const to = renderFolderName(names(d.folderUid));
  if (from !== to) return { from, to };
  const where = (uid: string | null | undefined) => {
    const name = names(uid ?? null);
    const dir = name.kind === 'titled' ? name.dir : null;
    return uid ? ` (${dir ? `${dir}, ` : ''}uid ${uid})` : '';
  };
  return { from: `${from}${where(d.live?.folderUid)}`, to: `${to}${where(d.folderUid)}` };
}
