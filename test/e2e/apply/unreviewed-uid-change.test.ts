import { describe, expect, it, vi } from 'vitest';
import { appliedExample } from '../../helpers/applied-example.js';
import { apiRequest } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { editFile, getDashboard, readJson, saveInGrafana } from './workspace.js';
import { join } from 'node:path';

vi.setConfig({ testTimeout: 120_000 });

const UI_EDIT = 'edited in Grafana';
const REDIS = 'dashboards/platform/databases/redis.json';
const PUT_BACK = `put "uid": "redis-exporter" back in ${REDIS} and commit it, then dashsync pull redis-exporter merges the edit into it`;

// review-56 F6: a file whose uid changed in place plans the new uid's create and the old uid's delete. Where someone had
// edited the old one in Grafana since dashsync pushed it, an unreviewed apply held the delete and made the create: two
// dashboards titled "Redis" in one folder (13), or a create Grafana refused as a title taken (11.2). Now the change of uid is
// held whole, one conflict saying what to do; its advice, followed, keeps the edit.
// 11.2 keeps titles unique in a folder (the create waited for the delete's title, then was refused); 13 through /apis does not.
const ON_11_2_AND_13 = [{ api: 'legacy', grafanaVersion: '11.2' }, { api: 'k8s', grafanaVersion: '13' }] as const;

describe('an unreviewed apply of a uid change whose old uid was edited in Grafana', () => {
  it.each(ON_11_2_AND_13)('holds the change of uid whole (exit 1): neither deleted nor created; put back and pulled, the edit is kept (api $api, Grafana $grafanaVersion)', async ({ api, grafanaVersion }) => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion }, api);
    await commitAll(workspace.dir, 'tree');
    await saveInGrafana(sandbox, 'redis-exporter', { description: UI_EDIT });
    await editFile(workspace, REDIS, (model) => (model.uid = 'redis-cache'));
    await commitAll(workspace.dir, 'new uid');

    const kept = await workspace.cli(['apply', '--prune', '--auto-approve']);
    expect(kept.code, kept.stdout + kept.stderr).toBe(1);
    expect(kept.stdout).toMatch(
      new RegExp(
        '^  ! drift: redis-exporter "Redis" was last saved in Grafana by admin .*, not by dashsync, which pushed an earlier version; ' +
          escapeRegExp(`no one reviewed this plan (--auto-approve without a plan file), so this apply holds the change of uid (a conflict) unless it is run with --force (to keep the edit: ${PUT_BACK})`) +
          '$',
        'm',
      ),
    );
    expect(kept.stdout).toContain(`skipped: redis-cache: not created: ${REDIS} changed its uid redis-exporter → redis-cache, and the delete of redis-exporter is held (its conflict says why and what to do)`);
    expect(kept.stderr).toMatch(
      new RegExp(
        `^conflict: ${escapeRegExp(REDIS)} changed its uid redis-exporter → redis-cache, but redis-exporter "Redis" was last saved in Grafana by admin, not by dashsync \\(version 2 at [^)]+\\), ` +
          'and no one reviewed a plan that deletes it with that edit \\(--auto-approve without a plan file\\); the change of uid is held: redis-exporter not deleted, redis-cache not created\\. ' +
          escapeRegExp(`To keep the edit: ${PUT_BACK}; `) +
          escapeRegExp('to change the uid anyway (the edit goes with redis-exporter; a backup is written first): dashsync plan --prune --out plan.json, review it (it shows the edit as drift), then dashsync apply plan.json; or dashsync apply --prune --auto-approve --force') +
          '$',
        'm',
      ),
    );
    expect(kept.stdout).toMatch(/^Applied: 0 created, 0 updated, 0 moved, 0 deleted, 1 skipped; 1 conflict/m);
    expect(kept.stderr).not.toContain('failed');
    expect((await getDashboard(sandbox, 'redis-exporter')).dashboard.description).toBe(UI_EDIT);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/redis-cache')).status).toBe(404);
    const json = await workspace.cli(['apply', '--prune', '--auto-approve', '--format', 'json']);
    expect(json.code).toBe(1);
    const result = JSON.parse(json.stdout.trim().split('\n').at(-1)!);
    expect(result.conflicts).toMatchObject([{ uid: 'redis-exporter', action: 'delete', unreviewedDrift: true, uidChangedTo: { file: REDIS, uid: 'redis-cache' } }]);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/redis-cache')).status).toBe(404);
    // A reviewed plan says the same way to keep the edit (a pull of the old uid alone would write a second file of that title).
    const plan = await workspace.cli(['plan', '--prune']);
    expect(plan.stdout).toContain(`, not by dashsync, which pushed an earlier version; the plan deletes it (its file ${REDIS} now holds uid redis-cache), and that edit with it (a backup is written first; to keep it: ${PUT_BACK})`);

    // The advice, to its end: the old uid back, the edit pulled into the file, and an apply with nothing left to do.
    await editFile(workspace, REDIS, (model) => (model.uid = 'redis-exporter'));
    await commitAll(workspace.dir, 'uid back');
    const pulled = await workspace.cli(['pull', 'redis-exporter']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect((await readJson(join(workspace.dir, REDIS))).description).toBe(UI_EDIT);
    await commitAll(workspace.dir, 'pull the edit');
    const after = await workspace.cli(['apply', '--prune', '--auto-approve']);
    expect(after.code, after.stdout + after.stderr).toBe(0);
    expect(after.stdout).not.toContain('redis-exporter');
    expect((await getDashboard(sandbox, 'redis-exporter')).dashboard.description).toBe(UI_EDIT);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
