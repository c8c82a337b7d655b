import { describe, expect, it } from 'vitest';
import { answerShowsNoCleanup, holdsWhatCleanupRewrites } from '../../../src/grafana/k8s/cleanup-rewrites.js';
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
    expect(holdsWhatCleanupRewrites({ schemaVersion: 42, panels: [{ id: 1, datasource: null }] })).toBe(true);
    expect(holdsWhatCleanupRewrites({ panels: [{ id: 1, type: 'row', panels: [{ id: 2, targets: [{ refId: 'A', datasource: null }] }] }] })).toBe(true);
    expect(holdsWhatCleanupRewrites({ templating: { list: [{ name: 'v', current: { value: null } }] } })).toBe(true);
    expect(holdsWhatCleanupRewrites({ gnetId: null })).toBe(true);
    // Kept by the cleanup: a null array element, a top-level null other than id and gnetId.
    expect(holdsWhatCleanupRewrites({ panels: [{ id: 1, links: [null] }], description: null })).toBe(false);
    expect(holdsWhatCleanupRewrites({ panels: [{ id: 1, datasource: { uid: 'prom' } }] })).toBe(false);
    expect(holdsWhatCleanupRewrites(null)).toBe(false);
  });

  it("tells what else a schema step writes that the next write's cleanup takes away: a library panel's datasource and targets, a constant's options", () => {
    const library = { id: 3, title: 'Shared', gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lib', name: 'Shared' } };
    const defaultDs = { uid: 'prom', type: 'prometheus' };
    // V36 with a default datasource: no null, but the cleanup cuts a library panel back to its reference.
    expect(holdsWhatCleanupRewrites({ panels: [{ ...library, datasource: defaultDs, targets: [{ refId: 'A', datasource: defaultDs }] }] })).toBe(true);
    expect(holdsWhatCleanupRewrites({ panels: [{ id: 1, type: 'row', panels: [{ ...library, datasource: defaultDs }] }] })).toBe(true);
    expect(holdsWhatCleanupRewrites({ panels: [library] })).toBe(false);
    // V27: a hidden constant keeps its type, with options the cleanup removes; the textbox it makes of a shown one keeps them.
    const current = { selected: true, text: 'eu', value: 'eu' };
    expect(holdsWhatCleanupRewrites({ templating: { list: [{ name: 'region', type: 'constant', hide: 2, query: 'eu', current, options: [current] }] } })).toBe(true);
    expect(holdsWhatCleanupRewrites({ templating: { list: [{ name: 'region', type: 'constant', hide: 2, query: 'eu', current }] } })).toBe(false);
    expect(holdsWhatCleanupRewrites({ templating: { list: [{ name: 'region', type: 'textbox', query: 'eu', current, options: [current] }] } })).toBe(false);
  });

  it('tells an answer no frontend-defaults pass went over: below schemaVersion 42, or without a top-level default or the built-in annotation', () => {
    const builtIn = { builtIn: 1, datasource: { uid: '-- Grafana --', type: 'grafana' }, enable: true, hide: true, name: 'Annotations & Alerts', type: 'dashboard' };
    const passed = {
      title: 'T', tags: [], timezone: '', weekStart: '', editable: true, graphTooltip: 0, time: { from: 'now-6h', to: 'now' }, timepicker: {},
      fiscalYearStartMonth: 0, links: [], panels: [], templating: { list: [] }, annotations: { list: [builtIn] }, schemaVersion: 42,
    };
    expect(answerShowsNoCleanup(passed)).toBe(false);
    expect(answerShowsNoCleanup({ ...passed, schemaVersion: 41 })).toBe(true);
    const { weekStart: _weekStart, ...noWeekStart } = passed;
    expect(answerShowsNoCleanup(noWeekStart)).toBe(true);
    expect(answerShowsNoCleanup({ ...passed, annotations: { list: [{ ...builtIn, builtIn: true }] } })).toBe(true);
    expect(answerShowsNoCleanup(null)).toBe(false);
  });
});
