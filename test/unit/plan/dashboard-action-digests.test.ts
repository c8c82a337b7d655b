import { describe, expect, it } from 'vitest';
import { digestDashboardActions, findDashboardDigestProblem } from '../../../src/plan/dashboard-action-digests.js';
import type { DashboardAction } from '../../../src/plan/types.js';
import { action, folderAction } from './builders.js';

const live = { revision: '3', version: 3, folderUid: 'team', folderTitle: 'Team', title: 'CPU', updated: '', updatedBy: 'admin', owner: null, internalId: 7 };
const actions = [folderAction({ action: 'create', uid: 'team', title: 'Team' }), action({ uid: 'cpu', title: 'CPU', action: 'update', folderUid: 'team', live }), action({ uid: 'mem', action: 'noop' })];

describe("a saved plan's digests of its dashboard actions", () => {
  it('are one per dashboard; a folder action is in none', () => {
    const recorded = digestDashboardActions(actions);
    expect(Object.keys(recorded)).toEqual(['dashboard:cpu', 'dashboard:mem']);
    expect(findDashboardDigestProblem(actions, recorded)).toBeNull();
    expect(findDashboardDigestProblem(actions.map((entry) => (entry.kind === 'folder' ? { ...entry, title: 'Other' } : entry)), recorded)).toBeNull();
  });

  it('name the first dashboard whose folder, live state or verb was edited since, escaped for the line', () => {
    const recorded = digestDashboardActions(actions);
    const [team, cpu, mem] = actions as [unknown, DashboardAction, DashboardAction];
    const edited = (change: Partial<DashboardAction>) => findDashboardDigestProblem([team as DashboardAction, { ...cpu, ...change }, mem], recorded);
    const problem = 'its update of dashboard cpu "CPU" is not the one its dashboardActionsSha256 records (edited by hand?)';
    expect(edited({ folderUid: 'elsewhere' })).toBe(problem);
    expect(edited({ live: { ...live, revision: '4' } })).toBe(problem);
    expect(edited({ live: { ...live, internalId: 8 } })).toBe(problem);
    expect(edited({ removesMetadata: true })).toBe(problem);
    expect(edited({ action: 'move' })).toBe('its move of dashboard cpu "CPU" is not the one its dashboardActionsSha256 records (edited by hand?)');
    expect(edited({ title: 'CPU\u001b[2J' })).toBe('its update of dashboard cpu "CPU\u001b[2J" is not the one its dashboardActionsSha256 records (edited by hand?)');
    expect(findDashboardDigestProblem([team as DashboardAction, cpu], recorded)).toBe('its dashboardActionsSha256 records dashboard:mem, of which it holds no action (edited by hand?)');
    expect(findDashboardDigestProblem(actions, { 'dashboard:cpu': 1 })).toBe('its dashboardActionsSha256 is not an object of action ids and sha256: digests');
  });
});
