import { isUnverifiedFolderWarning } from '../plan/decide-plan.js';
import { sortWarnings } from '../plan/sort-warnings.js';
import type { Plan, PlanWarning } from '../plan/types.js';

/** Folders the note names; the rest are counted (the plan's folder table lists every create). */
const NAMED = 10;

/**
 * Pure: a plan's folders to create that it could not prove absent, in one note instead of a warning each. Through `/api`
 * Grafana 12 and later refuse anyone but an org Admin the read of a folder their search does not show (a Viewer's token,
 * an Editor's too: the sandbox README, "Who reads"), whether it is absent or hidden, so every new folder meets the same
 * doubt, which nobody reviewing the plan can settle, and which costs nothing should it come true: Grafana refuses that
 * create at apply, and overwrites nothing. The note says what settles it.
 */
export function foldUnverifiedFolders(plan: Plan): Plan {
  const uids = plan.warnings.filter(isUnverifiedFolderWarning).map((warning) => warning.uid);
  if (uids.length === 0) return plan;
  const kept = plan.warnings.filter((warning) => !isUnverifiedFolderWarning(warning));
  return { ...plan, warnings: sortWarnings([...kept, unverifiedFolders(uids)]) };
}

function unverifiedFolders(uids: string[]): PlanWarning {
  const sorted = [...uids].sort((a, b) => a.localeCompare(b));
  const named = sorted.length > NAMED ? `${sorted.slice(0, NAMED).join(', ')} and ${sorted.length - NAMED} more` : sorted.join(', ');
  const one = sorted.length === 1;
  return {
    kind: 'note',
    uid: null,
    message:
      `${one ? 'folder' : 'folders'} ${named} planned as ${one ? 'a create' : 'creates'} without proof that Grafana has none: ` +
      "through /api, Grafana (12 and later) refuses every token but an org Admin's (HTTP 403) the read of a folder its search does not show that token, " +
      'whether the folder is absent or hidden from it; should one exist, Grafana refuses its create at apply, and the writes planned into it, overwriting nothing. ' +
      "An org Admin's token, or a plan through /apis (api auto, the default, or k8s), which tells the two apart, leaves no doubt",
  };
}
