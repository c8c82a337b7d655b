import { describe, expect, it } from 'vitest';
import { DASHBOARD_DIGESTS, digestActions, findDigestProblem, FOLDER_DIGESTS } from '../../../src/plan/action-digests.js';
import type { DashboardAction, FolderAction } from '../../../src/plan/types.js';
import { action, folderAction } from './builders.js';

const live = { revision: '3', version: 3, folderUid: 'team', folderTitle: 'Team', title: 'CPU', updated: '', updatedBy: 'admin', owner: null, internalId: 7 };
const actions = [
  folderAction({ action: 'create', uid: 'team', title: 'Team' }),
  folderAction({ action: 'delete', uid: 'old', title: 'Old' }),
  action({ uid: 'cpu', title: 'CPU', action: 'update', folderUid: 'team', live }),
  action({ uid: 'mem', action: 'noop' }),
];
const [team, old, cpu, mem] = actions as [FolderAction, FolderAction, DashboardAction, DashboardAction];

describe("a saved plan's digests of its folder actions", () => {
  it('are one per folder; a dashboard action is in none, so a dashboard edit leaves them as they were', () => {
    const recorded = digestActions(FOLDER_DIGESTS, actions);
    expect(Object.keys(recorded)).toEqual(['team', 'old']);
    expect(findDigestProblem(FOLDER_DIGESTS, actions, recorded)).toBeNull();
    expect(findDigestProblem(FOLDER_DIGESTS, [team, old, { ...cpu, title: 'CPU!' }, mem], recorded)).toBeNull();
  });

  it('name the first folder edited since (title, uid, parent), escaped for the line, and a folder taken out', () => {
    const recorded = digestActions(FOLDER_DIGESTS, actions);
    expect(findDigestProblem(FOLDER_DIGESTS, [{ ...team, title: 'Team\u001b[2J' }, old], recorded)).toBe(
      'its folder-create team "Team\u001b[2J" is not the one its folderActionsSha256 records (edited by hand?)',
    );
    expect(findDigestProblem(FOLDER_DIGESTS, [{ ...team, parentUid: 'elsewhere' }, old], recorded)).toMatch(/^its folder-create team "Team" is not the one/);
    expect(findDigestProblem(FOLDER_DIGESTS, [team, { ...old, uid: 'other' }], recorded)).toMatch(/^its folder-delete other "Old" is not the one/);
    expect(findDigestProblem(FOLDER_DIGESTS, [team], recorded)).toBe('its folderActionsSha256 records folder old, of which it holds no action (edited by hand?)');
    expect(findDigestProblem(FOLDER_DIGESTS, actions, ['sha256:x'])).toBe('its folderActionsSha256 is not an object of folder uids and sha256: digests');
  });
});

describe("a saved plan's digests of its dashboard actions", () => {
  it('are one per dashboard; a folder action is in none', () => {
    const recorded = digestActions(DASHBOARD_DIGESTS, actions);
    expect(Object.keys(recorded)).toEqual(['dashboard:cpu', 'dashboard:mem']);
    expect(findDigestProblem(DASHBOARD_DIGESTS, actions, recorded)).toBeNull();
    expect(findDigestProblem(DASHBOARD_DIGESTS, [{ ...team, title: 'Other' }, old, cpu, mem], recorded)).toBeNull();
  });

  it('name the first dashboard whose folder, live state or verb was edited since, escaped for the line', () => {
    const recorded = digestActions(DASHBOARD_DIGESTS, actions);
    const edited = (change: Partial<DashboardAction>) => findDigestProblem(DASHBOARD_DIGESTS, [team, old, { ...cpu, ...change }, mem], recorded);
    const problem = 'its update of dashboard cpu "CPU" is not the one its dashboardActionsSha256 records (edited by hand?)';
    expect(edited({ folderUid: 'elsewhere' })).toBe(problem);
    expect(edited({ live: { ...live, revision: '4' } })).toBe(problem);
    expect(edited({ live: { ...live, internalId: 8 } })).toBe(problem);
    expect(edited({ removesMetadata: true })).toBe(problem);
    expect(edited({ action: 'move' })).toBe('its move of dashboard cpu "CPU" is not the one its dashboardActionsSha256 records (edited by hand?)');
    expect(edited({ title: 'CPU\u001b[2J' })).toBe('its update of dashboard cpu "CPU\u001b[2J" is not the one its dashboardActionsSha256 records (edited by hand?)');
    expect(findDigestProblem(DASHBOARD_DIGESTS, [team, cpu], recorded)).toBe('its dashboardActionsSha256 records dashboard:mem, of which it holds no action (edited by hand?)');
    expect(findDigestProblem(DASHBOARD_DIGESTS, actions, { 'dashboard:cpu': 1 })).toBe('its dashboardActionsSha256 is not an object of action ids and sha256: digests');
  });
});
