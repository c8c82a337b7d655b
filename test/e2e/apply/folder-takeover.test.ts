import { describe, expect, it, vi } from 'vitest';
import { startTestSandbox, apiRequest } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { dashsync, lines, writeJson } from '../plan/plan-fixture.js';
import { emptyWorkspace, getDashboard } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

/**
 * walk-62 H5: a `_folder.json` whose uid is a folder someone made and filled in Grafana. The plan says it takes that folder
 * over (renames it, prunes its dashboards), naming the deletes by the title people know; an apply no one reviewed holds the
 * takeover; a reviewed plan file makes it.
 */
const board = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 39 });

describe('a _folder.json claiming a folder made in Grafana', () => {
  it('warns, names the deletes by the live title, holds the takeover when unreviewed', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    expect((await apiRequest(handle, 'POST', '/api/folders', { uid: 'data-team', title: 'Data Team' })).status).toBe(200);
    for (const [uid, title] of [['data-etl', 'ETL jobs'], ['data-quality', 'Data quality']] as const) {
      const made = await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: board(uid, title), folderUid: 'data-team' });
      expect(made.status, made.text).toBe(200);
    }
    const ours = await emptyWorkspace();
    await writeJson(ours, 'dashboards/analytics/_folder.json', { uid: 'data-team', title: 'Analytics' });
    await writeJson(ours, 'dashboards/analytics/board.json', board('an-1', 'Analytics board'));
    await commitAll(ours, 'analytics');

    const plan = await dashsync(handle, ours, ['plan', '--prune']);
    expect(plan.code, plan.stderr).toBe(0);
    const out = lines(plan.stdout);
    expect(out).toContain(
      `  ! folder takeover: this plan takes over folder "Data Team" (data-team), made in Grafana, never dashsync's: dashboards/analytics/_folder.json renames it "Analytics" ` +
        'and prune deletes its 2 dashboards no file holds, none of which dashsync pushed (data-etl, data-quality). If that folder is not this tree\'s, give dashboards/analytics/_folder.json a uid of its own',
    );
    const deletes = out.filter((line) => line.startsWith('- delete'));
    expect(deletes).toHaveLength(2);
    for (const line of deletes) expect(line).toContain('in "Data Team" (renamed "Analytics" by this plan); no file in the tree');

    const auto = await dashsync(handle, ours, ['apply', '--prune', '--auto-approve']);
    expect(auto.code).toBe(1);
    expect(lines(auto.stderr)).toContain(
      'conflict: data-etl "ETL jobs" not deleted: dashboards/analytics/_folder.json takes over folder "Data Team" (data-team), made in Grafana, none of its dashboards pushed by dashsync, ' +
        "and no one reviewed a plan that takes it over (--auto-approve without a plan file). If that folder is not this tree's, give dashboards/analytics/_folder.json a uid of its own; " +
        'to take it over anyway: dashsync plan --prune --out plan.json, review it (it shows the takeover), then dashsync apply plan.json; or dashsync apply --prune --auto-approve --force',
    );
    expect(lines(auto.stderr)).toContainEqual(expect.stringContaining('conflict: folder "Data Team" (data-team) not renamed "Analytics": dashboards/analytics/_folder.json takes over'));
    expect((await getDashboard(handle, 'data-etl')).status).toBe(200);
    expect((await getDashboard(handle, 'data-quality')).status).toBe(200);
    expect((await apiRequest(handle, 'GET', '/api/folders/data-team')).body.title).toBe('Data Team');

    expect((await dashsync(handle, ours, ['plan', '--prune', '--out', 'plan.json'])).code).toBe(0);
    const applied = await dashsync(handle, ours, ['apply', 'plan.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await getDashboard(handle, 'data-etl')).status).toBe(404);
    expect((await apiRequest(handle, 'GET', '/api/folders/data-team')).body.title).toBe('Analytics');
  });
});
