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
});
