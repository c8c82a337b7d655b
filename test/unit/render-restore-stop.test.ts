import { describe, expect, it } from 'vitest';
import { renderRestoreStop } from '../../src/report/render-restore-stop.js';

const work = (uid: string) => ({ uid, kind: 'dashboard' as const });

describe('renderRestoreStop', () => {
  it('after an interrupt before any restore: nothing was restored, and the command for all of them (audit-ux-16 L-1)', () => {
    const lines = renderRestoreStop({ answered: 0, unknown: [], notStarted: [work('a'), work('b')], interrupted: true });
    expect(lines).toEqual(['interrupted before any restore started; nothing was restored. Run dashsync restore a b again', 'not started (2): a, b']);
  });

  it('after one was answered or is unknown: what was done is listed above', () => {
    const answered = renderRestoreStop({ answered: 1, unknown: [], notStarted: [work('b')], interrupted: true });
    expect(answered[0]).toBe('interrupted: 1 restore(s) were not started; what was done is listed above. Run dashsync restore b to finish');
    const unknown = renderRestoreStop({ answered: 0, unknown: [work('a')], notStarted: [work('b')], interrupted: true });
    expect(unknown[0]).toMatch(/^interrupted: 1 restore\(s\) were not started; what was done is listed above/);
  });
});
