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
 * drift was not checked); so are those whose history Grafana cannot list (the plan says their drift was not checked). Those
 * whose history these credentials may not read (a Viewer's: always through `/api`) are `notJudged`: the apply of the saved
 * plan reads it and deletes only those dashsync pushed (judgeOwnerBeforeDelete). Undefined on 11.x, a hidden version, or through `/apis`.
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
  const judged = await Promise.all(heads.map((head) => limit(async () => ({ uid: head.uid, owner: await judgePushedByDashsync(pushes, head, beyondHistory) }))));
  // A history Grafana cannot list: left to the delete as before, whose plan says its drift was not checked.
  const pushed = judged.filter(({ owner }) => owner === 'pushed' || owner === 'unconvertible').map(({ uid }) => uid);
  const notJudged = judged.filter(({ owner }) => owner === 'unreadable').map(({ uid }) => uid);
  return { grafana: `Grafana ${release.major}`, pushed: new Set(pushed), notJudged: new Set(notJudged) };
}

/**
 * Whether dashsync pushed a dashboard, from its version history: `pushed`, its newest save is dashsync's or a push of
 * dashsync's lies below it (or below a history cut short, where `beyondHistory` says so); `others`, none is; `unreadable`,
 * these credentials may not read the history; `unconvertible`, Grafana cannot list it. The plan judges its prune candidates
 * with it, and the apply of a saved plan the deletes that plan could not judge.
 */
export async function judgePushedByDashsync(pushes: SincePushReader, head: SavedHead, beyondHistory: (uid: string) => boolean): Promise<'pushed' | 'others' | 'unreadable' | 'unconvertible'> {
  if (head.lastSave.byDashsync === true) return 'pushed';
  const save = await pushes.lastSave({ ...head, lastSave: { ...head.lastSave, byDashsync: null } });
  if (typeof save === 'string') return save;
  if (save.byDashsync === true) return 'pushed';
  const below = await orHistoryFailure(() => pushes.pushBelow(head, save.version));
  if (below === 'unreadable' || below === 'unconvertible') return below;
  return below === 'in-history' || below === 'recorded' || (below === 'cut-short' && beyondHistory(head.uid)) ? 'pushed' : 'others';
}
