import type { DesiredContent } from '../files/types.js';
import { hashText } from '../files/hash-text.js';
import { compactStableJson } from './compact-stable-json.js';

/**
 * `sha256:` of a dashboard's canonical content (schema and normalized spec): what dashsync records
 * with a push through `/apis` (the port's PushedRecord) and compares at the next plan, so that
 * the server's rewrite of exactly this content is not taken for a change. Pure.
 */
export function contentDigest(content: Pick<DesiredContent, 'schema' | 'spec'>): string {
  return hashText(compactStableJson({ schema: content.schema, spec: content.spec }));
}

/**
 * Pure: whether Grafana holds its own rendering of a push of exactly `content` that nobody saved
 * over since (a schema migration or defaults on a `/apis` write change the model read back): the
 * push's record (the port's PushedRecord) names this content's digest and the generation Grafana
 * still has, and was made on this very object — or, with `unboundCreate`, on an object dashsync
 * created and could not yet record the metadata.uid of (its own create whose answer was lost).
 */
export function isUnsavedPushOf(
  live: { pushed: { sha256: string; generation: number; bound: boolean } | null; version: number },
  content: Pick<DesiredContent, 'schema' | 'spec'>,
  unboundCreate = false,
): boolean {
  const pushed = live.pushed;
  return pushed !== null && (pushed.bound || unboundCreate) && pushed.generation === live.version && pushed.sha256 === contentDigest(content);
}
