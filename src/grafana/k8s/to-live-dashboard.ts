import type { DashboardHead, DashboardOwner, LastSave, LiveDashboard, LiveFolder, PushedRecord, UserMetadata } from '../port.js';
import { metadataDigest, userMetadata } from '../user-metadata.js';
import { positiveInteger } from '../legacy/to-live-dashboard.js';
import { versionOf, type K8sObject, type K8sObjectHead } from './k8s-object.js';
import { answeredFromLegacySql } from './legacy-storage-signal.js';

/** Where dashsync records, with each push through `/apis`, what it pushed (README: "Server-side rewrites are not changes"). */
export const PUSHED_SHA256 = 'dashsync/pushed-sha256';
export const PUSHED_GENERATION = 'dashsync/pushed-generation';
export const PUSHED_FROM = 'dashsync/pushed-from';
/** The metadata.uid of the object the record was made on (the incarnation of the name). */
export const PUSHED_UID = 'dashsync/pushed-uid';
/**
 * The digest of the author's labels and annotations the push wrote (metadataDigest): a `kubectl label` or
 * `annotate` keeps the generation, so only this tells such an edit apart from dashsync's own push.
 */
export const PUSHED_METADATA = 'dashsync/pushed-metadata';
/**
 * The message the push was saved with (`grafana.app/message`, which Grafana keeps in the history only): it names the
 * commit, so the not-in-branch check needs no history read for a dashboard still as dashsync pushed it. Records of
 * earlier releases have none.
 */
export const PUSHED_MESSAGE = 'dashsync/pushed-message';
/** Every annotation of the record. */
export const PUSH_RECORD = [PUSHED_SHA256, PUSHED_GENERATION, PUSHED_FROM, PUSHED_UID, PUSHED_METADATA, PUSHED_MESSAGE] as const;

/** The legacy numeric id (`dashboard.id` on `/api`). */
export const INTERNAL_ID_LABEL = 'grafana.app/deprecatedInternalID';

/** The legacy numeric id the object carries (its SQL row's), or null. Pure. */
export function internalIdOf(object: Pick<K8sObjectHead, 'labels'>): number | null {
  return positiveInteger(object.labels[INTERNAL_ID_LABEL]);
}

/**
 * A dashboard object read at its stored version as the port's LiveDashboard. Pure.
 * v1: `model` is the classic model with `uid` (= metadata.name) put back, as `/api` returns it;
 * v2: `model` is the v2 spec.
 */
export function toLiveDashboard(object: K8sObject, folderTitle: (uid: string) => string): LiveDashboard {
  const stored = object.conversion?.storedVersion ?? versionOf(object.apiVersion);
  const head = toDashboardHead(object, folderTitle, `${object.apiVersion.slice(0, object.apiVersion.indexOf('/'))}/${stored}`);
  const spec = object.spec ?? {};
  return { ...head, model: head.schema === 'v1' ? { ...spec, uid: object.name } : spec };
}

/**
 * Everything but the model, from the object's metadata (a PartialObjectMetadata will do), for a
 * dashboard stored at `apiVersion` (`dashboard.grafana.app/<v>`). Pure.
 */
export function toDashboardHead(object: K8sObjectHead, folderTitle: (uid: string) => string, apiVersion: string): DashboardHead {
  const { annotations } = object;
  const folderUid = annotations['grafana.app/folder'] || null;
  const pushed = pushedRecordOf(object);
  const metadata = userMetadata(object);
  return {
    uid: object.name,
    schema: versionOf(apiVersion).startsWith('v2') ? 'v2' : 'v1',
    apiVersion,
    metadata,
    pushed,
    folderUid,
    folderTitle: folderUid === null ? 'General' : folderTitle(folderUid),
    revision: revisionOf(object),
    version: object.generation,
    owner: ownerFromAnnotations(annotations),
    lastSave: lastSaveOf(object, pushed, metadata),
    internalId: internalIdOf(object),
    ...(answeredFromLegacySql(object) ? { metadataNotKept: true as const } : {}),
  };
}

/**
 * The record of dashsync's last push names the generation it made: still that one, nobody saved since
 * (byDashsync true) — unless the author's labels or annotations are no longer the ones it pushed: someone
 * changed them without a new generation (byDashsync false, metadataEdited; who and when, Grafana does not say). Without a
 * bound record at this generation: unknown (the history tells).
 */
function lastSaveOf(object: K8sObjectHead, pushed: PushedRecord | null, metadata: UserMetadata): LastSave {
  const asPushed = pushed !== null && pushed.bound && pushed.generation === object.generation;
  const save = {
    by: object.annotations['grafana.app/updatedBy'] || object.annotations['grafana.app/createdBy'] || '',
    at: object.annotations['grafana.app/updatedTimestamp'] || object.creationTimestamp,
    message: null,
    version: object.generation,
  };
  if (asPushed && pushed.metadata !== null && pushed.metadata !== metadataDigest(metadata)) return { ...save, byDashsync: false, metadataEdited: true };
  return { ...save, byDashsync: asPushed ? true : null };
}

/**
 * Whether two revisions name the same state of a dashboard. `/apis` revisions compare by generation
 * and resourceVersion, and by uid where both carry one (a plan of an earlier release wrote
 * `generation/resourceVersion`); any other (`/api`'s version) compares as text.
 *
 * One read from legacy SQL storage and one from unified storage (the upgrade to 13 moved the dashboards) name the
 * same state when generation and metadata.uid agree: the migration writes legacy's object with both kept and only
 * its resourceVersion cleared for unified storage to stamp (`pkg/registry/apis/dashboard/legacy/migrate.go`
 * migrateDashboards), and every later save there bumps the generation (a labels-only write does not, as on any
 * unified-storage dashboard). Who it is (the incarnation) is the caller's to compare.
 */
export function sameRevision(a: string, b: string): boolean {
  if (a === b) return true;
  const left = parseRevision(a);
  const right = parseRevision(b);
  if (left === null || right === null) return false;
  if (left.uid && right.uid && left.uid !== right.uid) return false;
  if (left.generation !== right.generation) return false;
  if (left.resourceVersion === right.resourceVersion) return true;
  return left.uid !== null && right.uid !== null && readFromLegacySql(left) !== readFromLegacySql(right);
}

function readFromLegacySql(revision: { generation: number; resourceVersion: string }): boolean {
  return answeredFromLegacySql({ ...revision, labels: {} });
}

/**
 * Whether the object's record says it is exactly what dashsync pushed from `source`, and nobody saved it since:
 * made on this very object (its metadata.uid) and still at the generation that push made.
 */
export function isAsPushedFrom(object: Pick<K8sObject, 'annotations' | 'generation' | 'uid'>, source: string): boolean {
  const pushed = pushedRecordOf(object);
  return pushed !== null && pushed.bound && pushed.from === source && pushed.generation === object.generation;
}

/**
 * The revision a save expects: the resourceVersion (what `/apis` checks), the generation (what
 * `POST /api/dashboards/db` checks as `version`, for the writes `api: auto` sends there) and the
 * object's metadata.uid (which the record of a push through `/apis` names).
 */
export function revisionOf(object: Pick<K8sObject, 'generation' | 'resourceVersion' | 'uid'>): string {
  return `${object.generation}/${object.uid}/${object.resourceVersion}`;
}

/** `generation/uid/resourceVersion`; `generation/resourceVersion` (plans of earlier releases) gives uid null. */
export function parseRevision(revision: string): { generation: number; uid: string | null; resourceVersion: string } | null {
  const match = /^(-?\d+)\/(?:([^/]*)\/)?(.+)$/.exec(revision);
  return match ? { generation: Number(match[1]), uid: match[2] ?? null, resourceVersion: match[3]! } : null;
}

/**
 * Grafana's manager annotations as the port's owner. Classic file provisioning is `provisioning`
 * (its file in `sourcePath`), as the legacy API reports it; other managers by their kind.
 */
export function ownerFromAnnotations(annotations: Record<string, string>): DashboardOwner | null {
  const kind = annotations['grafana.app/managedBy'] ?? '';
  if (kind === '') return null;
  const allowsUpdates = annotations['grafana.app/managerAllowsEdits'] === 'true';
  if (kind === 'classic-file-provisioning') return { manager: 'provisioning', id: annotations['grafana.app/sourcePath'] ?? '', allowsUpdates };
  const source = annotations['grafana.app/sourcePath'];
  return { manager: kind, id: annotations['grafana.app/managerId'] ?? '', allowsUpdates, ...(source ? { source } : {}) };
}

function pushedRecordOf({ annotations, uid }: Pick<K8sObject, 'annotations' | 'uid'>): PushedRecord | null {
  const sha256 = annotations[PUSHED_SHA256];
  const generation = Number(annotations[PUSHED_GENERATION]);
  if (!sha256 || !Number.isInteger(generation)) return null;
  return {
    sha256,
    generation,
    from: annotations[PUSHED_FROM] || null,
    bound: uid !== '' && annotations[PUSHED_UID] === uid,
    metadata: annotations[PUSHED_METADATA] || null,
    message: annotations[PUSHED_MESSAGE] || null,
  };
}

export function toLiveFolder(object: K8sObject): LiveFolder {
  return {
    uid: object.name,
    title: typeof object.spec?.title === 'string' ? object.spec.title : '',
    parentUid: object.annotations['grafana.app/folder'] || null,
    revision: object.resourceVersion,
    ...ownedBy(ownerFromAnnotations(object.annotations)),
    ...internalIdIfAny(internalIdOf(object)),
  };
}

const internalIdIfAny = (id: number | null) => (id === null ? {} : { internalId: id });

const ownedBy = (owner: DashboardOwner | null) => (owner ? { owner } : {});
