import pLimit from 'p-limit';
import type { Settings } from '../config/types.js';
import { AuthError, GrafanaHttpError } from '../errors.js';
import { diffContent, type LiveInstance } from '../diff/diff-content.js';
import type { DashboardEntry, DesiredContent } from '../files/types.js';
import type { ListedDashboard, GrafanaPort, LiveDashboard } from '../grafana/port.js';
import { renderNextCommand, runSelectionOf, type RunSelection } from '../report/next-command.js';
import { normalizeLive } from './normalize-live.js';
import { readDesired } from './read-desired.js';
import type { DashboardAction, PlanWarning } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';
import { liveInstanceFor } from './read-instance-datasources.js';
import { withDatasourceCurrentAsLive } from './datasource-current-as-live.js';
import { groupBy } from '../group-by.js';

/** A planned create and the live dashboards of its title that no file of the tree holds; `deleted`: those of them the plan deletes. */
interface TitleTwins {
  entry: DashboardEntry;
  live: ListedDashboard[];
  deleted: ReadonlySet<string>;
}

/**
 * Pure: each create whose title a live dashboard has that no file holds (`claimed`: claimedDashboardUids), the plan's deletes
 * (prune) included: deleting a dashboard and creating its copy under a new uid loses its uid, links and history. A delete
 * of the uid the create's file held before its uid changed in place (`replacedBy`) is left out: describeUidChanges says that one.
 * The listing the plan already has tells this: no request.
 */
export function findCreateTitleTwins(
  actions: readonly DashboardAction[],
  entries: readonly DashboardEntry[],
  liveDashboards: readonly ListedDashboard[],
  claimed: ReadonlySet<string>,
): TitleTwins[] {
  const creates = new Set(actions.filter((action) => action.action === 'create').map((action) => action.uid));
  if (creates.size === 0) return [];
  const deletes = actions.filter((action) => action.action === 'delete');
  const deleted = new Set(deletes.filter((action) => action.replacedBy === undefined).map((action) => action.uid));
  const uidChanged = new Set(deletes.filter((action) => action.replacedBy !== undefined).map((action) => action.uid));
  // No title: gone before its read (a plan with a create reads every title the listing lacks: titlesToRead).
  const unclaimed = liveDashboards.filter((hit) => !claimed.has(hit.uid) && !uidChanged.has(hit.uid) && hit.title !== null);
  const unfiled = groupBy(unclaimed, (hit) => hit.title!);
  return entries
    .filter((entry) => creates.has(entry.uid) && unfiled.has(entry.title))
    .map((entry) => {
      const live = [...unfiled.get(entry.title)!].sort((a, b) => a.uid.localeCompare(b.uid));
      return { entry, live, deleted: new Set(live.filter((hit) => deleted.has(hit.uid)).map((hit) => hit.uid)) };
    });
}

/**
 * Pure: whether a live dashboard's content is the file's, whatever the uid (and Grafana's id and version), as the plan
 * compares (a datasource variable's `current` is Grafana's pick: withDatasourceCurrentAsLive). Labels and annotations are not compared.
 */
function sameContentAs(desired: DesiredContent, live: LiveDashboard, minRefreshInterval: string, instance: LiveInstance): boolean {
  if (live.schema !== desired.schema) return false;
  const uid = typeof desired.spec.uid === 'string' ? desired.spec.uid : live.uid;
  const model = live.schema === 'v1' ? { ...live.model, uid } : live.model;
  const spec = normalizeLive({ ...live, uid, model }, minRefreshInterval);
  return diffContent({ schema: live.schema, spec, metadata: desired.metadata }, { ...desired, spec: withDatasourceCurrentAsLive(desired.spec, spec) }, instance).length === 0;
}

/** `tf-1 at the General level, last saved by admin`: where a live dashboard is and who saved it last. */
function describeWhere(live: LiveDashboard, savers: ReadonlyMap<string, string>): string {
  const where = live.folderUid === null ? 'at the General level' : `in folder ${quoteText(live.folderTitle)}`;
  const by = live.lastSave.by === '' ? '' : `, last saved by ${savers.get(live.lastSave.by) ?? live.lastSave.by}`;
  return `${where}${by}`;
}

function describeLookAlike(entry: DashboardEntry, twins: LiveDashboard[], savers: ReadonlyMap<string, string>, selection: RunSelection): PlanWarning {
  const [first] = twins;
  const named = twins.map((live) => `${live.uid} ${describeWhere(live, savers)}`);
  return {
    kind: 'other',
    uid: entry.uid,
    message:
      `${quoteText(entry.title)} (${entry.file}) is a new dashboard (uid ${entry.uid}) here, yet Grafana holds ${twins.length === 1 ? 'one' : `${twins.length}`} of that title and content that no file of the tree holds: ${named.join('; ')}. ` +
      `If the file is meant to be ${twins.length === 1 ? 'that dashboard' : 'one of them'}, give it "uid": "${first!.uid}" (or remove the file and run ${renderNextCommand(selection, `pull ${first!.uid}`)}, which writes it); else apply makes a second copy`,
  };
}

/**
 * A create of the same dashboard as one the plan deletes (prune: no file holds it), which is the copy of it under a new uid
 * (a Terraform file given a uid by `check --fix`): not said, apply would lose the old one's uid, links, history and
 * permissions, as a plan of one delete under maxDeletes goes through. A warning rather than a stop: a new uid can be meant.
 */
function describeReplacedLookAlike(entry: DashboardEntry, replaced: LiveDashboard[], savers: ReadonlyMap<string, string>): PlanWarning {
  const named = replaced.map((live) => `${live.uid} ${quoteText(entry.title)} (${describeWhere(live, savers)})`);
  const [first] = replaced;
  return {
    kind: 'look-alike-replaced',
    uid: entry.uid,
    title: entry.title,
    file: entry.file,
    deletedUid: first!.uid,
    message:
      `${entry.file}: this plan deletes ${named.join(' and ')} and creates the same dashboard as ${entry.uid}: ` +
      `give the file "uid": "${first!.uid}" to keep its uid, links, history and permissions`,
  };
}

/** What readLookAlikeCreates found: its warnings, and for each create the live dashboards of its title and content. */
export interface LookAlikes {
  warnings: PlanWarning[];
  twins: ReadonlyMap<string, readonly LiveDashboard[]>;
}

/**
 * A create whose title and content equal a live dashboard's that no file holds (a Terraform or exported file given a new uid
 * by `check --fix`, typically): one warning each, naming that dashboard, where it is, who saved it last, and the fix. Costs
 * nothing without such a title (the listing tells); else one read of each such live dashboard and of the file, and one lookup of
 * the savers' names on `/apis`.
 */
export async function readLookAlikeCreates(
  grafana: Pick<GrafanaPort, 'getDashboard' | 'nameSavers' | 'defaultDatasource' | 'namedDatasources'>,
  settings: Pick<Settings, 'cwd' | 'inputs' | 'minRefreshInterval' | 'configFile' | 'environment' | 'orgId' | 'orgIdFrom' | 'url' | 'urlFromFlag'>,
  candidates: readonly TitleTwins[],
  concurrency: number,
): Promise<LookAlikes> {
  if (candidates.length === 0) return { warnings: [], twins: new Map() };
  const limit = pLimit(concurrency);
  const read = await Promise.all(
    candidates.map(async ({ entry, live, deleted }) => {
      const desired = await readDesired(entry.file, settings, entry.contentHash);
      const answers = await Promise.all(live.map((hit) => limit(() => readUnlessRefused(grafana, hit.uid))));
      const instance = await liveInstanceFor(grafana, desired);
      const twins = answers.filter((dashboard): dashboard is LiveDashboard => typeof dashboard === 'object' && dashboard !== null && sameContentAs(desired, dashboard, settings.minRefreshInterval, instance));
      // One the plan deletes that could not be compared is not named: nothing is known of it but its title.
      const uncompared = live.flatMap((hit, index) => {
        const answer = answers[index];
        return typeof answer === 'number' && !deleted.has(hit.uid) ? [{ uid: hit.uid, status: answer }] : [];
      });
      return { entry, twins, deleted, uncompared };
    }),
  );
  const found = read.filter(({ twins }) => twins.length > 0);
  const twins = new Map(found.map(({ entry, twins }) => [entry.uid, twins]));
  const notCompared = read.filter(({ twins, uncompared }) => twins.length === 0 && uncompared.length > 0).map(({ entry, uncompared }) => describeNotCompared(entry, uncompared));
  if (found.length === 0) return { warnings: notCompared, twins };
  const savers = await grafana.nameSavers([...new Set(found.flatMap(({ twins }) => twins.map((live) => live.lastSave.by)).filter((by) => by !== ''))]);
  const described = found.map(({ entry, twins, deleted }) => {
    const replaced = twins.filter((live) => deleted.has(live.uid));
    return replaced.length > 0 ? describeReplacedLookAlike(entry, replaced, savers) : describeLookAlike(entry, twins, savers, runSelectionOf(settings));
  });
  return { warnings: [...described, ...notCompared], twins };
}

/**
 * A look-alike's live dashboard, or the HTTP status that refused its read: the check is advice, so a dashboard this API
 * version cannot serve (406: stored as v2, read through `--api legacy` on 13), one the credentials may list but not read
 * (403), one gone since the listing (404) or a server failing on it (5xx) is left uncompared rather than failing the plan.
 * Failed credentials (401) and an unreachable Grafana still stop it, as every other read does.
 */
async function readUnlessRefused(grafana: Pick<GrafanaPort, 'getDashboard'>, uid: string): Promise<LiveDashboard | number | null> {
  try {
    return await grafana.getDashboard(uid);
  } catch (error) {
    if (error instanceof GrafanaHttpError && !(error instanceof AuthError)) return error.status;
    throw error;
  }
}

function describeNotCompared(entry: DashboardEntry, uncompared: readonly { uid: string; status: number }[]): PlanWarning {
  const named = uncompared.map(({ uid, status }) => `${uid} (its read answered HTTP ${status})`);
  return {
    kind: 'other',
    uid: entry.uid,
    message:
      `${quoteText(entry.title)} (${entry.file}) is a new dashboard (uid ${entry.uid}) here, yet Grafana holds a dashboard of that title that no file of the tree holds and that could not be compared: ${named.join('; ')}. ` +
      `If the file is meant to be that dashboard, give it "uid": "${uncompared[0]!.uid}"; else apply makes a second dashboard of that title`,
  };
}
