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
