import { createHash } from 'node:crypto';
import { compactStableJson } from './compact-stable-json.js';
import { stripOwnedFields } from './normalize-dashboard.js';

/**
 * `sha256:<hex>` of a normalized model (pass the output of normalizeDashboard). The
 * option-free part of normalisation is applied again here, so a model that still carries
 * `id`/`version` or untrimmed title/uid hashes the same as its normalized form.
 */
export function contentHash(model: Record<string, unknown>): string {
  const digest = createHash('sha256').update(compactStableJson(stripOwnedFields(model))).digest('hex');
  return `sha256:${digest}`;
}
