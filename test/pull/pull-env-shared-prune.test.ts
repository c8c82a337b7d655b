import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { runCliInProcess, type CliResult } from '../helpers/run-cli.js';
import { commitAll, lines, makeWorkDir } from './pull-fixture.js';

const text = (uid: string, title: string, content: string, extra: object[] = []) => ({
  uid,
  title,
  schemaVersion: 39,
  panels: [{ id: 1, type: 'text', title: 'Notes', options: { content }, gridPos: { x: 0, y: 0, w: 24, h: 4 } }, ...extra],
});

/** Writes a value as JSON at a path of `work`, making its directories. */
function jsonWriter(work: string): (path: string, value: object) => Promise<void> {
  return async (path, value) => {
    await mkdir(dirname(join(work, path)), { recursive: true });
    await writeFile(join(work, path), `${JSON.stringify(value, null, 2)}\n`);
  };
}

/**
 * Two environments, staging and prod, each with its own directory and both including `shared/` (a dashboard using a library
 * panel, its `_library/` file), applied to both Grafanas (walk-73's tree). `stagingPrune`: staging's `prune` in the config file
 * (none: the default, off).
 */
async function sharedDirectory(stagingPrune?: 'all') {
  const staging = await startTestSandbox({ grafanaVersion: '12' });
  const prod = await startTestSandbox({ grafanaVersion: '12' });
  const work = await makeWorkDir();
  const put = jsonWriter(work);
  await put('dashsync.config.json', {
    root: 'dashboards',
    environments: { staging: { url: staging.url, include: ['staging', 'shared'], ...(stagingPrune && { prune: stagingPrune }) }, prod: { url: prod.url, include: ['prod', 'shared'] } },
  });
  await put('dashboards/staging/_folder.json', { uid: 'svc-staging', title: 'Service (staging)' });
  await put('dashboards/prod/_folder.json', { uid: 'svc-prod', title: 'Service (prod)' });
  await put('dashboards/shared/_folder.json', { uid: 'shared', title: 'Shared' });
  await put('dashboards/staging/svc.json', text('svc', 'Service', 'staging v1'));
  await put('dashboards/prod/svc.json', text('svc', 'Service', 'prod v1'));
  await put('dashboards/shared/common.json', text('common', 'Common', 'shared v1', [{ id: 2, gridPos: { x: 0, y: 4, w: 12, h: 8 }, libraryPanel: { uid: 'lp-up', name: 'Up' } }]));
  await put('dashboards/shared/_library/up.json', { uid: 'lp-up', name: 'Up', kind: 1, model: { type: 'stat', title: 'Up' } });
  await commitAll(work, 'staging, prod and shared');
  const cli = (args: string[], env: Record<string, string> = {}): Promise<CliResult> => runCliInProcess(args, { cwd: work, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', ...env } });
  for (const env of ['staging', 'prod']) {
    const applied = await cli(['apply', '--env', env, '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  }
  return { staging, prod, work, cli };
}

/** `pull --env <environment> --prune`, then with `--force`: the kept lines of the first, the deleted lines of the second (each exit 0). */
async function prunedThenForced(cli: (args: string[]) => Promise<CliResult>, environment: string): Promise<{ kept: string[]; deleted: string[] }> {
  const pruned = await cli(['pull', '--env', environment, '--prune']);
  expect(pruned.code, pruned.stderr).toBe(0);
  expect(pruned.stdout).not.toContain('deleted ');
  const forced = await cli(['pull', '--env', environment, '--prune', '--force']);
  expect(forced.code, forced.stderr).toBe(0);
  return { kept: lines(pruned.stdout).filter((line) => line.startsWith('kept')), deleted: lines(forced.stdout).filter((line) => line.startsWith('deleted')) };
}

describe('pull --env --prune of a file another environment deploys too (walk-73 M1)', () => {
  it("keeps a shared dashboard and library panel prod's UI deleted, naming staging (which prunes); --force deletes them with the same words", async () => {
    const { staging, prod, work, cli } = await sharedDirectory('all');
    expect((await apiRequest(prod, 'DELETE', '/api/dashboards/uid/common')).status).toBe(200);
    expect((await apiRequest(prod, 'DELETE', '/api/library-elements/lp-up')).status).toBe(200);
    const common = 'dashboards/shared/common.json';
    const panel = 'dashboards/shared/_library/up.json';
    const staged = 'environment staging deploys this file too, and its Grafana may still hold it';

    // Without --prune: listed, and the line says --prune keeps them (no advice to prune them).
    const listed = await cli(['pull', '--env', 'prod']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(lines(listed.stdout).filter((line) => line.startsWith('only in git'))).toEqual([
      `only in git  ${panel} (library panel lp-up is not in Grafana; dashboard common in the tree still uses it: --prune keeps it, and apply creates the panel again)`,
      `only in git  ${common} (uid common is not in Grafana; ${staged}: --prune keeps it)`,
    ]);
    expect(listed.stdout).not.toContain('pull --prune');

    const pruned = await cli(['pull', '--env', 'prod', '--prune']);
    expect(pruned.code, pruned.stderr).toBe(0);
    const keep = (subject: string) =>
      `${subject} is not in prod's Grafana, but ${staged}: deleting the file would prune it there; not deleted. Leave it out of prod's include, or git rm it to remove it everywhere (--force deletes it)`;
    // The panel stays with the dashboard that uses it.
    expect(lines(pruned.stdout).filter((line) => line.startsWith('kept'))).toEqual([
      `kept  ${panel}: library panel lp-up is not in Grafana, but dashboard common in the tree still uses it (without this file check reports library-panel-missing; apply creates the panel again): not deleted`,
      `kept  ${common}: ${keep('uid common')}`,
    ]);
    expect(existsSync(join(work, common)) && existsSync(join(work, panel))).toBe(true);
    // Staging's next plan has nothing to delete.
    const plan = await cli(['plan', '--env', 'staging', '--detailed-exitcode']);
    expect(plan.code, plan.stdout).toBe(0);
    expect((await apiRequest(staging, 'GET', '/api/dashboards/uid/common')).status).toBe(200);

    // With the dashboard gone too, the panel's own line names staging.
    const forced = await cli(['pull', '--env', 'prod', '--prune', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(lines(forced.stdout).filter((line) => line.startsWith('deleted'))).toEqual([
      `deleted  ${panel} (library panel lp-up is not in Grafana; ${staged}: its next apply prunes it there (--force))`,
      `deleted  ${common} (uid common is not in Grafana; ${staged}: its next apply prunes it there (--force))`,
    ]);
    expect(existsSync(join(work, common)) || existsSync(join(work, panel))).toBe(false);
  }, 180_000);

  it("says staging's apply keeps the dashboard where staging's prune is off (rev-74 L2): --force's delete leaves it there, and git rm does not remove it", async () => {
    const { staging, prod, work, cli } = await sharedDirectory();
    expect((await apiRequest(prod, 'DELETE', '/api/dashboards/uid/common')).status).toBe(200);
    const common = 'dashboards/shared/common.json';
    const staged = 'environment staging deploys this file too, and its Grafana may still hold it';

    expect(await prunedThenForced(cli, 'prod')).toEqual({
      kept: [
        `kept  ${common}: uid common is not in prod's Grafana, but ${staged}: deleting the file would leave it there unmanaged (its prune is off); not deleted. Leave it out of prod's include, or git rm it to stop deploying it anywhere (--force deletes it)`,
      ],
      deleted: [`deleted  ${common} (uid common is not in Grafana; ${staged}: its prune is off: its next apply leaves it there, unmanaged (--force))`],
    });
    expect(existsSync(join(work, common))).toBe(false);
    // What the line says: staging's apply deletes nothing, and its Grafana still holds the dashboard.
    const applied = await cli(['apply', '--env', 'staging', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((await apiRequest(staging, 'GET', '/api/dashboards/uid/common')).status).toBe(200);
  }, 180_000);

  it('says an environment of the same Grafana org has nothing there to prune, and that its apply would create it again (rev-74 L2)', async () => {
    const grafana = await startTestSandbox({ grafanaVersion: '12' });
    const work = await makeWorkDir();
    const put = jsonWriter(work);
    await put('dashsync.config.json', { root: 'dashboards', environments: { blue: { url: grafana.url, include: ['shared'], prune: 'all' }, green: { url: grafana.url, include: ['shared'] } } });
    await put('dashboards/shared/_folder.json', { uid: 'shared', title: 'Shared' });
    await put('dashboards/shared/common.json', text('common', 'Common', 'shared v1'));
    // Left in Grafana: one whose org holds nothing is refused as the wrong target.
    await put('dashboards/shared/other.json', text('other', 'Other', 'shared v1'));
    await commitAll(work, 'shared');
    const cli = (args: string[]): Promise<CliResult> => runCliInProcess(args, { cwd: work, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    const applied = await cli(['apply', '--env', 'blue', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((await apiRequest(grafana, 'DELETE', '/api/dashboards/uid/common')).status).toBe(200);
    const common = 'dashboards/shared/common.json';
    const same = 'environment blue deploys this file too, to this same Grafana org';

    // Not "its Grafana may still hold it": blue's Grafana is the one green's pull just read.
    expect(await prunedThenForced(cli, 'green')).toEqual({
      kept: [
        `kept  ${common}: uid common is not in green's Grafana, but ${same}: its next apply creates it there again unless the file is deleted; not deleted. Leave it out of green's include, or git rm it to remove it everywhere (--force deletes it)`,
      ],
      deleted: [`deleted  ${common} (uid common is not in Grafana; ${same}: it is not there either, so nothing is left to prune (--force))`],
    });
  }, 180_000);

  it('words staging\'s prune "folders" by where the file is: a folder\'s dashboard pruned there, a General-level one left there unmanaged (fixq-74 left)', async () => {
    const staging = await startTestSandbox({ grafanaVersion: '12' });
    const prod = await startTestSandbox({ grafanaVersion: '12' });
    const work = await makeWorkDir();
    const put = jsonWriter(work);
    // Both deploy the whole tree; staging prunes "folders".
    await put('dashsync.config.json', { root: 'dashboards', environments: { staging: { url: staging.url, prune: 'folders' }, prod: { url: prod.url } } });
    await put('dashboards/top.json', text('top', 'Top', 'at the General level'));
    await put('dashboards/team/_folder.json', { uid: 'team', title: 'Team' });
    await put('dashboards/team/inner.json', text('inner', 'Inner', 'in a folder'));
    // Keeps the directory, and its folder, in the tree once inner.json is deleted.
    await put('dashboards/team/other.json', text('other', 'Other', 'stays'));
    await commitAll(work, 'a General-level file and a folder');
    const cli = (args: string[]): Promise<CliResult> => runCliInProcess(args, { cwd: work, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
    for (const env of ['staging', 'prod']) {
      const applied = await cli(['apply', '--env', env, '--auto-approve']);
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    }
    for (const uid of ['top', 'inner']) expect((await apiRequest(prod, 'DELETE', `/api/dashboards/uid/${uid}`)).status).toBe(200);
    const staged = 'environment staging deploys this file too, and its Grafana may still hold it';

    expect(await prunedThenForced(cli, 'prod')).toEqual({
      kept: [
        `kept  dashboards/team/inner.json: uid inner is not in prod's Grafana, but ${staged}: deleting the file would prune it there; not deleted. Leave it out of prod's include, or git rm it to remove it everywhere (--force deletes it)`,
        `kept  dashboards/top.json: uid top is not in prod's Grafana, but ${staged}: deleting the file would leave it there unmanaged (its prune "folders" never deletes at the General level); not deleted. Leave it out of prod's include, or git rm it to stop deploying it anywhere (--force deletes it)`,
      ],
      deleted: [
        `deleted  dashboards/team/inner.json (uid inner is not in Grafana; ${staged}: its next apply prunes it there (--force))`,
        `deleted  dashboards/top.json (uid top is not in Grafana; ${staged}: its prune "folders" never deletes at the General level: its next apply leaves it there, unmanaged (--force))`,
      ],
    });
    // What the lines say: staging's apply prunes the folder's dashboard and leaves the General-level one.
    const applied = await cli(['apply', '--env', 'staging', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((await apiRequest(staging, 'GET', '/api/dashboards/uid/inner')).status).toBe(404);
    expect((await apiRequest(staging, 'GET', '/api/dashboards/uid/top')).status).toBe(200);
  }, 180_000);

  it("pull --env prod names staging on the lines of the shared files it writes, which staging's next apply takes (walk-73 L2)", async () => {
    const { prod, cli } = await sharedDirectory();
    const live = await apiRequest(prod, 'GET', '/api/dashboards/uid/common');
    expect((await apiRequest(prod, 'POST', '/api/dashboards/db', { dashboard: { ...live.body.dashboard, description: 'edited in prod' }, folderUid: 'shared', overwrite: true })).status).toBe(200);
    expect((await apiRequest(prod, 'POST', '/api/dashboards/db', { dashboard: { uid: 'prod-made', title: 'Made in prod', schemaVersion: 39, panels: [] }, folderUid: 'shared' })).status).toBe(200);
    const edited = await apiRequest(prod, 'GET', '/api/dashboards/uid/svc');
    expect((await apiRequest(prod, 'POST', '/api/dashboards/db', { dashboard: { ...edited.body.dashboard, description: 'prod only' }, folderUid: 'svc-prod', overwrite: true })).status).toBe(200);

    const pulled = await cli(['pull', '--env', 'prod']);

    expect(pulled.code, pulled.stderr).toBe(0);
    const staging = "environment staging deploys this file too: its next apply takes this change";
    expect(lines(pulled.stdout).filter((line) => /^(created|updated)/.test(line))).toEqual([
      `updated  dashboards/prod/svc.json`,
      `updated  dashboards/shared/common.json (${staging})`,
      `created  dashboards/shared/made-in-prod.json (${staging})`,
    ]);
  }, 180_000);
});
