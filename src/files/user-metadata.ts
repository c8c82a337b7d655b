import type { UserMetadata } from '../grafana/port.js';

/** Tools' own prefixes: Grafana's (folder, manager, created/updated by, message, internal id), kubectl's bookkeeping, dashsync's record of its pushes. */
const FOREIGN_PREFIXES = ['grafana.app/', 'kubectl.kubernetes.io/', 'dashsync/'];

/** Whether a label or annotation key belongs to the dashboard's author (compared and pushed) rather than to Grafana or a tool. */
export function isUserMetadataKey(key: string): boolean {
  return !FOREIGN_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/**
 * Pure: the author's part of a live object's labels and annotations, to compare with a file's
 * UserMetadata (the same rule the file reader applies). Values that are not strings are skipped.
 */
export function userMetadata(metadata: { labels?: unknown; annotations?: unknown }): UserMetadata {
  return { labels: userEntries(metadata.labels), annotations: userEntries(metadata.annotations) };
}

function userEntries(map: unknown): Record<string, string> {
  const kept: Record<string, string> = {};
  if (typeof map !== 'object' || map === null) return kept;
  for (const [key, value] of Object.entries(map)) {
    if (typeof value === 'string' && isUserMetadataKey(key)) Object.defineProperty(kept, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return kept;
}
