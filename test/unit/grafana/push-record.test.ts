import { describe, expect, it } from 'vitest';
import { holdsNullsCleanupRemoves } from '../../../src/grafana/k8s/bind-push-record.js';
import { isAsPushedFrom, parseRevision, revisionOf, sameRevision } from '../../../src/grafana/k8s/to-live-dashboard.js';

const record = { 'dashsync/pushed-sha256': 'sha256:content', 'dashsync/pushed-generation': '1', 'dashsync/pushed-from': 'sha256:source' };

describe('the /apis push record and revision', () => {
  it('a revision carries generation, metadata.uid and resourceVersion; one of an earlier release (no uid) still reads', () => {
    const revision = revisionOf({ generation: 3, uid: '0b6d6c1e-5a2f-4c1e-9c0d-2f7f1a1e0d11', resourceVersion: '1796155316308000' });
    expect(revision).toBe('3/0b6d6c1e-5a2f-4c1e-9c0d-2f7f1a1e0d11/1796155316308000');
    expect(parseRevision(revision)).toEqual({ generation: 3, uid: '0b6d6c1e-5a2f-4c1e-9c0d-2f7f1a1e0d11', resourceVersion: '1796155316308000' });
    expect(parseRevision('3/1796155316308000')).toEqual({ generation: 3, uid: null, resourceVersion: '1796155316308000' });
    expect(parseRevision('3//17')).toEqual({ generation: 3, uid: '', resourceVersion: '17' });
    expect(parseRevision('7')).toBeNull();
  });

  it('a revision of an earlier release names the same state as one with the uid; another uid, generation or resourceVersion does not', () => {
    expect(sameRevision('3/u-1/17', '3/17')).toBe(true);
    expect(sameRevision('3/17', '3/u-1/17')).toBe(true);
    expect(sameRevision('3/u-1/17', '3/u-2/17')).toBe(false);
    expect(sameRevision('3/u-1/17', '4/u-1/17')).toBe(false);
    expect(sameRevision('3/u-1/17', '3/u-1/18')).toBe(false);
    // /api's versions compare as they are.
    expect(sameRevision('7', '7')).toBe(true);
    expect(sameRevision('7', '8')).toBe(false);
  });

  it('vouches for an object only when the record names its metadata.uid and generation', () => {
    const object = { generation: 1, uid: 'u-1', annotations: { ...record, 'dashsync/pushed-uid': 'u-1' } };
    expect(isAsPushedFrom(object, 'sha256:source')).toBe(true);
    // The same name created again (a restore from "Recently deleted"), the record carried over in its annotations.
    expect(isAsPushedFrom({ ...object, uid: 'u-2' }, 'sha256:source')).toBe(false);
    // A record of an earlier release names no object.
    expect(isAsPushedFrom({ ...object, annotations: record }, 'sha256:source')).toBe(false);
    // A server that sends no metadata.uid: nothing to bind to.
    expect(isAsPushedFrom({ ...object, uid: '', annotations: { ...record, 'dashsync/pushed-uid': '' } }, 'sha256:source')).toBe(false);
    expect(isAsPushedFrom({ ...object, generation: 2 }, 'sha256:source')).toBe(false);
  });

  it("tells a stored spec the cleanup of Grafana's next v1 write changes: a null in a panel or the templating, at any depth", () => {
    expect(holdsNullsCleanupRemoves({ schemaVersion: 42, panels: [{ id: 1, datasource: null }] })).toBe(true);
    expect(holdsNullsCleanupRemoves({ panels: [{ id: 1, type: 'row', panels: [{ id: 2, targets: [{ refId: 'A', datasource: null }] }] }] })).toBe(true);
    expect(holdsNullsCleanupRemoves({ templating: { list: [{ name: 'v', current: { value: null } }] } })).toBe(true);
    expect(holdsNullsCleanupRemoves({ gnetId: null })).toBe(true);
    // Kept by the cleanup: a null array element, a top-level null other than id and gnetId.
    expect(holdsNullsCleanupRemoves({ panels: [{ id: 1, links: [null] }], description: null })).toBe(false);
    expect(holdsNullsCleanupRemoves({ panels: [{ id: 1, datasource: { uid: 'prom' } }] })).toBe(false);
    expect(holdsNullsCleanupRemoves(null)).toBe(false);
  });
});
