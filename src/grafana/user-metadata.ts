import { hashText } from '../files/hash-text.js';
import type { LiveDashboard, UserMetadata } from './port.js';

/**
 * Tools' own prefixes: Grafana's (folder, manager, created/updated by, message, internal id),
 * kubectl's bookkeeping, dashsync's record of its pushes. One rule for the file reader, `check
 * --fix` and the `/apis` port: were they to differ, a plan would show a difference no apply removes.
 */
const FOREIGN_PREFIXES = ['grafana.app/', 'kubectl.kubernetes.io/', 'dashsync/'];

/** Whether a label or annotation key belongs to the dashboard's author (compared and pushed) rather than to Grafana or a tool. */
export function isUserMetadataKey(key: string): boolean {
  return !FOREIGN_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/**
 * Pure: the author's part of a live object's labels and annotations (the rule the file reader
 * applies), keys sorted. Values that are not strings are skipped.
 */
export function userMetadata(metadata: { labels?: unknown; annotations?: unknown }): UserMetadata {
  return { labels: userEntries(metadata.labels), annotations: userEntries(metadata.annotations) };
}

/** Whether the author has any label or annotation on it. Pure. */
export function holdsUserMetadata({ labels, annotations }: UserMetadata): boolean {
  return Object.keys(labels).length > 0 || Object.keys(annotations).length > 0;
}

/**
 * Whether Grafana keeps labels and annotations for a dashboard as read: not through `/api` (no apiVersion), nor on
 * legacy SQL storage (metadataNotKept). Where it keeps none, a file's are no difference from what it holds. Pure.
 */
export function keepsUserMetadata(live: Pick<LiveDashboard, 'apiVersion' | 'metadataNotKept'>): boolean {
  return live.apiVersion !== null && live.metadataNotKept !== true;
}

/** `sha256:` of the author's labels and annotations (userMetadata: keys sorted), as a push records them (PUSHED_METADATA) and a plan saw them. Pure. */
export function metadataDigest(metadata: UserMetadata): string {
  return hashText(JSON.stringify([metadata.labels, metadata.annotations]));
}

function userEntries(map: unknown): Record<string, string> {
  const kept: Record<string, string> = {};
  if (typeof map !== 'object' || map === null) return kept;
  const entries = map as Record<string, unknown>;
  for (const key of Object.keys(entries).sort()) {
    const value = entries[key];
    // defineProperty: a key such as `__proto__` is kept as data, not taken as the object's prototype.
    if (typeof value === 'string' && isUserMetadataKey(key)) Object.defineProperty(kept, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return kept;
}
