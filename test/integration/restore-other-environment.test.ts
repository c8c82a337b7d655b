import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { copyFixture, writeJson } from '../e2e/plan/plan-fixture.js';
import { emptyWorkspace } from '../e2e/apply/workspace.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Each test runs the CLI (in-process) several times.
vi.setConfig({ testTimeout: 120_000 });

/** dashsync in `dir` as the admin, the url from the config. */
const dashsync = (dir: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

/**
 * One Grafana org split into environments x and y by directory, y deploying x's directory too (Grafana 12 with "Recently
 * deleted" off, its default: the backup is the only way back); x's x2 deleted by y's prune, which backed it up under y's
 * directory. y comes first in the config: of two pruning environments that both select a directory, the first prunes it
 * (environments-prune-off-folders.test.ts). (Were team-x x's alone, y's prune would leave x2 to x: plan-shared-org.test.ts.)
 */
async function prunedByOtherEnvironment() {
  const handle = await startTestSandbox({ grafanaVersion: '12' });
  const dir = await copyFixture('basic');
  await writeJson(dir, 'dashsync.config.json', { api: 'legacy', url: handle.url, prune: 'folders', environments: { y: { include: ['team-y', 'team-x'] }, x: { include: ['team-x'] } } });
  for (const [team, uid] of [['x', 'x1'], ['x', 'x2'], ['x', 'x3'], ['y', 'y1']] as const) await writeJson(dir, `dashboards/team-${team}/${uid}.json`, { uid, title: `Dash ${uid}`, panels: [] });
  for (const env of ['x', 'y']) expect((await dashsync(dir, ['apply', '--env', env])).code).toBe(0);
  await rm(join(dir, 'dashboards/team-x/x2.json'));
  await rm(join(dir, 'dashboards/team-x/x3.json'));
  const pruned = await dashsync(dir, ['apply', '--env', 'y']);
  expect([pruned.code, pruned.stderr]).toEqual([0, '']);
  expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/x2')).status).toBe(404);
  // The closing hint is a command that runs as written in a config with environments: this run's.
  expect(pruned.stdout).toContain('Backups of what was deleted: 2 files under .dashsync/backups/y/ (dashsync restore --env y --all');
  return { handle, dir };
}

/** The one backup file of `uid` under the environment's directory. */
async function backupOf(dir: string, env: string, uid: string): Promise<string> {
  const names = await readdir(join(dir, '.dashsync/backups', env, uid));
  expect(names).toHaveLength(1);
  return `.dashsync/backups/${env}/${uid}/${names[0]}`;
}

describe('restore in one Grafana org split into environment directories', () => {
  it("restores from another environment's backup of this Grafana and org, saying whose it was (text and JSON)", async () => {
    const { handle, dir } = await prunedByOtherEnvironment();
    const backup = await backupOf(dir, 'y', 'x2');

    const owner = await dashsync(dir, ['restore', '--env', 'x', 'x2']);
    expect([owner.code, owner.stderr]).toEqual([0, '']);
    expect(owner.stdout.split('\n')[0]).toBe(`restored x2 "Dash x2" from ${backup} (environment y's backup: its prune deleted it) into folder "team-x" (ds-team-x-f91901b9), now version 1`);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/x2')).body.dashboard.title).toBe('Dash x2');
    // Restore's advice runs as printed in a config with environments, where a command without --env is refused.
    expect(owner.stdout).toContain('dashsync pull --env x x2');
    expect(owner.stdout).not.toContain('dashsync pull x2');
    const none = await dashsync(dir, ['restore', '--env', 'x', 'never-was', '--dry-run']);
    expect(none.stdout).toMatch(/; dashsync restore --env x never-was says what can be done\n/);

    const json = await dashsync(dir, ['restore', '--env', 'x', 'x3', '--format', 'json']);
    expect(json.code).toBe(0);
    const restored = json.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((line) => line.type === 'restored');
    expect(restored).toMatchObject({ uid: 'x3', from: 'backup', backup: await backupOf(dir, 'y', 'x3'), otherEnvironment: { environment: 'y', backupDir: '.dashsync/backups/y' } });
  });

  it('restore --all takes them too, listing Grafana once for both directories', async () => {
    const { handle, dir } = await prunedByOtherEnvironment();
    const dry = await dashsync(dir, ['restore', '--env', 'x', '--all', '--dry-run']);
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    expect(dry.stdout.split('\n').slice(0, 2)).toEqual([
      `restore --all: 2 to restore (2 dashboards) from the backups from ${handle.url} in .dashsync/backups/x/, none of them in Grafana now`,
      "note: 2 of them have their newest backup from this Grafana and org in .dashsync/backups/y/ (x2, x3) (environment y's backups: its prune deleted them); restore takes them from there",
    ]);

    handle.clearRequests();
    const all = await dashsync(dir, ['restore', '--env', 'x', '--all']);
    expect([all.code, all.stderr]).toEqual([0, '']);
    expect(all.stdout).toContain('restored x2 "Dash x2" from .dashsync/backups/y/x2/');
    expect(all.stdout).toContain('restored x3 "Dash x3" from .dashsync/backups/y/x3/');
    expect(all.stdout).toContain('Restore: 2 restored');
    // One search of the org's dashboards for both directories' candidates (a page of them: the org is small).
    const searches = handle.requests().filter((entry) => entry.method === 'GET' && entry.path.startsWith('/api/search'));
    expect(searches).toHaveLength(1);
    for (const uid of ['x2', 'x3']) expect((await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).status).toBe(200);
  });

  it("takes the newest backup of the org across the directories, and never another org's", async () => {
    const { handle, dir } = await prunedByOtherEnvironment();
    // An older backup of x2 in x's own directory (x's own prune, long ago): y's, newer, is the one taken.
    const yBackup = await backupOf(dir, 'y', 'x2');
    const older = JSON.parse(await readFile(join(dir, yBackup), 'utf8'));
    older.dashboard.title = 'Dash x2, long ago';
    older.deletedAt = '2020-01-01T00:00:00.000Z';
    await mkdir(join(dir, '.dashsync/backups/x/x2'), { recursive: true });
    await writeFile(join(dir, '.dashsync/backups/x/x2/2020-01-01T00-00-00-000Z-v1.json'), JSON.stringify(older));
    // x3's only backup in y's directory is from org 2: not this run's org.
    const x3 = await backupOf(dir, 'y', 'x3');
    const otherOrg = JSON.parse(await readFile(join(dir, x3), 'utf8'));
    otherOrg.source.orgId = 2;
    await writeFile(join(dir, x3), JSON.stringify(otherOrg));

    const run = await dashsync(dir, ['restore', '--env', 'x', 'x2', 'x3']);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe(`restored x2 "Dash x2" from ${yBackup} (environment y's backup: its prune deleted it) into folder "team-x" (ds-team-x-f91901b9), now version 1`);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/x2')).body.dashboard.title).toBe('Dash x2');
    expect(run.stderr).toMatch(/^error: cannot restore x3: .*, and there is no backup of it from \S+ in \.dashsync\/backups\/x\n$/);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/x3')).status).toBe(404);
  });

  it('--backup-dir of an uploaded .dashsync/backups/ finds the environment\'s directory in it; a directory with no backup says so, naming what it holds', async () => {
    const { handle, dir } = await prunedByOtherEnvironment();
    // What the documented workflows upload (path: .dashsync/backups/), downloaded elsewhere: one directory per environment.
    await cp(join(dir, '.dashsync/backups'), join(dir, 'artifact'), { recursive: true });
    await rm(join(dir, '.dashsync'), { recursive: true });
    const found = await dashsync(dir, ['restore', '--env', 'y', '--all', '--dry-run', '--backup-dir', 'artifact']);
    expect([found.code, found.stderr]).toEqual([0, '']);
    expect(found.stdout.split('\n')[0]).toBe(`restore --all: 2 to restore (2 dashboards) from the backups from ${handle.url} in artifact/y/, none of them in Grafana now`);
    // x's directory is not in it (y's prune took x's dashboards): the directory holds no backup, and the line says what it holds.
    const none = await dashsync(dir, ['restore', '--env', 'x', '--all', '--dry-run', '--backup-dir', 'artifact']);
    expect(none.stdout.split('\n')[0]).toBe(
      `restore --all: nothing to restore: no backup from ${handle.url} in artifact/ (it holds y/ and no backup of its own: name the directory that holds the backups, e.g. --backup-dir artifact/y)`,
    );
    await mkdir(join(dir, 'empty'));
    const empty = await dashsync(dir, ['restore', '--env', 'y', '--all', '--backup-dir', 'empty']);
    expect([empty.code, empty.stdout]).toEqual([0, `restore --all: nothing to restore: no backup from ${handle.url} in empty/\n`]);
  });
});

/** Two Grafanas (staging, prod) in one config; prod applied, then one dashboard's file removed and prod applied again (pruned). */
async function prodPrunedOnce() {
    const staging = await startTestSandbox({ grafanaVersion: '12' });
    const prod = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await emptyWorkspace();
    await writeJson(dir, 'dashsync.config.json', { api: 'legacy', prune: 'folders', environments: { staging: { url: staging.url }, prod: { url: prod.url } } });
    for (const uid of ['p1', 'p2']) await writeJson(dir, `dashboards/team/${uid}.json`, { uid, title: `Dash ${uid}`, panels: [] });
    expect((await dashsync(dir, ['apply', '--env', 'prod'])).code).toBe(0);
    await rm(join(dir, 'dashboards/team/p2.json'));
    const pruned = await dashsync(dir, ['apply', '--env', 'prod']);
    return { staging, prod, dir, pruned };
}

// audit-ux-19 F-10: restore --all pointed at another environment's backups advised --backup-source (this Grafana under another
// name); the config says whose URL and org they are, so the note names that environment's command.
describe("restore --all in another environment's backup directory", () => {
  it('names the environment whose Grafana and org the backups are from, and its command', async () => {
    const { staging, prod, dir, pruned } = await prodPrunedOnce();
    expect(pruned.stdout).toContain('Backups of what was deleted: 1 file under .dashsync/backups/prod/');

    const wrong = await dashsync(dir, ['restore', '--env', 'staging', '--all', '--dry-run', '--backup-dir', '.dashsync/backups/prod']);

    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain(
      `note: 1 uid in .dashsync/backups/prod/ has backups only from another Grafana URL or org: ${prod.url} org 1 (1); --all takes only ${staging.url}'s: ` +
        `${prod.url} org 1 is environment prod's: dashsync restore --env prod --backup-dir .dashsync/backups/prod --all\n`,
    );
  });

  // review-52 F5: read from this run's default directory, the advice said `--env prod` alone, which reads prod's own directory.
  it("names the directory it read where that is not the environment's default, and the command then restores", async () => {
    const { staging, prod, dir, pruned } = await prodPrunedOnce();
    expect(pruned.code).toBe(0);
    // prod's backups land in staging's directory (an artifact downloaded into the wrong place); prod's own holds none.
    await cp(join(dir, '.dashsync/backups/prod'), join(dir, '.dashsync/backups/staging'), { recursive: true });
    await rm(join(dir, '.dashsync/backups/prod'), { recursive: true });

    const wrong = await dashsync(dir, ['restore', '--env', 'staging', '--all', '--dry-run']);

    expect(wrong.code).toBe(1);
    const advised = `dashsync restore --env prod --backup-dir .dashsync/backups/staging --all`;
    expect(wrong.stdout).toContain(`--all takes only ${staging.url}'s: ${prod.url} org 1 is environment prod's: ${advised}\n`);
    const run = await dashsync(dir, advised.split(' ').slice(1));
    expect(run.code, run.stderr).toBe(0);
    expect((await apiRequest(prod, 'GET', '/api/dashboards/uid/p2')).status).toBe(200);
  });
});
