import { describe, expect, it } from 'vitest';
import { createApplyRun } from '../../../src/apply/apply-run.js';
import { GrafanaHttpError, PermissionError } from '../../../src/errors.js';
import { nothingApplied, type ApplyEvent, type FolderChange } from '../../../src/apply/types.js';
import type { WriteTally } from '../../../src/grafana/port.js';
import { renderApplyEvent } from '../../../src/report/render-apply-event.js';
import { renderApplySummary } from '../../../src/report/render-apply-result.js';
import { action, folderAction } from '../plan/builders.js';

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

// walkthrough-17 L-2: a folder move was `updated: folder legacy "Legacy"`, counted as an update.
describe('apply run: a folder update that changes its parent is a move', () => {
  const folder = (title: string, parentUid: string | null) =>
    folderAction({ action: 'update', uid: 'legacy', title, parentUid, dir: 'platform/legacy', live: { title: 'Legacy', parentUid: 'apps', revision: '3' } });
  const lineOf = (done: ReturnType<typeof folder>, folderChange: FolderChange) => {
    const events: ApplyEvent[] = [];
    const run = createApplyRun(undefined, (event) => events.push(event));
    run.done(done, { folderChange });
    return { line: renderApplyEvent(events[0]!)!.line, result: run.finish() };
  };

  it.each([
    ['moved', folder('Legacy', 'platform'), { into: { uid: 'platform', title: 'Platform' } }, 'moved: folder legacy "Legacy" into "Platform" (platform)'],
    ['moved to the top level', folder('Legacy', null), { into: { uid: null, title: null } }, 'moved: folder legacy "Legacy" to the top level'],
    ['moved into a folder the plan does not name', folder('Legacy', 'x1'), { into: { uid: 'x1', title: null } }, 'moved: folder legacy "Legacy" into folder x1'],
    ['moved and renamed', folder('Old', 'platform'), { titleBefore: 'Legacy', into: { uid: 'platform', title: 'Platform' } }, 'moved and renamed: folder legacy "Legacy" to "Old", into "Platform" (platform)'],
  ])('%s: said and counted as a move', (_, done, change, line) => {
    const { line: said, result } = lineOf(done, change);
    expect(said).toBe(line);
    expect([result.foldersMoved, result.foldersUpdated]).toEqual([['legacy'], []]);
    expect(renderApplySummary(result)).toBe('Applied: 0 created, 0 updated, 0 moved, 0 deleted. Folders: 1 moved');
  });

  it('a move that fails, or is not started, is named the plan\'s folder-move (a rename stays folder-update)', () => {
    const controller = new AbortController();
    const run = createApplyRun(controller.signal);
    const move = folder('Legacy', 'platform');
    run.started(move, sentOnce(1));
    run.fail(move, new PermissionError('PUT', '/api/folders/legacy', 403, 'Access denied', undefined, 1), sentOnce(1));
    controller.abort();
    run.notStarted(folder('Old', null));
    run.notStarted(folderAction({ action: 'update', uid: 'apps', title: 'Applications', parentUid: null, dir: 'apps', live: { title: 'Apps', parentUid: null, revision: '1' } }));
    const result = run.finish();
    expect(result.failures.map((failure) => failure.action)).toEqual(['folder-move']);
    expect(result.notStarted.map((entry) => entry.action)).toEqual(['folder-move', 'folder-update']);
  });

  it('renamed only: said as a rename, counted as an update', () => {
    const { line, result } = lineOf(folderAction({ action: 'update', uid: 'apps', title: 'Applications', parentUid: null, dir: 'apps', live: { title: 'Apps', parentUid: null, revision: '1' } }), { titleBefore: 'Apps' });
    expect(line).toBe('renamed: folder apps "Apps" to "Applications"');
    expect(renderApplySummary(result)).toBe('Applied: 0 created, 0 updated, 0 moved, 0 deleted. Folders: 1 updated');
  });
});
