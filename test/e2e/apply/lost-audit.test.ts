import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appliedExample } from '../../helpers/applied-example.js';
import { GRAFANA_VERSIONS } from '../../helpers/releases.js';
import { apiRequest, requestHeld } from '../../helpers/sandbox.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { getDashboard, readJson } from './workspace.js';

// An adversarial audit of "nothing is lost": Grafana changes between plan --out and apply <planfile>,
// and while a prune's DELETE is in flight. Each test spawns the CLI a few times in-process.
vi.setConfig({ testTimeout: 120_000 });

const REDIS = 'dashboards/platform/databases/redis.json';
const apis = [...GRAFANA_VERSIONS.map((grafanaVersion) => ({ grafanaVersion, api: 'legacy' as const })), { grafanaVersion: '12' as const, api: 'k8s' as const }, { grafanaVersion: '13' as const, api: 'k8s' as const }];

/** An edit as Grafana's UI saves it (11.2's UI saves through /api, with the version it read). */
async function uiEdit(sandbox: SandboxHandle, uid: string, description: string): Promise<void> {
  if (sandbox.grafanaVersion === '11.2') {
    const live = await getDashboard(sandbox, uid);
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, description }, folderUid: live.meta.folderUid, overwrite: false });
    expect(saved.status, saved.text).toBe(200);
    return;
  }
  const edited = await apiRequest(sandbox, 'POST', '/__sandbox/ui-edit', { uid, spec: { description } });
  expect(edited.status, edited.text).toBe(200);
}

/** A model without the members Grafana adds (`/apis` keeps them in metadata, `/api` in the model). */
function withoutGrafanaMembers(model: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, version: _version, ...rest } = model;
  return rest;
}

describe.each(apis)('Grafana $grafanaVersion, api $api: Grafana changes between plan --out and apply <planfile>', ({ grafanaVersion, api }) => {
  it('a planned move of a dashboard edited in the UI meanwhile is a conflict: not moved, the edit kept', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion }, api);
    const before = await getDashboard(sandbox, 'redis-exporter');
    await rename(join(workspace.dir, REDIS), join(workspace.dir, 'dashboards/platform/redis.json'));
    const planned = await workspace.cli(['plan', '--out', 'plan.json']);
    expect(planned.stdout).toContain('1 to move');

    await uiEdit(sandbox, 'redis-exporter', 'edited in the UI');
    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('conflict: redis-exporter "Redis"');
    const after = await getDashboard(sandbox, 'redis-exporter');
    expect(after.dashboard.description).toBe('edited in the UI');
    expect(after.meta.folderUid).toBe(before.meta.folderUid);
  });

  it('a planned move of a dashboard deleted in Grafana meanwhile is a conflict: not created again', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion }, api);
    await rename(join(workspace.dir, REDIS), join(workspace.dir, 'dashboards/platform/redis.json'));
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).stdout).toContain('1 to move');

    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/redis-exporter')).status).toBe(200);
    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('was deleted in Grafana after the plan');
    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(404);
  });

  it('a planned prune of a dashboard edited in the UI meanwhile is a conflict: not deleted', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion }, api);
    await rm(join(workspace.dir, REDIS));
    const planned = await workspace.cli(['plan', '--prune', '--out', 'plan.json']);
    expect(planned.stdout).toContain('1 to delete');

    await uiEdit(sandbox, 'redis-exporter', 'edited in the UI');
    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('conflict: redis-exporter "Redis"');
    expect((await getDashboard(sandbox, 'redis-exporter')).dashboard.description).toBe('edited in the UI');
  });

  it('a planned create whose uid someone created in Grafana meanwhile is a conflict: theirs is not overwritten', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion }, api);
    await writeFile(join(workspace.dir, 'dashboards/platform/fresh.json'), `${JSON.stringify({ uid: 'fresh', title: 'Fresh', panels: [] }, null, 2)}\n`);
    const planned = await workspace.cli(['plan', '--out', 'plan.json']);
    expect(planned.stdout).toContain('1 to create');

    const theirs = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'fresh', title: 'Someone else\'s', description: 'theirs' }, overwrite: false });
    expect(theirs.status, theirs.text).toBe(200);
    const applied = await workspace.cli(['apply', 'plan.json']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('conflict: fresh');
    const after = await getDashboard(sandbox, 'fresh');
    expect(after.dashboard).toMatchObject({ title: 'Someone else\'s', description: 'theirs' });
  });
});

const withAuto = [...apis, { grafanaVersion: '12' as const, api: 'auto' as const }, { grafanaVersion: '13' as const, api: 'auto' as const }];
describe.each(withAuto)('Grafana $grafanaVersion, api $api: a prune\'s DELETE held in flight', ({ grafanaVersion, api }) => {
  it('the backup is on disk with the live JSON before the DELETE reaches Grafana', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion }, api);
    const live = await getDashboard(sandbox, 'redis-exporter');
    await rm(join(workspace.dir, REDIS));
    sandbox.setFaults({ methods: ['DELETE'], script: [{ kind: 'hold' }] });
    const applying = workspace.cli(['apply', '--prune']);
    const held = await requestHeld(sandbox);
    expect(held.method).toBe('DELETE');

    const backupDir = join(workspace.dir, '.dashsync/backups/redis-exporter');
    const files = await readdir(backupDir);
    expect(files).toHaveLength(1);
    const backup = await readJson(join(backupDir, files[0]!));
    expect(backup).toMatchObject({ uid: 'redis-exporter', version: live.meta.version });
    expect(withoutGrafanaMembers(backup.dashboard)).toEqual(withoutGrafanaMembers(live.dashboard));

    sandbox.releaseHeld();
    expect((await applying).code).toBe(0);
    expect((await getDashboard(sandbox, 'redis-exporter')).status).toBe(404);
  });

  // FOUND (open, inherent to /api): with api "legacy" on 12 and 13 the DELETE carries no revision (Grafana's /api delete
  // takes none), so an edit saved between the re-read that wrote the backup and the DELETE is deleted with it; apply
  // exits 0 and the backup holds the version before the edit (13's "Recently deleted" keeps it: restore --api k8s; a
  // legacy restore there refuses to re-post the backup over it, nl-62).
  // 11.2 keeps the edit in its /api "Recently deleted"; "auto" and "k8s" delete through /apis with the revision just
  // read, which refuses the DELETE (a conflict). "legacy" is /api only by contract (SPEC §13), so there is no
  // precondition to send: documented in the README as a known gap, with the advice to prune through "auto" or "k8s".
  const editLost = api === 'legacy' && grafanaVersion !== '11.2';
  (editLost ? it.fails : it)('an edit saved in Grafana while the DELETE is in flight is not lost: the delete is refused, or the edit is kept where restore finds it', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion }, api);
    await rm(join(workspace.dir, REDIS));
    sandbox.setFaults({ methods: ['DELETE'], script: [{ kind: 'hold' }] });
    const applying = workspace.cli(['apply', '--prune']);
    await requestHeld(sandbox);
    await uiEdit(sandbox, 'redis-exporter', 'edited while the delete was in flight');
    sandbox.releaseHeld();
    await applying;
    const after = await getDashboard(sandbox, 'redis-exporter');
    if (after.status === 200) {
      expect(after.dashboard.description).toBe('edited while the delete was in flight');
      return;
    }
    const restored = await workspace.cli(['restore', 'redis-exporter']);
    expect(restored.code).toBe(0);
    expect((await getDashboard(sandbox, 'redis-exporter')).dashboard.description).toBe('edited while the delete was in flight');
  });
});

describe.each(['12', '13'] as const)('prune scope "folders" on Grafana %s', (grafanaVersion) => {
  it('never deletes a dashboard in a folder someone made in Grafana below a managed folder, even one that held a dashboard of dashsync\'s', async () => {
    const { sandbox, workspace } = await appliedExample({ grafanaVersion });
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'adhoc', title: 'Ad hoc', parentUid: 'platform-team' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'scratch', title: 'Scratch' }, folderUid: 'adhoc' })).status).toBe(200);
    const redis = await getDashboard(sandbox, 'redis-exporter');
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: redis.dashboard, folderUid: 'adhoc', overwrite: true })).status).toBe(200);

    // The move was saved in Grafana (drift): an apply no one reviews undoes it only with --force.
    const applied = await workspace.cli(['apply', '--prune', '--force']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Applied: 0 created, 0 updated, 1 moved, 0 deleted');
    expect((await getDashboard(sandbox, 'scratch')).meta.folderUid).toBe('adhoc');
  });
});
