import type { DesiredContent } from '../files/types.js';
import { normalizeDashboard, type NormalizeOptions } from './normalize-dashboard.js';
import { normalizeV2Spec } from './normalize-v2-spec.js';

/** Pure: the canonical form of a file's content (its spec; the metadata is already only the user's). */
export function normalizeContent(content: DesiredContent, options: NormalizeOptions): DesiredContent {
  const spec = content.schema === 'v2' ? normalizeV2Spec(content.spec, options) : normalizeDashboard(content.spec, options);
  return { ...content, spec };
}
