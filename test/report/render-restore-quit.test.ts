import { describe, expect, it } from 'vitest';
import { renderRestoreQuit } from '../../src/report/render-restore-stop.js';

describe('renderRestoreQuit: the line of a second Ctrl-C during restore', () => {
  it('names the unanswered restore, the uids never started, and one command for all of them', () => {
    expect(renderRestoreQuit([{ uid: 'lp', kind: 'library-panel' }], ['b', 'c'])).toBe(
      'unknown: restore library panel lp: quit before Grafana answered; whether it is back is not known; not started (2): b, c: dashsync restore lp b c says (exists in Grafana, or restores it)',
    );
  });

  it('says something when only a read was in flight: the uids are not started, nothing of theirs written', () => {
    expect(renderRestoreQuit([], ['a', 'b'])).toBe('quit: not started (2): a, b; nothing of theirs was written: dashsync restore a b restores them');
  });

  it("repeats the run's environment and flag-given org in the command, as one without --env is refused", () => {
    expect(renderRestoreQuit([], ['a'], { environment: 'prod', orgIdFlag: 2 })).toBe('quit: not started (1): a; nothing of theirs was written: dashsync restore --env prod --org-id 2 a restores them');
  });

  it('nothing left: no line', () => {
    expect(renderRestoreQuit([], [])).toBeNull();
  });
});
