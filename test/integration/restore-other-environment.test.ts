import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { copyFixture, writeJson } from '../e2e/plan/plan-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Each test runs the CLI (in-process) several times.
vi.setConfig({ testTimeout: 120_000 });

/** dashsync in `dir` as the admin, the url from the config. */
const dashsync = (dir: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

describe('restore in one Grafana org split into environment directories', () => {
  it("finds the way back to a dashboard of x's directory that y's prune deleted and backed up under y's directory", async () => {
    // Grafana 12 with "Recently deleted" switched off (its default): the backup is the only way back.
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    await writeJson(dir, 'dashsync.config.json', { api: 'legacy', url: handle.url, prune: 'folders', environments: { x: { include: ['team-x'] }, y: { include: ['team-y'] } } });
    for (const [team, uid] of [['x', 'x1'], ['x', 'x2'], ['y', 'y1']] as const) await writeJson(dir, `dashboards/team-${team}/${uid}.json`, { uid, title: `Dash ${uid}`, panels: [] });
    for (const env of ['x', 'y']) expect((await dashsync(dir, ['apply', '--env', env])).code).toBe(0);
    await rm(join(dir, 'dashboards/team-x/x2.json'));

    const pruned = await dashsync(dir, ['apply', '--env', 'y']);
    expect([pruned.code, pruned.stderr]).toEqual([0, '']);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/x2')).status).toBe(404);
    // The closing hint is a command that runs as written in a config with environments: this run's.
    expect(pruned.stdout).toContain('Backups of what was deleted: 1 file under .dashsync/backups/y/ (dashsync restore --env y UID puts one back)');

    // The owner's environment says where the backup is, and the command that takes it back.
    const owner = await dashsync(dir, ['restore', '--env', 'x', 'x2']);
    expect([owner.code, owner.stdout]).toEqual([1, '']);
    expect(owner.stderr).toMatch(
      /^error: cannot restore x2: .*, and there is no backup of it from \S+ in \.dashsync\/backups\/x; a backup of x2 from this Grafana and org is in \.dashsync\/backups\/y\/ \(environment y's backups\): run dashsync restore --env y x2\n$/,
    );
    const json = await dashsync(dir, ['restore', '--env', 'x', 'x2', '--format', 'json']);
    const failed = json.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((line) => line.type === 'failed');
    expect(failed).toMatchObject({ uid: 'x2', reason: 'not-found', otherEnvironment: { environment: 'y', backupDir: '.dashsync/backups/y' } });

    const all = await dashsync(dir, ['restore', '--env', 'x', '--all', '--dry-run']);
    expect([all.code, all.stderr]).toEqual([0, '']);
    expect(all.stdout.split('\n').slice(0, 2)).toEqual([
      `restore --all: nothing to restore: no uid in the backups from ${handle.url} in .dashsync/backups/x/ is absent in Grafana`,
      "note: 1 uid absent in Grafana has a backup from this Grafana and org only in .dashsync/backups/y/ (environment y's backups: its prune deleted it); run dashsync restore --env y x2",
    ]);

    const back = await dashsync(dir, ['restore', '--env', 'y', 'x2']);
    expect([back.code, back.stderr]).toEqual([0, '']);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/x2')).status).toBe(200);
  });
});
