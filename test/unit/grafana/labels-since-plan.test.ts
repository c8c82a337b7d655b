import { describe, expect, it } from 'vitest';
import { metadataWrittenSincePlan } from '../../../src/grafana/k8s/labels-since-legacy-plan.js';
import { metadataDigest } from '../../../src/grafana/user-metadata.js';

// Unified storage keeps the generation on a labels or annotations edit and stamps a new resourceVersion (prepare.go).
const PLANNED = '3/0f1e-uid/1764662400123456';
const labelled = { labels: { team: 'payments' }, annotations: {} };
const none = { labels: {}, annotations: {} };

describe('metadataWrittenSincePlan (an /api save on unified storage would drop them)', () => {
  it('tells labels or annotations the dashboard holds under another resourceVersion at the planned generation', () => {
    expect(metadataWrittenSincePlan(PLANNED, { revision: '3/0f1e-uid/1764662499000001', metadata: labelled })).toBe(true);
    expect(metadataWrittenSincePlan(PLANNED, { revision: '3/0f1e-uid/1764662499000001', metadata: { labels: {}, annotations: { owner: 'eve' } } })).toBe(true);
  });

  it('tells nothing when the resourceVersion is the planned one, nothing of the author is left, or another save or object is there', () => {
    expect(metadataWrittenSincePlan(PLANNED, { revision: PLANNED, metadata: labelled })).toBe(false);
    expect(metadataWrittenSincePlan(PLANNED, { revision: '3/0f1e-uid/1764662499000001', metadata: none })).toBe(false);
    // A save since (the version tells it) and a dashboard created again under the uid are other conflicts.
    expect(metadataWrittenSincePlan(PLANNED, { revision: '4/0f1e-uid/1764662499000001', metadata: labelled })).toBe(false);
    expect(metadataWrittenSincePlan(PLANNED, { revision: '3/aa77-uid/1764662499000001', metadata: labelled })).toBe(false);
    // Legacy SQL storage keeps none: there is nothing for a save to drop.
    expect(metadataWrittenSincePlan(PLANNED, { revision: '3/0f1e-uid/3', metadata: labelled, metadataNotKept: true })).toBe(false);
    expect(metadataWrittenSincePlan('3', { revision: '3/0f1e-uid/1764662499000001', metadata: labelled })).toBe(false);
  });

  it('tells nothing when the author\'s labels and annotations are the ones the plan saw (another tool\'s own annotation, a save of the same content)', () => {
    const since = '3/0f1e-uid/1764662499000001';
    expect(metadataWrittenSincePlan(PLANNED, { revision: since, metadata: labelled }, metadataDigest(labelled))).toBe(false);
    // Changed, added to, or seen by a plan that recorded none: someone's edit the save would drop.
    expect(metadataWrittenSincePlan(PLANNED, { revision: since, metadata: { labels: { team: 'billing' }, annotations: {} } }, metadataDigest(labelled))).toBe(true);
    expect(metadataWrittenSincePlan(PLANNED, { revision: since, metadata: { labels: { team: 'payments' }, annotations: { owner: 'eve' } } }, metadataDigest(labelled))).toBe(true);
    expect(metadataWrittenSincePlan(PLANNED, { revision: since, metadata: labelled }, undefined)).toBe(true);
  });
});
