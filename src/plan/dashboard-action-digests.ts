import { hashText } from '../files/hash-text.js';
import { compactStableJson } from '../normalize/compact-stable-json.js';
import { escapeText, quoteText } from '../report/escape-untrusted.js';
import { isDigestMap } from './folder-action-digests.js';

/** The field of a saved plan that holds the digests of its dashboard and library panel actions (digestDashboardActions). */
export const DASHBOARD_DIGESTS_FIELD = 'dashboardActionsSha256';

/** A saved plan's action as read from its JSON, of any kind (the dashboard and library panel ones are taken). */
type ActionJson = { kind?: unknown; uid?: unknown; action?: unknown; title?: unknown };

const isDigested = (action: ActionJson): action is ActionJson & { uid: string } =>
  (action.kind === 'dashboard' || action.kind === 'library-panel') && typeof action.uid === 'string';

const keyOf = (action: ActionJson & { uid: string }) => `${String(action.kind)}:${action.uid}`;

/**
 * `sha256:` of each dashboard's and library panel's actions in a saved plan, by action id (`dashboard:<uid>`): the whole
 * action as saved. Its file is read again at apply and held to `contentHash`, but the folder it is written to (`folderUid`),
 * the verb, where it is written (`write`) and the live state the write is held to (`live`: the revision and id a conflict is
 * judged by) come from the plan alone: an action edited since (another folder, the live revision of now, a skip taken
 * out) no longer matches. Not a signature: it tells an edit from dashsync's own writing, not who made it.
 */
export function digestDashboardActions(actions: readonly ActionJson[]): Record<string, string> {
  const byKey = new Map<string, ActionJson[]>();
  for (const action of actions) {
    if (!isDigested(action)) continue;
    const key = keyOf(action);
    byKey.set(key, [...(byKey.get(key) ?? []), action]);
  }
  return Object.fromEntries([...byKey].map(([key, list]) => [key, hashText(compactStableJson(list))]));
}

/**
 * Pure: why a saved plan's dashboard and library panel actions are not the ones its digests record (edited by hand), naming
 * the first that differs; null when they all are. `recorded`: the plan's DASHBOARD_DIGESTS_FIELD, already known to be there.
 */
export function findDashboardDigestProblem(actions: readonly ActionJson[], recorded: unknown): string | null {
  if (!isDigestMap(recorded)) return `its ${DASHBOARD_DIGESTS_FIELD} is not an object of action ids and sha256: digests`;
  const found = digestDashboardActions(actions);
  const edited = actions.filter(isDigested).find((action) => recorded[keyOf(action)] !== found[keyOf(action)]);
  if (edited !== undefined) {
    const what = edited.kind === 'library-panel' ? 'library panel' : 'dashboard';
    return `its ${String(edited.action)} of ${what} ${escapeText(edited.uid)} ${quoteText(String(edited.title))} is not the one its ${DASHBOARD_DIGESTS_FIELD} records (edited by hand?)`;
  }
  const removed = Object.keys(recorded).find((key) => !Object.hasOwn(found, key));
  return removed === undefined ? null : `its ${DASHBOARD_DIGESTS_FIELD} records ${escapeText(removed)}, of which it holds no action (edited by hand?)`;
}
