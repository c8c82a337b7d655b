import { diffDocuments } from '../diff/diff-dashboards.js';
import { V1_KEYING } from '../diff/keying-rules.js';
import type { GrafanaApiKind, UserMetadata } from '../grafana/port.js';
import { parseRelease } from '../grafana/parse-release.js';
import type { DashboardAction, PlanWarning } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';

const NONE: UserMetadata = { labels: {}, annotations: {} };

/**
 * Pure: an update or move of a file with labels or annotations, written through `/api` (`--api legacy`) on a Grafana
 * that keeps them through `/apis` (12 and later). Grafana's `/api` save replaces the object and keeps none of them
 * (12: LegacySaveCommandToUnstructured builds a fresh one; 13: saveDashboardViaK8s resets them; src/sandbox/README.md),
 * so those an `/apis` write left on it go. `/api` shows none of them to read: the file's are shown as removals, the
 * action is marked for apply (which skips it unless --force), and a warning says why. Anything else: as it is.
 */
export function decideLabelsThroughApi(action: DashboardAction, fileMetadata: UserMetadata | undefined, apisKeepsLabels: boolean): { action: DashboardAction; warning: PlanWarning | null } {
  if (fileMetadata === undefined || !apisKeepsLabels || (action.action !== 'update' && action.action !== 'move')) return { action, warning: null };
  const removals = diffDocuments({ metadata: fileMetadata }, { metadata: NONE }, V1_KEYING);
  const names = [...Object.keys(fileMetadata.labels), ...Object.keys(fileMetadata.annotations)].sort();
  return {
    action: { ...action, changes: [...action.changes, ...removals], removesMetadata: true },
    warning: {
      kind: 'other',
      uid: action.uid,
      message:
        `labels removed: ${action.uid} ${quoteText(action.title)} (${action.file}) goes through /api (api "legacy"), whose save removes every label and annotation ` +
        `Grafana holds for it (${names.join(', ')} of its file among them; Grafana 12 and later keep them only through /apis, which this run does not read); ` +
        'apply skips it unless run with --force; to keep them, plan and apply with --api auto or k8s',
    },
  };
}

/**
 * Pure: one warning for a plan that reads and writes dashboards through `/api` (`api`: the port's, "legacy") on Grafana
 * 13 or later (`grafanaVersion`, as /api/health reports it), whose dashboards are on unified storage, which keeps labels
 * and annotations set through `/apis`, when it updates or moves some. `/api` shows none of them, so the plan cannot show
 * the ones someone added in Grafana (kubectl, another tool), and each save through `/api` removes every one
 * (decideLabelsThroughApi). Those whose file has labels carry that warning instead. Not on 12, whose default legacy SQL
 * storage keeps none (a 12.4 that moved its dashboards to unified storage does, which `/api` does not tell), nor on a
 * hidden version. Reading them through `/apis` would break api "legacy"'s promise (never `/apis`): the warning says
 * which setting sees them.
 */
export function labelsUnseenThroughApi(api: GrafanaApiKind | undefined, grafanaVersion: string | null, actions: readonly DashboardAction[]): PlanWarning[] {
  if (api !== 'legacy' || (parseRelease(grafanaVersion)?.major ?? 0) < 13) return [];
  const saves = actions.filter((action) => (action.action === 'update' || action.action === 'move') && action.removesMetadata !== true).length;
  if (saves === 0) return [];
  return [
    {
      kind: 'other',
      uid: null,
      message:
        'labels not seen: this plan reads dashboards through /api (api "legacy"), which shows none of the labels and annotations Grafana 13 keeps ' +
        `on a dashboard (set through /apis: kubectl, another tool); its ${saves === 1 ? 'save of a dashboard already in Grafana goes' : `${saves} saves of dashboards already in Grafana (updates and moves) go`} through /api, which removes every one ` +
        'without a line in this plan; to see and keep them, plan and apply with --api auto or k8s',
    },
  ];
}
