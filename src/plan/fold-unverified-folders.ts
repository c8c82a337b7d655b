import { isUnverifiedFolderWarning } from './decide-plan.js';
import { sortWarnings } from './sort-warnings.js';
import type { Plan, PlanWarning } from './types.js';

/** Folders the folded line names; the rest are counted (the plan's folder table lists every create). */
const NAMED = 10;

/**
 * Pure: a plan's folders to create that it could not prove absent, in one note instead of a warning each (the Action's
 * plan, in its log, job summary, comment and plan file). Through `/api` Grafana 12 and later refuse anyone but an org
 * Admin the read of a folder their search does not show (a Viewer's token, an Editor's too: the sandbox README, "Who
 * reads"), whether it is absent or hidden, so every new folder meets the same doubt, which nobody reviewing the plan can
 * settle, and which costs nothing should it come true: Grafana refuses that create at apply, and overwrites nothing.
 * The note says what settles it.
 */
export function foldUnverifiedFolders(plan: Plan): Plan {
  const uids = plan.warnings.filter(isUnverifiedFolderWarning).map((warning) => warning.uid);
  if (uids.length === 0) return plan;
  const kept = plan.warnings.filter((warning) => !isUnverifiedFolderWarning(warning));
  return { ...plan, warnings: sortWarnings([...kept, { kind: 'note', uid: null, message: describeUnverifiedFolders(uids) }]) };
}

/**
 * Pure: the same doubt as the CLI's text and markdown print it (no --verbose): more than one such warning is one warning
 * in the first one's place, ending in `listsAll` (where each is); the plan, its JSON and --verbose keep one a folder.
 */
export function foldUnverifiedFolderWarnings(warnings: readonly PlanWarning[], listsAll: string): readonly PlanWarning[] {
  const unverified = warnings.filter(isUnverifiedFolderWarning);
  if (unverified.length < 2) return warnings;
  const folded: PlanWarning = { kind: 'other', uid: null, message: `${describeUnverifiedFolders(unverified.map((warning) => warning.uid))} (${listsAll})` };
  return warnings.flatMap((warning) => (!isUnverifiedFolderWarning(warning) ? [warning] : warning === unverified[0] ? [folded] : []));
}

function describeUnverifiedFolders(uids: string[]): string {
  const sorted = [...uids].sort((a, b) => a.localeCompare(b));
  const named = sorted.length > NAMED ? `${sorted.slice(0, NAMED).join(', ')} and ${sorted.length - NAMED} more` : sorted.join(', ');
  const one = sorted.length === 1;
  return (
    `${one ? 'folder' : 'folders'} ${named} planned as ${one ? 'a create' : 'creates'} without proof that Grafana has none: ` +
    "through /api, Grafana (12 and later) refuses every token but an org Admin's (HTTP 403) the read of a folder its search does not show that token, " +
    'whether the folder is absent or hidden from it; should one exist, Grafana refuses its create at apply, and the writes planned into it, overwriting nothing. ' +
    "An org Admin's token, or a plan through /apis (api auto or k8s), which tells the two apart, leaves no doubt"
  );
}
