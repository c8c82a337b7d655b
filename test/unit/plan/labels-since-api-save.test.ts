import { describe, expect, it } from 'vitest';
import { decideDrift } from '../../../src/plan/decide-drift.js';
import { withLabelsSinceApiSave } from '../../../src/plan/labels-since-api-save.js';
import { lastSave } from './builders.js';

// A /api save on unified storage (13.0.x's service, 13.1+'s saveDashboardViaK8s) resets every label and annotation and leaves no push record of dashsync's.
const ownApiSave = lastSave({ by: 'user:sa-1', byDashsync: true, version: 3, message: 'dashsync: 1a2b3c Tune CPU' });
const onUnified = { version: 3, pushed: null, apiVersion: 'dashboard.grafana.app/v0alpha1', metadata: { labels: { team: 'payments' }, annotations: {} } };

describe('withLabelsSinceApiSave', () => {
  it("takes labels on a dashboard still at dashsync's /api save as someone's edit since, which the drift warning tells", () => {
    const save = withLabelsSinceApiSave(onUnified, ownApiSave);
    expect(save).toMatchObject({ byDashsync: false, metadataEdited: true, version: 3 });
    expect(decideDrift({ uid: 'cpu', title: 'CPU' }, save)).toMatchObject({ kind: 'drift', uid: 'cpu', version: 3, updatedBy: '', updated: '', metadataEdited: true });
  });

  it('leaves the save as it is without labels, with a push record (its digest tells), on legacy storage or /api, or when the save is not the newest or not dashsync’s', () => {
    expect(withLabelsSinceApiSave({ ...onUnified, metadata: { labels: {}, annotations: {} } }, ownApiSave)).toBe(ownApiSave);
    const pushed = { sha256: 'sha256:ab', generation: 3, from: null, bound: true, metadata: null, message: null };
    expect(withLabelsSinceApiSave({ ...onUnified, pushed }, ownApiSave)).toBe(ownApiSave);
    expect(withLabelsSinceApiSave({ ...onUnified, metadataNotKept: true }, ownApiSave)).toBe(ownApiSave);
    expect(withLabelsSinceApiSave({ ...onUnified, apiVersion: null }, ownApiSave)).toBe(ownApiSave);
    expect(withLabelsSinceApiSave({ ...onUnified, version: 4 }, ownApiSave)).toBe(ownApiSave);
    const theirs = lastSave({ by: 'user:eve', byDashsync: false, version: 3 });
    expect(withLabelsSinceApiSave(onUnified, theirs)).toBe(theirs);
  });
});
