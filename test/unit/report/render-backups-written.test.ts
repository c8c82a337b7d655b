import { describe, expect, it } from 'vitest';
import { emptyApplyResult } from '../../../src/apply/types.js';
import { renderBackupsWritten } from '../../../src/report/render-apply-result.js';

const place = { backupDir: '/repo/.dashsync/backups', cwd: '/repo', environment: undefined };

describe('the closing line about backups', () => {
  it('says what was deleted when the run deleted what it backed up', () => {
    const result = { ...emptyApplyResult(), libraryPanelsDeleted: ['lp-old'], backups: ['/repo/.dashsync/backups/lp-old/2026-12-03T16-00-00-000Z-v1.json'] };
    expect(renderBackupsWritten(result, place, 'cli')).toBe(
      'Backups of what was deleted: 1 file under .dashsync/backups/ (dashsync restore UID puts one back)',
    );
  });

  it('does not call a backup taken before a handover rename a backup of something deleted', () => {
    const result = { ...emptyApplyResult(), backups: ['/repo/.dashsync/backups/lp-old/2026-12-03T16-00-00-000Z-v1.json'] };
    const line = renderBackupsWritten(result, place, 'cli');
    expect(line).toContain('nothing was deleted');
    expect(line).not.toContain('Backups of what was deleted');
    expect(line).not.toContain('restore');
  });

  it('writes nothing when no backup was taken', () => {
    expect(renderBackupsWritten(emptyApplyResult(), place, 'cli')).toBeNull();
  });
});
