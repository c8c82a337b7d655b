import { dashboardActions, type Plan } from '../plan/types.js';

/**
 * Pure: what applying `plan` loses in Grafana — the edits made there that it overwrites (its drift warnings), the
 * dashboards it writes whose history could not be read (drift not checked: any edit there is overwritten unseen), and
 * what it deletes, and with `force` the labels and annotations its `/api` saves remove (removesMetadata: skipped
 * without it, so neither their drift nor their unchecked history is counted then); null when it loses nothing.
 * `overwrites 1 dashboard edited in Grafana (drift) and deletes 2 dashboards and 1 folder`.
 */
export function describeLosses(plan: Pick<Plan, 'warnings' | 'summary' | 'actions'>, force: boolean): string | null {
  const written = dashboardActions(plan).filter((action) => action.action === 'update' || action.action === 'move');
  const stripping = new Set(written.filter((action) => action.removesMetadata === true).map((action) => action.uid));
  const applied = (uid: string) => force || !stripping.has(uid);
  const drift = plan.warnings.filter((warning) => warning.kind === 'drift').filter((warning) => warning.resource === 'library-panel' || applied(warning.uid));
  const driftedPanels = drift.filter((warning) => warning.resource === 'library-panel').length;
  const overwritten = listCounts([
    [drift.length - driftedPanels, 'dashboard'],
    [driftedPanels, 'library panel'],
  ]);
  const unreadHistory = new Set(plan.warnings.flatMap((warning) => (warning.kind === 'drift-not-checked' ? warning.uids : [])));
  const unchecked = written.filter((action) => unreadHistory.has(action.uid) && applied(action.uid)).length;
  const deleted = listCounts([
    [plan.summary.delete, 'dashboard'],
    [plan.summary.libraryPanelDelete, 'library panel'],
    [plan.summary.folderDelete, 'folder'],
  ]);
  const stripped = force && stripping.size > 0 ? `removes the labels and annotations of ${listCounts([[stripping.size, 'dashboard']])} (saved through /api)` : '';
  const parts = [
    overwritten && `overwrites ${overwritten} edited in Grafana (drift)`,
    unchecked > 0 && `may overwrite ${listCounts([[unchecked, 'dashboard']])} whose edits in Grafana could not be checked (drift not checked)`,
    stripped,
    deleted && `deletes ${deleted}`,
  ].filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.length === 0 ? null : `${parts.slice(0, -1).join(', ')}${parts.length > 1 ? ' and ' : ''}${parts.at(-1)}`;
}

/** `2 dashboards, 1 library panel and 1 folder`; '' when every count is 0. */
function listCounts(counts: [number, string][]): string {
  const named = counts.filter(([count]) => count > 0).map(([count, noun]) => `${count} ${noun}${count === 1 ? '' : 's'}`);
  return named.length <= 1 ? (named[0] ?? '') : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}
