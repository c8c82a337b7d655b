import { describe, expect, it } from 'vitest';
import { createApplyRun } from '../../../src/apply/apply-run.js';
import { GrafanaHttpError, PermissionError } from '../../../src/errors.js';
import { action } from '../plan/builders.js';

const refused = (status: number, attempts = 5) => new GrafanaHttpError('POST', '/api/dashboards/db', status, 'Service Unavailable', undefined, attempts);

describe('apply run: Grafana refusing every write stops new work', () => {
  it('stops after 5 writes in a row failed after their retries with the same 503', () => {
    const run = createApplyRun(undefined);
    for (let i = 0; i < 4; i++) run.fail(action({ uid: `d${i}`, action: 'create' }), refused(503));
    expect(run.stopped()).toBe(false);
    run.fail(action({ uid: 'd4', action: 'create' }), refused(503));
    expect(run.stopped()).toBe(true);
    expect(run.finish()).toMatchObject({ stoppedBy: 'writes-refused', stopReason: 'HTTP 503 to 5 writes in a row, each after its retries' });
  });

  it('does not stop on refusals about one dashboard (4xx), on a write that landed between, or on mixed statuses', () => {
    const run = createApplyRun(undefined);
    for (let i = 0; i < 6; i++) run.fail(action({ uid: `p${i}`, action: 'update' }), new PermissionError('POST', '/api/dashboards/db', 403, 'Access denied', undefined, 1));
    for (let i = 0; i < 6; i++) run.fail(action({ uid: `b${i}`, action: 'create' }), refused(400, 1));
    for (let i = 0; i < 4; i++) run.fail(action({ uid: `s${i}`, action: 'create' }), refused(503));
    run.done(action({ uid: 'ok', action: 'create' }));
    for (let i = 0; i < 4; i++) run.fail(action({ uid: `t${i}`, action: 'create' }), refused(503));
    run.fail(action({ uid: 'g', action: 'create' }), refused(502));
    expect(run.stopped()).toBe(false);
    expect(run.finish().stoppedBy).toBeNull();
  });

  it('at any concurrency: writes refused together count once; only one sent after the last counted refusal adds to the row', () => {
    const run = createApplyRun(undefined);
    const together = Array.from({ length: 8 }, (_, i) => action({ uid: `t${i}`, action: 'create' }));
    for (const write of together) run.started(write);
    for (const write of together) run.fail(write, refused(503));
    expect(run.stopped()).toBe(false);
    // Four more, each sent after the one before it was refused: with the first of the eight, five in a row.
    for (let i = 0; i < 4; i++) {
      const write = action({ uid: `n${i}`, action: 'create' });
      run.started(write);
      expect(run.stopped()).toBe(false);
      run.fail(write, refused(503));
    }
    expect(run.stopped()).toBe(true);
  });

  it('a conflict (Grafana answered the write) ends the row, as a save that landed does', () => {
    const run = createApplyRun(undefined);
    for (let i = 0; i < 4; i++) run.fail(action({ uid: `s${i}`, action: 'update' }), refused(503));
    const changed = action({ uid: 'c', action: 'update' });
    run.conflict(changed, { uid: 'c', title: 'c', action: 'update', file: null, plannedVersion: 1, currentVersion: 2, changedBy: null, changedAt: null });
    for (let i = 0; i < 4; i++) run.fail(action({ uid: `t${i}`, action: 'update' }), refused(503));
    expect(run.stopped()).toBe(false);
  });
});
