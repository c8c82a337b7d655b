import { describe, expect, it } from 'vitest';
import type { RestoresResult } from '../../src/apply/run-restores.js';
import { renderRestoreProblem, renderRestoreStop, renderRestoreSummary } from '../../src/report/render-restore-stop.js';

const work = (uid: string) => ({ uid, kind: 'dashboard' as const });

/** A restore stopped by Ctrl-C; `written`: whether a write of it may have landed (its tallies). */
function stopped(fields: Partial<RestoresResult>, written: boolean): RestoresResult {
  return { answered: 0, unknown: [], notStarted: [], stoppedBy: 'interrupt', stopReason: null, mayHaveWritten: written, triedWrites: written, ...fields };
}

describe('renderRestoreStop', () => {
  it('after an interrupt before any write: nothing was restored, and the command for all of them (audit-ux-16 L-1)', () => {
    const lines = renderRestoreStop(stopped({ notStarted: [work('a'), work('b')] }, false));
    expect(lines).toEqual(['interrupted before the first write; nothing was restored. Run dashsync restore a b again', 'not started (2): a, b']);
  });

  // On the old code a uid answered without a write ("exists in Grafana") counted as something done.
  it('a uid answered without a write (already in Grafana), then Ctrl-C: still nothing was restored', () => {
    const lines = renderRestoreStop(stopped({ answered: 1, notStarted: [work('b')] }, false));
    expect(lines[0]).toBe('interrupted before the first write; nothing was restored. Run dashsync restore b again');
  });

  it('after a write that may have landed (restored, or unknown): what was done is listed above', () => {
    const answered = renderRestoreStop(stopped({ answered: 1, notStarted: [work('b')] }, true));
    expect(answered[0]).toBe('interrupted: 1 restore was not started; what was done is listed above. Run dashsync restore b to finish');
    const unknown = renderRestoreStop(stopped({ unknown: [work('a')], notStarted: [work('b')] }, true));
    expect(unknown[0]).toMatch(/^interrupted: 1 restore was not started; what was done is listed above/);
  });

  it('a 401 or no answer: stopped, in the words of apply, naming the uid that met it among those to run again', () => {
    const refused = { stopReason: 'POST /api/folders failed: HTTP 401 Unauthorized', stoppedOn: work('a'), notStarted: [work('b')], triedWrites: true };
    expect(renderRestoreStop(stopped({ ...refused, stoppedBy: 'unauthorized', stopCredentialsFrom: 'GRAFANA_TOKEN_STAGING' }, false))).toEqual([
      'stopped before any write landed: Grafana answered 401 Unauthorized (1 not started); nothing was restored. Check GRAFANA_TOKEN_STAGING and run again',
      'not started (1): b',
    ]);
    // Credentials the environment took from GRAFANA_TOKEN, its own unset: the line names both.
    expect(renderRestoreStop(stopped({ ...refused, stoppedBy: 'unauthorized', stopCredentialsFrom: 'GRAFANA_TOKEN', stopCredentialsFallbackFor: 'staging' }, false))[0]).toBe(
      'stopped before any write landed: Grafana answered 401 Unauthorized (1 not started); nothing was restored. ' +
        "Check GRAFANA_TOKEN, which environment staging takes because its own GRAFANA_TOKEN_STAGING is not set (or set GRAFANA_TOKEN_STAGING to credentials of staging's Grafana), and run again",
    );
    const down = { stoppedBy: 'unreachable' as const, stopReason: 'GET /api/dashboards/uid/a failed: no response: connection refused (ECONNREFUSED)', stoppedOn: work('a'), notStarted: [work('b')] };
    expect(renderRestoreStop(stopped(down, false))[0]).toBe(
      'stopped before the first write: Grafana stopped answering (GET /api/dashboards/uid/a failed: no response: connection refused (ECONNREFUSED)) (1 not started); nothing was restored. Run dashsync restore a b again once it answers',
    );
    expect(renderRestoreStop(stopped({ ...down, answered: 2 }, true))[0]).toBe(
      'stopped: Grafana stopped answering (GET /api/dashboards/uid/a failed: no response: connection refused (ECONNREFUSED)), so no further restore was started (1 not started); what was done is listed above. Run dashsync restore a b to finish once it answers',
    );
    expect(renderRestoreSummary(stopped({ ...down, answered: 2 }, true))).toBe('Restore: 2 answered; 1 not started (stopped)');
  });

  it('after restore --all: run restore --all again (with its flags), and the not-started list cut at 10 (walk-18 L-9)', () => {
    const works = Array.from({ length: 25 }, (_, i) => work(`gen-${String(i).padStart(4, '0')}`));
    const lines = renderRestoreStop(stopped({ answered: 3, notStarted: works }, true), { backupDir: '/tmp/b' }, { all: ['--all', '--deleted-since', '2026-12-04T16:43:03.845Z'] });
    expect(lines).toEqual([
      'interrupted: 25 restores were not started; what was done is listed above. Run dashsync restore --backup-dir /tmp/b --all --deleted-since 2026-12-04T16:43:03.845Z to finish',
      `not started (25): ${works.slice(0, 10).map((w) => w.uid).join(', ')}; and 15 more`,
    ]);
  });

  it('after uids named one by one: the same uids with the run\'s --folder and --backup-source, so that the command works as pasted (review-66b L4)', () => {
    const after = { after: ['--folder', 'ops', '--backup-source', 'https://old.example.com'] };
    const down = { stoppedBy: 'unreachable' as const, stopReason: 'GET /api/dashboards/uid/a failed: no response', answered: 1, stoppedOn: work('a'), notStarted: [work('b')] };
    const lines = renderRestoreStop(stopped(down, true), { environment: 'prod' }, after);
    expect(lines[0]).toMatch(/ Run dashsync restore --env prod a b --folder ops --backup-source https:\/\/old\.example\.com to finish once it answers$/);
    const unknown = renderRestoreProblem({ kind: 'unknown', work: work('a'), message: 'POST /api/dashboards/db failed: no response' }, undefined, after);
    expect(unknown).toMatch(/: dashsync restore a --folder ops --backup-source https:\/\/old\.example\.com says \(exists in Grafana, or restores it\)$/);
  });

  it("after --all: one uid's command repeats the run's flags but --all and --deleted-since (review-68b L1)", () => {
    const all = { all: ['--all', '--deleted-since', '2026-12-04T16:43:03.845Z', '--folder', 'ops', '--over-recently-deleted'] };
    const unknown = renderRestoreProblem({ kind: 'unknown', work: work('a'), message: 'POST /api/dashboards/db failed: no response' }, undefined, all);
    expect(unknown).toMatch(/: dashsync restore a --folder ops --over-recently-deleted says \(exists in Grafana, or restores it\)$/);
    const bare = renderRestoreProblem({ kind: 'unknown', work: work('a'), message: 'POST /api/dashboards/db failed: no response' }, undefined, { all: ['--all'] });
    expect(bare).toMatch(/: dashsync restore a says \(exists in Grafana, or restores it\)$/);
  });
});
