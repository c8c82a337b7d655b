import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest } from '../helpers/sandbox.js';
import { commitAll, dashsync, git, lines, sandboxBootstrapped } from './pull-fixture.js';

const exists = (path: string) => access(path).then(() => true, () => false);

/**
 * fixl-70 (walk-70 M5): a team removes a library panel's `_library/` file and its uses (committed, applied to one environment
 * only); a refresh pull from the other, where the panel is still as the file was, wrote the file back, undoing the removal.
 */
describe.each(['12', '13'] as const)('a refresh pull after a committed library panel removal not applied yet (Grafana %s)', (grafanaVersion) => {
  it('does not write the _library/ file back, says what deletes the panel and what takes it back', async () => {
    const { handle, dir } = await sandboxBootstrapped(grafanaVersion, async (made) => {
      await made('/api/folders', { uid: 'team', title: 'Team' });
      await made('/api/library-elements', { uid: 'lp-err', name: 'Error rate', kind: 1, folderUid: 'team', model: { type: 'stat', title: 'errors' } });
      const use = { id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-err', name: 'Error rate' } };
      await made('/api/dashboards/db', { dashboard: { uid: 'svc', title: 'Service', panels: [use] }, folderUid: 'team', overwrite: false });
      await made('/api/dashboards/db', { dashboard: { uid: 'other', title: 'Other', panels: [] }, folderUid: 'team', overwrite: false });
    });
    const panelFile = 'dashboards/team/_library/error-rate.json';
    expect(await exists(join(dir, panelFile)), (await git(dir, 'ls-files')).trim()).toBe(true);
    // The panel's file goes, and so does its use.
    const svcFile = join(dir, 'dashboards/team/service.json');
    const svc = JSON.parse(await readFile(svcFile, 'utf8')) as { panels: unknown[] };
    await writeFile(svcFile, `${JSON.stringify({ ...svc, panels: [{ id: 1, type: 'text', title: 'moved', gridPos: { x: 0, y: 0, w: 12, h: 8 } }] }, null, 2)}\n`);
    await git(dir, 'rm', '-q', panelFile);
    await commitAll(dir, 'retire the error rate panel');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);

    const held =
      `skipped library panel lp-err "Error rate": ${panelFile} not written back: commit ${sha} removed it, and Grafana holds it as the file was before that commit: ` +
      'the removal is not applied yet; prune is off ("prune" in dashsync.config.json), so no apply without --prune makes it: ' +
      'dashsync plan --prune folders --out plan.json shows its delete among every other that prune makes (review it), ' +
      'then dashsync apply plan.json makes it (backed up), unless a dashboard still uses it then. ' +
      'To take it back into the tree instead: dashsync pull lp-err';
    const dry = await dashsync(handle, dir, ['pull', '--dry-run']);
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    expect(lines(dry.stdout)).toContain(held);
    expect(lines(dry.stdout).at(-1)).toMatch(/, 1 not written back \(removed in git, not applied yet\)\.$/);
    expect(dry.stdout).not.toContain(`would create  ${panelFile}`);
    // What the line says deletes it does: the plan saves the dashboard without it, then deletes it.
    const planned = await dashsync(handle, dir, ['plan', '--prune', 'folders']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    expect(planned.stdout).toMatch(/delete .*lp-err/);
    // A pull run for real writes nothing back either.
    const pulled = await dashsync(handle, dir, ['pull']);
    expect([pulled.code, pulled.stderr]).toEqual([0, '']);
    expect(lines(pulled.stdout)).toContain(held);
    expect(await exists(join(dir, panelFile))).toBe(false);
    expect(await git(dir, 'status', '--porcelain')).toBe('');
    // A pull naming it takes it back, as the line says.
    const named = await dashsync(handle, dir, ['pull', '--dry-run', 'lp-err']);
    expect(lines(named.stdout)).toContain(`would create  ${panelFile} (at its old path: commit ${sha} removed its file there)`);
    // A dashboard made in Grafana since that uses the panel: its new file needs the panel's, which is written back with it.
    const use = { id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-err', name: 'Error rate' } };
    expect((await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: { uid: 'fresh', title: 'Fresh', panels: [use] }, folderUid: 'team', overwrite: false })).status).toBe(200);
    const withUser = await dashsync(handle, dir, ['pull', '--dry-run']);
    expect(lines(withUser.stdout)).toContain(`would create  ${panelFile} (at its old path: commit ${sha} removed its file there)`);
    expect(withUser.stdout).not.toContain('not written back');

    // rev-70c M3: someone adds the panel to a dashboard the tree holds (fresh is gone again). The pull updates that file to use
    // it, so the panel's file comes back with it: held, the tree would name a panel it lacks (check fails, the hook refuses it).
    expect((await apiRequest(handle, 'DELETE', '/api/dashboards/uid/fresh')).status).toBe(200);
    expect((await dashsync(handle, dir, ['pull', '--dry-run'])).stdout).toContain('not written back');
    const other = await apiRequest(handle, 'GET', '/api/dashboards/uid/other');
    expect((await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: { ...other.body.dashboard, panels: [use] }, folderUid: 'team', overwrite: true })).status).toBe(200);
    const updated = await dashsync(handle, dir, ['pull']);
    expect([updated.code, updated.stderr]).toEqual([0, '']);
    expect(lines(updated.stdout)).toContain('updated  dashboards/team/other.json');
    expect(lines(updated.stdout)).toContain(`created  ${panelFile} (at its old path: commit ${sha} removed its file there)`);
    expect(updated.stdout).not.toContain('not written back');
    const checked = await dashsync(handle, dir, ['check']);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  });
});
