import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_ALLOWED_SECONDS, findCommitAfterPushes } from '../../src/pull/find-commit-after-pushes.js';

const push = (dashboard: string, at: string) => ({ dashboard, pusher: { form: 'uid' as const, saver: 'u-ci' }, at });
const seconds = (iso: string) => Date.parse(iso) / 1000;

describe("findCommitAfterPushes (can a push of dashsync's have carried a `_library/` file's newest commit?)", () => {
  const pushes = [push('node', '2026-12-01T10:00:00Z'), push('disk', '2026-12-03T10:00:00Z')];

  it('takes the newest push of all the dashboards using the panel: a commit older than it by more than the skew allowed was followed by an apply', () => {
    expect(findCommitAfterPushes(seconds('2026-12-02T10:00:00Z'), pushes)).toBeNull();
    expect(findCommitAfterPushes(seconds('2026-12-03T10:00:00Z') - CLOCK_SKEW_ALLOWED_SECONDS - 1, pushes)).toBeNull();
  });

  it('a commit newer than every push, or within the skew allowed before the newest, no push can have carried', () => {
    const after = { kind: 'after-pushes', dashboard: 'disk', pushedAt: '2026-12-03T10:00:00Z' };
    expect(findCommitAfterPushes(seconds('2026-12-04T10:00:00Z'), pushes)).toEqual(after);
    expect(findCommitAfterPushes(seconds('2026-12-03T10:00:00Z') - CLOCK_SKEW_ALLOWED_SECONDS + 1, pushes)).toEqual(after);
  });

  it('allows 30 s, no more: CI pushing a few minutes after the commit carried it', () => {
    expect(CLOCK_SKEW_ALLOWED_SECONDS).toBe(30);
    expect(findCommitAfterPushes(seconds('2026-12-03T09:57:00Z'), pushes)).toBeNull();
    expect(findCommitAfterPushes(seconds('2026-12-03T09:59:50Z'), pushes)).toMatchObject({ kind: 'after-pushes', dashboard: 'disk' });
  });

  it('errs toward refusing where a time cannot be read, even when another push has one; no push at all leaves the decision to the savers', () => {
    expect(findCommitAfterPushes(undefined, pushes)).toEqual({ kind: 'after-pushes', dashboard: 'disk', pushedAt: '2026-12-03T10:00:00Z', commitTimeUnread: true });
    expect(findCommitAfterPushes(seconds('2026-12-02T10:00:00Z'), [push('node', '')])).toEqual({ kind: 'after-pushes', dashboard: 'node', pushedAt: '' });
    expect(findCommitAfterPushes(seconds('2026-12-02T10:00:00Z'), [push('node', ''), push('disk', '2026-12-03T10:00:00Z')])).toEqual({ kind: 'after-pushes', dashboard: 'node', pushedAt: '' });
    expect(findCommitAfterPushes(seconds('2026-12-02T10:00:00Z'), [push('disk', '2026-12-03T10:00:00Z'), push('node', 'not a time')])).toEqual({ kind: 'after-pushes', dashboard: 'node', pushedAt: '' });
    expect(findCommitAfterPushes(seconds('2026-12-02T10:00:00Z'), [])).toBeNull();
  });
});
