import { plural } from '../plural.js';
import { quoteText } from '../report/escape-untrusted.js';
import type { LibraryPanelAction, PlanWarning } from './types.js';

/** How many dashboards the warning names before it counts the rest. */
const NAMED = 6;

/**
 * Pure: the one warning for library panel updates that reach dashboards others keep (`keptBy` on a user: another tool, or
 * no file in this tree): Grafana renders a library panel's new version in every dashboard that uses it, with no change
 * of theirs to review. Null when the plan's updates reach only the tree's own dashboards.
 */
export function describeLibraryReach(panels: readonly LibraryPanelAction[]): PlanWarning | null {
  const reaching = panels.filter((panel) => panel.action === 'update').map((panel) => ({ panel, others: panel.usedBy.filter((user) => user.keptBy !== undefined) })).filter(({ others }) => others.length > 0);
  if (reaching.length === 0) return null;
  const all = reaching.flatMap(({ others }) => others);
  const uids = [...new Set(all.map((user) => user.uid))];
  const named = all.filter((user, index) => all.findIndex((other) => other.uid === user.uid) === index).slice(0, NAMED).map((user) => `${user.uid} (${user.keptBy})`);
  const more = uids.length > NAMED ? ` and ${uids.length - NAMED} more` : '';
  const what = reaching.map(({ panel }) => `${panel.uid} ${quoteText(panel.title)}`).join(', ');
  return {
    kind: 'other',
    uid: reaching[0]!.panel.uid,
    message:
      `this plan's change to library panel${reaching.length === 1 ? '' : 's'} ${what} also changes ${plural(uids.length, 'dashboard')} other owners keep: ${named.join(', ')}${more}. ` +
      'Grafana shows the new version in each at once, with no change of theirs to review: tell their owners, or give this tree a panel of its own (a copy with another uid)',
  };
}
