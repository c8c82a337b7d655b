import type { DashboardOwner, LiveDashboard, LiveFolder, PushedRecord, UserMetadata } from '../port.js';
import { versionOf, type K8sObject } from './k8s-object.js';

/** Where dashsync records, with each push through `/apis`, what it pushed (README: "Server-side rewrites are not changes"). */
export const PUSHED_SHA256 = 'dashsync/pushed-sha256';
export const PUSHED_GENERATION = 'dashsync/pushed-generation';

/** Prefixes of metadata that is not the author's: Grafana's own, kubectl's bookkeeping, dashsync's record. */
const FOREIGN_PREFIXES = ['grafana.app/', 'kubectl.kubernetes.io/', 'dashsync/'];

/**
 * A dashboard object read at its stored version as the port's LiveDashboard. Pure.
 * v1: `model` is the classic model with `uid` (= metadata.name) put back, as `/api` returns it;
 * v2: `model` is the v2 spec.
 */
export function toLiveDashboard(object: K8sObject, folderTitle: (uid: string) => string): LiveDashboard {
  const { annotations } = object;
  const stored = object.conversion?.storedVersion ?? versionOf(object.apiVersion);
  const schema = stored.startsWith('v2') ? 'v2' : 'v1';
  const folderUid = annotations['grafana.app/folder'] || null;
  const pushed = pushedRecordOf(annotations);
  const spec = object.spec ?? {};
  return {
    uid: object.name,
    model: schema === 'v1' ? { ...spec, uid: object.name } : spec,
    schema,
    apiVersion: `${object.apiVersion.slice(0, object.apiVersion.indexOf('/'))}/${stored}`,
    metadata: userMetadataOf(object),
    pushed,
    folderUid,
    folderTitle: folderUid === null ? 'General' : folderTitle(folderUid),
    revision: revisionOf(object),
    version: object.generation,
    owner: ownerOf(annotations),
    lastSave: {
      by: annotations['grafana.app/updatedBy'] || annotations['grafana.app/createdBy'] || '',
      at: annotations['grafana.app/updatedTimestamp'] || object.creationTimestamp,
      message: null,
      // The record of dashsync's last push names the generation it made: still that one, nobody saved since.
      byDashsync: pushed !== null && pushed.generation === object.generation ? true : null,
      version: object.generation,
    },
  };
}

/**
 * The revision a save expects: the resourceVersion (what `/apis` checks) and the generation (what
 * `POST /api/dashboards/db` checks as `version`, for the writes `api: auto` sends there).
 */
export function revisionOf(object: Pick<K8sObject, 'generation' | 'resourceVersion'>): string {
  return `${object.generation}/${object.resourceVersion}`;
}

export function parseRevision(revision: string): { generation: number; resourceVersion: string } | null {
  const match = /^(-?\d+)\/(.+)$/.exec(revision);
  return match ? { generation: Number(match[1]), resourceVersion: match[2]! } : null;
}

/**
 * Grafana's manager annotations as the port's owner. Classic file provisioning is `provisioning`
 * (its file in `sourcePath`), as the legacy API reports it; other managers by their kind.
 */
function ownerOf(annotations: Record<string, string>): DashboardOwner | null {
  const kind = annotations['grafana.app/managedBy'] ?? '';
  if (kind === '') return null;
  const allowsUpdates = annotations['grafana.app/managerAllowsEdits'] === 'true';
  if (kind === 'classic-file-provisioning') return { manager: 'provisioning', id: annotations['grafana.app/sourcePath'] ?? '', allowsUpdates };
  return { manager: kind, id: annotations['grafana.app/managerId'] ?? '', allowsUpdates };
}

function pushedRecordOf(annotations: Record<string, string>): PushedRecord | null {
  const sha256 = annotations[PUSHED_SHA256];
  const generation = Number(annotations[PUSHED_GENERATION]);
  return sha256 && Number.isInteger(generation) ? { sha256, generation } : null;
}

/** Labels and annotations that belong to the dashboard's author (resource files hold them). */
function userMetadataOf(object: Pick<K8sObject, 'labels' | 'annotations'>): UserMetadata {
  return { labels: userOnly(object.labels), annotations: userOnly(object.annotations) };
}

function userOnly(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map).sort()) if (!FOREIGN_PREFIXES.some((prefix) => key.startsWith(prefix))) out[key] = map[key]!;
  return out;
}

export function toLiveFolder(object: K8sObject): LiveFolder {
  return {
    uid: object.name,
    title: typeof object.spec?.title === 'string' ? object.spec.title : '',
    parentUid: object.annotations['grafana.app/folder'] || null,
    revision: object.resourceVersion,
  };
}
