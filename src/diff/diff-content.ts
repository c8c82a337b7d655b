import type { DesiredContent } from '../files/types.js';
import { diffDashboards, diffDocuments } from './diff-dashboards.js';
import { diffV2Specs } from './diff-v2-specs.js';
import { V1_KEYING } from './keying-rules.js';
import type { FieldChange } from './types.js';

/** What is compared of a dashboard: its spec in canonical form and the author's labels and annotations. */
export type ComparedContent = Pick<DesiredContent, 'schema' | 'spec' | 'metadata'>;

/**
 * Pure: field-level differences live → desired of one dashboard, both normalized (the live
 * metadata reduced to the author's part with userMetadata). A classic spec is diffed as the
 * classic model (`panels[id=4 "CPU"]…`), a v2 spec as diffV2Specs does; the metadata follows
 * as `metadata.labels.team`, `metadata.annotations["example.com/owner"]`. Specs of two schemas
 * (a format change, which the planner reports as such) differ as a whole.
 */
export function diffContent(live: ComparedContent, desired: ComparedContent): FieldChange[] {
  if (live.schema !== desired.schema) return [{ path: '', kind: 'changed', before: live.spec, after: desired.spec }];
  const spec = desired.schema === 'v2' ? diffV2Specs(live.spec, desired.spec) : diffDashboards(live.spec, desired.spec);
  return [...spec, ...diffDocuments({ metadata: live.metadata }, { metadata: desired.metadata }, V1_KEYING)];
}
