import { describeFolderTitleClash, folderTitleKey } from '../files/describe-folder-title-clash.js';
import type { LiveFolder } from '../grafana/port.js';
import type { FolderAction, PlanWarning } from './types.js';

/** A folder as it will be while the plan's creates and renames run: where, under which title, and its directory when the tree has it. */
interface Occupant {
  uid: string;
  title: string;
  dir: string | null;
}

/**
 * Pure: folders the plan creates, renames or moves to a parent where another folder — live, or
 * another of the tree — has the same title (any case) after the plan. Grafana 11.2 and older
 * refuse that (409 "a folder or dashboard in the general folder with the same name already
 * exists"); later releases allow it, so the caller asks only where titles are unique. A folder
 * the plan deletes still counts: deletes run after every create.
 */
export function findFolderTitleClashes(actions: FolderAction[], liveFolders: Map<string, LiveFolder>): PlanWarning[] {
  const planned = new Map(actions.map((action) => [action.uid, action]));
  const occupants = new Map<string, Occupant[]>();
  const occupy = (parentUid: string | null, occupant: Occupant) => {
    const key = folderTitleKey(parentUid, occupant.title);
    occupants.set(key, [...(occupants.get(key) ?? []), occupant]);
  };
  for (const folder of liveFolders.values()) {
    // A live folder the plan writes is counted where the plan puts it (below).
    const action = planned.get(folder.uid);
    if (action === undefined || action.action === 'delete') occupy(folder.parentUid, { uid: folder.uid, title: folder.title, dir: action?.dir ?? null });
  }
  for (const action of actions) if (action.action !== 'delete') occupy(action.parentUid, { uid: action.uid, title: action.title, dir: action.dir });

  const warnings: PlanWarning[] = [];
  const reported = new Set<string>();
  for (const action of actions) {
    if (action.action !== 'create' && action.action !== 'update') continue;
    const other = occupants.get(folderTitleKey(action.parentUid, action.title))?.find((occupant) => occupant.uid !== action.uid);
    if (other === undefined || reported.has(`${other.uid}\u0000${action.uid}`)) continue;
    reported.add(`${action.uid}\u0000${other.uid}`);
    warnings.push({ kind: 'other', uid: action.uid, message: describeFolderTitleClash(action, other) });
  }
  return warnings;
}
