import pLimit from 'p-limit';
import type { GrafanaApiKind } from '../grafana/port.js';
import { parseRelease } from '../grafana/parse-release.js';
import type { OwnersUnseen } from './decide-deletes.js';
import type { SavedHead } from './read-saved-commits.js';
import { orHistoryFailure, type SincePushReader } from './read-since-push.js';

/**
 * Through `/api` (api "legacy") on Grafana 12 or later (as `/api/health` reports it), `meta.provisioned` is classic file
 * provisioning alone (pkg/api/dashboard.go `GetProvisionedDashboardDataByDashboardID`), while Terraform, Git Sync, kubectl and
 * plugins mark the dashboards they manage on `/apis`, which legacy never reads (SPEC §13). So prune deletes only what
 * dashsync is known to have pushed: its newest save is dashsync's, or a push of dashsync's lies below it (the same history
 * reads the delete's drift check makes, shared). `beyondHistory`: whether a candidate whose history Grafana cut short above
 * the first version counts as dashsync's (the tree held it, a removed file; or a shallow clone, whose plan says that delete's
 * drift was not checked); so are those whose history cannot be read (the plan says
 * their drift was not checked). Undefined on 11.x, a hidden version, or through `/apis`.
 */
export async function readOwnersUnseen(
  api: GrafanaApiKind | undefined,
  grafanaVersion: string | null,
  pushes: SincePushReader,
  heads: readonly SavedHead[],
  beyondHistory: (uid: string) => boolean,
  concurrency: number,
): Promise<OwnersUnseen | undefined> {
  const release = parseRelease(grafanaVersion);
  if (api !== 'legacy' || release === null || release.major < 12) return undefined;
  const limit = pLimit(concurrency);
  const pushed = await Promise.all(heads.map((head) => limit(async () => ((await pushedByDashsync(pushes, head, beyondHistory)) ? [head.uid] : []))));
  return { grafana: `Grafana ${release.major}`, pushed: new Set(pushed.flat()) };
}

async function pushedByDashsync(pushes: SincePushReader, head: SavedHead, beyondHistory: (uid: string) => boolean): Promise<boolean> {
  if (head.lastSave.byDashsync === true) return true;
  const save = await pushes.lastSave({ ...head, lastSave: { ...head.lastSave, byDashsync: null } });
  // A history these credentials may not read, or Grafana cannot list: left to the delete as before, whose plan says its
  // drift was not checked (credentials that may not read a history are refused its delete by Grafana all the same).
  if (typeof save === 'string') return true;
  if (save.byDashsync === true) return true;
  // A history Grafana cannot read further down: left to the delete as before (its drift was not checked either).
  const below = await orHistoryFailure(() => pushes.pushBelow(head, save.version));
  if (below === 'unreadable' || below === 'unconvertible') return true;
  return below === 'in-history' || below === 'recorded' || (below === 'cut-short' && beyondHistory(head.uid));
}
