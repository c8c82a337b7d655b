import type { DashboardAction } from '../plan/types.js';

/** A dashboard this apply saved from a file HEAD did not hold as it was: its version message says `[uncommitted]`. */
interface UncommittedPush {
  uid: string;
  /** The file, as the plan's action names it. */
  file: string;
}

/** How many files the warning names before `and N more`. */
const NAMED = 10;

/**
 * Pure: the saves this apply made (`saved`: created, updated or moved; a save that found Grafana already holding the file
 * made no version) of files HEAD does not hold as they are (`uncommitted`: PushSource), in the plan's order. A save that went
 * without its content note (`unnoted`) says no `[uncommitted]` either: the unnoted-saves warning names it.
 */
export function findUncommittedPushes(
  actions: readonly DashboardAction[],
  saved: ReadonlySet<string>,
  uncommitted: ReadonlySet<string> | undefined,
  unnoted: ReadonlySet<string>,
): UncommittedPush[] {
  if (uncommitted === undefined || uncommitted.size === 0) return [];
  return actions.flatMap((action) =>
    action.file !== null && uncommitted.has(action.file) && saved.has(action.uid) && !unnoted.has(action.uid) ? [{ uid: action.uid, file: action.file }] : [],
  );
}

/**
 * The apply's one warning for its pushes of files HEAD did not hold as they were (findUncommittedPushes): no commit holds what
 * Grafana has now, and every other checkout's plan counts it as someone else's change (an apply no one reviewed there keeps it
 * as a conflict) until a commit holds it. null when there are none. Pure.
 */
export function describeUncommittedPushes(pushes: readonly UncommittedPush[]): string | null {
  if (pushes.length === 0) return null;
  const one = pushes.length === 1;
  const files = pushes.slice(0, NAMED).map((push) => push.file).join(', ') + (pushes.length > NAMED ? `, and ${pushes.length - NAMED} more` : '');
  return (
    `${one ? '1 dashboard was' : `${pushes.length} dashboards were`} pushed from ${one ? 'a file' : 'files'} git's HEAD does not hold as ${one ? 'it is' : 'they are'} ` +
    `(an edit not committed, or a file git does not track): ${files}. No commit holds ${one ? 'that version' : 'those versions'}: ${one ? 'its version message says' : 'their version messages say'} [uncommitted], ` +
    `and a plan in any other checkout (another clone, a CI run) counts ${one ? 'it' : 'them'} as someone else's change until a commit holds ${one ? 'it' : 'them'}; ` +
    `commit ${one ? 'the file' : 'these files'} and push the commit`
  );
}
