import { AuthError, ConfigError, GrafanaHttpError, OrgLookupError, PermissionError, RequestInterruptedError, UnreachableError } from '../../errors.js';
import type { GrafanaRequester } from '../http/request.js';
import { numberField } from '../http/response-fields.js';
import { createIdentityLookup, type IdentityLookup } from '../own-identity.js';
import { isInternalId } from '../save-authorship.js';
import type { K8sVersions } from './choose-versions.js';
import { listDashboardPage, listRequestKey, receiveDashboardPage, type DashboardPage, type ListQuery } from './endpoints/dashboards.js';
import { listFolderObjects } from './endpoints/folders.js';
import type { K8sObject } from './k8s-object.js';
import type { KeptTrash } from './kept-trash.js';
import type { KeptListPages } from './kept-list-pages.js';
import { answeredFromLegacySql } from './legacy-storage-signal.js';
import { lookUpRecordedUid, savedByUid } from './recorded-uid.js';
import type { LiveDashboard, WriteTally } from '../port.js';

/** What every `/apis` operation of one port works from. */
export interface K8sContext {
  http: GrafanaRequester;
  versions: K8sVersions;
  /** Items per LIST page. */
  pageSize: number;
  /** `default` (org 1), `org-<id>`: asked once (the credentials' org when none is selected). */
  namespace(): Promise<string>;
  /**
   * The uid of the identity the credentials belong to (GET /api/user, read once and shared with
   * namespace()), without its type (`service-account:`); null when Grafana gives none or the lookup
   * failed. Legacy SQL storage records every save as `user:<uid>`. For a service account GET /api/user
   * answers its internal numeric id, which no history records: the uid histories record is asked of
   * Grafana's display list once (recorded-uid.ts); where that does not answer, the id stays
   * (save-authorship.ts k8sSaver: unknown) until a write of this port shows it (learnPusherUid).
   */
  pusherUid(): Promise<string | null>;
  /** The answer to a write of these credentials: where it is that write's own (generation, message), its saver is them (what pusherUid falls back to when Grafana would not say). */
  learnPusherUid(saved: K8sObject, written: { generation: number; message: string }): void;
  /**
   * The saver the content note of a write about to be sent names (pusherUid), and `answered`, called once that write is
   * answered or failed. While the uid is still to be learnt from a write's answer (learnPusherUid), the first noted write
   * that can teach it (`teaches`: one through `/apis`) goes with what is known, and every later noted write waits until it
   * is answered, so that they all name the uid learnt (one round trip more, only then); a failed first write lets them go
   * on with what is known, and Ctrl-C ends the wait (the requester then sends nothing). A plan asks pusherUid: it never waits.
   */
  noteSaver(teaches: boolean): Promise<NotingWrite>;
  /** The one GET /api/user of this port (own-identity.ts): its failure is reported once by the plan. */
  identity: IdentityLookup;
  /** Dashboards saved with no content note, the saver not known (GrafanaPort.unnotedSaves). */
  unnotedSaves: Set<string>;
  /**
   * Folder titles by uid (dashboards name their folder by uid only): from the folder list this
   * port last gave out or read (a plan lists folders, then reads dashboards, or asks for the
   * first page while the folders are on their way), kept for the run until this port writes a
   * folder; else read (counted into `tally` when an apply action reads back what it wrote).
   * A folder someone else makes or renames during the run is not seen (its title reads as '').
   */
  folderTitles(tally?: WriteTally): Promise<(uid: string) => string>;
  /** Keeps a folder list (or its read in flight) for folderTitles; `null` forgets it (a folder was written). */
  noteFolders(folders: Promise<K8sObject[]> | null): void;
  /** Whether an annotation-only write moves the generation here (bindPushRecord learns it); null = not seen yet. */
  metadataWriteBumps: boolean | null;
  /**
   * Whether a v1-family write here runs the migration's cleanup, which removes what the schema steps of the write before
   * left (12.3 on: cleanup-rewrites.ts), told by bindPushRecord from an answer, or learnt from the first patch of an answer
   * holding such output; null = not seen yet.
   */
  writeCleansSpec: boolean | null;
  /**
   * Whether Grafana answers dashboards from its legacy SQL storage (answeredFromLegacySql), learned from the first
   * stored object read for it (one dual-writer mode holds for every dashboard); null = not asked yet (or not told).
   */
  dashboardsOnLegacySql: Promise<boolean | null> | null;
  /**
   * Whether the dashboard the access check listed came from legacy SQL storage (answeredFromLegacySql); null = it listed
   * none (or has not run). The plan's tree read goes without the metadata pass where it did: that storage keeps no push
   * record, so no dashboard can be taken as pushed from its metadata. Not the apply's storage question
   * (dashboardsOnLegacySql), which is asked right before the first write of a run.
   */
  listedFromLegacySql: boolean | null;
  /**
   * Whether the answer of a `POST /api/dashboards/db` tells the saved revision (answerTellsRevision), learned from the
   * run's first read-back after such a save; null = not learned yet (or the read-back failed).
   */
  saveAnswerTellsRevision: Promise<boolean | null> | null;
  /** The dashboard listings kept for the plans of environments sharing this port (createEnvironmentPorts); null: none kept. */
  keptListPages: KeptListPages | null;
  /**
   * The page the access check asked as the first page of the plan's metadata listing (checkNamespaceAccess), parsed: the
   * port's next listing takes it where it asks for that very page, else lets go of it (listPages); null: none.
   */
  accessPage: AccessPage | null;
  /** "Recently deleted" kept for a run that takes dashboards back from it (GrafanaPort.keepRecentlyDeleted); null: not kept. */
  keptTrash: KeptTrash | null;
  /**
   * Whether the trash list was empty as last fetched (GrafanaPort.trashStorageUntold): set when it is fetched, not on each
   * read of a kept copy, which the run's take-backs may empty (rev-70b L3).
   */
  trashFetchedEmpty: boolean;
  /**
   * The stored object behind each dashboard readLiveDashboard gave out, while that dashboard is held: a --force save builds
   * on the read its caller made right before it (SaveDashboardRequest.readBefore) instead of reading it again.
   */
  storedObjectsRead: WeakMap<LiveDashboard, K8sObject>;
}

/** A list page the access check asked for (K8sContext.accessPage): the key of its request (listRequestKey) and the page. */
interface AccessPage {
  request: string;
  page: DashboardPage;
}

/** A noted write's saver (K8sContext.noteSaver). */
interface NotingWrite {
  uid: string | null;
  answered(): void;
}

/** What learnPusherUid replaces: no uid, or an internal id no history records. */
function stillToLearn(uid: string | null): boolean {
  return uid === null || isInternalId(uid);
}

/** Settles when `answered` does or the run is interrupted, whichever comes first (one listener on the run's signal). */
function untilAnsweredOrInterrupted(answered: Promise<void>, interrupt: AbortSignal | undefined): Promise<void> {
  if (interrupt === undefined) return answered;
  if (interrupt.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      interrupt.removeEventListener('abort', done);
      resolve();
    };
    interrupt.addEventListener('abort', done, { once: true });
    void answered.then(done);
  });
}

const NOTHING_TO_TELL = () => {};

/** A failed GET /api/user, when the namespace needed it: said with how to go without it (OrgLookupError), unless the credentials or the connection are the trouble. */
function rethrowAsOrgLookup(error: unknown): never {
  const own = error instanceof AuthError || error instanceof UnreachableError || error instanceof RequestInterruptedError;
  throw error instanceof GrafanaHttpError && !own ? new OrgLookupError(error) : error;
}

/** Org 1 is `default`, org N `org-N` (pkg/services/apiserver/endpoints/request/namespace.go). */
function namespaceForOrg(orgId: number): string {
  return orgId === 1 ? 'default' : `org-${orgId}`;
}

export function createK8sContext(
  http: GrafanaRequester,
  versions: K8sVersions,
  orgId: number | undefined,
  pageSize: number,
  keptListPages: KeptListPages | null = null,
  interrupt?: AbortSignal,
  identity: IdentityLookup = createIdentityLookup(http),
): K8sContext {
  let namespace: Promise<string> | undefined;
  let noted: Promise<K8sObject[]> | null = null;
  let pusherUid: Promise<string | null> | undefined;
  // Set by the first noted write sent while the uid was still to be learnt (noteSaver), never unset: later ones wait for it once.
  let teacherAnswered: Promise<void> | null = null;
  const ownRecordedUid = async (): Promise<string | null> => {
    const own = await identity.identity();
    if (own.uid === null || !own.serviceAccount || !isInternalId(own.uid)) return own.uid;
    return (await lookUpRecordedUid(http, await context.namespace(), own.uid)) ?? own.uid;
  };
  const context: K8sContext = {
    http,
    versions,
    pageSize,
    namespace() {
      // Without --org-id the credentials' own org (a token belongs to one): GET /api/user names it.
      namespace ??= orgId !== undefined ? Promise.resolve(namespaceForOrg(orgId)) : identity.profile().then((user) => namespaceForOrg(numberField(user, 'orgId', 1)), rethrowAsOrgLookup);
      namespace.catch(() => (namespace = undefined));
      return namespace;
    },
    pusherUid() {
      pusherUid ??= ownRecordedUid();
      pusherUid.catch(() => (pusherUid = undefined));
      return pusherUid;
    },
    learnPusherUid(saved, written) {
      const learned = savedByUid(saved, written);
      if (learned === null) return;
      const known = pusherUid;
      pusherUid = (known ?? Promise.resolve(null)).then((uid) => (stillToLearn(uid) ? learned : uid), () => learned);
    },
    async noteSaver(teaches) {
      if (teacherAnswered !== null) await teacherAnswered;
      const uid = await context.pusherUid();
      if (!stillToLearn(uid)) return { uid, answered: NOTHING_TO_TELL };
      if (teacherAnswered === null) {
        if (!teaches) return { uid, answered: NOTHING_TO_TELL };
        let answered = NOTHING_TO_TELL;
        teacherAnswered = untilAnsweredOrInterrupted(new Promise<void>((resolve) => (answered = () => resolve())), interrupt);
        return { uid, answered };
      }
      await teacherAnswered;
      return { uid: await context.pusherUid(), answered: NOTHING_TO_TELL };
    },
    identity,
    unnotedSaves: new Set(),
    async folderTitles(tally) {
      const version = versions.folder;
      if (version === null) return () => '';
      if (noted === null) context.noteFolders(context.namespace().then((namespace) => listFolderObjects(http, namespace, version, tally)));
      const folders = await noted!;
      const titles = new Map(folders.map((folder) => [folder.name, typeof folder.spec?.title === 'string' ? folder.spec.title : '']));
      return (uid) => titles.get(uid) ?? '';
    },
    noteFolders(folders) {
      noted = folders;
      // A failed list is not kept (its reader is told): the next call reads the folders again.
      folders?.catch(() => {
        if (noted === folders) noted = null;
      });
    },
    metadataWriteBumps: null,
    writeCleansSpec: null,
    dashboardsOnLegacySql: null,
    listedFromLegacySql: null,
    saveAnswerTellsRevision: null,
    keptListPages,
    accessPage: null,
    keptTrash: null,
    trashFetchedEmpty: false,
    storedObjectsRead: new WeakMap(),
  };
  return context;
}

/**
 * Before any plan or write: the credentials can list dashboards in the namespace. Grafana's org
 * authorizer answers 403 for an org the caller is not a member of (a basic-auth user would
 * otherwise see an empty org and plan every dashboard as a create). `listingFollows` (a plan's
 * metadata reads come next): the check is the first page of that listing, kept for it
 * (K8sContext.accessPage), so the listing starts one round trip sooner; else one dashboard in full.
 */
export async function checkNamespaceAccess(context: K8sContext, orgId: number | undefined, orgIdFrom = '--org-id / GRAFANA_ORG_ID', listingFollows = false): Promise<void> {
  const namespace = await context.namespace();
  try {
    const page = (listingFollows ? await askListingStart(context, namespace) : null) ?? (await listDashboardPage(context.http, namespace, context.versions.v1Read, { limit: 1 }));
    const listed = page.items[0];
    if (listed !== undefined) context.listedFromLegacySql = answeredFromLegacySql(listed);
  } catch (error) {
    if (!(error instanceof PermissionError)) throw error;
    throw new ConfigError([
      `org ${orgId ?? namespace} (${orgIdFrom}): these credentials may not read its dashboards (Grafana: ${error.grafanaMessage || 'forbidden'})`,
    ]);
  }
}

/**
 * The first page of the dashboards' metadata listing (as listPages asks for it: the context's page size), kept in
 * K8sContext.accessPage; null when something on the way refuses the metadata form (406: the check then asks as without a
 * listing, and the listing falls back as it does).
 */
async function askListingStart(context: K8sContext, namespace: string): Promise<DashboardPage | null> {
  const version = context.versions.v1Read;
  const query: ListQuery = { limit: context.pageSize, metadataOnly: true };
  try {
    const page = (await receiveDashboardPage(context.http, namespace, version, query, undefined, context.keptListPages ?? undefined)).take();
    context.accessPage = { request: listRequestKey(namespace, version, query), page };
    return page;
  } catch (error) {
    if (error instanceof GrafanaHttpError && error.status === 406) return null;
    throw error;
  }
}
