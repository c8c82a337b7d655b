import { describe, expect, it } from 'vitest';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAndApplyTwo, dashsync } from '../pull/pull-fixture.js';

// fix-60b (walk-60 M2): after dashboards were deleted in Grafana's UI (no backup of dashsync's), restore --all said "nothing to
// restore" while they sat in "Recently deleted", where restore <uid> would have taken them back.
describe('restore --all: the tree\'s dashboards in "Recently deleted" that no backup holds', () => {
  it('are named with the command that brings them back, beside "nothing to restore"', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const { dir } = await commitAndApplyTwo(sandbox);
    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/calm', undefined, adminHeaders())).status).toBe(200);

    const dry = await dashsync(sandbox, dir, ['restore', '--all', '--dry-run']);
    const note =
      'note: 1 dashboard of the tree is in Grafana\'s "Recently deleted", which --all does not take (it was deleted in Grafana, so no backup of dashsync\'s holds it): ' +
      'calm (dashboards/calm.json); dashsync restore calm brings it back with its history\n';
    expect(dry.stdout).toContain(note);
    expect(dry.stdout.indexOf(note)).toBeGreaterThan(0);

    const restored = await dashsync(sandbox, dir, ['restore', 'calm']);
    expect(restored.code, restored.stderr).toBe(0);
    expect((await dashsync(sandbox, dir, ['restore', '--all', '--dry-run'])).stdout).not.toContain('Recently deleted');
  });
});
