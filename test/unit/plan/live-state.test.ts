import { describe, expect, it } from 'vitest';
import { toLiveState } from '../../../src/plan/decide-dashboard.js';
import { metadataDigest } from '../../../src/grafana/user-metadata.js';
import { live } from './builders.js';

// Apply's /api guard compares this digest with the dashboard's labels and annotations before the save drops them all.
describe('toLiveState: the digest of the author\'s labels and annotations the plan saw', () => {
  const labelled = { labels: { team: 'payments' }, annotations: {} };
  const model = { uid: 'redis-exporter', title: 'Redis' };

  it('is recorded for a dashboard read through /apis holding some', () => {
    const state = toLiveState(live(model, { apiVersion: 'dashboard.grafana.app/v0alpha1', revision: '1/0f1e/17646624', metadata: labelled }));
    expect(state.metadataDigest).toBe(metadataDigest(labelled));
  });

  it('is left out where there is none to lose: none held, read through /api, or legacy SQL storage', () => {
    expect(toLiveState(live(model, { apiVersion: 'dashboard.grafana.app/v0alpha1' })).metadataDigest).toBeUndefined();
    expect(toLiveState(live(model, { metadata: labelled })).metadataDigest).toBeUndefined();
    expect(toLiveState(live(model, { apiVersion: 'dashboard.grafana.app/v0alpha1', metadata: labelled, metadataNotKept: true })).metadataDigest).toBeUndefined();
  });
});
