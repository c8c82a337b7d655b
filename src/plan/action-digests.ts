import { hashText } from '../files/hash-text.js';
import { compactStableJson } from '../normalize/compact-stable-json.js';
import { escapeText, quoteText } from '../report/escape-untrusted.js';

/** A saved plan's action as read from its JSON, of any kind (each digest set takes its own kinds). */
type ActionJson = { kind?: unknown; uid?: unknown; action?: unknown; title?: unknown };

/**
 * One field of digests a saved plan carries beside its actions: `sha256:` of every action a key groups (the whole action as
 * saved). Apply writes what these actions say without reading anything again that could tell an edit: a folder's uid, title
 * and parent; a dashboard's or library panel's folder (`folderUid`), verb, where it is written (`write`) and the live state
 * its write is held to (`live`; its file is read again and held to `contentHash`). An action edited since the plan was
 * written no longer matches. Not a signature: it tells an edit from dashsync's own writing, not who made it.
 */
export interface DigestSet {
  /** The plan's field. */
  field: string;
  /** The key an action is digested under; null: not in this set. */
  keyOf(action: ActionJson): string | null;
  /** How a line names an edited action, e.g. `folder-create team "Team"`. */
  describe(action: ActionJson & { uid: string }): string;
  /** How a line names a recorded key whose action is gone, e.g. `folder old`. */
  describeKey(key: string): string;
  /** What the field's keys are, for a field of another shape. */
  keysAre: string;
}

/** Folders, by uid (`folderActionsSha256`). */
export const FOLDER_DIGESTS: DigestSet = {
  field: 'folderActionsSha256',
  keyOf: (action) => (action.kind === 'folder' && typeof action.uid === 'string' ? action.uid : null),
  describe: (action) => `folder-${String(action.action)} ${escapeText(action.uid)} ${quoteText(String(action.title))}`,
  describeKey: (key) => `folder ${escapeText(key)}`,
  keysAre: 'folder uids',
};

/** Dashboards and library panels, by action id (`dashboard:<uid>`, `library-panel:<uid>`: `dashboardActionsSha256`). */
export const DASHBOARD_DIGESTS: DigestSet = {
  field: 'dashboardActionsSha256',
  keyOf: (action) => ((action.kind === 'dashboard' || action.kind === 'library-panel') && typeof action.uid === 'string' ? `${action.kind}:${action.uid}` : null),
  describe: (action) => `${String(action.action)} of ${action.kind === 'library-panel' ? 'library panel' : 'dashboard'} ${escapeText(action.uid)} ${quoteText(String(action.title))}`,
  describeKey: (key) => escapeText(key),
  keysAre: 'action ids',
};

/** Every digest set a saved plan carries, in the order the file holds them. */
export const DIGEST_SETS: readonly DigestSet[] = [FOLDER_DIGESTS, DASHBOARD_DIGESTS];

/** The digests of `set` over a saved plan's actions: one per key, of every action under it in the plan's order. */
export function digestActions(set: DigestSet, actions: readonly ActionJson[]): Record<string, string> {
  const byKey = new Map<string, ActionJson[]>();
  for (const action of actions) {
    const key = set.keyOf(action);
    if (key !== null) byKey.set(key, [...(byKey.get(key) ?? []), action]);
  }
  return Object.fromEntries([...byKey].map(([key, list]) => [key, hashText(compactStableJson(list))]));
}

/**
 * Pure: why a saved plan's actions are not the ones `set`'s digests record (edited by hand), naming the first that differs;
 * null when they all are. `recorded`: the plan's `set.field`, already known to be there.
 */
export function findDigestProblem(set: DigestSet, actions: readonly ActionJson[], recorded: unknown): string | null {
  if (!isDigestMap(recorded)) return `its ${set.field} is not an object of ${set.keysAre} and sha256: digests`;
  const found = digestActions(set, actions);
  for (const action of actions) {
    const key = set.keyOf(action);
    if (key !== null && recorded[key] !== found[key]) {
      return `its ${set.describe(action as ActionJson & { uid: string })} is not the one its ${set.field} records (edited by hand?)`;
    }
  }
  const removed = Object.keys(recorded).find((key) => !Object.hasOwn(found, key));
  return removed === undefined ? null : `its ${set.field} records ${set.describeKey(removed)}, of which it holds no action (edited by hand?)`;
}

function isDigestMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((digest) => typeof digest === 'string');
}
