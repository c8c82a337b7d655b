import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { copyFixture, writeJson } from '../e2e/plan/plan-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Each test runs the CLI (in-process) several times.
vi.setConfig({ testTimeout: 120_000 });

/** dashsync in `dir` as the admin (whose own org is 1), the url from the config; `env` adds to it (GRAFANA_ORG_ID). */
const dashsync = (dir: string, args: string[], env: Record<string, string> = {}) =>
  runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', ...env } });

/** The one backup file of `uid` under `backupDir` (relative to `dir`). */
async function backupOf(dir: string, backupDir: string, uid: string): Promise<string> {
  const names = await readdir(join(dir, backupDir, uid));
  expect(names).toHaveLength(1);
  return `${backupDir}/${uid}/${names[0]}`;
}

/** Rewrites what a backup records of its org: `null` as every backup before the resolved org was recorded. */
async function recordOrg(dir: string, path: string, orgId: number | null): Promise<void> {
  const backup = JSON.parse(await readFile(join(dir, path), 'utf8'));
  backup.source.orgId = orgId;
  await writeFile(join(dir, path), JSON.stringify(backup));
}

describe('restore matches backups on the org the run resolved, not the org it was given', () => {
  it("docs/environments.md's config (team-a without orgId, team-b with orgId 1, here also deploying team-a's directory): team-a restores what team-b's prune deleted", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    await writeJson(dir, 'dashsync.config.json', {
      api: 'legacy',
      url: handle.url,
      prune: 'folders',
      // team-b selects team-a's directory too and comes first in the config, so its prune deletes what no file holds there
      // (else team-a's own run would).
      environments: { 'team-b': { include: ['team-b', 'team-a'], orgId: 1 }, 'team-a': { include: ['team-a'] } },
    });
    await writeJson(dir, 'dashboards/team-a/a1.json', { uid: 'a1', title: 'Dash a1', panels: [] });
    await writeJson(dir, 'dashboards/team-a/a2.json', { uid: 'a2', title: 'Dash a2', panels: [] });
    await writeJson(dir, 'dashboards/team-b/b1.json', { uid: 'b1', title: 'Dash b1', panels: [] });
    for (const env of ['team-a', 'team-b']) expect((await dashsync(dir, ['apply', '--env', env])).code).toBe(0);
    await rm(join(dir, 'dashboards/team-a/a2.json'));
    const pruned = await dashsync(dir, ['apply', '--env', 'team-b']);
    expect([pruned.code, pruned.stderr]).toEqual([0, '']);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/a2')).status).toBe(404);
    const backup = await backupOf(dir, '.dashsync/backups/team-b', 'a2');
    // The backup records the org team-b's run acted in.
    expect(JSON.parse(await readFile(join(dir, backup), 'utf8')).source.orgId).toBe(1);

    const dry = await dashsync(dir, ['restore', '--env', 'team-a', '--all', '--dry-run']);
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    expect(dry.stdout.split('\n')[1]).toBe(
      "note: 1 of them has its newest backup from this Grafana and org in .dashsync/backups/team-b/ (a2) (environment team-b's backups: its prune deleted it); restore takes it from there",
    );
    const owner = await dashsync(dir, ['restore', '--env', 'team-a', 'a2']);
    expect([owner.code, owner.stderr]).toEqual([0, '']);
    expect(owner.stdout.split('\n')[0]).toMatch(new RegExp(`^restored a2 "Dash a2" from ${backup} \\(environment team-b's backup: its prune deleted it\\) into folder `));
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/a2')).body.dashboard.title).toBe('Dash a2');
  });

  it('a backup recording no org (taken before the resolved org was recorded) is restored with GRAFANA_ORG_ID=1, the credentials\' org; one of org 2 is not, and no --backup-source with this URL is advised', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    await writeJson(dir, 'dashsync.config.json', { api: 'legacy', url: handle.url, prune: 'folders', include: ['ops'] });
    for (const uid of ['p1', 'p2', 'p3']) await writeJson(dir, `dashboards/ops/${uid}.json`, { uid, title: `Dash ${uid}`, panels: [] });
    await writeJson(dir, 'dashboards/ops/keep.json', { uid: 'keep', title: 'Keep', panels: [] });
    const applied = await dashsync(dir, ['apply']);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    for (const uid of ['p1', 'p2', 'p3']) await rm(join(dir, `dashboards/ops/${uid}.json`));
    expect((await dashsync(dir, ['apply'])).code).toBe(0);
    for (const uid of ['p1', 'p2']) await recordOrg(dir, await backupOf(dir, '.dashsync/backups', uid), null);
    const p3 = await backupOf(dir, '.dashsync/backups', 'p3');
    await recordOrg(dir, p3, 2);

    const dry = await dashsync(dir, ['restore', '--all', '--dry-run'], { GRAFANA_ORG_ID: '1' });
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    const lines = dry.stdout.split('\n');
    expect(lines[0]).toBe(`restore --all: 2 to restore (2 dashboards) from the backups from ${handle.url} org 1 in .dashsync/backups/, none of them in Grafana now`);
    expect(lines[1]).toBe(
      `note: 1 uid in .dashsync/backups/ has backups only from another Grafana URL or org: ${handle.url} org 2 (1); --all takes only ${handle.url} org 1's: ` +
        'that is another org of this Grafana; to restore one into this org anyway, run restore <uid> --from-backup FILE',
    );
    expect(dry.stdout).not.toContain('--backup-source');

    const one = await dashsync(dir, ['restore', 'p3'], { GRAFANA_ORG_ID: '1' });
    expect(one.code).toBe(1);
    expect(one.stderr).toContain(`that is another org of this Grafana; to restore it into this org anyway, run dashsync restore p3 --from-backup ${p3}`);
    expect(one.stderr).not.toContain('--backup-source');

    const all = await dashsync(dir, ['restore', '--all'], { GRAFANA_ORG_ID: '1' });
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('Restore: 2 restored');
    for (const uid of ['p1', 'p2']) expect((await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).status).toBe(200);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/p3')).status).toBe(404);
  });
});
