import pLimit from 'p-limit';
import type { GrafanaApiKind, LastSave } from '../grafana/port.js';
import { parseRelease } from '../grafana/parse-release.js';
import type { OwnersUnseen } from './decide-deletes.js';
import type { SavedHead } from './read-saved-commits.js';
import type { SincePushReader } from './read-since-push.js';

/**
 * Through `/api` (api "legacy") on Grafana 12 or later (as `/api/health` reports it), `meta.provisioned` is classic file
 * provisioning alone (pkg/api/dashboard.go `GetProvisionedDashboardDataByDashboardID`), while Terraform, Git Sync, kubectl and
 * plugins mark the dashboards they manage on `/apis`, which legacy never reads (SPEC §13). So prune deletes only what
 * dashsync saved last (judgeSavedLastByDashsync, the same history read the delete's drift check makes, shared), or whose newest
 * save git holds (`heldInGit`). Those whose history Grafana cannot list are held with those someone else saved last (nothing
 * shows dashsync saved them last). Those whose history these credentials may not read (a Viewer's: always through `/api`) are `notJudged`: the
 * apply of the saved plan reads it and deletes only those dashsync saved last (judgeOwnerBeforeDelete). Undefined on 11.x, a
 * hidden version, or through `/apis`.
 */
export async function readOwnersUnseen(
  api: GrafanaApiKind | undefined,
  grafanaVersion: string | null,
  pushes: SincePushReader,
  heads: readonly SavedHead[],
  heldInGit: (uid: string) => boolean,
  concurrency: number,
): Promise<OwnersUnseen | undefined> {
  const release = parseRelease(grafanaVersion);
  if (api !== 'legacy' || release === null || release.major < 12) return undefined;
  const limit = pLimit(concurrency);
  const judged = await Promise.all(heads.map((head) => limit(async () => ({ uid: head.uid, owner: await judgeSavedLastByDashsync(pushes, head, heldInGit) }))));
  // A history Grafana cannot list shows no more than an unread one: not known to be dashsync's, held (its owner unseen).
  const pushed = judged.filter(({ owner }) => owner === 'pushed').map(({ uid }) => uid);
  const notJudged = judged.filter(({ owner }) => owner === 'unreadable').map(({ uid }) => uid);
  const unlisted = judged.filter(({ owner }) => owner === 'unconvertible').map(({ uid }) => uid);
  return { grafana: `Grafana ${release.major}`, pushed: new Set(pushed), notJudged: new Set(notJudged), ...(unlisted.length > 0 && { unlisted: new Set(unlisted) }) };
}

/**
 * Whether a prune candidate counts as dashsync's, from its version history: `pushed`, dashsync saved it last, or git holds
 * that newest save (`heldInGit`: pulled and committed before its file was removed); `others`, someone else saved it last,
 * dashsync never pushed it or pushed an earlier version (review-63 H2: through `/api` a tool taking a dashboard over,
 * Terraform's import and apply, kubectl, reads as any other save, its mark on `/apis` alone); `unreadable`, these credentials
 * may not read the history; `unconvertible`, Grafana cannot list it. The plan judges its prune candidates with it, ops' line
 * the other environments' (readPrunedByOthers), and the apply of a saved plan the deletes that plan could not judge.
 */
async function judgeSavedLastByDashsync(pushes: SincePushReader, head: SavedHead, heldInGit: (uid: string) => boolean): Promise<'pushed' | 'others' | 'unreadable' | 'unconvertible'> {
  const save = await readNewestSave(pushes, head);
  if (typeof save === 'string') return save;
  return save.byDashsync === true || heldInGit(head.uid) ? 'pushed' : 'others';
}

/** The newest save judgeSavedLastByDashsync weighs: the listing's where it shows dashsync's already (no request), else the history's. */
export async function readNewestSave(pushes: Pick<SincePushReader, 'lastSave'>, head: SavedHead): Promise<LastSave | 'unreadable' | 'unconvertible'> {
  if (head.lastSave.byDashsync === true) return head.lastSave;
  return await pushes.lastSave({ ...head, lastSave: { ...head.lastSave, byDashsync: null } });
}
