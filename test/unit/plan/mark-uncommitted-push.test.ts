import { describe, expect, it } from 'vitest';
import type { LastSave } from '../../../src/grafana/port.js';
import { isOwnWorkInProgress, markUncommittedPush } from '../../../src/plan/mark-uncommitted-push.js';

const NOTED = 'dashsync: 6764002a2d43 redis table [uncommitted] [content sha256:84ff599c2811f31c by u1]';
const save = (message: string | null, byDashsync: boolean | null = true): LastSave => ({ by: 'user:u1', at: '2026-12-06T16:00:00Z', message, byDashsync, version: 9 });

// walk-66 M3: a push of a file HEAD did not hold as it was is no commit's, so plans read it as someone else's save.
describe('markUncommittedPush', () => {
  it("reads dashsync's save noted [uncommitted] as someone else's, from the message read or the push record's", () => {
    expect(markUncommittedPush(save(NOTED), null)).toEqual({ ...save(NOTED), byDashsync: false, uncommittedPush: true });
    expect(markUncommittedPush(save(null), { message: NOTED })).toEqual({ ...save(NOTED), byDashsync: false, uncommittedPush: true });
  });

  it("leaves every other save as it is: a commit's push, someone else's, an unknown one, an unread history", () => {
    const committed = save('dashsync: 6764002a2d43 redis table [commit 6764002a2d43abd3] [content sha256:84ff599c2811f31c by u1]');
    expect(markUncommittedPush(committed, null)).toBe(committed);
    expect(markUncommittedPush(save(null), null)).toEqual(save(null));
    expect(markUncommittedPush(save(NOTED, false), null)).toEqual(save(NOTED, false));
    expect(markUncommittedPush(save(NOTED, null), null)).toEqual(save(NOTED, null));
    expect(markUncommittedPush('unreadable', { message: NOTED })).toBe('unreadable');
  });
});

// Two clones both dirty on one file: only the checkout a push names is the one whose work in progress it is.
describe('isOwnWorkInProgress', () => {
  const fromHere = 'dashsync: 6764002a2d43 redis table [uncommitted 0123456789ab] [content sha256:84ff599c2811f31c by u1]';
  it('is this checkout\'s own only where its file differs from HEAD and the push names this checkout, or none (an earlier note)', () => {
    expect(isOwnWorkInProgress(save(fromHere), null, { fileUncommitted: true, checkout: '0123456789ab' })).toBe(true);
    expect(isOwnWorkInProgress(save(null), { message: fromHere }, { fileUncommitted: true, checkout: '0123456789ab' })).toBe(true);
    expect(isOwnWorkInProgress(save(NOTED), null, { fileUncommitted: true, checkout: '0123456789ab' })).toBe(true);
  });
  it("is someone else's where another checkout pushed it, or where the file is committed as it is here", () => {
    expect(isOwnWorkInProgress(save(fromHere), null, { fileUncommitted: true, checkout: 'ba9876543210' })).toBe(false);
    expect(isOwnWorkInProgress(save(fromHere), null, { fileUncommitted: true, checkout: null })).toBe(false);
    expect(isOwnWorkInProgress(save(fromHere), null, { fileUncommitted: false, checkout: '0123456789ab' })).toBe(false);
    expect(isOwnWorkInProgress(save(NOTED), null, { fileUncommitted: false, checkout: null })).toBe(false);
  });
});
