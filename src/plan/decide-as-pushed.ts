import { isDeepEqual } from '../diff/is-deep-equal.js';
import type { DashboardEntry } from '../files/types.js';
import type { DashboardHead } from '../grafana/port.js';
import { headState, type DashboardDecision } from './decide-dashboard.js';

/**
 * Pure: the decision for a dashboard that Grafana holds exactly as this file says (on /apis its
 * record names the file's source and nobody saved it since; on /api its answer's bytes are the
 * file's model), without its model: a noop
 * while it sits in the file's folder with the file's labels and annotations (which a kubectl edit
 * may change without a new generation); null when those differ, and it must be read and compared
 * in full.
 */
export function decideAsPushed(entry: DashboardEntry, head: DashboardHead): DashboardDecision | null {
  if (head.folderUid !== entry.folderUid || head.schema !== entry.schema) return null;
  if (!isDeepEqual(head.metadata.labels, entry.metadata.labels) || !isDeepEqual(head.metadata.annotations, entry.metadata.annotations)) return null;
  return {
    action: {
      kind: 'dashboard',
      uid: entry.uid,
      title: entry.title,
      file: entry.file,
      folderUid: entry.folderUid,
      contentHash: entry.contentHash,
      action: 'noop',
      // The push wrote the file's title: the live one is that.
      live: headState(head, entry.title),
      changes: [],
      dependsOn: [],
    },
    warning: null,
    rewriteCandidate: false,
  };
}
