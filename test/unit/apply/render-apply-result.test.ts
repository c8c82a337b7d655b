import { describe, expect, it } from 'vitest';
import { emptyApplyResult, type ApplyResult } from '../../../src/apply/types.js';
import { renderApplyProblems, renderApplyReport, renderApplySummary } from '../../../src/report/render-apply-result.js';

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
    const stopped = result({ created: ['a'], failures: [{ uid: 'b', title: 'B', action: 'create', message: 'x' }], notStarted: 5, foldersCreated: ['f'], stoppedBy: 'interrupt' });
    expect(renderApplySummary(stopped)).toBe('Applied: 1 created, 0 updated, 0 moved, 0 deleted; 1 failed, 5 not started. Folders: 1 created (interrupted)');
  });
});

describe('renderApplyProblems', () => {
  it('names uid, file, both versions and who changed it; a delete conflict says how to delete anyway', () => {
    const text = renderApplyProblems(result({ conflicts: [conflict, { ...conflict, uid: 'old', title: 'Old', action: 'delete', file: null }] }));
    expect(text).toBe(
      'conflict: api "API" (dashboards/api.json) changed in Grafana after the plan: planned version 4, current version 5, changed by alice at 2026-11-22T10:00:00Z; left untouched. ' +
        'Run dashsync plan to review, dashsync pull api to keep the live edit, or apply --force to overwrite it\n' +
        'conflict: old "Old" changed in Grafana after the plan: planned version 4, current version 5, changed by alice at 2026-11-22T10:00:00Z; not deleted. ' +
        'Run dashsync plan to review, dashsync pull old to keep the live edit, or apply --force to delete it anyway (a backup is written first)\n',
    );
  });

  it('is empty when all went well', () => {
    expect(renderApplyProblems(result({ created: ['a'] }))).toBe('');
  });
});

describe('renderApplyReport', () => {
  it('lists skips and backups (relative to the working directory) before the summary', () => {
    const report = renderApplyReport(
      result({ deleted: ['g'], backups: ['/work/repo/.dashsync/backups/g/2026-11-22T10-00-00-000Z-v3.json'], skipped: [{ uid: 'f1', reason: 'folder "x" kept: not empty (1 dashboards)' }] }),
      { cwd: '/work/repo' },
    );
    expect(report).toBe(
      'skipped: f1: folder "x" kept: not empty (1 dashboards)\nbackup: .dashsync/backups/g/2026-11-22T10-00-00-000Z-v3.json\nApplied: 0 created, 0 updated, 0 moved, 1 deleted\n',
    );
  });
});
