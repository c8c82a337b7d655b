import { hashText } from '../files/hash-text.js';
import { compactStableJson } from '../normalize/compact-stable-json.js';
import { quoteText } from '../report/escape-untrusted.js';

/** The field of a saved plan that holds the digests (digestFolderActions). */
export const FOLDER_DIGESTS_FIELD = 'folderActionsSha256';

/** What the digests are made of: a saved plan's actions as read from its JSON, of any kind (the folder ones are taken). */
type ActionJson = { kind?: unknown; uid?: unknown; action?: unknown; title?: unknown };

/**
 * `sha256:` of each folder's actions in a saved plan, by folder uid (the whole action as saved: verb, title, parent,
 * directory, live state). Apply writes a folder's uid, title and parent as the plan says, reading no file again (a dashboard's
 * file is read again and held to its digest), so the plan file carries these as `settingsHash` covers the inputs: a folder
 * action edited since the plan was written (a title with terminal sequences, another uid) no longer matches. Not a signature:
 * it tells an edit from dashsync's own writing, not who made it.
 */
export function digestFolderActions(actions: readonly ActionJson[]): Record<string, string> {
  const byUid = new Map<string, ActionJson[]>();
  for (const action of actions) {
    if (action.kind !== 'folder' || typeof action.uid !== 'string') continue;
    byUid.set(action.uid, [...(byUid.get(action.uid) ?? []), action]);
  }
  return Object.fromEntries([...byUid].map(([uid, list]) => [uid, hashText(compactStableJson(list))]));
}

/**
 * Pure: why a saved plan's folder actions are not the ones its digests record (edited by hand), naming the first folder that
 * differs; null when they all are. `recorded`: the plan's FOLDER_DIGESTS_FIELD, already known to be there.
 */
export function findFolderDigestProblem(actions: readonly ActionJson[], recorded: unknown): string | null {
  if (!isDigestMap(recorded)) return `its ${FOLDER_DIGESTS_FIELD} is not an object of folder uids and sha256: digests`;
  const found = digestFolderActions(actions);
  const edited = actions.find((action) => action.kind === 'folder' && typeof action.uid === 'string' && recorded[action.uid] !== found[action.uid]);
  if (edited !== undefined) {
    return `its folder-${String(edited.action)} ${String(edited.uid)} ${quoteText(String(edited.title))} is not the one its ${FOLDER_DIGESTS_FIELD} records (edited by hand?)`;
  }
  const removed = Object.keys(recorded).find((uid) => !Object.hasOwn(found, uid));
  return removed === undefined ? null : `its ${FOLDER_DIGESTS_FIELD} records folder ${removed}, of which it holds no action (edited by hand?)`;
}

/** An object of keys and `sha256:` digests as a saved plan records them (the kind of value of FOLDER_DIGESTS_FIELD and DASHBOARD_DIGESTS_FIELD). */
export function isDigestMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((digest) => typeof digest === 'string');
}
