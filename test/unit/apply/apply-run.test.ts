import { describe, expect, it } from 'vitest';
import { createApplyRun } from '../../../src/apply/apply-run.js';
import { GrafanaHttpError, PermissionError } from '../../../src/errors.js';
import { action } from '../plan/builders.js';
import { nothingApplied } from '../../../src/apply/types.js';
import type { WriteTally } from '../../../src/grafana/port.js';

const refused = (status: number, attempts = 5) => new GrafanaHttpError('POST', '/api/dashboards/db', status, 'Service Unavailable', undefined, attempts);
/** A write's tally as the request layer leaves it: sent once, refused with an answer that shows it was not processed, or not. */
const sentOnce = (refusedSends = 0): WriteTally => ({ sent: 1, refused: refusedSends });

describe('apply run: Grafana refusing every write stops new work', () => {
  it('stops after 5 writes in a row failed after their retries with the same 503', () => {
    const run = createApplyRun(undefined);
    for (let i = 0; i < 4; i++) run.fail(action({ uid: `d${i}`, action: 'create' }), refused(503), sentOnce());
    expect(run.stopped()).toBe(false);
    run.fail(action({ uid: 'd4', action: 'create' }), refused(503), sentOnce());
    expect(run.stopped()).toBe(true);
    expect(run.finish()).toMatchObject({ stoppedBy: 'writes-refused', stopReason: 'HTTP 503 to 5 writes in a row, each after its retries' });
  });

  it('does not stop on refusals about one dashboard (4xx), on a write that landed between, or on mixed statuses', () => {
    const run = createApplyRun(undefined);
    for (let i = 0; i < 6; i++) run.fail(action({ uid: `p${i}`, action: 'update' }), new PermissionError('POST', '/api/dashboards/db', 403, 'Access denied', undefined, 1), sentOnce());
    for (let i = 0; i < 6; i++) run.fail(action({ uid: `b${i}`, action: 'create' }), refused(400, 1), sentOnce());
    for (let i = 0; i < 4; i++) run.fail(action({ uid: `s${i}`, action: 'create' }), refused(503), sentOnce());
    run.done(action({ uid: 'ok', action: 'create' }));
    for (let i = 0; i < 4; i++) run.fail(action({ uid: `t${i}`, action: 'create' }), refused(503), sentOnce());
    run.fail(action({ uid: 'g', action: 'create' }), refused(502), sentOnce());
    expect(run.stopped()).toBe(false);
    expect(run.finish().stoppedBy).toBeNull();
  });

  it('at any concurrency: writes refused together count once; only one sent after the last counted refusal adds to the row', () => {
    const run = createApplyRun(undefined);
    const together = Array.from({ length: 8 }, (_, i) => action({ uid: `t${i}`, action: 'create' }));
    for (const write of together) run.started(write, sentOnce());
    for (const write of together) run.fail(write, refused(503), sentOnce());
    expect(run.stopped()).toBe(false);
    // Four more, each sent after the one before it was refused: with the first of the eight, five in a row.
    for (let i = 0; i < 4; i++) {
      const write = action({ uid: `n${i}`, action: 'create' });
      run.started(write, sentOnce());
      expect(run.stopped()).toBe(false);
      run.fail(write, refused(503), sentOnce());
    }
    expect(run.stopped()).toBe(true);
  });

  it('a conflict (Grafana answered the write) ends the row, as a save that landed does', () => {
    const run = createApplyRun(undefined);
    for (let i = 0; i < 4; i++) run.fail(action({ uid: `s${i}`, action: 'update' }), refused(503), sentOnce());
    const changed = action({ uid: 'c', action: 'update' });
    run.conflict(changed, { uid: 'c', title: 'c', action: 'update', file: null, plannedVersion: 1, currentVersion: 2, changedBy: null, changedAt: null });
    for (let i = 0; i < 4; i++) run.fail(action({ uid: `t${i}`, action: 'update' }), refused(503), sentOnce());
    expect(run.stopped()).toBe(false);
  });
});

describe('apply run: whether a write may have landed, from each write\'s tally', () => {
  const interrupted = () => {
    const controller = new AbortController();
    return { run: createApplyRun(controller.signal), interrupt: () => controller.abort() };
  };

  it('a write Grafana refused with an answer (403) did not land: Ctrl-C after it leaves nothing applied', () => {
    const { run, interrupt } = interrupted();
    const write = action({ uid: 'a', action: 'update' });
    run.started(write, sentOnce(1));
    run.fail(write, new PermissionError('POST', '/api/dashboards/db', 403, 'Access denied', undefined, 1), sentOnce(1));
    interrupt();
    const result = run.finish();
    expect(result.failures).toMatchObject([{ uid: 'a' }]);
    expect(result.failures[0]!.mayHaveLanded).toBeUndefined();
    expect(nothingApplied(result)).toBe(true);
  });

  it('a write answered 500 may have landed: named as such, and the run may have written', () => {
    const { run, interrupt } = interrupted();
    const write = action({ uid: 'a', action: 'update' });
    run.started(write, sentOnce());
    run.fail(write, refused(500, 1), sentOnce());
    interrupt();
    const result = run.finish();
    expect(result.failures).toMatchObject([{ uid: 'a', mayHaveLanded: true }]);
    expect(nothingApplied(result)).toBe(false);
  });

  it('a write an action sent that no outcome reports (a conflict after a resend) still counts: its tally is the run\'s', () => {
    const { run, interrupt } = interrupted();
    const write = action({ uid: 'c', action: 'update' });
    // Sent twice: the first got no answer, the second a 412.
    run.started(write, { sent: 2, refused: 1 });
    run.conflict(write, { uid: 'c', title: 'c', action: 'update', file: null, plannedVersion: 1, currentVersion: 2, changedBy: null, changedAt: null });
    interrupt();
    expect(nothingApplied(run.finish())).toBe(false);
  });
});
