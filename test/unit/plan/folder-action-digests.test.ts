import { describe, expect, it } from 'vitest';
import { digestFolderActions, findFolderDigestProblem } from '../../../src/plan/folder-action-digests.js';
import type { FolderAction } from '../../../src/plan/types.js';
import { action, folderAction } from './builders.js';

const actions = [
  folderAction({ action: 'create', uid: 'team', title: 'Team' }),
  folderAction({ action: 'delete', uid: 'old', title: 'Old' }),
  action({ uid: 'cpu', action: 'update' }),
];

describe("a saved plan's digests of its folder actions", () => {
  it('are one per folder; a dashboard action is in none, so a dashboard edit leaves them as they were', () => {
    const recorded = digestFolderActions(actions);
    expect(Object.keys(recorded)).toEqual(['team', 'old']);
    expect(findFolderDigestProblem(actions, recorded)).toBeNull();
    const retitledDashboard = actions.map((entry) => (entry.kind === 'dashboard' ? { ...entry, title: 'CPU!' } : entry));
    expect(findFolderDigestProblem(retitledDashboard, recorded)).toBeNull();
  });

  it('name the first folder edited since (title, uid, parent), escaped for the line, and a folder taken out', () => {
    const recorded = digestFolderActions(actions);
    const [team, old] = actions as [FolderAction, FolderAction];
    expect(findFolderDigestProblem([{ ...team, title: 'Team\u001b[2J' }, old], recorded)).toBe(
      'its folder-create team "Team\u001b[2J" is not the one its folderActionsSha256 records (edited by hand?)',
    );
    expect(findFolderDigestProblem([{ ...team, parentUid: 'elsewhere' }, old], recorded)).toMatch(/^its folder-create team "Team" is not the one/);
    expect(findFolderDigestProblem([team, { ...old, uid: 'other' }], recorded)).toMatch(/^its folder-delete other "Old" is not the one/);
    expect(findFolderDigestProblem([team], recorded)).toBe('its folderActionsSha256 records folder old, of which it holds no action (edited by hand?)');
    expect(findFolderDigestProblem(actions, ['sha256:x'])).toBe('its folderActionsSha256 is not an object of folder uids and sha256: digests');
  });
});
