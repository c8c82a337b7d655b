import { isPlainObject } from './is-plain-object.js';

/** The keys that make a `_folder.json` a Kubernetes Folder resource (what Git Sync writes: NewFolderManifest), not dashsync's `{uid, title}`. */
const RESOURCE_KEYS = ['apiVersion', 'kind', 'metadata', 'spec'];
/** Resource fields the conversion drops without losing anything the author wrote: Grafana sets them. */
const SERVER_METADATA = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields']);

/** Pure: whether a `_folder.json`'s document is a Folder resource (`{apiVersion, kind: "Folder", metadata: {name}, spec: {title}}`). */
export function isFolderResource(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && RESOURCE_KEYS.some((key) => key in value) && !('uid' in value) && !('title' in value);
}

/**
 * Pure: dashsync's `{uid, title}` for a Folder resource (uid = metadata.name, title = spec.title), or what keeps
 * `check --fix` from converting it: a missing name or title, or labels, annotations or a description that `{uid, title}` cannot hold.
 */
export function convertFolderResource(resource: Record<string, unknown>): { uid: string; title: string } | { problem: string } {
  const metadata = isPlainObject(resource.metadata) ? resource.metadata : {};
  const spec = isPlainObject(resource.spec) ? resource.spec : {};
  const { name } = metadata;
  const { title } = spec;
  if (typeof name !== 'string' || name.trim() === '') return { problem: 'it has no metadata.name (the folder uid)' };
  if (typeof title !== 'string' || title.trim() === '') return { problem: 'it has no spec.title' };
  const kept = [
    ...Object.keys(metadata).filter((key) => !SERVER_METADATA.has(key) && !isEmpty(metadata[key])).map((key) => `metadata.${key}`),
    ...Object.keys(spec).filter((key) => key !== 'title' && !isEmpty(spec[key])).map((key) => `spec.${key}`),
  ];
  if (kept.length > 0) return { problem: `${kept.join(', ')} would be lost (a _folder.json holds only uid and title)` };
  return { uid: name.trim(), title: title.trim() };
}

function isEmpty(value: unknown): boolean {
  return value === null || value === '' || (isPlainObject(value) && Object.keys(value).length === 0);
}
