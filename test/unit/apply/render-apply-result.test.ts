import { describe, expect, it } from 'vitest';
import { emptyApplyResult, type ApplyResult } from '../../../src/apply/types.js';
import { unreviewedDriftConflict } from '../../../src/apply/unreviewed-drift.js';
import type { DashboardAction, LibraryPanelAction } from '../../../src/plan/types.js';
import { renderApplyEvent } from '../../../src/report/render-apply-event.js';
import { renderApplyProblems, renderApplyStop, renderApplySummary } from '../../../src/report/render-apply-result.js';
import { runSelectionOf } from '../../../src/report/next-command.js';

function result(fill: Partial<ApplyResult>): ApplyResult {
  return { ...emptyApplyResult(), ...fill };
}

const conflict = { uid: 'api', title: 'API', action: 'update', file: 'dashboards/api.json', plannedVersion: 4, currentVersion: 5, changedBy: 'alice', changedAt: '2026-11-22T10:00:00Z' };

describe('renderApplySummary', () => {
  it('says what was done in the issue\'s wording', () => {
    const done = result({ created: ['a', 'b', 'c'], updated: ['d', 'e'], moved: ['f'], deleted: ['g', 'h', 'i', 'j'], conflicts: [conflict] });
    expect(renderApplySummary(done)).toBe('Applied: 3 created, 2 updated, 1 moved, 4 deleted; 1 conflict');
  });

  it('adds failures, work not started, folders and why it stopped', () => {
    const stopped = result({ created: ['a'], failures: [{ uid: 'b', title: 'B', action: 'create', message: 'x' }], notStarted: ['c', 'd', 'e', 'f', 'g'].map((uid) => ({ kind: 'dashboard' as const, uid, action: 'update' })), foldersCreated: ['f'], stoppedBy: 'interrupt' });
    expect(renderApplySummary(stopped)).toBe('Applied: 1 created, 0 updated, 0 moved, 0 deleted; 1 failed, 5 not started. Folders: 1 created (interrupted)');
  });
});

describe('renderApplyProblems', () => {
  it('names a dashboard by the title Grafana showed, and the file\'s where it differs (audit-ux-9 F3)', () => {
    const retitled = { ...conflict, uid: 'redis-exporter', title: 'Team F redis', file: 'dashboards/redis.json', plannedTitle: 'Redis', currentTitle: 'Redis', changedBy: 'sa-deploy' };
    const pushed = { ...retitled, savedByDashsync: { commit: '03d2687a369e', subject: 'team e' } };
    expect(renderApplyProblems(result({ conflicts: [pushed] }))).toMatch(
      /^conflict: redis-exporter "Redis" \(dashboards\/redis\.json, titled "Team F redis" there\) was saved by dashsync from commit 03d2687a369e "team e" as sa-deploy at /,
    );
    expect(renderApplyProblems(result({ conflicts: [retitled] }))).toMatch(/^conflict: redis-exporter "Redis" \(dashboards\/redis\.json, titled "Team F redis" there\) changed in Grafana after the plan: /);
    // The same title in both: named once, as before.
    expect(renderApplyProblems(result({ conflicts: [{ ...retitled, title: 'Redis' }] }))).toMatch(/^conflict: redis-exporter "Redis" \(dashboards\/redis\.json\) changed in Grafana/);
  });

  it('after main moved: a commit HEAD already contains is no rebase, but a plan made again (on a runner: the job run again) (audit-ux-10 F4)', () => {
    const pushed = { ...conflict, uid: 'redis-exporter', title: 'Redis', file: 'dashboards/redis.json', changedBy: 'sa-deploy', savedByDashsync: { commit: '03d2687a369e', subject: 'team e' } };
    const inHead = { ...pushed, pushedCommitInHead: true as const };
    expect(renderApplyProblems(result({ conflicts: [pushed] }))).toContain('Another commit was applied since (main moved): rebase the branch on it (or merge it in) and run dashsync plan again;');
    expect(renderApplyProblems(result({ conflicts: [inHead] }))).toContain(
      "Another commit was applied since (main moved), and HEAD already contains it: run dashsync plan again (this saved plan predates it); apply --force would undo that commit's changes in Grafana",
    );
    expect(renderApplyProblems(result({ conflicts: [inHead] }), 'action')).toContain('and HEAD already contains it: this plan predates it, and a re-run of this job applies the same plan: push a commit to this branch (or merge a pull request into it), whose run plans with both;');
    expect(renderApplyProblems(result({ conflicts: [inHead] }), 'action')).not.toContain('rebase');
  });

  it('says a labels or annotations edit as such, at the planned version or after a later one', () => {
    const edited = { ...conflict, plannedVersion: 4, currentVersion: 4, changedBy: null, changedAt: null, metadataEdited: true as const };
    const text = renderApplyProblems(result({ conflicts: [edited, { ...edited, currentVersion: 5 }] }));
    expect(text).toBe(
      'conflict: api "API" (dashboards/api.json) changed in Grafana after the plan: its labels or annotations were changed (Grafana does not record by whom), still at version 4; left untouched. ' +
        'Run dashsync plan to review, dashsync pull api to bring the live edit into the file (it refuses a file that holds a change not applied yet, and says how to merge the two), or dashsync apply --force to overwrite it\n' +
        'conflict: api "API" (dashboards/api.json) changed in Grafana after the plan: planned version 4, current version 5, and since then its labels or annotations were changed (Grafana does not record by whom); left untouched. ' +
        'Run dashsync plan to review, dashsync pull api to bring the live edit into the file (it refuses a file that holds a change not applied yet, and says how to merge the two), or dashsync apply --force to overwrite it\n',
    );
  });

  // pull-restore-54: a folder's saver Grafana does not name (11.x's folder table keeps none: `Anonymous`) left "changed by" out
  // without a word; a library panel's saver whose account is gone ('') too.
  it('a folder conflict whose saver Grafana does not name says so; a library panel\'s saver deleted since is said in plan\'s words', () => {
    const folder = { uid: 'team', title: 'Team', action: 'folder-update', file: null, plannedVersion: '5', currentVersion: '6', changedBy: null, changedAt: '2026-11-22T10:00:00Z', currentTitle: 'Renamed', plannedTitle: 'Team', opaqueRevisions: true as const };
    expect(renderApplyProblems(result({ conflicts: [folder] }))).toBe(
      'conflict: folder team "Team" changed in Grafana after the plan: now titled "Renamed", changed at 2026-11-22T10:00:00Z (Grafana did not say by whom); left untouched. ' +
        'Run dashsync plan to review, dashsync pull team to bring the live edit into the file (it refuses a file that holds a change not applied yet, and says how to merge the two), or dashsync apply --force to overwrite it\n',
    );
    expect(renderApplyProblems(result({ conflicts: [{ ...folder, changedAt: null }] }))).toContain('now titled "Renamed", Grafana did not say who changed it, or when; left untouched.');
    const panel = { ...conflict, uid: 'lp-cpu', title: 'CPU', action: 'library-panel-update', file: 'dashboards/_library/cpu.json', changedBy: '' };
    expect(renderApplyProblems(result({ conflicts: [panel] }))).toContain(
      'planned version 4, current version 5, changed by a saver Grafana no longer names (an account deleted since, say) at 2026-11-22T10:00:00Z; left untouched.',
    );
  });

  // mend-54: the one-step apply's conflict of an edit whose saver's account is gone said "by someone" (its '' made null),
  // where the plan's drift line names it; its JSON changedBy was null, not the '' a reviewed apply's conflict holds.
  it('an unreviewed drift whose saver Grafana no longer names: in the drift line\'s words, changedBy ""', () => {
    const drift = { kind: 'drift' as const, uid: 'api', title: 'API', version: 3, updatedBy: '', updated: '2026-11-22T10:00:00Z', message: '' };
    const dashboard = { kind: 'dashboard', uid: 'api', title: 'API', action: 'update', file: 'dashboards/api.json', live: { title: 'API' } } as unknown as DashboardAction;
    const kept = unreviewedDriftConflict(dashboard, drift, 'auto-approve');
    expect(kept.changedBy).toBe('');
    expect(renderApplyProblems(result({ conflicts: [kept] }))).toContain(
      "conflict: api \"API\" (dashboards/api.json) was last saved in Grafana by a saver Grafana's history does not name (an account deleted since, say), not by dashsync (version 3 at 2026-11-22T10:00:00Z)",
    );
    const panel = { kind: 'library-panel', uid: 'lp-cpu', title: 'CPU', action: 'update', file: 'dashboards/_library/cpu.json', live: { name: 'CPU' } } as unknown as LibraryPanelAction;
    expect(renderApplyProblems(result({ conflicts: [unreviewedDriftConflict(panel, { ...drift, uid: 'lp-cpu', resource: 'library-panel' }, 'auto-approve')] }))).toContain(
      'was last saved in Grafana by a saver Grafana no longer names (an account deleted since, say), not by dashsync',
    );
    expect(unreviewedDriftConflict(dashboard, { ...drift, metadataEdited: true }, 'auto-approve').changedBy).toBeNull();
  });

  // review-54 F1: in a shallow checkout the edit may be one git already holds: the line says so, and the CLI's way to tell.
  it('an unreviewed drift a shallow checkout could not judge: the line says an older commit may hold it, and how to fetch the history', () => {
    const drift = { kind: 'drift' as const, uid: 'api', title: 'API', version: 3, updatedBy: 'ann', updated: '2026-11-22T10:00:00Z', message: '', shallowHistory: true as const };
    const dashboard = { kind: 'dashboard', uid: 'api', title: 'API', action: 'update', file: 'dashboards/api.json', live: { title: 'API' } } as unknown as DashboardAction;
    expect(renderApplyProblems(result({ conflicts: [unreviewedDriftConflict(dashboard, drift, 'auto-approve')] }))).toContain(
      "left untouched. This checkout's git history is shallow, so it cannot show whether an older commit already holds that edit (the commit of a dashsync pull that brought it in, say); " +
        'if one does, fetch the full history (git fetch --unshallow) and run dashsync apply --auto-approve again. If not, to keep it: dashsync pull api to bring the live edit into the file (it refuses a file that holds a change not applied yet, and says how to merge the two); to overwrite it:',
    );
    // Without a terminal (no --auto-approve) the apply to run again is the plain one.
    expect(renderApplyProblems(result({ conflicts: [unreviewedDriftConflict(dashboard, drift, 'no-terminal')] }))).toContain('(git fetch --unshallow) and run dashsync apply again. If not, to keep it:');
  });

  it('names uid, file, both versions and who changed it; a delete conflict says how to delete anyway', () => {
    const text = renderApplyProblems(result({ conflicts: [conflict, { ...conflict, uid: 'old', title: 'Old', action: 'delete', file: null }] }));
    expect(text).toBe(
      'conflict: api "API" (dashboards/api.json) changed in Grafana after the plan: planned version 4, current version 5, changed by alice at 2026-11-22T10:00:00Z; left untouched. ' +
        'Run dashsync plan to review, dashsync pull api to bring the live edit into the file (it refuses a file that holds a change not applied yet, and says how to merge the two), or dashsync apply --force to overwrite it\n' +
        'conflict: old "Old" changed in Grafana after the plan: planned version 4, current version 5, changed by alice at 2026-11-22T10:00:00Z; not deleted. ' +
        'Run dashsync plan to review, dashsync pull old to keep the live edit, or dashsync apply --force to delete it anyway (a backup is written first)\n',
    );
  });

  it('in the Action, says how the Action takes --force (its args input) and names its token input', () => {
    const text = renderApplyProblems(
      result({ conflicts: [conflict, { ...conflict, uid: 'old', title: 'Old', action: 'delete', file: null }], stoppedBy: 'unauthorized', notStarted: [{ kind: 'dashboard', uid: 'c', action: 'update' }] }),
      'action',
    );
    const lines = text.split('\n');
    // walk-59 M1: "run the apply step with args: --force" starts no run, and then forces every later apply over every edit.
    const once = ' (once: args: --force on the apply step would overwrite every edit made in Grafana, in every later run too)';
    const plan = 'run dashsync plan --out plan.json from a checkout of this commit, with the Grafana credentials this job uses, review it, then dashsync apply --force plan.json';
    expect(lines[0]).toContain(`, or ${plan} to overwrite it${once}`);
    expect(lines[1]).toContain(`, or ${plan} to delete it anyway (a backup is written first)${once}`);
    expect(lines[2]).toBe(`stopped: Grafana answered 401 Unauthorized, so no further change was started (1 not started). Check the grafana-token input, then re-run this job (its re-run icon under Jobs, on its workflow run's page)`);
    expect(text).not.toMatch(/GRAFANA_TOKEN|apply step with args/);
    // The reviewed plan the step applied: that one file, forced once from a shell, with the environment it was made for.
    const saved = renderApplyProblems(result({ conflicts: [conflict] }), 'action', { environment: 'production', savedPlanFile: 'dashsync-plan.json' });
    expect(saved).toContain(
      ', or run dashsync apply --env production --force dashsync-plan.json to overwrite it, once, from a checkout of this commit holding dashsync-plan.json ' +
        "(this job's plan artifact), with the Grafana credentials this job uses (it makes only this reviewed plan's changes, over the edits made in Grafana since that they meet)\n",
    );
  });

  it('is empty when all went well', () => {
    expect(renderApplyProblems(result({ created: ['a'] }))).toBe('');
  });
});

describe('renderApplyStop', () => {
  it('managed-elsewhere failures: the Action names a new run, not a dashsync command; mixed with a 403, each kind is counted and no retry is advised (review-63 L3)', () => {
    const managed = { uid: 'tf', title: 'tf', action: 'update', message: 'PUT … failed: HTTP 403 (managed by terraform)', managedElsewhere: true as const };
    const forbidden = { uid: 'd', title: 'd', action: 'update', message: 'POST /api/dashboards/db failed: HTTP 403', forbidden: true as const };
    const hidden = { uid: 'h', title: 'h', action: 'update', message: 'GET … failed: HTTP 403', forbidden: true as const, folderHidden: true as const };
    expect(renderApplyStop(result({ failures: [managed] }), 'action')).toBe(
      '1 planned change failed (its line is above); Grafana refused it because another tool manages the dashboard or its folder (its line says which), which running again does not change: ' +
        'follow the advice on that line, then push a commit to this branch (or merge a pull request into it), whose run plans anew (a re-run of this job reads this same file)\n',
    );
    const mixed = renderApplyStop(result({ failures: [managed, forbidden, hidden] }));
    expect(mixed).not.toContain('a 429 or 5xx often does');
    expect(mixed).toBe(
      "3 planned changes failed (their lines are above); Grafana refused 1 because a folder's permissions hide it from these credentials (a folder moved to the top level in Grafana keeps no role grants of its own): " +
        'grant these credentials Edit on that folder (its line names it), or move it back where the tree has it; 1 because another tool manages the dashboard or its folder: follow the advice on its line; ' +
        '1 as forbidden (403: these credentials may not write it): give them a role that may (Editor, or Edit on the folders concerned), or use a token that has one; ' +
        'running again does not change that: once it is done, dashsync plan\n',
    );
  });

  const notStarted = (n: number, action = 'update') => Array.from({ length: n }, (_, i) => ({ kind: 'dashboard' as const, uid: `d${i}`, action }));

  it('Grafana gone: one line with the reason, then what was not started', () => {
    const stopped = result({
      stoppedBy: 'unreachable',
      stopReason: 'POST /api/dashboards/db failed: no response: connection refused (ECONNREFUSED) (gave up after 5 attempts)',
      notStarted: [...notStarted(2), { kind: 'folder', uid: 'f', action: 'folder-delete' }],
    });
    expect(renderApplyStop(stopped)).toBe(
      'stopped: Grafana stopped answering (POST /api/dashboards/db failed: no response: connection refused (ECONNREFUSED) (gave up after 5 attempts)), ' +
        'so no further change was started (3 not started). Run dashsync apply again once it answers\n' +
        'not started (3): update d0, d1; folder-delete f\n',
    );
  });

  it('says Grafana refuses every write, what the run came to (done, failed, not started), and what to do, in the CLI and in the Action', () => {
    const failed = (uid: string) => ({ uid, title: uid, action: 'update', message: 'POST /api/dashboards/db failed: HTTP 503' });
    const refused = result({
      stoppedBy: 'writes-refused',
      stopReason: 'HTTP 503 to 5 writes in a row, each after its retries',
      created: ['a'],
      updated: ['b', 'c'],
      foldersUnchanged: ['f'],
      conflicts: [conflict],
      failures: ['p', 'q', 'r', 's', 't', 'u'].map(failed),
      notStarted: notStarted(2),
    });
    expect(renderApplyStop(refused, 'cli', 'plan.json').split('\n')[0]).toBe(
      'stopped: Grafana refuses every write (HTTP 503 to 5 writes in a row, each after its retries), so no further change was started: ' +
        '4 done, 1 conflict, 6 failed, 2 not started. ' +
        'Run dashsync apply plan.json again once it takes writes (what is done is skipped); if it keeps refusing, ask who runs it (maintenance, a read-only database?)',
    );
    expect(renderApplyStop(refused, 'action').split('\n')[0]).toMatch(/: 4 done, 1 conflict, 6 failed, 2 not started\. Re-run this job \(its re-run icon under Jobs, on its workflow run's page\) once it takes writes; if it keeps refusing/);
  });

  it('names the first 20 not started and counts the rest', () => {
    const text = renderApplyStop(result({ stoppedBy: 'interrupt', notStarted: notStarted(215) }));
    expect(text.split('\n')[1]).toBe(`not started (215): update ${Array.from({ length: 20 }, (_, i) => `d${i}`).join(', ')}; and 195 more (dashsync plan lists them)`);
  });

  it('an interrupt before the first write says nothing was applied, not "what was done is listed above" (audit-ux-16 L-1)', () => {
    const before = result({ stoppedBy: 'interrupt', mayHaveWritten: false, unchanged: ['u'], skipped: [{ uid: 's', kind: 'dashboard', reason: 'r' }], notStarted: notStarted(3) });
    expect(renderApplyStop(before, 'cli', 'plan.json').split('\n')[0]).toBe('interrupted before the first write; nothing was applied. Run dashsync apply plan.json again');
    expect(renderApplyStop(before).split('\n')[0]).toBe('interrupted before the first write; nothing was applied. Run dashsync apply again');
    expect(renderApplyStop(before, 'action').split('\n')[0]).toBe(`interrupted before the first write; nothing was applied. Re-run this job (its re-run icon under Jobs, on its workflow run's page)`);
    // A write that may have landed is listed above; one Grafana refused (its line above) did not land.
    expect(renderApplyStop(result({ ...before, mayHaveWritten: true, foldersCreated: ['f'] })).split('\n')[0]).toMatch(/^interrupted: 3 planned changes were not started; what was done is listed above\./);
    const refused = result({ ...before, failures: [{ uid: 'b', title: 'B', action: 'create', message: 'x' }] });
    expect(renderApplyStop(refused, 'cli', 'plan.json').split('\n')[0]).toBe('interrupted before any write landed; nothing was applied. Run dashsync apply plan.json again');
  });

  // apply-52: `Run dashsync plan --api legacy and apply again` repeated the run's flags for the plan only.
  it('the command that finishes an apply that made its own plan is that apply, with every flag it needs', () => {
    const selection = runSelectionOf({ environment: 'prod', commandLine: { api: 'legacy', prune: 'folders', backupDir: 'bak' } });
    const before = result({ stoppedBy: 'interrupt', mayHaveWritten: false, notStarted: notStarted(3) });
    expect(renderApplyStop(before, 'cli', undefined, selection).split('\n')[0]).toBe(
      'interrupted before the first write; nothing was applied. Run dashsync apply --env prod --api legacy --prune --backup-dir bak again',
    );
    // fixo-73: with prune "all", a plan saved to review and its apply (an apply anew would delete whatever no file holds, unasked).
    const all = runSelectionOf({ environment: 'prod', commandLine: { api: 'legacy', prune: 'all', backupDir: 'bak' } });
    expect(renderApplyStop(before, 'cli', undefined, all).split('\n')[0]).toBe(
      'interrupted before the first write; nothing was applied. Run dashsync plan --env prod --api legacy --prune all --out plan.json again and review it, then dashsync apply --env prod --api legacy --backup-dir bak plan.json',
    );
    expect(renderApplyStop(before, 'cli', 'p.json', selection).split('\n')[0]).toBe(
      'interrupted before the first write; nothing was applied. Run dashsync apply --env prod --api legacy --backup-dir bak p.json again',
    );
  });

  it('a stop with no write known to have landed names the ones that may have, and where to see whether they did', () => {
    const unknown = { uid: 'b', title: 'B', action: 'create', message: 'no answer from Grafana' };
    const interrupted = result({ stoppedBy: 'interrupt', mayHaveWritten: true, unknown: [unknown], failures: [{ ...unknown, uid: 'c', action: 'update', message: 'HTTP 500', mayHaveLanded: true }], notStarted: notStarted(3) });
    expect(renderApplyStop(interrupted, 'cli', 'plan.json').split('\n')[0]).toBe(
      'interrupted: 3 planned changes were not started; no write is known to have landed, but whether 2 writes landed is not known (create b; update c): dashsync plan will show it. ' +
        'Run dashsync apply plan.json again to finish (what is done is skipped)',
    );
    expect(renderApplyStop(result({ ...interrupted, updated: ['d'] }), 'action').split('\n')[0]).toBe(
      `interrupted: 3 planned changes were not started; what was done is listed above, and whether 2 writes landed is not known (create b; update c): a re-run of this job shows it. Re-run this job (its re-run icon under Jobs, on its workflow run's page) to finish`,
    );
    const gone = result({ ...interrupted, stoppedBy: 'unreachable', stopReason: 'no response' });
    expect(renderApplyStop(gone).split('\n')[0]).toBe(
      'stopped: Grafana stopped answering (no response), so no further change was started (3 not started); whether 2 writes landed is not known (create b; update c): dashsync plan will show it. ' +
        'Run dashsync apply again once it answers',
    );
  });

  it('Grafana refusing every write with 503s, none processed: nothing was applied', () => {
    const failed = (uid: string) => ({ uid, title: uid, action: 'update', message: 'POST /api/dashboards/db failed: HTTP 503' });
    const refused = result({ stoppedBy: 'writes-refused', stopReason: 'HTTP 503 to 5 writes in a row, each after its retries', mayHaveWritten: false, failures: ['p', 'q', 'r', 's', 't'].map(failed), notStarted: notStarted(2) });
    expect(renderApplyStop(refused, 'cli', 'plan.json').split('\n')[0]).toBe(
      'stopped before any write landed: Grafana refuses every write (HTTP 503 to 5 writes in a row, each after its retries) (2 not started); nothing was applied. ' +
        'Run dashsync apply plan.json again once it takes writes; if it keeps refusing, ask who runs it (maintenance, a read-only database?)',
    );
  });

  it('a 401 or no answer before any write of the run may have landed says nothing was applied (mend-review-15b)', () => {
    const refused = result({ stoppedBy: 'unauthorized', stopReason: 'POST /api/dashboards/db failed: HTTP 401', mayHaveWritten: false, failures: [{ uid: 'b', title: 'B', action: 'create', message: 'x' }], notStarted: notStarted(2) });
    expect(renderApplyStop(refused).split('\n')[0]).toBe(
      'stopped before any write landed: Grafana answered 401 Unauthorized (2 not started); nothing was applied. Check GRAFANA_TOKEN or GRAFANA_USER/GRAFANA_PASSWORD and run again',
    );
    const gone = result({ stoppedBy: 'unreachable', stopReason: 'no response', mayHaveWritten: false, notStarted: notStarted(1) });
    expect(renderApplyStop(gone, 'action').split('\n')[0]).toBe(`stopped before the first write: Grafana stopped answering (no response) (1 not started); nothing was applied. Re-run this job (its re-run icon under Jobs, on its workflow run's page) once it answers`);
    // A write that may have landed (or a result that does not say): the lines above say what was done.
    for (const mayHaveWritten of [true, undefined]) {
      expect(renderApplyStop(result({ ...gone, mayHaveWritten })).split('\n')[0]).toMatch(/^stopped: Grafana stopped answering \(no response\), so no further change was started/);
    }
  });

  it('is empty when the apply ran to the end', () => {
    expect(renderApplyStop(result({ created: ['a'] }))).toBe('');
  });

  it('in the Action: what to do is to re-run the job, not a CLI command', () => {
    const interrupted = renderApplyStop(result({ stoppedBy: 'interrupt', updated: ['x'], notStarted: notStarted(25) }), 'action');
    expect(interrupted.split('\n')[0]).toBe(`interrupted: 25 planned changes were not started; what was done is listed above. Re-run this job (its re-run icon under Jobs, on its workflow run's page) to finish`);
    expect(interrupted.split('\n')[1]).toMatch(/; and 5 more \(the plan lists them\)$/);
    const gone = renderApplyStop(result({ stoppedBy: 'unreachable', stopReason: 'no response', notStarted: notStarted(1) }), 'action');
    expect(gone.split('\n')[0]).toBe(`stopped: Grafana stopped answering (no response), so no further change was started (1 not started). Re-run this job (its re-run icon under Jobs, on its workflow run's page) once it answers`);
    const unknown = renderApplyProblems(result({ unknown: [{ uid: 'api', title: 'API', action: 'update', message: 'no answer from Grafana' }] }), 'action');
    expect(unknown).toBe('unknown: update api "API": no answer from Grafana; whether it landed is not known: a re-run of this job shows it\n');
    expect(`${interrupted}${gone}${unknown}`).not.toContain('dashsync');
  });

  // review-65b L5: a write whose success answer was cut off landed; only what Grafana holds is not known.
  it('an unknown write Grafana answered with success says it landed, not that whether it did is not known', () => {
    const message = 'Grafana answered it with success, then its answer was cut off before its end';
    const line = renderApplyProblems(result({ unknown: [{ uid: 'api', title: 'API', action: 'update', message, answered: true }] }));
    expect(line).toBe(`unknown: update api "API": ${message}; it landed, and what Grafana holds now could not be read back: dashsync plan will show it\n`);
    const event = renderApplyEvent({ kind: 'dashboard', uid: 'api', title: 'API', action: 'update', outcome: 'unknown', file: 'dashboards/api.json', message, answered: true });
    expect(event?.line).toBe(line.trimEnd());
  });
});

describe('renderApplyEvent', () => {
  const event = { kind: 'dashboard' as const, uid: 'api', title: 'API', action: 'update', file: 'dashboards/api.json' };

  it('what was done goes to stdout, problems to stderr; backups relative to the working directory', () => {
    expect(renderApplyEvent({ ...event, outcome: 'updated', version: 7 })).toEqual({ stream: 'stdout', line: 'updated: api "API" (dashboards/api.json), now version 7' });
    expect(renderApplyEvent({ ...event, action: 'delete', file: null, outcome: 'backed-up', backup: '/work/repo/.dashsync/backups/api/v3.json' }, { cwd: '/work/repo' })).toEqual({
      stream: 'stdout',
      line: 'backup: .dashsync/backups/api/v3.json',
    });
    expect(renderApplyEvent({ ...event, outcome: 'failed', message: 'HTTP 400: bad' })).toEqual({ stream: 'stderr', line: 'failed: update api "API": HTTP 400: bad' });
    expect(renderApplyEvent({ ...event, outcome: 'not-started' })).toBeNull();
  });

  it('a conflict with nothing left in Grafana says it was deleted there, not "current version unknown"', () => {
    const gone = { ...conflict, currentVersion: null, changedBy: null, changedAt: null };
    expect(renderApplyEvent({ ...event, outcome: 'conflict', conflict: gone })).toEqual({
      stream: 'stderr',
      line:
        'conflict: api "API" (dashboards/api.json) was deleted in Grafana after the plan (planned version 4); not created again. ' +
        'Run dashsync plan to review: apply then creates it from the file; to keep it deleted, remove the file',
    });
    expect(renderApplyEvent({ ...event, outcome: 'conflict', conflict })!.line).toContain('planned version 4, current version 5, changed by alice');
  });

  it('names a library panel as one, with its file, as the plan does', () => {
    const panel = { kind: 'library-panel' as const, uid: 'lp-cpu', title: 'CPU usage', action: 'create', file: 'dashboards/team/_library/cpu.json' };
    expect(renderApplyEvent({ ...panel, outcome: 'created' })!.line).toBe('created: library panel lp-cpu "CPU usage" (dashboards/team/_library/cpu.json)');
    expect(renderApplyEvent({ ...panel, action: 'delete', file: null, outcome: 'deleted' })!.line).toBe('deleted: library panel lp-cpu "CPU usage"');
    expect(renderApplyEvent({ kind: 'folder', uid: 'team', title: 'Team', action: 'create', file: null, outcome: 'created' })!.line).toBe('created: folder team "Team"');
  });

  it('colours each line only when its own stream may carry colour', () => {
    const done = { ...event, outcome: 'created' as const };
    const failed = { ...event, outcome: 'failed' as const, message: 'x' };
    expect(renderApplyEvent(done, { colors: { stdout: false, stderr: true } })!.line).not.toContain('\u001b');
    expect(renderApplyEvent(failed, { colors: { stdout: false, stderr: true } })!.line).toContain('\u001b[31m');
    expect(renderApplyEvent(done, { colors: { stdout: true, stderr: false } })!.line).toContain('\u001b[32m');
  });
});

// review-67a L8: a backup refused by the file size limit closed with "free space on its disk".
describe('the closing after deletes whose backups could not be written', () => {
  const unwritten = (uid: string, code: string) => ({ uid, title: uid, action: 'delete', message: `not deleted: cannot write its backup into .dashsync/backups (${code})`, backupUnwritten: true as const, backupWriteCode: code });

  it('names the cause of each code once: the file size limit for EFBIG, the disk for ENOSPC', () => {
    const efbig = renderApplyProblems(result({ failures: [unwritten('a', 'EFBIG'), unwritten('b', 'EFBIG')] }));
    expect(efbig).toContain('once the backup directory can be written (raise the file size limit of the user running dashsync (ulimit -f), or point --backup-dir elsewhere)');
    expect(efbig).not.toContain('free space');
    const both = renderApplyProblems(result({ failures: [unwritten('a', 'EFBIG'), unwritten('b', 'ENOSPC')] }));
    expect(both).toContain('(raise the file size limit of the user running dashsync (ulimit -f), free space on its disk, or point --backup-dir elsewhere)');
  });
});
